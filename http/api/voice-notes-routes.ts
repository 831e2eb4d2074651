import { Hono } from 'hono';
import { roundForPrompts } from '../../core/calls/prompts.js';
import { spoken } from '../../core/calls/voices.js';
import type { Project } from '../../core/model.js';
import { voiceNoteCoverage, type VoiceNoteLanguage } from '../../core/voice-notes/coverage.js';
import { VoiceNoteMode } from '../../core/voice-notes/speech.js';
import * as z from '../../kernel/zod.js';
import { jsonBody, projectFor, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

export const VoiceNotesInput = z.object({ mode: VoiceNoteMode });

/**
 * Questions as WhatsApp voice notes, per project: the mode ("text", "voice-and-text", "voice-first") and,
 * per language, how its questions can be heard — by a voice, by recordings (all or some), or not at all
 * (written only until prompts are recorded). For the survey of the round open now, else the latest.
 * Staff of the organisation.
 */
export function voiceNotesRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function view(project: Project) {
    const round = roundForPrompts(await deps.directory.listRounds(project.projectId), deps.clock.now().toISOString());
    const survey = round ? await deps.catalog.survey(round.surveyId, round.surveyVersion) : null;
    const languages: VoiceNoteLanguage[] =
      round && survey
        ? await voiceNoteCoverage(
            deps.prompts,
            { organisationId: project.organisationId, surveyId: round.surveyId, surveyVersion: round.surveyVersion },
            survey,
            project.languages,
          )
        : project.languages.map((language) => {
            const voice = spoken(language).say?.voice ?? null;
            return { language, cover: voice ? 'voice' : 'text', voice, questions: 0, recorded: 0 };
          });
    return {
      mode: project.voiceNotes ?? 'text',
      survey: round ? { id: round.surveyId, version: round.surveyVersion } : null,
      languages,
    };
  }

  app.get('/api/projects/:projectId/voice-notes', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    return c.json(await view(project));
  });

  app.put('/api/projects/:projectId/voice-notes', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const { mode } = await jsonBody(c, VoiceNotesInput);
    const saved = { ...project, voiceNotes: mode };
    await deps.directory.putProject(saved);
    // This process asks the new way at once; other processes within the catalog's cache time.
    deps.catalog.forget(project.projectId);
    return c.json(await view(saved));
  });

  return app;
}
