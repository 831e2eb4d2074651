import { Hono } from 'hono';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import { canUseSurvey } from '../../core/access/authorize.js';
import type { Principal } from '../../core/access/principal.js';
import { promptCoverage } from '../../core/calls/prompts.js';
import type { Project } from '../../core/model.js';
import { discloseProgress, roundProgress } from '../../core/rounds/progress.js';
import { roundReleases } from '../../core/results/releases.js';
import { kOf } from '../../core/disclosure/cells.js';
import type { Round } from '../../core/model.js';
import { closeRound, launchRound, RoundConflictError, type LaunchInput } from '../../core/rounds/launch-round.js';
import { MissingLanguagesError } from '../../core/rounds/language-gaps.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { isQuiet, nextAllowed, quietHoursOf } from '../../core/quiet-hours.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, notFound, projectFor, type ApiEnv } from './context.js';
import { withSurveys } from './results-routes.js';
import type { ApiDeps } from './deps.js';

export const RoundInput = z.object({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  surveyId: z.string().check(z.minLength(1)),
  surveyVersion: z.int().check(z.minimum(1)),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  reminderAfterHours: z._default(z.nullable(z.number().check(z.minimum(1), z.maximum(24 * 30))), null),
  /**
   * The project languages the survey lacks, launched anyway: those participants get the questions in the
   * first of their fallbacks the survey has. Without it such a launch is refused (409) saying which.
   */
  acceptMissingLanguages: z._default(z.array(z.enum(SUPPORTED_LANGUAGES)).check(z.maxLength(SUPPORTED_LANGUAGES.length)), []),
});

/**
 * A survey version a round may ask: one of the organisation's own, or a built-in template (saved on
 * first use, then frozen like any version in use). A 400 naming `<field>.surveyId` otherwise.
 */
export async function requireRoundSurvey(
  deps: Pick<ApiDeps, 'directory' | 'templates'>,
  principal: Principal,
  choice: { surveyId: string; surveyVersion: number },
  field = '',
): Promise<void> {
  const { surveyId, surveyVersion } = choice;
  const record = await deps.directory.getSurveyRecord(surveyId, surveyVersion);
  const template = await deps.templates.find(surveyId);
  if (!record && template?.version === surveyVersion) await deps.directory.saveSurvey(template, TEMPLATE_OWNER).catch(() => undefined);
  else if (!record || !canUseSurvey(principal, record.organisationId)) {
    throw new ApiProblem(400, 'Bad request', 'no such survey version', [
      { field: field ? `${field}.surveyId` : 'surveyId', message: `"${surveyId}" version ${surveyVersion} not found` },
    ]);
  }
}

/** A launch refused for languages the survey lacks: 409, naming the field to confirm with and each language. */
export function missingLanguagesProblem(error: MissingLanguagesError, field = error.field): ApiProblem {
  return new ApiProblem(
    409,
    'Conflict',
    error.message,
    error.gaps.map((g) => ({ field, message: `${g.language}: no texts in the survey; these participants would get ${g.getsLanguage}` })),
    { missingLanguages: error.gaps },
  );
}

/**
 * Launch a round (see `launchRound`: it checks the survey's languages against the project's) and say
 * which languages wait for recorded prompts: no voice speaks them, so calls in them go out once all
 * prompts are there.
 */
export async function launchWithPrompts(deps: ApiDeps, project: Project, input: LaunchInput, acceptMissingLanguages: readonly string[] = []) {
  const before = await deps.catalog.survey(input.surveyId, input.surveyVersion);
  const result = await launchRound(
    { rounds: deps.directory, participants: deps.participants, queue: deps.queue, clock: deps.clock },
    project,
    input,
    before ? { surveyLanguages: before.definition.languages, acceptMissingLanguages } : undefined,
  );
  deps.catalog.forget(project.projectId);
  const survey = before ?? (await deps.catalog.survey(input.surveyId, input.surveyVersion));
  const coverage = survey
    ? await promptCoverage(
        deps.prompts,
        { organisationId: project.organisationId, surveyId: input.surveyId, surveyVersion: input.surveyVersion },
        survey,
        project.languages,
      )
    : [];
  const waitingForPrompts = coverage
    .filter((l) => !l.voiced && l.missing.length > 0)
    .map((l) => ({ language: l.language, missing: l.missing.length, required: l.required.length }));
  return { ...result, waitingForPrompts };
}

/** Rounds of a project: launch (fan-out of invitations), list with progress, close. */
export function roundsRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post('/api/projects/:projectId/rounds', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const { acceptMissingLanguages, ...input } = await jsonBody(c, RoundInput);
    await requireRoundSurvey(deps, c.get('principal'), input);
    const iso = (s: string) => new Date(s).toISOString();
    try {
      const result = await launchWithPrompts(deps, project, { ...input, opensAt: iso(input.opensAt), closesAt: iso(input.closesAt) }, acceptMissingLanguages);
      return c.json(result, 201);
    } catch (error) {
      if (error instanceof RoundConflictError) throw new ApiProblem(409, 'Conflict', error.message, [{ field: error.field, message: error.message }]);
      if (error instanceof MissingLanguagesError) throw missingLanguagesProblem(error);
      throw error;
    }
  });

  /** Live totals for staff; the rest as the round's latest release published it (made first if one is due). */
  const progressOf = async (project: Project, round: Round, viewer: Principal) => {
    const [withSurvey] = await withSurveys(deps.catalog, [round]);
    const releases = withSurvey ? await roundReleases(deps, project, withSurvey) : [];
    const live = await roundProgress(deps.participants.invitations(project.projectId, round.roundId));
    return discloseProgress(live.report, releases.at(-1)?.progress ?? {}, viewer.role === 'staff' ? 'staff' : 'coordinator', kOf(project));
  };

  /** An open round in quiet hours: nobody is contacted until this time (null otherwise), so "invited 0" has its reason. */
  const quietUntil = (project: Project, round: Round): string | null => {
    const now = deps.clock.now();
    const quiet = quietHoursOf(project);
    const open = round.opensAt <= now.toISOString() && now.toISOString() < round.closesAt;
    return open && isQuiet(quiet, now) ? nextAllowed(quiet, now).toISOString() : null;
  };

  app.get('/api/projects/:projectId/rounds', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:read');
    const rounds = (await deps.directory.listRounds(project.projectId)).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    const withProgress = await Promise.all(
      rounds.map(async (round) => ({ round, progress: await progressOf(project, round, c.get('principal')), quietUntil: quietUntil(project, round) })),
    );
    return c.json({ rounds: withProgress });
  });

  app.get('/api/projects/:projectId/rounds/:roundId/progress', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:read');
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === c.req.param('roundId'));
    if (!round) throw notFound(`round "${c.req.param('roundId')}"`);
    return c.json({ round, progress: await progressOf(project, round, c.get('principal')) });
  });

  app.post('/api/projects/:projectId/rounds/:roundId/close', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === c.req.param('roundId'));
    if (!round) throw notFound(`round "${c.req.param('roundId')}"`);
    const closed = await closeRound({ rounds: deps.directory, clock: deps.clock }, round);
    deps.catalog.forget(project.projectId);
    return c.json({ round: closed });
  });

  return app;
}
