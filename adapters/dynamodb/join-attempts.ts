import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JoinAttemptCounts } from '../../core/conversation/join-limit.js';
import { TTL_ATTRIBUTE } from './table.js';

const { GetCommand, UpdateCommand } = awsSdk.documents();

/** join-attempts  JA#<counter>#<window>  JA: wrong join codes of a sender (keyed hash) or of the service in one hour. */
const key = (counter: string, window: number) => ({ pk: `JA#${counter}#${window}`, sk: 'JA' });

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
    // GetItem side by side rather than BatchGetItem: the functions' role grants no batch actions
    // (cdk/constructs/stem-function.ts), and four small reads in parallel take as long as one.
    return Promise.all(
      counters.map((counter) =>
        Promise.all(
          windows.map(async (window) => {
            const { Item } = await this.db.send(
              new GetCommand({
                TableName: this.tableName,
                Key: key(counter, window),
                ConsistentRead: true,
                ProjectionExpression: '#misses',
                ExpressionAttributeNames: { '#misses': 'misses' },
              }),
            );
            return Number(Item?.misses ?? 0);
          }),
        ),
      ),
    );
  }
}
