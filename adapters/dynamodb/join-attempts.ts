import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JoinAttemptCounts } from '../../core/conversation/join-limit.js';
import { TTL_ATTRIBUTE } from './table.js';

const { BatchGetCommand, UpdateCommand } = awsSdk.documents();

/** join-attempts  JA#<counter>#<window>  JA: wrong join codes of a sender (keyed hash) or of the service in one hour. */
const key = (counter: string, window: number) => ({ pk: `JA#${counter}#${window}`, sk: 'JA' });
/** BatchGet may leave keys unprocessed under load: asked again a few times, then the read fails (and Twilio retries). */
const READ_ATTEMPTS = 4;

/**
 * Counters of wrong join codes: one item per counter and hour, incremented atomically, deleted by the
 * table's TTL once no window that reads it is current. They hold counts only: no number, code or contact key.
 */
export class DynamoDbJoinAttempts implements JoinAttemptCounts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(counters: readonly string[], window: number, expiresAt: number): Promise<void> {
    await Promise.all(
      counters.map((counter) =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(counter, window),
            UpdateExpression: 'ADD #misses :one SET #kind = :kind, #ttl = :ttl',
            ExpressionAttributeNames: { '#misses': 'misses', '#kind': 'kind', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':kind': 'join-attempts', ':ttl': expiresAt },
          }),
        ),
      ),
    );
  }

  async read(counters: readonly string[], windows: readonly number[]): Promise<number[][]> {
    const found = new Map<string, number>();
    let pending: Array<Record<string, unknown>> = counters.flatMap((counter) => windows.map((window) => key(counter, window)));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > READ_ATTEMPTS) throw new Error('join attempt counters could not be read');
      const page = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true, ProjectionExpression: 'pk, #misses', ExpressionAttributeNames: { '#misses': 'misses' } } } }));
      for (const item of page.Responses?.[this.tableName] ?? []) found.set(String(item.pk), Number(item.misses ?? 0));
      pending = page.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return counters.map((counter) => windows.map((window) => found.get(key(counter, window).pk) ?? 0));
  }
}
