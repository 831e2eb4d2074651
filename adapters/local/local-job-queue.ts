import type { Channel } from '../../core/model.js';
import type { Logger } from '../../core/ports.js';
import type { DeliveryAttempt } from '../../core/rounds/deliver.js';
import type { DeliveryJob, JobQueue } from '../../core/rounds/ports.js';

export type ChannelRates = Record<Channel, number>;

/**
 * The in-process queue (SQS in the cloud): one lane per channel, each paced at its own rate in
 * messages per second, with retries after an exponential backoff with jitter (jobs that failed together,
 * say on a Twilio throttle, do not come back together); a job that keeps failing is set aside (`dead`),
 * like a dead-letter queue, and logged — never silently dropped. The handler is told which try it runs
 * and whether it is the last, so it can record the failure where staff see it.
 */
export class LocalJobQueue implements JobQueue {
  private readonly lanes = new Map<Channel, Array<{ job: DeliveryJob; attempt: number }>>();
  private readonly running = new Set<Channel>();
  private readonly idle: Array<() => void> = [];
  readonly dead: DeliveryJob[] = [];
  private retrying = 0;
  private readonly waiting = new Set<string>();
  private stopped = false;

  constructor(
    /** Resolves true when a message went out: only those use up the channel's rate. */
    private readonly handle: (job: DeliveryJob, attempt: DeliveryAttempt) => Promise<boolean>,
    private readonly rates: ChannelRates,
    private readonly logger: Logger,
    private readonly maxAttempts = 5,
    /** The first retry's delay; it doubles with each try, up to 30 s. */
    private readonly backoffMs = 400,
    private readonly random: () => number = Math.random,
  ) {}

  /** Between half and all of the doubled delay: spread out, yet never a retry right away. */
  private retryDelay(attempt: number): number {
    const full = Math.min(30_000, this.backoffMs * 2 ** (attempt - 1));
    return Math.round(full / 2 + (this.random() * full) / 2);
  }

  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    for (const job of jobs) {
      // A job already waiting is not queued twice (the sweep offers queued invitations again).
      if (this.waiting.has(jobKey(job))) continue;
      this.waiting.add(jobKey(job));
      const lane = this.lanes.get(job.channel) ?? [];
      lane.push({ job, attempt: 1 });
      this.lanes.set(job.channel, lane);
    }
    for (const channel of new Set(jobs.map((j) => j.channel))) void this.run(channel);
  }

  /** Resolves when every lane is empty (tests, and a clean shutdown). */
  async drained(): Promise<void> {
    if (this.pending() === 0 && this.running.size === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  pending(): number {
    let n = this.retrying;
    for (const lane of this.lanes.values()) n += lane.length;
    return n;
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(channel: Channel): Promise<void> {
    if (this.running.has(channel)) return;
    this.running.add(channel);
    const gap = 1000 / Math.max(0.01, this.rates[channel]);
    const lane = this.lanes.get(channel) ?? [];
    while (!this.stopped && lane.length > 0) {
      const item = lane.shift();
      if (!item) break;
      this.waiting.delete(jobKey(item.job));
      const started = Date.now();
      let sent = false;
      try {
        sent = await this.handle(item.job, { number: item.attempt, final: item.attempt >= this.maxAttempts });
      } catch (error) {
        const name = error instanceof Error ? error.name : 'unknown';
        if (item.attempt < this.maxAttempts) {
          this.logger.warn('queue.retry', { channel, attempt: item.attempt, error: name });
          const backoff = this.retryDelay(item.attempt);
          this.retrying++;
          setTimeout(() => {
            this.retrying--;
            lane.push({ job: item.job, attempt: item.attempt + 1 });
            void this.run(channel);
          }, backoff).unref();
        } else {
          this.logger.error('queue.dead-letter', { channel, type: item.job.type, error: name });
          this.dead.push(item.job);
        }
      }
      const wait = gap - (Date.now() - started);
      if (sent && wait > 0 && lane.length > 0) await new Promise((r) => setTimeout(r, wait));
    }
    this.running.delete(channel);
    if (this.pending() === 0 && this.running.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

const jobKey = (j: DeliveryJob): string => `${j.type}|${j.projectId}|${j.roundId}|${j.contactKey}`;
