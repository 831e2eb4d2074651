import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Logger } from '../../core/ports.js';
import type * as z from '../../core/zod.js';

/**
 * An SQS consumer: each record parsed with `schema` and handed to `work`. A malformed record is not
 * ours to retry (it would fail forever): logged without its content and dropped. A record whose work
 * throws is reported back alone, so SQS retries just it and, after the configured receives, moves it to
 * the dead-letter queue.
 */
export function sqsBatchHandler<T>(name: string, schema: z.ZodMiniType<T>, work: (message: T) => Promise<unknown>, logger: Logger) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const message = schema.safeParse(parseJson(record.body));
      if (!message.success) {
        logger.error(`${name}.malformed-job`);
        continue;
      }
      try {
        await work(message.data);
      } catch (error) {
        logger.warn(`${name}.retry`, { error: error instanceof Error ? error.name : 'unknown' });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
