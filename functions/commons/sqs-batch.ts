import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../core/ports.js';
import type * as z from '../../kernel/zod.js';

/** Which receive of a message this is: the last one (`final`) is followed by the dead-letter queue. */
export interface ReceiveAttempt {
  number: number;
  final: boolean;
}

export interface SqsRetryOptions {
  /** The queue's maxReceiveCount: on that receive a failure is final. */
  maxReceives: number;
  /** Delays the next receive of a failed record (SqsRetryDelay); without it the visibility timeout decides. */
  delay?: (record: SQSRecord, seconds: number) => Promise<void>;
  /** The first retry's delay in seconds; it doubles with each receive, up to `maxDelaySeconds`. */
  baseDelaySeconds?: number;
  maxDelaySeconds?: number;
  random?: () => number;
}

/**
 * An SQS consumer: each record parsed with `schema` and handed to `work` with its receive count. A
 * malformed record is not ours to retry (it would fail forever): logged without its content and dropped.
 * A record whose work throws is reported back alone, so SQS retries just it — after an exponential
 * backoff with jitter when `retry.delay` is given — and, after the configured receives, moves it to the
 * dead-letter queue.
 */
export function sqsBatchHandler<T>(
  name: string,
  schema: z.ZodMiniType<T>,
  work: (message: T, attempt: ReceiveAttempt) => Promise<unknown>,
  logger: Logger,
  retry?: SqsRetryOptions,
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const message = schema.safeParse(parseJson(record.body));
      if (!message.success) {
        logger.error(`${name}.malformed-job`);
        continue;
      }
      const number = Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);
      const final = retry !== undefined && number >= retry.maxReceives;
      try {
        await work(message.data, { number, final });
      } catch (error) {
        logger.warn(`${name}.retry`, { error: error instanceof Error ? error.name : 'unknown', receive: number, final });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        if (retry?.delay && !final) await backOff(retry, record, number, logger, name);
      }
    }
    return { batchItemFailures };
  };
}

/** Between half and all of the doubled delay, so records that failed together come back spread out. */
async function backOff(retry: SqsRetryOptions, record: SQSRecord, receive: number, logger: Logger, name: string): Promise<void> {
  const full = Math.min(retry.maxDelaySeconds ?? 900, (retry.baseDelaySeconds ?? 10) * 2 ** (receive - 1));
  const seconds = Math.round(full / 2 + ((retry.random ?? Math.random)() * full) / 2);
  // Best effort: without it SQS still retries, after the queue's visibility timeout.
  await retry
    .delay?.(record, seconds)
    .catch((error: unknown) => logger.warn(`${name}.delay-failed`, { error: error instanceof Error ? error.name : 'unknown' }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
