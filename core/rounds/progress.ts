import type { Invitation, ReachedBy } from '../model.js';
import { K, SUPPRESSED, type Cell } from '../results/summary.js';

export interface ProgressCounts {
  enrolled: number;
  invited: number;
  started: number;
  completed: number;
  declined: number;
  optedOut: number;
  failed: number;
  /** Said yes to hearing back what was done with the answers ("you said, we did"). */
  hearBack: number;
}

export interface RoundProgressReport {
  total: ProgressCounts;
  byLanguage: Record<string, ProgressCounts>;
  byChannel: Record<string, ProgressCounts>;
  /** Why invitations failed, with how many each: what staff can fix (a missing template, …). */
  failures: Record<string, number>;
  /** How the invitations that went out reached people: WhatsApp free text or template, SMS or a call instead… */
  reachedBy: Partial<Record<ReachedBy, number>>;
}

const empty = (): ProgressCounts => ({ enrolled: 0, invited: 0, started: 0, completed: 0, declined: 0, optedOut: 0, failed: 0, hearBack: 0 });

function add(c: ProgressCounts, inv: Invitation): void {
  c.enrolled++;
  // A call placed but never answered (failed after its tries) reached nobody: not counted as invited.
  if (inv.status === 'invited' || (inv.invitedAt !== null && inv.status !== 'failed')) c.invited++;
  if (inv.progress !== 'none' && inv.progress !== 'opted-out') c.started++;
  if (inv.progress === 'completed') c.completed++;
  if (inv.progress === 'declined') c.declined++;
  if (inv.status === 'opted-out' || inv.progress === 'opted-out') c.optedOut++;
  if (inv.status === 'failed') c.failed++;
  if (inv.hearBack === true) c.hearBack++;
}

/** Invited, started, completed, opted out, per language and channel: from the invitations, in one pass. */
export async function roundProgress(invitations: AsyncIterable<Invitation[]>): Promise<RoundProgressReport> {
  const report: RoundProgressReport = { total: empty(), byLanguage: {}, byChannel: {}, failures: {}, reachedBy: {} };
  for await (const page of invitations) {
    for (const inv of page) {
      add(report.total, inv);
      add((report.byLanguage[inv.language ?? 'unknown'] ??= empty()), inv);
      add((report.byChannel[inv.channel] ??= empty()), inv);
      if (inv.status === 'failed' && inv.failure) report.failures[inv.failure] = (report.failures[inv.failure] ?? 0) + 1;
      if (inv.reachedBy && inv.status !== 'failed') report.reachedBy[inv.reachedBy] = (report.reachedBy[inv.reachedBy] ?? 0) + 1;
    }
  }
  return report;
}

/**
 * What coordinators see of progress: totals only, counts under k = 5 suppressed. Per-language and
 * per-channel counts of a small group would point at people (one Tigrinya speaker who did not finish).
 */
export function coordinatorProgress(report: RoundProgressReport): { total: Record<keyof ProgressCounts, Cell> } {
  const total = Object.fromEntries(Object.entries(report.total).map(([key, n]) => [key, n < K ? SUPPRESSED : n])) as Record<keyof ProgressCounts, Cell>;
  return { total };
}
