import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { feedbackFits, MAX_FEEDBACK_PARTS } from '../../core/feedback/model.js';
import { disclosedSend, FeedbackError, feedbackReport, sendFeedback, type FeedbackRefusal } from '../../core/feedback/send-feedback.js';
import type { Project, Round } from '../../core/model.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, notFound, projectFor, type ApiContext, type ApiEnv } from './context.js';
import { readPlayableAudio } from './audio-upload.js';
import type { ApiDeps } from './deps.js';
import type { Published } from '../../core/disclosure/audit.js';
import type { Cell } from '../../core/disclosure/cells.js';
import { roundReleases } from '../../core/results/releases.js';
import { withSurveys } from './results-routes.js';

export const FeedbackInput = z.object({
  /** Language → the message; an empty text removes that language. */
  texts: z.record(
    z.string(),
    z
      .string()
      .check(z.trim(), z.refine(feedbackFits, { message: `at most ${MAX_FEEDBACK_PARTS} SMS parts as carriers count them (GSM-7 153 a part, UCS-2 67)` })),
  ),
});

/** A message is short: two minutes of MP3, or of 8 kHz WAV; like prompts, within the API's 2.5 MB body limit. */
const MAX_AUDIO_BYTES = 2 * 1024 * 1024;
const MAX_AUDIO_SECONDS = 120;

/** A refused send as HTTP: only the edge knows statuses. */
const FEEDBACK_PROBLEMS: Record<FeedbackRefusal, { status: 400 | 409; title: string }> = {
  'no-message': { status: 400, title: 'Bad request' },
  'language-missing': { status: 400, title: 'Bad request' },
  'round-open': { status: 409, title: 'Conflict' },
};

/**
 * "You said, we did" (core/feedback): after a round, staff write what was heard and what will change, per
 * language (and may record it for calls), then send it to the round's participants who asked to hear back.
 */
export function feedbackRoutes(deps: ApiDeps): Hono<ApiEnv> {
  /** What the round's latest release published of who asked to hear back (made first if one is due). */
  const releasedProgress = async (project: Project, round: Round): Promise<Published> => {
    const [withSurvey] = await withSurveys(deps.catalog, [round]);
    return withSurvey ? ((await roundReleases(deps, project, withSurvey)).at(-1)?.progress ?? {}) : {};
  };
  const app = new Hono<ApiEnv>();
  const path = '/api/projects/:projectId/rounds/:roundId/feedback';

  async function target(c: ApiContext, action: 'project:read' | 'project:manage'): Promise<{ project: Project; round: Round }> {
    const project = await projectFor(c, deps.directory, c.req.param('projectId') ?? '', action);
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === c.req.param('roundId'));
    if (!round) throw notFound(`round "${c.req.param('roundId') ?? ''}"`);
    return { project, round };
  }
  const sentAlready = () => new ApiProblem(409, 'Conflict', 'this message was sent; it can no longer be changed', [{ field: 'sentAt', message: 'sent' }]);
  const audioLanguage = (c: ApiContext, project: Project) => {
    const language = c.req.param('language') ?? '';
    if (!project.languages.includes(language))
      throw new ApiProblem(400, 'Bad request', 'not a language of the project', [
        { field: 'language', message: `"${language}" is not one of ${project.languages.join(', ')}` },
      ]);
    return language;
  };

  app.get(path, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    return c.json(await feedbackReport(deps, project, round, await releasedProgress(project, round)));
  });

  app.put(path, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    const input = await jsonBody(c, FeedbackInput);
    const stray = Object.keys(input.texts).filter((l) => !project.languages.includes(l));
    if (stray.length)
      throw new ApiProblem(
        400,
        'Bad request',
        'a language the project does not offer',
        stray.map((l) => ({ field: `texts.${l}`, message: `not one of ${project.languages.join(', ')}` })),
      );
    const before = await deps.feedback.get(project.projectId, round.roundId);
    if (before?.sentAt) throw sentAlready();
    const texts = Object.fromEntries(Object.entries(input.texts).filter(([, t]) => t !== ''));
    const saved = await deps.feedback.saveDraft({
      projectId: project.projectId,
      roundId: round.roundId,
      texts,
      audio: before?.audio ?? {},
      updatedAt: deps.clock.now().toISOString(),
    });
    if (!saved) throw sentAlready();
    return c.json(await feedbackReport(deps, project, round, await releasedProgress(project, round)));
  });

  app.put(`${path}/audio/:language`, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    const language = audioLanguage(c, project);
    const { bytes, contentType, seconds } = await readPlayableAudio(c, deps.voice.audioDuration, {
      maxBytes: MAX_AUDIO_BYTES,
      maxSeconds: MAX_AUDIO_SECONDS,
      what: 'a message',
    });
    const before = await deps.feedback.get(project.projectId, round.roundId);
    if (before?.sentAt) throw sentAlready();
    const audioKey = `feedback-${randomUUID()}`;
    await deps.voice.audio.put(audioKey, bytes, contentType);
    const saved = await deps.feedback.saveDraft({
      projectId: project.projectId,
      roundId: round.roundId,
      texts: before?.texts ?? {},
      audio: { ...(before?.audio ?? {}), [language]: audioKey },
      updatedAt: deps.clock.now().toISOString(),
    });
    if (!saved) {
      await deps.voice.audio.remove(audioKey);
      throw sentAlready();
    }
    const replaced = before?.audio[language];
    if (replaced) await deps.voice.audio.remove(replaced);
    return c.json({ language, seconds }, 201);
  });

  app.get(`${path}/audio/:language`, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    const key = (await deps.feedback.get(project.projectId, round.roundId))?.audio[audioLanguage(c, project)];
    const audio = key ? await deps.voice.audio.get(key) : null;
    if (!audio) throw notFound('recording');
    return c.body(Buffer.from(audio.bytes), 200, { 'Content-Type': audio.contentType, 'Cache-Control': 'no-store' });
  });

  app.delete(`${path}/audio/:language`, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    const language = audioLanguage(c, project);
    const before = await deps.feedback.get(project.projectId, round.roundId);
    if (before?.sentAt) throw sentAlready();
    const audioKey = before?.audio[language];
    if (!before || !audioKey) throw notFound(`recording in ${language}`);
    const { [language]: _removed, ...audio } = before.audio;
    if (!(await deps.feedback.saveDraft({ ...before, audio, updatedAt: deps.clock.now().toISOString() }))) throw sentAlready();
    await deps.voice.audio.remove(audioKey);
    return c.body(null, 204);
  });

  app.post(`${path}/send`, async (c) => {
    const { project, round } = await target(c, 'project:manage');
    try {
      const sent = await sendFeedback(
        { feedback: deps.feedback, participants: deps.participants, queue: deps.queue, clock: deps.clock, hold: deps.directory },
        project,
        round,
      );
      const result = disclosedSend(sent, await releasedProgress(project, round));
      const logged = (n: Cell) => (typeof n === 'number' ? n : 'fewer than k');
      deps.logger.info('feedback.queued', { recipients: logged(result.recipients), queued: logged(result.queued), again: result.alreadySent });
      return c.json(result, 202);
    } catch (error) {
      if (error instanceof FeedbackError) {
        const { status, title } = FEEDBACK_PROBLEMS[error.code];
        throw new ApiProblem(status, title, error.message, [{ field: error.field, message: error.message }]);
      }
      throw error;
    }
  });

  return app;
}
