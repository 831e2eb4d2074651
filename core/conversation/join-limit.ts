import type { Logger, Protector } from '../ports.js';

/**
 * Guessing join codes. Every code sent (`JOIN AAAA`, or a bare word from a stranger) is looked up, and
 * the reply says whether it exists: texting `JOIN AAAA`, `JOIN AAAB`… finds the projects, joins one that
 * is not yours (your answers then pollute its results) and tells you its name. So wrong codes are
 * counted, per sender and for the whole service, over a sliding hour; past either limit no code is
 * looked up any more and the reply is the one an unknown code gets, so a guess teaches nothing.
 *
 * The service-wide limit is the one that holds against many numbers; while it is reached, people who
 * join with a right code are refused too (imported participants are not affected). It is set well
 * above what typing mistakes produce.
 */

/** Counts of wrong codes per counter and window (an hour), kept a little longer than they are read. */
export interface JoinAttemptCounts {
  /** One more wrong code for each counter, in the window; `expiresAt` in epoch seconds. */
  add(counters: readonly string[], window: number, expiresAt: number): Promise<void>;
  /** The counts, `[counter][window]`, 0 where none. */
  read(counters: readonly string[], windows: readonly number[]): Promise<number[][]>;
}

export interface JoinLimits {
  /** Wrong codes one number may send in an hour. */
  perSender: number;
  /** Wrong codes all numbers together may send in an hour. */
  service: number;
  windowSeconds: number;
}

export const JOIN_LIMITS: JoinLimits = { perSender: 5, service: 300, windowSeconds: 3600 };

export class JoinLimiter {
  constructor(
    private readonly counts: JoinAttemptCounts,
    private readonly protector: Protector,
    private readonly logger: Logger,
    private readonly limits: JoinLimits = JOIN_LIMITS,
  ) {}

  /**
   * The project of `code`, sent by `phone` at `now`, looked up with `find` unless the sender or the
   * service has sent too many wrong codes; a wrong code is counted. Null: no such code, or no look-up.
   */
  async projectIdOf(code: string, phone: string, now: Date, find: (code: string) => Promise<string | null>): Promise<string | null> {
    const counters = this.counters(phone);
    const { current, elapsed } = this.window(now);
    const [sender = [], service = []] = await this.counts.read(counters, [current - 1, current]);
    // Sliding hour: the previous window counts for the part of it still within the hour (rounded up, so
    // a burst just before the hour turns is not forgiven a minute later).
    const recent = ([previous = 0, latest = 0]: number[]) => Math.ceil(previous * (1 - elapsed)) + latest;
    const limited = recent(sender) >= this.limits.perSender ? 'sender' : recent(service) >= this.limits.service ? 'service' : null;
    if (limited) {
      this.logger.warn('join.limited', { by: limited });
      return null;
    }
    const projectId = await find(code);
    if (projectId === null) await this.counts.add(counters, current, (current + 2) * this.limits.windowSeconds);
    return projectId;
  }

  /**
   * The sender by a keyed hash of the number made for this purpose only: not the contact key, so the
   * counters cannot be joined to contacts from table data alone.
   */
  private counters(phone: string): string[] {
    return [`sender#${this.protector.ledgerKey(`join-attempts|${phone}`)}`, 'service'];
  }

  private window(now: Date): { current: number; elapsed: number } {
    const windows = now.getTime() / 1000 / this.limits.windowSeconds;
    const current = Math.floor(windows);
    return { current, elapsed: windows - current };
  }
}
