import type { Logger, Protector } from '../ports.js';

/**
 * Guessing join codes. Every code sent (`JOIN AAAA`, or a bare word from a stranger) is looked up, and
 * the reply says whether it exists: texting `JOIN AAAA`, `JOIN AAAB`… finds the projects, joins one that
 * is not yours (your answers then pollute its results) and tells you its name. So wrong codes are
 * counted over a sliding hour, per sender (a keyed hash of the number) and for the whole service.
 *
 * - Per sender: past the limit no code from that number is looked up any more, not even a right one,
 *   and the reply is the one an unknown code gets, so its guesses teach nothing.
 * - Service-wide: never holds back a right code. Other people's guesses must not lock out a newcomer
 *   (300 wrong codes from 60 numbers once locked joining for every organisation for an hour). While the
 *   service-wide count is reached, an unknown code is only answered with silence: a flood of guesses from
 *   many numbers then costs us no replies, and a guesser hears nothing more than "not this one".
 *
 * What many numbers can still learn is bounded by the per-sender limit times the numbers they hold; a
 * code of a few letters is no secret against that, which is why a join code only lets someone answer.
 */

/** Counts of wrong codes per counter and window (an hour), kept a little longer than they are read. */
export interface JoinAttemptCounts {
  /** One more wrong code for each counter, in the window; `expiresAt` in epoch seconds. */
  add(counters: readonly string[], window: number, expiresAt: number): Promise<void>;
  /** The counts, `[counter][window]`, 0 where none. */
  read(counters: readonly string[], windows: readonly number[]): Promise<number[][]>;
}

export interface JoinLimits {
  /** Wrong codes one number may send in an hour; then none of its codes is looked up. */
  perSender: number;
  /** Wrong codes all numbers together may send in an hour before unknown codes go unanswered. */
  service: number;
  windowSeconds: number;
}

/** A look-up's outcome: the project, or none, and whether to stay silent about it (a flood). */
export interface JoinLookup {
  projectId: string | null;
  quiet: boolean;
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
   * The project of `code`, sent by `phone` at `now`, looked up with `find` unless the sender has sent too
   * many wrong codes; a wrong code is counted. `quiet`: no project, and during a flood of wrong codes
   * service-wide, answer nothing.
   */
  async lookUp(code: string, phone: string, now: Date, find: (code: string) => Promise<string | null>): Promise<JoinLookup> {
    const counters = this.counters(phone);
    const { current, elapsed } = this.window(now);
    const [sender = [], service = []] = await this.counts.read(counters, [current - 1, current]);
    // Sliding hour: the previous window counts for the part of it still within the hour (rounded up, so
    // a burst just before the hour turns is not forgiven a minute later).
    const recent = ([previous = 0, latest = 0]: number[]) => Math.ceil(previous * (1 - elapsed)) + latest;
    const flood = recent(service) >= this.limits.service;
    if (recent(sender) >= this.limits.perSender) {
      this.logger.warn('join.limited', { by: 'sender' });
      return { projectId: null, quiet: flood };
    }
    const projectId = await find(code);
    if (projectId !== null) return { projectId, quiet: false };
    await this.counts.add(counters, current, (current + 2) * this.limits.windowSeconds);
    if (flood) this.logger.warn('join.limited', { by: 'service' });
    return { projectId: null, quiet: flood };
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
