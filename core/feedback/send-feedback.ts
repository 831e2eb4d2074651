import { auditGroup, type Published } from '../disclosure/audit.js';
import { countNotDelivered } from '../rounds/message-delivery.js';
import { kOf, SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { Invitation, Project, Round } from '../model.js';
import { releasedBreakdown, releasedTotal } from '../rounds/progress.js';
import type { Clock } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from '../rounds/ports.js';
import { languageChain } from '../texts.js';
import type { RoundFeedback } from './model.js';
import type { FeedbackHold, FeedbackStore } from './ports.js';
import { isQuiet, nextAllowed, quietHoursOf } from '../quiet-hours.js';

/**
 * Why a message cannot go out, as a stable code (only the edge maps it to HTTP): nothing written yet, the
 * round still open, or a language of the project without a message.
 */
export type FeedbackRefusal = 'no-message' | 'round-open' | 'language-missing';

/** A refused send; `field` names what to fix. */
export class FeedbackError extends Error {
  constructor(
    readonly code: FeedbackRefusal,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeedbackError';
  }
}

export interface FeedbackDeps {
  feedback: FeedbackStore;
  participants: ParticipantStore;
  queue: JobQueue;
  clock: Clock;
  /** Where quiet hours hold the copies (the round); without one they are queued at once and the sender waits. */
  hold?: FeedbackHold | undefined;
}

/** Who asked to hear back in this round: a "yes" to its hear-back question, and not opted out since. */
export const wantsToHearBack = (inv: Invitation): boolean => inv.hearBack === true && inv.progress !== 'opted-out' && inv.status !== 'opted-out';

/** The language someone reads the message in: theirs, else the project's fallbacks; null when none is written. */
export function feedbackLanguage(feedback: Pick<RoundFeedback, 'texts'>, language: string | null, project: Pick<Project, 'fallbackLanguages'>): string | null {
  return languageChain(language, project.fallbackLanguages).find((l) => (feedback.texts[l] ?? '').trim() !== '') ?? null;
}

/**
 * Who asked to hear back, as staff may see it: the counts the round's latest release published
 * (core/rounds/progress.ts; disclosure control), never live — a count that moves when one person says
 * yes tells staff what that person said.
 */
export interface FeedbackAudience {
  recipients: Cell;
  /** Per language, only where the release published every language's count. */
  byLanguage: Record<string, Cell>;
  /**
   * Languages of the project with no message (neither theirs nor a fallback is written). Every language
   * of the project must be covered: asking only for the languages of those who said yes would tell who they are.
   */
  missing: string[];
}

/** The project's languages that would get no message. */
export const missingLanguages = (project: Project, feedback: Pick<RoundFeedback, 'texts'>): string[] =>
  project.languages.filter((l) => !feedbackLanguage(feedback, l, project)).sort();

async function recipients(deps: Pick<FeedbackDeps, 'participants'>, round: Pick<Round, 'projectId' | 'roundId'>): Promise<Map<string, Invitation['channel']>> {
  const channels = new Map<string, Invitation['channel']>();
  for await (const page of deps.participants.invitations(round.projectId, round.roundId)) {
    for (const inv of page.filter(wantsToHearBack)) channels.set(inv.contactKey, inv.channel);
  }
  return channels;
}

/** The audience as the release published it (`published`: the latest release's progress; empty before one). */
export function feedbackAudience(project: Project, feedback: Pick<RoundFeedback, 'texts'>, published: Published): FeedbackAudience {
  const byLanguage = Object.fromEntries(Object.entries(releasedBreakdown(published, 'language')).map(([lang, counts]) => [lang, counts.hearBack]));
  return { recipients: releasedTotal(published, 'hearBack'), byLanguage, missing: missingLanguages(project, feedback) };
}

/**
 * Send the round's message to everyone who asked to hear back, through the delivery queue. Once the
 * round has closed only, and only when everyone can read it (their language or a fallback is written).
 * Sending again resumes: copies still queued (say, after a crash mid-way) are queued again; each copy
 * is claimed before it goes out, so nobody gets it twice.
 */
export async function sendFeedback(deps: FeedbackDeps, project: Project, round: Round): Promise<SendResult> {
  const { projectId, roundId } = round;
  const feedback = await deps.feedback.get(projectId, roundId);
  if (!feedback || Object.values(feedback.texts).every((t) => t.trim() === '')) throw new FeedbackError('no-message', 'texts', 'write the message first');
  const now = deps.clock.now().toISOString();
  if (now < round.closesAt)
    throw new FeedbackError('round-open', 'roundId', `the round is open until ${round.closesAt}: close it first, so everyone who takes part can hear back`);
  const missing = missingLanguages(project, feedback);
  const [lang] = missing;
  if (lang)
    throw new FeedbackError(
      'language-missing',
      `texts.${lang}`,
      `write the message in ${missing.join(', ')} (or in a fallback language of the project): every language of the project needs one`,
    );
  const channels = await recipients(deps, round);
  const first = await deps.feedback.markSent(projectId, roundId, now);
  await deps.feedback.addRecipients(projectId, roundId, [...channels.keys()], now);
  // In quiet hours the copies wait, queued, for the next allowed time: the scheduler hands them on then.
  const quiet = quietHoursOf(project);
  if (deps.hold && isQuiet(quiet, new Date(now))) {
    const heldUntil = nextAllowed(quiet, new Date(now)).toISOString();
    await deps.hold.holdFeedback(projectId, roundId, heldUntil);
    let queued = 0;
    for await (const page of deps.feedback.deliveries(projectId, roundId)) queued += page.filter((d) => d.status === 'queued').length;
    return { recipients: channels.size, queued, alreadySent: !first, heldUntil };
  }
  const queued = await enqueueQueued(deps, projectId, roundId, channels);
  return { recipients: channels.size, queued, alreadySent: !first, heldUntil: null };
}

/** Every copy still queued, onto the delivery queue (each is claimed before it goes out: none goes twice). */
async function enqueueQueued(
  deps: Pick<FeedbackDeps, 'feedback' | 'queue'>,
  projectId: string,
  roundId: string,
  channels: ReadonlyMap<string, Invitation['channel']>,
): Promise<number> {
  let queued = 0;
  for await (const page of deps.feedback.deliveries(projectId, roundId)) {
    const jobs: DeliveryJob[] = page
      .filter((d) => d.status === 'queued')
      .map((d) => ({ type: 'feedback', projectId, roundId, contactKey: d.contactKey, channel: channels.get(d.contactKey) ?? 'sms' }));
    queued += jobs.length;
    if (jobs.length) await deps.queue.enqueue(jobs);
  }
  return queued;
}

/**
 * The scheduler's side of a hold: once the round's hold has passed (and it is not quiet again), the
 * copies still queued go to the delivery queue, and the hold is cleared. Returns how many were queued.
 */
export async function resumeFeedback(deps: Pick<FeedbackDeps, 'feedback' | 'participants' | 'queue'> & { hold: FeedbackHold }, round: Round): Promise<number> {
  const until = round.feedbackHeldUntil;
  if (!until) return 0;
  const queued = await enqueueQueued(deps, round.projectId, round.roundId, await recipients(deps, round));
  await deps.hold.releaseFeedback(round.projectId, round.roundId, until);
  return queued;
}

export interface SendResult {
  recipients: number;
  queued: number;
  alreadySent: boolean;
  /** Quiet hours now: the copies go out from this time (null: queued for sending at once). */
  heldUntil: string | null;
}

/**
 * What staff are told of a send: the number of recipients the round's release published (a live count
 * would tell, against the completed total, how many said no), and the copies queued only where that
 * says no more (none, or all of them).
 */
export function disclosedSend(result: SendResult, published: Published): { recipients: Cell; queued: Cell; alreadySent: boolean; heldUntil?: string } {
  const recipients = releasedTotal(published, 'hearBack');
  const queued: Cell = result.queued === 0 ? 0 : recipients === result.queued ? result.queued : SUPPRESSED;
  // Held by quiet hours: when the copies go out.
  return { recipients, queued, alreadySent: result.alreadySent, ...(result.heldUntil ? { heldUntil: result.heldUntil } : {}) };
}

export interface FeedbackReport {
  feedback: RoundFeedback | null;
  audience: FeedbackAudience;
  /** Copies by status, and by how they reached people: each group through disclosure control. */
  deliveries: { byStatus: Record<string, Cell>; byReachedBy: Record<string, Cell>; failures: Record<string, Cell>; notDelivered: Record<string, Cell> };
}

/** A group of live counts through disclosure control; hidden ones as such. `totalMayShow`: their sum may be known. */
function disclosedGroup(counts: Record<string, number>, k: number, totalMayShow: boolean): Record<string, Cell> {
  return Object.fromEntries(Object.entries(auditGroup(counts, k, totalMayShow)).map(([key, n]) => [key, n ?? SUPPRESSED]));
}

/** `published`: what the round's latest release published of its progress (empty before the first). */
export async function feedbackReport(deps: Pick<FeedbackDeps, 'feedback'>, project: Project, round: Round, published: Published): Promise<FeedbackReport> {
  const feedback = await deps.feedback.get(project.projectId, round.roundId);
  const byStatus: Record<string, number> = {};
  const byReachedBy: Record<string, number> = {};
  const failures: Record<string, number> = {};
  // Copies Twilio took but reported as not delivered, by reason (core/rounds/message-delivery.ts).
  const notDelivered: Record<string, number> = {};
  for await (const page of deps.feedback.deliveries(project.projectId, round.roundId)) {
    for (const d of page) {
      byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
      if (d.reachedBy && d.status === 'sent') byReachedBy[d.reachedBy] = (byReachedBy[d.reachedBy] ?? 0) + 1;
      if (d.status === 'failed' && d.failure) failures[d.failure] = (failures[d.failure] ?? 0) + 1;
      countNotDelivered(notDelivered, d.delivery);
    }
  }
  const k = kOf(project);
  const audience = feedbackAudience(project, feedback ?? { texts: {} }, published);
  // The copies add up to the audience: where the release hid how many asked, their counts may not tell it.
  const audienceShown = typeof audience.recipients === 'number';
  const sent = byStatus['sent'] ?? 0;
  return {
    feedback,
    audience,
    deliveries: {
      byStatus: disclosedGroup(byStatus, k, audienceShown),
      byReachedBy: disclosedGroup(byReachedBy, k, audienceShown && sent === audience.recipients),
      failures: disclosedGroup(failures, k, false),
      notDelivered: disclosedGroup(notDelivered, k, false),
    },
  };
}
