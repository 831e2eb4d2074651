import { redactTranscript } from '../privacy/redact.js';
import type { Clock, Logger, Protector } from '../ports.js';
import type { Messenger } from '../rounds/ports.js';
import { languageChain, type Texts } from '../texts.js';
import * as z from '../../kernel/zod.js';
import type { VoiceJob } from './model.js';
import type { AnswerTranscripts, AudioDuration, AudioStore, MediaSource, Transcriber, VoiceJobStore } from './ports.js';

export interface VoiceDeps {
  jobs: VoiceJobStore;
  answers: AnswerTranscripts;
  media: MediaSource;
  audio: AudioStore;
  /** Reads a recording's length from its container, so a note over the limit is refused before anyone hears it. */
  audioDuration: AudioDuration;
  /** Machine transcribers in order of preference; none: everything goes to the human queue. */
  transcribers: readonly Transcriber[];
  protector: Protector;
  clock: Clock;
  logger: Logger;
  /** Tells a participant why their voice note could not be used; null where no note is fetched. */
  notices: { messenger: Messenger; texts: Texts } | null;
}

/** WhatsApp's limit for a voice note; a larger file is refused with a message. */
export const MAX_AUDIO_BYTES = 16 * 1024 * 1024;
/** Five minutes: room for a real story, and a bound on what a person or a transcriber must get through. */
export const MAX_AUDIO_SECONDS = 300;
/** After this many failed tries a job with audio goes to a person; without audio it fails. */
const MAX_ATTEMPTS = 5;

/**
 * The provider's job name: our job id (a keyed hash, base64url: characters Transcribe accepts) with a
 * prefix. No personal data, and the completion event leads back to the job.
 */
export const providerJobName = (job: Pick<VoiceJob, 'jobId'>): string => `stem-${job.jobId}`;
export const jobIdFromProviderName = (name: string): string | null => (name.startsWith('stem-') ? name.slice(5) : null);

/**
 * Advance one voice job as far as it can go now: fetch the provider's copy → store it encrypted →
 * delete the provider's copy → transcribe (machine, or the human queue) → redact and attach → delete
 * our copy. Each step is guarded by the job's status, so a repeated call (a retry, a duplicate event)
 * never does a step twice. Throws on temporary failures so the queue retries with backoff.
 */
export async function processVoice(deps: VoiceDeps, jobId: string): Promise<void> {
  const job = await deps.jobs.get(jobId);
  if (!job) return;
  try {
    await step(deps, job);
  } catch (error) {
    // A step may have moved the job on before it failed (stored, then the transcriber refused): count the
    // try on the job as it is now, or the count would be lost and the limit never reached.
    const now = (await deps.jobs.get(jobId)) ?? job;
    const attempts = now.attempts + 1;
    const name = error instanceof Error ? error.name : 'unknown';
    deps.logger.warn('voice.retry', { step: now.status, attempts, error: name });
    if (attempts < MAX_ATTEMPTS) {
      await deps.jobs.update(jobId, now.status, { attempts });
      throw error;
    }
    // Out of tries. The answer stays, marked: with our copy of the audio a person transcribes it (the
    // voice queue says why); without it, it is failed. The error's name only: its message may quote data.
    if (now.stored) await toHuman(deps, { ...now, attempts }, `the machine transcription failed ${attempts} times (${name})`);
    else await fail(deps, { ...now, attempts }, `the voice message could not be fetched (${name})`);
  }
}

async function step(deps: VoiceDeps, job: VoiceJob): Promise<void> {
  switch (job.status) {
    case 'unsupported':
      // Kept as a record of what arrived; the file itself is deleted at the provider.
      if (job.sealedMediaUrl) {
        await deps.media.remove(deps.protector.open(job.sealedMediaUrl));
        await deps.jobs.update(job.jobId, 'unsupported', { sealedMediaUrl: null });
      }
      return;
    case 'queued':
      return fetchAndStore(deps, job);
    case 'stored':
      return transcribe(deps, job);
    case 'transcribing':
      return poll(deps, job);
    default:
      return; // needs-human waits for a person; done and failed are final
  }
}

async function fetchAndStore(deps: VoiceDeps, job: VoiceJob): Promise<void> {
  if (!job.sealedMediaUrl) return fail(deps, job, 'no media to fetch');
  const url = deps.protector.open(job.sealedMediaUrl);
  const fetched = await deps.media.fetch(url, MAX_AUDIO_BYTES);
  if ('missing' in fetched) {
    // A call's recording can be announced before Twilio serves it: wait (the queue's backoff) before giving up.
    if (job.origin === 'call' && job.attempts < MAX_ATTEMPTS - 1) throw new RecordingNotReadyError();
    return refuse(deps, job, null, 'the voice message was no longer available at the provider', 'voice.lost');
  }
  if ('tooLarge' in fetched) return refuse(deps, job, url, 'larger than 16 MB', 'voice.tooLong');
  // Unknown formats pass (the 16 MB bound holds); a known length over the limit is refused before anyone hears it.
  const seconds = deps.audioDuration(fetched.bytes, fetched.contentType);
  if (seconds !== null && seconds > MAX_AUDIO_SECONDS) return refuse(deps, job, url, `longer than ${MAX_AUDIO_SECONDS / 60} minutes`, 'voice.tooLong');
  await deps.audio.put(job.jobId, fetched.bytes, fetched.contentType);
  if (!(await deps.jobs.update(job.jobId, 'queued', { status: 'stored', stored: true, contentType: fetched.contentType, sealedReplyTo: null }))) return;
  // Our encrypted copy exists: the provider's copy goes now.
  await deps.media.remove(url);
  await deps.jobs.update(job.jobId, 'stored', { sealedMediaUrl: null });
  return transcribe(deps, { ...job, status: 'stored', stored: true, sealedMediaUrl: null, sealedReplyTo: null, contentType: fetched.contentType });
}

export class RecordingNotReadyError extends Error {
  readonly code = 'RECORDING_NOT_READY';
  constructor() {
    super('the call recording is not available at the provider yet');
    this.name = 'RecordingNotReadyError';
  }
}

const ReplyTo = z.object({ channel: z.enum(['sms', 'whatsapp']), to: z.string() });

/**
 * A note we will not keep: delete it at the provider, mark the answer, and tell the participant why in
 * their language (once: the sealed address is cleared in the same update that ends the job).
 */
async function refuse(deps: VoiceDeps, job: VoiceJob, url: string | null, reason: string, text: 'voice.tooLong' | 'voice.lost'): Promise<void> {
  if (url) await deps.media.remove(url);
  if (!(await deps.jobs.update(job.jobId, job.status, { status: 'failed', failure: reason, sealedMediaUrl: null, sealedReplyTo: null }))) return;
  if (job.answer) await deps.answers.attach(job.answer, { voice: text === 'voice.lost' ? 'failed' : 'unsupported' });
  deps.logger.warn('voice.refused', { reason });
  if (!job.sealedReplyTo || !deps.notices) return;
  const { messenger, texts } = deps.notices;
  const replyTo = ReplyTo.safeParse(JSON.parse(deps.protector.open(job.sealedReplyTo)));
  if (!replyTo.success) return;
  const chain = languageChain(job.language, job.projectLanguages);
  // Best effort: the answer is already marked, and a failed send must not bring the refusal back.
  const sent = await messenger
    .send({ ...replyTo.data, text: texts.t(text, chain, { minutes: MAX_AUDIO_SECONDS / 60 }) })
    .catch((error: unknown) => ({ ok: false as const, permanent: false, reason: error instanceof Error ? error.name : 'unknown' }));
  if (!sent.ok) deps.logger.warn('voice.refusal-not-sent', { reason: sent.reason });
}

async function transcribe(deps: VoiceDeps, job: VoiceJob): Promise<void> {
  const transcriber = deps.transcribers.find((t) => t.covers(job.language, job.projectLanguages));
  if (!transcriber) return toHuman(deps, job, null);
  const jobName = providerJobName(job);
  // The job name is kept before starting, so a start whose answer was lost is found again by that name.
  if (!(await deps.jobs.update(job.jobId, 'stored', { status: 'transcribing', transcriber: transcriber.name, providerJobName: jobName }))) return;
  const transcribing: VoiceJob = { ...job, status: 'transcribing', transcriber: transcriber.name, providerJobName: jobName };
  let state: Awaited<ReturnType<Transcriber['start']>>;
  try {
    state = await transcriber.start({ jobName, audioKey: job.jobId, contentType: job.contentType, language: job.language, candidates: job.projectLanguages });
  } catch (error) {
    // Not started (throttled, the local model failed): back to stored, so the retry starts it again
    // rather than asking the provider about a job it may never have heard of.
    await deps.jobs.update(job.jobId, 'transcribing', { status: 'stored' });
    throw error;
  }
  if (state.status === 'in-progress' && job.answer) await deps.answers.attach(job.answer, { voice: 'transcribing' });
  await settle(deps, transcribing, state);
}

async function poll(deps: VoiceDeps, job: VoiceJob): Promise<void> {
  const transcriber = deps.transcribers.find((t) => t.name === job.transcriber);
  if (!transcriber || !job.providerJobName) return toHuman(deps, job, 'the transcriber is not available here');
  // A synchronous transcriber has no job to ask about: the process stopped mid-way, so it starts again.
  const state = transcriber.synchronous
    ? await transcriber.start({
        jobName: job.providerJobName,
        audioKey: job.jobId,
        contentType: job.contentType,
        language: job.language,
        candidates: job.projectLanguages,
      })
    : await transcriber.check(job.providerJobName);
  await settle(deps, job, state);
}

async function settle(deps: VoiceDeps, job: VoiceJob, state: Awaited<ReturnType<Transcriber['check']>>): Promise<void> {
  if (state.status === 'in-progress') return;
  if (state.status === 'failed') return toHuman(deps, job, state.reason);
  await complete(deps, job, { text: state.text, language: state.language ?? job.language });
}

/**
 * Redact, attach to the answer, delete our copy of the audio, finish the job. Safe to repeat: a
 * duplicate completion writes the same transcript and finds the job already done.
 */
export async function complete(deps: VoiceDeps, job: VoiceJob, result: { text: string; language: string | null; translation?: string }): Promise<void> {
  const language = result.language ?? job.language ?? 'en';
  const transcript = redactTranscript(result.text.trim(), language);
  const translation = result.translation ? redactTranscript(result.translation.trim(), language).text : undefined;
  if (job.answer) await deps.answers.attach(job.answer, { voice: 'transcribed', transcript: transcript.text, ...(translation ? { translation } : {}) });
  await deps.audio.remove(job.jobId);
  await deps.jobs.update(job.jobId, job.status, { status: 'done', stored: false, failure: null, claim: null });
  deps.logger.info('voice.transcribed', { by: job.transcriber ?? 'human', redactions: transcript.redactions.reduce((n, r) => n + r.count, 0) });
}

/**
 * To the human queue: no machine covers the language (`reason` null), or the machine failed (`reason`
 * says how, shown in the queue beside the recording). The answer shows it is waiting for a person.
 */
async function toHuman(deps: VoiceDeps, job: VoiceJob, reason: string | null): Promise<void> {
  if (!(await deps.jobs.update(job.jobId, job.status, { status: 'needs-human', transcriber: 'human', failure: reason, attempts: job.attempts }))) return;
  if (job.answer) await deps.answers.attach(job.answer, { voice: 'needs-human' });
  // Which transcriber failed, never the reason's text: a provider's message may quote what it heard.
  if (reason !== null) deps.logger.warn('voice.machine-failed', { transcriber: job.transcriber ?? 'none', attempts: job.attempts });
}

async function fail(deps: VoiceDeps, job: VoiceJob, reason: string): Promise<void> {
  if (!(await deps.jobs.update(job.jobId, job.status, { status: 'failed', failure: reason }))) return;
  if (job.answer) await deps.answers.attach(job.answer, { voice: 'failed' });
  deps.logger.warn('voice.failed', { reason });
}

/** The EventBridge completion event for a provider job: find ours and advance it (the sweep polls too). */
export async function completeFromProvider(deps: VoiceDeps, providerName: string): Promise<void> {
  const jobId = jobIdFromProviderName(providerName);
  if (jobId) await processVoice(deps, jobId);
}
