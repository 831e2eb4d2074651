import { mayTranscribe } from '../access/authorize.js';
import type { Principal } from '../access/principal.js';
import type { VoiceJob } from './model.js';
import { complete, type VoiceDeps } from './process-voice.js';

/**
 * The human transcription queue: voice answers no machine can transcribe (Tigrinya, Darija, …) or
 * that failed, for staff of the organisation (or an interpreter account of it) to listen to and type.
 */
export class HumanQueueError extends Error {
  readonly code = 'HUMAN_QUEUE';
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'HumanQueueError';
  }
}

/** How long the person who opened a voice answer keeps it to themselves: enough to listen again and type. */
export const CLAIM_MINUTES = 30;

/** A waiting voice answer, and whether a colleague is listening to it now. */
export interface WaitingVoice {
  job: VoiceJob;
  takenByColleague: boolean;
}

const heldByOther = (job: VoiceJob, principal: Principal, now: Date): boolean =>
  job.claim !== null && job.claim.userId !== principal.userId && new Date(job.claim.until) > now;

export async function waitingForPeople(deps: Pick<VoiceDeps, 'jobs' | 'clock'>, principal: Principal): Promise<WaitingVoice[]> {
  if (principal.role === 'coordinator') return [];
  const now = deps.clock.now();
  return (await deps.jobs.needingHuman(principal.organisationId)).map((job) => ({ job, takenByColleague: heldByOther(job, principal, now) }));
}

async function openJob(deps: Pick<VoiceDeps, 'jobs' | 'clock'>, principal: Principal, jobId: string): Promise<VoiceJob> {
  const job = await deps.jobs.get(jobId);
  if (!job || !mayTranscribe(principal, job.organisationId)) throw new HumanQueueError(404, 'no such voice answer here');
  if (job.status !== 'needs-human') throw new HumanQueueError(409, 'this voice answer is not waiting for a person (any more)');
  if (heldByOther(job, principal, deps.clock.now())) throw new HumanQueueError(409, 'a colleague is transcribing this voice answer');
  return job;
}

/**
 * The audio, decrypted, for listening; only while the job waits for a person, and to one person at a
 * time: opening it claims the job for CLAIM_MINUTES, so a voice is heard by as few people as possible.
 */
export async function audioForPerson(deps: Pick<VoiceDeps, 'jobs' | 'audio' | 'clock'>, principal: Principal, jobId: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  await openJob(deps, principal, jobId);
  const now = deps.clock.now();
  // Conditional: of two people opening it at once, one gets it.
  if (!(await deps.jobs.claim(jobId, principal.userId, now, new Date(now.getTime() + CLAIM_MINUTES * 60_000)))) {
    throw new HumanQueueError(409, 'a colleague is transcribing this voice answer');
  }
  const audio = await deps.audio.get(jobId);
  if (!audio) throw new HumanQueueError(404, 'the audio is gone');
  return audio;
}

/** A person's transcript (and optional Dutch/French translation): redacted, attached, audio deleted. */
export async function submitTranscript(deps: VoiceDeps, principal: Principal, jobId: string, input: { transcript: string; translation?: string }): Promise<void> {
  const job = await openJob(deps, principal, jobId);
  await complete(deps, job, { text: input.transcript, language: job.language, ...(input.translation ? { translation: input.translation } : {}) });
}
