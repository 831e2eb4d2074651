import type { SQSClient } from '@aws-sdk/client-sqs';
import { clientOf, type ClientSource } from '../aws/lazy-client.js';
import { awsSdk } from '../aws/sdk.js';
import { inParallel } from '../../core/in-parallel.js';
import type { DeliveryJob, JobQueue } from '../../core/rounds/ports.js';
import * as z from '../../kernel/zod.js';

export const DeliveryJobMessage = z.object({
  type: z.enum(['invite', 'remind', 'feedback']),
  projectId: z.string(),
  roundId: z.string(),
  contactKey: z.string(),
  channel: z.enum(['sms', 'whatsapp', 'voice']),
});

export class QueueSendError extends Error {
  readonly code = 'QUEUE_SEND';
  constructor(failed: number) {
    super(`SQS refused ${failed} message(s) after retries`);
    this.name = 'QueueSendError';
  }
}

/** SendMessageBatch calls at once: enough to enqueue a large round in seconds, few enough not to be throttled. */
export const BATCHES_IN_FLIGHT = 16;

/**
 * Delivery jobs on SQS (one queue per channel, so each consumer can be paced to its channel's rate;
 * a dead-letter queue behind each). Messages hold contact keys, never numbers.
 */
export class SqsJobQueue implements JobQueue {
  private readonly client: () => Promise<SQSClient>;

  constructor(
    sqs: ClientSource<SQSClient>,
    private readonly queueUrls: Record<DeliveryJob['channel'], string>,
  ) {
    this.client = clientOf(sqs);
  }

  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    const sqs = await this.client();
    const { SendMessageBatchCommand } = awsSdk.sqs();
    const batches: Array<{ queueUrl: string; jobs: DeliveryJob[] }> = [];
    for (const channel of ['sms', 'whatsapp', 'voice'] as const) {
      const lane = jobs.filter((j) => j.channel === channel);
      for (let i = 0; i < lane.length; i += 10) batches.push({ queueUrl: this.queueUrls[channel], jobs: lane.slice(i, i + 10) });
    }
    const sendBatch = async (batch: { queueUrl: string; jobs: DeliveryJob[] }) => {
      let entries = batch.jobs.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: batch.queueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length > 0 && attempt >= 4) throw new QueueSendError(entries.length);
        if (entries.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    };
    // Several batches in flight: one after the other, 10,000 invitations are 1,000 round trips, which in
    // AWS (~20 ms each) would take most of the staff API's 29 seconds. A failed batch fails the launch after
    // the others finished; its invitations stay queued and the sweep offers them again.
    const failures = (
      await inParallel(batches, BATCHES_IN_FLIGHT, (batch) =>
        sendBatch(batch).then(
          () => null,
          (error: unknown) => ({ error }),
        ),
      )
    ).filter((f) => f !== null);
    if (failures[0]) throw failures[0].error;
  }
}
