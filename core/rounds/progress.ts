import { audit, auditGroup, type Family, type Published, type Table } from '../disclosure/audit.js';
import { SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { Invitation, ReachedBy } from '../model.js';
import { countNotDelivered } from './message-delivery.js';

/**
 * How far a round has got. Staff see live totals of enrolled / invited / started / completed: they need
 * them to run the round, and they say nothing about anyone's answers. Everything else about people —
 * declined, opted out, asked to hear back, and every breakdown by language or channel — is what the
 * round's latest release published (core/results/releases.ts), through disclosure control: a count of a
 * small group that changes the moment one person acts would tell staff what that person did.
 */

export const METRICS = ['enrolled', 'invited', 'started', 'completed', 'declined', 'optedOut', 'failed', 'hearBack'] as const;
export type Metric = (typeof METRICS)[number];
export type ProgressCounts = Record<Metric, number>;
const LIVE: readonly Metric[] = ['enrolled', 'invited', 'started', 'completed'];

export interface RoundProgressReport {
  total: ProgressCounts;
  byLanguage: Record<string, ProgressCounts>;
  byChannel: Record<string, ProgressCounts>;
  /** Why invitations failed, with how many each: what staff can fix (a missing template, …). */
  failures: Record<string, number>;
  /** How the invitations that went out reached people: WhatsApp free text or template, SMS or a call instead… */
  reachedBy: Partial<Record<ReachedBy, number>>;
  /**
   * Invitations (and reminders, "reminder: …") Twilio took but reported as not delivered, by reason:
   * the phone off, the number gone, WhatsApp's 24-hour window… (core/rounds/message-delivery.ts).
   */
  notDelivered: Record<string, number>;
  /**
   * Invitations not sent yet for a reason staff should know, by reason: a call waiting for its recorded
   * prompts, a call tried again after no answer… (the invitation's `failure` while it is still queued).
   */
  waiting: Record<string, number>;
}

/** Where one invitation stands; each person is in exactly one stage. */
type Stage = 'notInvited' | 'invitedOnly' | 'inProgress' | 'completed' | 'declined' | 'optedOut';
const STAGES: readonly Stage[] = ['notInvited', 'invitedOnly', 'inProgress', 'completed', 'declined', 'optedOut'];
/** The published counts as sums of stages. */
const METRIC_STAGES: Record<Exclude<Metric, 'failed' | 'hearBack'>, readonly Stage[]> = {
  enrolled: STAGES,
  invited: ['invitedOnly', 'inProgress', 'completed', 'declined'],
  started: ['inProgress', 'completed', 'declined'],
  completed: ['completed'],
  declined: ['declined'],
  optedOut: ['optedOut'],
};

export const emptyCounts = (): ProgressCounts => ({ enrolled: 0, invited: 0, started: 0, completed: 0, declined: 0, optedOut: 0, failed: 0, hearBack: 0 });
const optedOut = (inv: Invitation): boolean => inv.status === 'opted-out' || inv.progress === 'opted-out';
/** A call placed but never answered (failed after its tries) reached nobody: not counted as invited. */
const invited = (inv: Invitation): boolean => inv.status === 'invited' || (inv.invitedAt !== null && inv.status !== 'failed');

function stageOf(inv: Invitation): Stage {
  if (optedOut(inv)) return 'optedOut';
  if (inv.progress === 'completed') return 'completed';
  if (inv.progress === 'declined') return 'declined';
  if (inv.progress === 'started') return 'inProgress';
  return invited(inv) ? 'invitedOnly' : 'notInvited';
}

function add(c: ProgressCounts, inv: Invitation): void {
  c.enrolled++;
  if (invited(inv)) c.invited++;
  if (inv.progress !== 'none' && inv.progress !== 'opted-out') c.started++;
  if (inv.progress === 'completed') c.completed++;
  if (inv.progress === 'declined') c.declined++;
  if (optedOut(inv)) c.optedOut++;
  if (inv.status === 'failed') c.failed++;
  if (inv.hearBack === true && !optedOut(inv)) c.hearBack++;
}

/** Counts of one group of invitations (everyone, one language, one channel) for the audit. */
class GroupTally {
  readonly stages = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  failed = 0;
  hearBack = 0;
  add(inv: Invitation): void {
    this.stages.set(stageOf(inv), (this.stages.get(stageOf(inv)) ?? 0) + 1);
    if (inv.status === 'failed') this.failed++;
    if (inv.hearBack === true && !optedOut(inv)) this.hearBack++;
  }
  get enrolled(): number {
    return [...this.stages.values()].reduce((a, b) => a + b, 0);
  }
}

/** The live report (staff's totals, failures, reach) and the tallies the release audits. */
export interface RoundProgress {
  report: RoundProgressReport;
  table: Table;
}

const pid = (group: string, metric: string) => `p/${group}/${metric}`;

function progressTable(total: GroupTally, breakdowns: ReadonlyArray<[string, ReadonlyMap<string, GroupTally>]>): Table {
  const counts = new Map<string, number>();
  const families: Family[] = [];
  const neverPublished = new Set<string>();
  const group = (name: string, t: GroupTally): void => {
    const stageId = (s: Stage) => pid(name, `stage:${s}`);
    for (const s of STAGES) {
      counts.set(stageId(s), t.stages.get(s) ?? 0);
      neverPublished.add(stageId(s));
    }
    for (const [metric, stages] of Object.entries(METRIC_STAGES))
      counts.set(
        pid(name, metric),
        stages.reduce((n, s) => n + (t.stages.get(s) ?? 0), 0),
      );
    const subtotals = Object.entries(METRIC_STAGES)
      .filter(([metric]) => metric !== 'enrolled')
      .map(([metric, stages]) => ({ id: pid(name, metric), members: stages.map(stageId) }));
    families.push({ id: `${name}/stages`, totalId: pid(name, 'enrolled'), cellIds: STAGES.map(stageId), subtotals });
    for (const [flag, n] of [
      ['failed', t.failed],
      ['hearBack', t.hearBack],
    ] as const) {
      counts.set(pid(name, flag), n);
      counts.set(pid(name, `not:${flag}`), t.enrolled - n);
      neverPublished.add(pid(name, `not:${flag}`));
      families.push({ id: `${name}/${flag}`, totalId: pid(name, 'enrolled'), cellIds: [pid(name, flag), pid(name, `not:${flag}`)] });
    }
  };
  group('total', total);
  for (const [by, groups] of breakdowns) {
    for (const [key, t] of groups) group(`${by}:${key}`, t);
    // Each count split by language (or channel) adds up to the total's.
    for (const metric of METRICS)
      families.push({ id: `${by}/${metric}`, totalId: pid('total', metric), cellIds: [...groups.keys()].map((key) => pid(`${by}:${key}`, metric)) });
  }
  return { counts, families, neverPublished };
}

/** Enrolled, invited, started, completed, opted out, per language and channel: from the invitations, in one pass. */
export async function roundProgress(invitations: AsyncIterable<Invitation[]>): Promise<RoundProgress> {
  const report: RoundProgressReport = { total: emptyCounts(), byLanguage: {}, byChannel: {}, failures: {}, reachedBy: {}, notDelivered: {}, waiting: {} };
  const remindersNotDelivered: Record<string, number> = {};
  const total = new GroupTally();
  const languages = new Map<string, GroupTally>();
  const channels = new Map<string, GroupTally>();
  const tally = (map: Map<string, GroupTally>, key: string): GroupTally => map.get(key) ?? map.set(key, new GroupTally()).get(key) ?? new GroupTally();
  for await (const page of invitations) {
    for (const inv of page) {
      const language = inv.language ?? 'unknown';
      add(report.total, inv);
      add((report.byLanguage[language] ??= emptyCounts()), inv);
      add((report.byChannel[inv.channel] ??= emptyCounts()), inv);
      total.add(inv);
      tally(languages, language).add(inv);
      tally(channels, inv.channel).add(inv);
      if (inv.status === 'failed' && inv.failure) report.failures[inv.failure] = (report.failures[inv.failure] ?? 0) + 1;
      if ((inv.status === 'queued' || inv.status === 'sending') && inv.failure) report.waiting[inv.failure] = (report.waiting[inv.failure] ?? 0) + 1;
      if (inv.reachedBy && inv.status !== 'failed') report.reachedBy[inv.reachedBy] = (report.reachedBy[inv.reachedBy] ?? 0) + 1;
      countNotDelivered(report.notDelivered, inv.delivery);
      countNotDelivered(remindersNotDelivered, inv.reminderDelivery);
    }
  }
  for (const [reason, n] of Object.entries(remindersNotDelivered)) report.notDelivered[`reminder: ${reason}`] = n;
  return {
    report,
    table: progressTable(total, [
      ['language', languages],
      ['channel', channels],
    ]),
  };
}

/** What a release publishes of progress, audited against what the round's earlier releases published. */
export const auditProgress = (progress: RoundProgress, k: number, earlier: readonly Published[]): Published => audit(progress.table, k, earlier);

export type DisclosedCounts = Record<Metric, Cell>;

export interface DisclosedProgress {
  total: DisclosedCounts;
  /** Only when every count of every language is published; else empty. */
  byLanguage: Record<string, DisclosedCounts>;
  byChannel: Record<string, DisclosedCounts>;
  /** Staff only: why invitations failed and how they went out, live (about the sending), small counts hidden. */
  failures?: Record<string, Cell>;
  reachedBy?: Partial<Record<ReachedBy, Cell>>;
  /** Staff only: how many messages were not delivered, by reason, small counts hidden. */
  notDelivered?: Record<string, Cell>;
  /** Staff only: invitations not sent yet, by reason (waiting for recorded prompts, called again…), small counts hidden. */
  waiting?: Record<string, Cell>;
}

export function releasedBreakdown(published: Published, by: 'language' | 'channel'): Record<string, DisclosedCounts> {
  const keys = new Set(
    Object.keys(published)
      .filter((id) => id.startsWith(`p/${by}:`))
      .map((id) => id.slice(`p/${by}:`.length, id.lastIndexOf('/'))),
  );
  const rows: Record<string, DisclosedCounts> = {};
  for (const key of keys) {
    const row = Object.fromEntries(METRICS.map((m) => [m, published[pid(`${by}:${key}`, m)]]));
    if (METRICS.some((m) => row[m] === undefined)) return {};
    rows[key] = row as DisclosedCounts;
  }
  return rows;
}

/** One total as a release published it. */
export const releasedTotal = (published: Published, metric: Metric): Cell => published[pid('total', metric)] ?? SUPPRESSED;

/**
 * Progress as a viewer may see it: `published` is the latest release's (empty before the first one).
 * Staff get live totals of enrolled / invited / started / completed, and the sending's failures and reach;
 * coordinators only what the release published.
 */
export function discloseProgress(live: RoundProgressReport, published: Published, viewer: 'staff' | 'coordinator', k: number): DisclosedProgress {
  const total = Object.fromEntries(
    METRICS.map((m) => [m, viewer === 'staff' && LIVE.includes(m) ? live.total[m] : releasedTotal(published, m)]),
  ) as DisclosedCounts;
  const shown = { total, byLanguage: releasedBreakdown(published, 'language'), byChannel: releasedBreakdown(published, 'channel') };
  const group = (counts: Partial<Record<string, number>>): Record<string, Cell> =>
    Object.fromEntries(
      Object.entries(auditGroup(Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, n ?? 0])), k)).map(([key, n]) => [key, n ?? SUPPRESSED]),
    );
  return viewer === 'staff'
    ? { ...shown, failures: group(live.failures), reachedBy: group(live.reachedBy), notDelivered: group(live.notDelivered), waiting: group(live.waiting) }
    : { total, byLanguage: {}, byChannel: {} };
}
