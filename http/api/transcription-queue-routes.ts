import { Hono } from 'hono';
import { mayManageInterpreters } from '../../core/access/authorize.js';
import type { InterpreterAccounts } from '../../core/access/interpreters.js';
import { VoiceDisguiseError } from '../../core/voice/disguise.js';
import {
  audioForPerson,
  HumanQueueError,
  ownListeningOf,
  setOwnListening,
  submitTranscript,
  waitingForPeople,
  type HumanQueueDeps,
  type HumanQueueRefusal,
  type WaitingVoice,
} from '../../core/voice/human-queue.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, type ApiContext, type ApiEnv } from './context.js';

export const TranscriptInput = z.object({
  transcript: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)),
  translation: z.optional(z.string().check(z.trim(), z.maxLength(5000))),
});

/** On with a reason everyone of the organisation who listens will read; off needs none. */
export const OwnListeningInput = z.discriminatedUnion('on', [
  z.object({ on: z.literal(true), reason: z.string().check(z.trim(), z.minLength(10, 'say why, in a sentence (at least 10 characters)'), z.maxLength(500)) }),
  z.object({ on: z.literal(false) }),
]);

const LANGUAGE = z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language code such as "ti"'));
export const InterpreterInput = z.object({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  languages: z._default(z.array(LANGUAGE).check(z.maxLength(20)), []),
});

/** The queue's refusals as HTTP: only the edge knows statuses. */
const QUEUE_PROBLEMS: Record<HumanQueueRefusal, { status: 403 | 404 | 409; title: string }> = {
  'not-found': { status: 404, title: 'Not found' },
  'audio-gone': { status: 404, title: 'Not found' },
  'not-waiting': { status: 409, title: 'Conflict' },
  'held-by-another': { status: 409, title: 'Conflict' },
  'not-allowed': { status: 403, title: 'Forbidden' },
};

function asProblem(error: unknown): never {
  if (error instanceof HumanQueueError) {
    const { status, title } = QUEUE_PROBLEMS[error.code];
    throw new ApiProblem(status, title, error.message);
  }
  // The original is never played instead: the listener learns why, nothing about the voice.
  if (error instanceof VoiceDisguiseError)
    throw new ApiProblem(422, 'Cannot be disguised', `this recording cannot be played disguised here (${error.message}); it stays waiting`);
  throw error;
}

/**
 * A waiting voice answer as a listener sees it. Interpreters of the network learn the language and the
 * day only: no project, round or question (their ids name the organisation), never a respondent code,
 * and the machine's failure as a kind, not its text (a provider's message may quote what it heard).
 */
function listed({ job, access, takenByColleague }: WaitingVoice) {
  const own = access === 'own';
  return {
    jobId: job.jobId,
    access,
    projectId: own ? (job.answer?.projectId ?? null) : null,
    roundId: own ? (job.answer?.roundId ?? null) : null,
    questionId: own ? (job.answer?.questionId ?? null) : null,
    language: job.language,
    day: job.createdAt.slice(0, 10),
    reason: job.failure === null ? null : own ? job.failure : 'the machine transcriber failed',
    takenByColleague,
  };
}

/** What the organisation decided, for the queue page: shown to its staff and interpreters; changed by its staff. */
async function ownListeningView(deps: HumanQueueDeps, c: ApiContext) {
  const p = c.get('principal');
  const setting = await ownListeningOf(deps, p);
  return { ownListening: setting && { reason: setting.reason, since: setting.since }, canChange: p.role === 'staff' };
}

/**
 * The human transcription queue: interpreters of the network (and, where their organisation allows it,
 * its own staff and interpreters) list, listen to a disguised voice, type and submit; coordinators
 * manage the independent interpreters. `interpreters` is absent where accounts live elsewhere (Cognito).
 */
export function voiceRoutes(deps: HumanQueueDeps, interpreters: InterpreterAccounts | null): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/voice/queue', async (c) => {
    const waiting = await waitingForPeople(deps, c.get('principal'));
    return c.json({ jobs: waiting.map(listed), ...(await ownListeningView(deps, c)) });
  });

  app.get('/api/voice/own-listening', async (c) => c.json(await ownListeningView(deps, c)));

  app.put('/api/voice/own-listening', async (c) => {
    const input = await jsonBody(c, OwnListeningInput);
    await setOwnListening(deps, c.get('principal'), input).catch(asProblem);
    return c.json(await ownListeningView(deps, c));
  });

  app.get('/api/voice/:jobId/audio', async (c) => {
    const audio = await audioForPerson(deps, c.get('principal'), c.req.param('jobId')).catch(asProblem);
    return c.body(Buffer.from(audio.bytes), 200, { 'Content-Type': audio.contentType, 'Cache-Control': 'no-store', 'Content-Disposition': 'inline' });
  });

  app.post('/api/voice/:jobId/transcript', async (c) => {
    const input = await jsonBody(c, TranscriptInput);
    await submitTranscript(deps, c.get('principal'), c.req.param('jobId'), input).catch(asProblem);
    return c.json({ ok: true });
  });

  const accounts = (c: ApiContext): InterpreterAccounts => {
    if (!mayManageInterpreters(c.get('principal'))) throw new ApiProblem(403, 'Forbidden', 'coordinators manage the interpreters of the network');
    if (!interpreters) throw new ApiProblem(501, 'Not here', 'accounts are managed in the user pool: add the user to the Cognito group "interpreter"');
    return interpreters;
  };

  app.get('/api/interpreters', async (c) => c.json({ interpreters: await accounts(c).listInterpreters() }));

  app.post('/api/interpreters', async (c) => {
    const store = accounts(c);
    const input = await jsonBody(c, InterpreterInput);
    const created = await store.createInterpreter(input, { userId: c.get('principal').userId, at: deps.clock.now() });
    // The token once: only its hash is kept. The coordinator hands it to the interpreter.
    return c.json(created, 201, { 'Cache-Control': 'no-store' });
  });

  app.delete('/api/interpreters/:userId', async (c) => {
    if (!(await accounts(c).removeInterpreter(c.req.param('userId')))) throw new ApiProblem(404, 'Not found', 'no such interpreter');
    return c.body(null, 204);
  });

  return app;
}
