import { mayChangeOwnListening, voiceAccess, type VoiceAccess } from '../access/authorize.js';
import type { Principal } from '../access/principal.js';
import { disguiseVariant } from './disguise.js';
import type { OwnListening, VoiceJob } from './model.js';
import type { OwnListeningSettings, VoiceDisguiser } from './ports.js';
import { complete, type VoiceDeps } from './process-voice.js';

/**
 * The human transcription queue: voice answers no machine can transcribe (Tigrinya, Darija, …) or
 * that failed. Heard by strangers to the participant by default: interpreters of the network (of other
 * organisations, or independent) — never by staff of the participant's own organisation unless it
 * switched that on (core/access/authorize.ts `voiceAccess`). Every listing, every play and every
 * transcript asks that one rule; whoever hears a voice hears it disguised.
 */
/**
 * Why the queue refused, as a stable code (the edge maps it to HTTP): no such answer for this person, the
 * answer no longer waits for a person, someone else holds it, its audio is gone, or the person may not
 * decide the setting they tried to change.
 */
export type HumanQueueRefusal = 'not-found' | 'not-waiting' | 'held-by-another' | 'audio-gone' | 'not-allowed';

export class HumanQueueError extends Error {
  constructor(
    readonly code: HumanQueueRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'HumanQueueError';
  }
}

/** What the queue needs besides the voice pipeline: the organisations' choice, and the disguise. */
export type HumanQueueDeps = VoiceDeps & { settings: OwnListeningSettings; disguiser: VoiceDisguiser };

/** How long the person who opened a voice answer keeps it to themselves: enough to listen again and type. */
export const CLAIM_MINUTES = 30;

/** A waiting voice answer, how this person may hear it, and whether someone else is listening to it now. */
export interface WaitingVoice {
  job: VoiceJob;
  access: VoiceAccess;
  takenByColleague: boolean;
}

const heldByOther = (job: VoiceJob, principal: Principal, now: Date): boolean =>
  job.claim !== null && job.claim.userId !== principal.userId && new Date(job.claim.until) > now;

/** Does the principal's own organisation let its people listen? (Coordinators and independent interpreters have none.) */
async function ownAllowed(deps: Pick<HumanQueueDeps, 'settings'>, principal: Principal): Promise<boolean> {
  if (principal.role === 'coordinator' || principal.organisationId === null) return false;
  return (await deps.settings.ownListening(principal.organisationId)) !== null;
}

export async function waitingForPeople(deps: Pick<HumanQueueDeps, 'jobs' | 'clock' | 'settings'>, principal: Principal): Promise<WaitingVoice[]> {
  if (principal.role === 'coordinator') return [];
  const own = await ownAllowed(deps, principal);
  // Staff hear only their own organisation's voices (and only when it allows): no need to read the pool.
  const jobs = await deps.jobs.needingHuman(principal.role === 'staff' ? principal.organisationId : undefined);
  const now = deps.clock.now();
  return jobs.flatMap((job) => {
    const access = voiceAccess(principal, job, own);
    return access ? [{ job, access, takenByColleague: heldByOther(job, principal, now) }] : [];
  });
}

async function openJob(
  deps: Pick<HumanQueueDeps, 'jobs' | 'clock' | 'settings'>,
  principal: Principal,
  jobId: string,
): Promise<{ job: VoiceJob; access: VoiceAccess }> {
  const job = await deps.jobs.get(jobId);
  // A voice this person may not hear is reported exactly like a missing one: ids cannot be probed.
  const access = job ? voiceAccess(principal, job, await ownAllowed(deps, principal)) : null;
  if (!job || !access) throw new HumanQueueError('not-found', 'no such voice answer here');
  if (job.status !== 'needs-human') throw new HumanQueueError('not-waiting', 'this voice answer is not waiting for a person (any more)');
  if (heldByOther(job, principal, deps.clock.now())) throw new HumanQueueError('held-by-another', 'someone else is transcribing this voice answer');
  return { job, access };
}

/**
 * The audio, decrypted and disguised, for listening; only while the job waits for a person, and to one
 * person at a time: opening it claims the job for CLAIM_MINUTES, so a voice is heard by as few people as
 * possible. The original never leaves: when it cannot be disguised, nothing is played.
 */
export async function audioForPerson(
  deps: Pick<HumanQueueDeps, 'jobs' | 'audio' | 'clock' | 'settings' | 'disguiser' | 'protector'>,
  principal: Principal,
  jobId: string,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  await openJob(deps, principal, jobId);
  const now = deps.clock.now();
  // Conditional: of two people opening it at once, one gets it.
  if (!(await deps.jobs.claim(jobId, principal.userId, now, new Date(now.getTime() + CLAIM_MINUTES * 60_000)))) {
    throw new HumanQueueError('held-by-another', 'someone else is transcribing this voice answer');
  }
  const audio = await deps.audio.get(jobId);
  if (!audio) throw new HumanQueueError('audio-gone', 'the audio is gone');
  return deps.disguiser.disguise(audio, disguiseVariant(deps.protector, jobId));
}

/** A person's transcript (and optional Dutch/French translation): redacted, attached, audio deleted. */
export async function submitTranscript(
  deps: HumanQueueDeps,
  principal: Principal,
  jobId: string,
  input: { transcript: string; translation?: string },
): Promise<void> {
  const { job } = await openJob(deps, principal, jobId);
  await complete(deps, job, { text: input.transcript, language: job.language, ...(input.translation ? { translation: input.translation } : {}) });
}

/** The organisation's choice, for its staff and interpreters (null for people without one). */
export async function ownListeningOf(deps: Pick<HumanQueueDeps, 'settings'>, principal: Principal): Promise<OwnListening | null> {
  if (principal.role === 'coordinator' || principal.organisationId === null) return null;
  return deps.settings.ownListening(principal.organisationId);
}

/**
 * Switch "our own staff and interpreters may hear our participants' voices" on (with the reason, which
 * everyone of the organisation who listens then sees) or off. Staff of the organisation only.
 */
export async function setOwnListening(
  deps: Pick<HumanQueueDeps, 'settings' | 'clock'>,
  principal: Principal,
  choice: { on: true; reason: string } | { on: false },
): Promise<OwnListening | null> {
  if (principal.role !== 'staff' || !mayChangeOwnListening(principal, principal.organisationId))
    throw new HumanQueueError('not-allowed', 'only staff of the organisation decide who hears its voice answers');
  const setting = choice.on ? { reason: choice.reason, by: principal.userId, since: deps.clock.now().toISOString() } : null;
  await deps.settings.setOwnListening(principal.organisationId, setting);
  return setting;
}
