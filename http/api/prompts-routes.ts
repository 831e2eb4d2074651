import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { mayRecordPrompts, TEMPLATE_OWNER } from '../../core/access/authorize.js';
import { parsePromptId, promptCoverage, promptId, roundForPrompts, type PromptRef, type PromptScope } from '../../core/calls/prompts.js';
import { spoken } from '../../core/calls/voices.js';
import { promptText } from '../../core/calls/prompt-text.js';
import type { Project } from '../../core/model.js';
import { readPlayableAudio } from './audio-upload.js';
import * as z from '../../kernel/zod.js';
import type { CompiledSurvey } from '../../flows/compile.js';
import { ApiProblem, notFound, type ApiContext, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

/** Twilio's <Play> takes MP3 and WAV (not Ogg or WebM). */
const MAX_PROMPT_BYTES = 2 * 1024 * 1024; // within the API's body limit; 2 minutes of MP3 or 8 kHz WAV
const MAX_PROMPT_SECONDS = 120;

const ScopeQuery = z.object({
  round: z.optional(z.string().check(z.minLength(1))),
  survey: z.optional(z.string().check(z.minLength(1))),
  version: z.optional(z.pipe(z.coerce.number(), z.int().check(z.minimum(1)))),
});

/**
 * Recorded call prompts of a project, for the languages Polly cannot speak: what to read (in the
 * project's main language, for an interpreter to say in theirs), which are recorded, upload, listen
 * back, delete. Staff and interpreters of the organisation.
 */
export function promptsRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function context(c: ApiContext): Promise<{ project: Project; survey: CompiledSurvey; scope: PromptScope }> {
    const project = await deps.directory.getProject(c.req.param('projectId') ?? '');
    if (!project || !mayRecordPrompts(c.get('principal'), project.organisationId)) throw notFound(`project "${c.req.param('projectId')}"`);
    const query = ScopeQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiProblem(400, 'Bad request', 'round, or survey and version', [{ field: 'version', message: 'a whole number' }]);
    let surveyId = query.data.survey;
    let version = query.data.version;
    if (!surveyId || !version) {
      // The round named, else the one open now, else the latest: prompts belong to its survey version.
      const round = roundForPrompts(await deps.directory.listRounds(project.projectId), deps.clock.now().toISOString(), query.data.round);
      if (!round)
        throw new ApiProblem(400, 'Bad request', 'no round yet: name the survey to record prompts for', [
          { field: 'survey', message: 'survey and version, or a round' },
        ]);
      surveyId = round.surveyId;
      version = round.surveyVersion;
    }
    const record = await deps.directory.getSurveyRecord(surveyId, version);
    if (!record || (record.organisationId !== project.organisationId && record.organisationId !== TEMPLATE_OWNER)) {
      throw new ApiProblem(400, 'Bad request', 'no such survey version', [{ field: 'survey', message: `"${surveyId}" version ${version} not found` }]);
    }
    const survey = await deps.catalog.survey(surveyId, version);
    if (!survey) throw notFound('survey');
    return { project, survey, scope: { organisationId: project.organisationId, surveyId, surveyVersion: version } };
  }

  const textToRead = (project: Project, survey: CompiledSurvey, ref: PromptRef, language: string) => promptText(deps.texts, project, survey, ref, language);

  /** A one-time code for the phone studio: call the studio number, type it, record this project's prompts. */
  app.post('/api/projects/:projectId/prompts/studio-code', async (c) => {
    const project = await deps.directory.getProject(c.req.param('projectId'));
    if (!project || !mayRecordPrompts(c.get('principal'), project.organisationId)) throw notFound(`project "${c.req.param('projectId')}"`);
    const issued = await deps.studioCodes.issue(project.projectId, c.get('principal').userId, deps.clock.now());
    // The number to call: the project's (press * at the language menu), if it has one.
    return c.json({ ...issued, callNumber: project.callNumber ?? null }, 201, { 'Cache-Control': 'no-store' });
  });

  app.get('/api/projects/:projectId/prompts', async (c) => {
    const { project, survey, scope } = await context(c);
    const coverage = await promptCoverage(deps.prompts, scope, survey, project.languages);
    return c.json({
      // Interpreters may record but not read the project: its name comes with the prompts.
      project: { id: project.projectId, name: project.name },
      survey: { id: scope.surveyId, version: scope.surveyVersion },
      mainLanguage: project.languages[0] ?? null,
      languages: coverage.map((l) => ({
        language: l.language,
        voice: spoken(l.language).say?.voice ?? null,
        required: l.voiced ? 0 : l.required.length,
        missing: l.missing.length,
        prompts: l.voiced
          ? []
          : l.required.map((ref) => {
              const recorded = l.recorded.find((r) => r.promptId === promptId(ref));
              return {
                promptId: promptId(ref),
                read: textToRead(project, survey, ref, l.language),
                recorded: recorded ? { at: recorded.recordedAt, source: recorded.source } : null,
              };
            }),
      })),
    });
  });

  const target = async (c: ApiContext) => {
    const ctx = await context(c);
    const language = c.req.param('language') ?? '';
    if (!ctx.project.languages.includes(language))
      throw new ApiProblem(400, 'Bad request', 'not a language of the project', [
        { field: 'language', message: `"${language}" is not one of ${ctx.project.languages.join(', ')}` },
      ]);
    if (spoken(language).say)
      throw new ApiProblem(409, 'Conflict', 'a voice speaks this language: nothing to record', [
        { field: 'language', message: `spoken by ${spoken(language).say?.voice}` },
      ]);
    const ref = parsePromptId(c.req.param('promptId') ?? '', ctx.survey);
    if (!ref) throw new ApiProblem(400, 'Bad request', 'no such prompt in this survey', [{ field: 'promptId', message: 'text.<key> or question.<id>' }]);
    return { ...ctx, language, id: promptId(ref) };
  };

  app.put('/api/projects/:projectId/prompts/:language/:promptId', async (c) => {
    const { scope, language, id } = await target(c);
    const { bytes, contentType, seconds } = await readPlayableAudio(c, deps.voice.audioDuration, {
      maxBytes: MAX_PROMPT_BYTES,
      maxSeconds: MAX_PROMPT_SECONDS,
      what: 'a prompt',
    });
    await savePrompt(deps, scope, { language, promptId: id, bytes, contentType, source: 'upload' });
    return c.json({ language, promptId: id, seconds }, 201);
  });

  app.get('/api/projects/:projectId/prompts/:language/:promptId/audio', async (c) => {
    const { scope, language, id } = await target(c);
    const recorded = (await deps.prompts.list(scope, language)).find((p) => p.promptId === id);
    const audio = recorded ? await deps.voice.audio.get(recorded.audioKey) : null;
    if (!audio) throw notFound('recording');
    return c.body(Buffer.from(audio.bytes), 200, { 'Content-Type': audio.contentType, 'Cache-Control': 'no-store' });
  });

  app.delete('/api/projects/:projectId/prompts/:language/:promptId', async (c) => {
    const { scope, language, id } = await target(c);
    const removed = await deps.prompts.remove(scope, language, id);
    if (removed) await deps.voice.audio.remove(removed.audioKey);
    return c.body(null, 204);
  });

  return app;
}

/** Store a recording (replacing an earlier one, whose audio is then deleted). Used by uploads and the phone studio. */
export async function savePrompt(
  deps: Pick<ApiDeps, 'prompts' | 'clock'> & { voice: Pick<ApiDeps['voice'], 'audio'> },
  scope: PromptScope,
  input: { language: string; promptId: string; bytes: Uint8Array; contentType: string; source: 'upload' | 'phone' },
): Promise<void> {
  const audioKey = `prompt-${randomUUID()}`;
  await deps.voice.audio.put(audioKey, input.bytes, input.contentType);
  const previous = await deps.prompts.remove(scope, input.language, input.promptId);
  await deps.prompts.put(scope, {
    language: input.language,
    promptId: input.promptId,
    audioKey,
    contentType: input.contentType,
    recordedAt: deps.clock.now().toISOString(),
    source: input.source,
  });
  if (previous) await deps.voice.audio.remove(previous.audioKey);
}
