import type { Logger } from '../../core/ports.js';
import type { VoiceQueue } from '../../core/voice/ports.js';

/**
 * The in-process queue for voice jobs (SQS in the cloud): one at a time, retries after an exponential
 * backoff with jitter. processVoice counts its own tries and ends a note that keeps failing (to a person,
 * or failed), so giving up here only happens when the store itself keeps failing.
 */
export class LocalVoiceQueue implements VoiceQueue {
  private readonly pending: Array<{ jobId: string; attempt: number }> = [];
  private readonly waiting = new Set<string>();
  private running = false;
  private retrying = 0;
  private readonly idle: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly handle: (jobId: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly maxAttempts = 6,
    /** The first retry's delay; it doubles with each try, up to 30 s. */
    private readonly backoffMs = 200,
    private readonly random: () => number = Math.random,
  ) {}

  async enqueue(jobIds: readonly string[]): Promise<void> {
    for (const jobId of jobIds) {
      if (this.waiting.has(jobId)) continue;
      this.waiting.add(jobId);
      this.pending.push({ jobId, attempt: 1 });
    }
    void this.run();
  }

  async drained(): Promise<void> {
    if (!this.running && this.pending.length === 0 && this.retrying === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Between half and all of the doubled delay: notes that failed together come back spread out. */
  private retryDelay(attempt: number): number {
    const full = Math.min(30_000, this.backoffMs * 2 ** (attempt - 1));
    return Math.round(full / 2 + (this.random() * full) / 2);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (!this.stopped && this.pending.length > 0) {
      const item = this.pending.shift();
      if (!item) break;
      this.waiting.delete(item.jobId);
      try {
        await this.handle(item.jobId);
      } catch (error) {
        if (item.attempt >= this.maxAttempts) {
          this.logger.error('voice-queue.gave-up', { error: error instanceof Error ? error.name : 'unknown' });
          continue;
        }
        this.retrying++;
        setTimeout(() => {
          this.retrying--;
          this.pending.push({ jobId: item.jobId, attempt: item.attempt + 1 });
          void this.run();
        }, this.retryDelay(item.attempt)).unref();
      }
    }
    this.running = false;
    if (this.pending.length === 0 && this.retrying === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
