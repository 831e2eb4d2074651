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

export async function waitingForPeople(deps: Pick<VoiceDeps, 'jobs'>, principal: Principal): Promise<VoiceJob[]> {
  if (principal.role === 'coordinator') return [];
  return deps.jobs.needingHuman(principal.organisationId);
}

async function openJob(deps: Pick<VoiceDeps, 'jobs'>, principal: Principal, jobId: string): Promise<VoiceJob> {
  const job = await deps.jobs.get(jobId);
  if (!job || !mayTranscribe(principal, job.organisationId)) throw new HumanQueueError(404, 'no such voice answer here');
  if (job.status !== 'needs-human') throw new HumanQueueError(409, 'this voice answer is not waiting for a person (any more)');
  return job;
}

/** The audio, decrypted, for listening; only while the job waits for a person. */
export async function audioForPerson(deps: Pick<VoiceDeps, 'jobs' | 'audio'>, principal: Principal, jobId: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  await openJob(deps, principal, jobId);
  const audio = await deps.audio.get(jobId);
  if (!audio) throw new HumanQueueError(404, 'the audio is gone');
  return audio;
}

/** A person's transcript (and optional Dutch/French translation): redacted, attached, audio deleted. */
export async function submitTranscript(deps: VoiceDeps, principal: Principal, jobId: string, input: { transcript: string; translation?: string }): Promise<void> {
  const job = await openJob(deps, principal, jobId);
  await complete(deps, job, { text: input.transcript, language: job.language, ...(input.translation ? { translation: input.translation } : {}) });
}
