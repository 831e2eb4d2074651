import type { Invitation, Project, Round } from '../model.js';
import type { Clock } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from '../rounds/ports.js';
import { languageChain } from '../texts.js';
import type { RoundFeedback } from './model.js';
import type { FeedbackStore } from './ports.js';

/** Why a message cannot go out; `field` names what to fix (the API turns it into a 4xx problem). */
export class FeedbackError extends Error {
  constructor(
    readonly status: 400 | 409,
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
}

/** Who asked to hear back in this round: a "yes" to its hear-back question, and not opted out since. */
export const wantsToHearBack = (inv: Invitation): boolean => inv.hearBack === true && inv.progress !== 'opted-out' && inv.status !== 'opted-out';

/** The language someone reads the message in: theirs, else the project's fallbacks; null when none is written. */
export function feedbackLanguage(feedback: Pick<RoundFeedback, 'texts'>, language: string | null, project: Pick<Project, 'fallbackLanguages'>): string | null {
  return languageChain(language, project.fallbackLanguages).find((l) => (feedback.texts[l] ?? '').trim() !== '') ?? null;
}

export interface FeedbackAudience {
  recipients: number;
  /** Per language (null: not known yet) of the people who asked: how many. */
  byLanguage: Record<string, number>;
  /** Languages some recipients would get no message in (neither theirs nor a fallback is written). */
  missing: string[];
}

async function audience(
  deps: Pick<FeedbackDeps, 'participants'>,
  project: Project,
  round: Round,
  feedback: Pick<RoundFeedback, 'texts'>,
): Promise<{ channels: Map<string, Invitation['channel']>; summary: FeedbackAudience }> {
  const channels = new Map<string, Invitation['channel']>();
  const byLanguage: Record<string, number> = {};
  const missing = new Set<string>();
  for await (const page of deps.participants.invitations(project.projectId, round.roundId)) {
    for (const inv of page.filter(wantsToHearBack)) {
      channels.set(inv.contactKey, inv.channel);
      const lang = inv.language ?? project.languages[0] ?? 'en';
      byLanguage[lang] = (byLanguage[lang] ?? 0) + 1;
      if (!feedbackLanguage(feedback, inv.language, project)) missing.add(lang);
    }
  }
  return { channels, summary: { recipients: channels.size, byLanguage, missing: [...missing].sort() } };
}

/** Who would receive the message now, and in which languages it is still missing. */
export async function feedbackAudience(deps: Pick<FeedbackDeps, 'participants'>, project: Project, round: Round, feedback: Pick<RoundFeedback, 'texts'>): Promise<FeedbackAudience> {
  return (await audience(deps, project, round, feedback)).summary;
}

/**
 * Send the round's message to everyone who asked to hear back, through the delivery queue. Once the
 * round has closed only, and only when everyone can read it (their language or a fallback is written).
 * Sending again resumes: copies still queued (say, after a crash mid-way) are queued again; each copy
 * is claimed before it goes out, so nobody gets it twice.
 */
export async function sendFeedback(deps: FeedbackDeps, project: Project, round: Round): Promise<{ recipients: number; queued: number; alreadySent: boolean }> {
  const { projectId, roundId } = round;
  const feedback = await deps.feedback.get(projectId, roundId);
  if (!feedback || Object.values(feedback.texts).every((t) => t.trim() === '')) throw new FeedbackError(400, 'texts', 'write the message first');
  const now = deps.clock.now().toISOString();
  if (now < round.closesAt) throw new FeedbackError(409, 'roundId', `the round is open until ${round.closesAt}: close it first, so everyone who takes part can hear back`);
  const { channels, summary } = await audience(deps, project, round, feedback);
  const [lang] = summary.missing;
  if (lang) throw new FeedbackError(400, `texts.${lang}`, `people who read ${summary.missing.join(', ')} asked to hear back: write the message in that language (or in a fallback language of the project)`);
  const first = await deps.feedback.markSent(projectId, roundId, now);
  await deps.feedback.addRecipients(projectId, roundId, [...channels.keys()], now);
  let queued = 0;
  for await (const page of deps.feedback.deliveries(projectId, roundId)) {
    const jobs: DeliveryJob[] = page
      .filter((d) => d.status === 'queued')
      .map((d) => ({ type: 'feedback', projectId, roundId, contactKey: d.contactKey, channel: channels.get(d.contactKey) ?? 'sms' }));
    queued += jobs.length;
    if (jobs.length) await deps.queue.enqueue(jobs);
  }
  return { recipients: channels.size, queued, alreadySent: !first };
}

export interface FeedbackReport {
  feedback: RoundFeedback | null;
  audience: FeedbackAudience;
  /** Copies by status, and by how they reached people. */
  deliveries: { byStatus: Record<string, number>; byReachedBy: Record<string, number>; failures: Record<string, number> };
}

export async function feedbackReport(deps: Pick<FeedbackDeps, 'participants' | 'feedback'>, project: Project, round: Round): Promise<FeedbackReport> {
  const feedback = await deps.feedback.get(project.projectId, round.roundId);
  const byStatus: Record<string, number> = {};
  const byReachedBy: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for await (const page of deps.feedback.deliveries(project.projectId, round.roundId)) {
    for (const d of page) {
      byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
      if (d.reachedBy && d.status === 'sent') byReachedBy[d.reachedBy] = (byReachedBy[d.reachedBy] ?? 0) + 1;
      if (d.status === 'failed' && d.failure) failures[d.failure] = (failures[d.failure] ?? 0) + 1;
    }
  }
  return { feedback, audience: await feedbackAudience(deps, project, round, feedback ?? { texts: {} }), deliveries: { byStatus, byReachedBy, failures } };
}
