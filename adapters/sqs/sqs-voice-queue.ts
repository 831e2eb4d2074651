import type { SQSClient } from '@aws-sdk/client-sqs';
import { clientOf, type ClientSource } from '../aws/lazy-client.js';
import { awsSdk } from '../aws/sdk.js';
import type { VoiceQueue } from '../../core/voice/ports.js';
import * as z from '../../kernel/zod.js';
import { QueueSendError } from './sqs-job-queue.js';

/** A voice job to advance. Job ids are keyed hashes (base64url): no personal data, safe as S3 keys and job names. */
export const VoiceJobMessage = z.object({
  jobId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/)),
});
export type VoiceJobMessage = z.infer<typeof VoiceJobMessage>;

/** SQS accepts at most 10 entries per SendMessageBatch. */
const BATCH = 10;
const ATTEMPTS = 5;

/**
 * Voice jobs on one SQS queue (the local runtime uses LocalVoiceQueue). The consumer's failures come
 * back through the visibility timeout and end in the dead-letter queue; here only sending is retried.
 */
export class SqsVoiceQueue implements VoiceQueue {
  private readonly client: () => Promise<SQSClient>;

  constructor(
    sqs: ClientSource<SQSClient>,
    private readonly queueUrl: string,
  ) {
    this.client = clientOf(sqs);
  }

  async enqueue(jobIds: readonly string[]): Promise<void> {
    // A job twice in one call would only be processed twice (steps are guarded), but costs a message.
    const unique = [...new Set(jobIds)];
    for (let i = 0; i < unique.length; i += BATCH) await this.sendBatch(unique.slice(i, i + BATCH));
  }

  private async sendBatch(jobIds: readonly string[]): Promise<void> {
    let entries = jobIds.map((jobId, n) => ({ Id: String(n), MessageBody: JSON.stringify({ jobId } satisfies VoiceJobMessage) }));
    const sqs = await this.client();
    const { SendMessageBatchCommand } = awsSdk.sqs();
    for (let attempt = 0; entries.length > 0; attempt++) {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      const failed = new Set((result.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length > 0 && attempt >= ATTEMPTS - 1) throw new QueueSendError(entries.length);
      if (entries.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
