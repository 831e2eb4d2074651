import type { Invitation, Round } from '../model.js';
import { nextAllowed, type QuietHours } from '../quiet-hours.js';

/**
 * When an invitation next needs the sweep: the time its due index entry carries.
 *
 * Why an index and not a scan: the sweep used to read every invitation of every open round on every
 * pass, so its cost grew with the people enrolled. Now each invitation carries `dueAt` (and a shard) in a
 * sparse GSI while something may be due, and a pass reads only the entries whose time has come (see
 * adapters/dynamodb/due-index.ts for the choice of a GSI over TTL + Streams or one-time schedules).
 *
 * The invariant every write keeps: if the sweep would act on an invitation at time T, the invitation is
 * in the index with `dueAt` ≤ T. `dueAt` is a lower bound, not the exact time: a write that cannot know
 * the exact time (a delivery mark does not know the round's reminder interval; a commit does not know the
 * invitation's status) writes an earlier one, and the pass that reads the entry and finds nothing to do
 * yet moves it to the exact time, or removes it when nothing will ever be due (`nextCheck`). Activity
 * only moves a reminder later, so a commit never has to lower it. Each invitation is so read a bounded
 * number of times per change, never once per pass.
 */

/** A "sending" claim older than this was left by a crash: another worker may take it over. */
export const CLAIM_EXPIRES_MS = 5 * 60 * 1000;

/** "Due at once": before any real time (ISO strings sort by time). */
export const DUE_AT_ONCE = '1970-01-01T00:00:00.000Z';

const HOUR = 3600 * 1000;

/** What the sweep reads of an invitation from the due index (the index projects these attributes). */
export type DueInvitation = Pick<
  Invitation,
  'projectId' | 'roundId' | 'contactKey' | 'channel' | 'status' | 'invitedAt' | 'remindedAt' | 'progress' | 'retryAfter' | 'lastActivityAt'
> & {
  /** When a worker claimed it for sending (status "sending"). */
  claimedAt: string | null;
  /** The time its index entry carries. */
  dueAt: string;
};

/** The due index, as the sweep reads and corrects it. */
export interface DueInvitations {
  /** Entries due at or before `until`, a page at a time (all shards). */
  dueInvitations(until: string): AsyncIterable<DueInvitation[]>;
  /**
   * Move the entry to `dueAt`, or take the invitation out of the index (null), only if the invitation is
   * still as read (its state and its entry unchanged); false if it changed meanwhile (the next pass looks).
   */
  redate(invitation: DueInvitation, dueAt: string | null): Promise<boolean>;
}

/** Where a new invitation (or one written whole) starts in the index: a lower bound of its first due time. */
export function firstDue(inv: Invitation): string | null {
  if (inv.status === 'queued') return inv.retryAfter ?? DUE_AT_ONCE;
  if (inv.status === 'sending') return DUE_AT_ONCE;
  if (inv.status === 'invited' && inv.remindedAt === null && unfinished(inv.progress)) return inv.invitedAt ?? DUE_AT_ONCE;
  return null;
}

export type DueVerdict = { job: 'invite' | 'remind' } | { job: null; next: string | null };

/**
 * What the sweep does with an invitation at `now`: a job, or the time to look again (null: never). The
 * same rules the sweep always had: invitations only while the round is open; queued ones once their retry
 * time passed; claims taken over once stale; the one reminder to people who have not finished, quiet for
 * the round's reminder interval since the invitation or their last activity.
 *
 * Quiet hours (`quiet`, the project's: core/quiet-hours.ts) move every time to the next allowed one: a
 * job due in them is not made, and the entry is moved to their end, so a night costs one read per
 * invitation, not one per pass. Settings changed later only ever delay what was moved (never a send in
 * quiet hours): an entry moved to 09:00 under the old settings is read at 09:00.
 */
export function nextCheck(inv: DueInvitation, round: Round, now: Date, quiet: QuietHours | null = null): DueVerdict {
  const iso = now.toISOString();
  const allowed = (time: string): string => (quiet ? nextAllowed(quiet, new Date(time)).toISOString() : time);
  const due = (job: 'invite' | 'remind'): DueVerdict => {
    const from = allowed(iso);
    return from === iso ? { job } : from < round.closesAt ? { job: null, next: from } : { job: null, next: null };
  };
  if (iso < round.opensAt) return { job: null, next: allowed(round.opensAt) };
  if (round.closesAt <= iso) return { job: null, next: null };
  if (inv.status === 'queued') {
    if (inv.retryAfter !== null && inv.retryAfter !== undefined && inv.retryAfter > iso) return { job: null, next: allowed(inv.retryAfter) };
    return due('invite');
  }
  // A claim is offered on every pass, as the full scan did: the worker takes it over only once stale
  // (claimInvitation). Claims are few and short-lived (a claim is marked within seconds), so this reads
  // what is being sent, never what is enrolled.
  if (inv.status === 'sending') return due('invite');
  const remindAt = reminderTime(inv, round.reminderAfterHours);
  if (remindAt === null) return { job: null, next: null };
  return remindAt <= iso ? due('remind') : { job: null, next: allowed(remindAt) };
}

/**
 * Once per invitation, to people who have not finished (never to the declined, opted out or completed),
 * once they have been quiet for the interval: since their last message in the survey, or since the
 * invitation if they never replied (or replied before it went out). Null: no reminder will be due.
 */
export function reminderTime(inv: Omit<DueInvitation, 'claimedAt' | 'dueAt'>, reminderAfterHours: number | null): string | null {
  if (reminderAfterHours === null || inv.status !== 'invited' || !unfinished(inv.progress) || inv.remindedAt !== null || inv.invitedAt === null) return null;
  const lastActivity = inv.lastActivityAt ?? null;
  const quietSince = lastActivity !== null && lastActivity > inv.invitedAt ? lastActivity : inv.invitedAt;
  return new Date(Date.parse(quietSince) + reminderAfterHours * HOUR).toISOString();
}

const unfinished = (progress: Invitation['progress']): boolean => progress === 'none' || progress === 'started';
