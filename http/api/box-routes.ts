import { Hono } from 'hono';
import { releasedRespondents } from '../../core/disclosure/release.js';
import type { StaffDirectory } from '../../core/ports.js';
import { exportCsv, WITHHELD } from '../../core/results/csv.js';
import { roundReleases } from '../../core/results/releases.js';
import { BOX_ROUND_ID, boxRound, boxSurvey } from '../../core/suggestions/box.js';
import * as z from '../../kernel/zod.js';
import { jsonBody, projectFor, type ApiEnv } from './context.js';
import { csvOptions, deliverCsv, projectSlug, type ResultsDeps } from './results-routes.js';

export type BoxDeps = ResultsDeps & { directory: StaffDirectory };

const BoxSetting = z.strictObject({ open: z.boolean() });

/**
 * The suggestion box (core/suggestions/box.ts): staff open or close it; results readers see what it
 * released — never a message before k have come, then k at a time, each under a code of its own.
 */
export function boxRoutes(deps: BoxDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.put('/api/projects/:projectId/suggestion-box', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const { open } = await jsonBody(c, BoxSetting);
    await deps.directory.putProject({ ...project, suggestionBox: open });
    return c.json({ projectId: project.projectId, suggestionBox: open });
  });

  /** The released messages (the first read after k more have come makes the next release). */
  app.get('/api/projects/:projectId/suggestions', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const box = { round: boxRound(project), survey: boxSurvey() };
    const releases = await roundReleases(deps, project, box);
    const released = releasedRespondents(releases);
    const suggestions: Array<Record<string, string | null>> = [];
    for await (const page of deps.answers.pages(project.projectId, BOX_ROUND_ID)) {
      for (const a of page) {
        const r = released.get(a.respondentCode);
        if (!r) continue;
        const own = (text: string | null) => (r.withholdText && text !== null ? WITHHELD : text);
        suggestions.push({
          code: deps.protector.exportCode(`round:${project.projectId}:${BOX_ROUND_ID}`, a.respondentCode),
          day: r.qi.day,
          language: r.qi.language,
          channel: r.qi.channel,
          text: own(typeof a.value === 'string' ? a.value : null),
          voice: a.voice,
          transcript: own(a.transcript),
          translation: a.translation,
        });
      }
    }
    return c.json({
      projectId: project.projectId,
      open: project.suggestionBox === true,
      releases: releases.map((r) => ({ number: r.number, createdAt: r.createdAt })),
      suggestions,
    });
  });

  app.get('/api/projects/:projectId/suggestions.csv', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'results:read');
    const options = csvOptions(c);
    const box = { round: boxRound(project), survey: boxSurvey() };
    const released = releasedRespondents(await roundReleases(deps, project, box));
    const codeOf = (roundId: string, code: string) => deps.protector.exportCode(`round:${project.projectId}:${roundId}`, code);
    return deliverCsv(c, deps.exports, exportCsv([{ ...box, released }], deps.answers, codeOf, options), `${projectSlug(project)}-suggestions.csv`);
  });

  return app;
}
