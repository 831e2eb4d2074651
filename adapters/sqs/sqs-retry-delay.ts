import type { SQSClient } from '@aws-sdk/client-sqs';
import { clientOf, type ClientSource } from '../aws/lazy-client.js';
import { awsSdk } from '../aws/sdk.js';

/**
 * How many times SQS hands out a job before moving it to the dead-letter queue (the queues' redrive
 * policy, cdk/constructs/queues.ts): the consumer's last try is the one that records the failure.
 */
export const MAX_RECEIVES = 5;

/** The queue URL of an event source ARN (`arn:aws:sqs:<region>:<account>:<name>`); null for anything else. */
export function queueUrlOf(eventSourceArn: string): string | null {
  const match = /^arn:(aws[\w-]*):sqs:([\w-]+):(\d{12}):([\w.-]+)$/.exec(eventSourceArn);
  if (!match) return null;
  const [, partition, region, account, name] = match;
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}

/**
 * Sets when SQS hands a failed job out again (ChangeMessageVisibility) instead of the queue's fixed
 * visibility timeout, so retries back off. The consumer's event source mapping may already do this
 * (its role can ChangeMessageVisibility on its own queue); the SDK package loads on the first failure only.
 */
export class SqsRetryDelay {
  private readonly client: () => Promise<SQSClient>;

  constructor(sqs: ClientSource<SQSClient>) {
    this.client = clientOf(sqs);
  }

  async delay(record: { eventSourceARN: string; receiptHandle: string }, seconds: number): Promise<void> {
    const queueUrl = queueUrlOf(record.eventSourceARN);
    if (!queueUrl) return;
    const { ChangeMessageVisibilityCommand } = awsSdk.sqs();
    const sqs = await this.client();
    // SQS accepts 0–43,200 s (12 hours).
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  }
}
