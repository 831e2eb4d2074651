import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../core/model.js';
import type { ForeignNumberCounter } from '../../core/ports.js';
import { awsSdk } from '../aws/sdk.js';
import { TTL_ATTRIBUTE } from './table.js';

const { GetCommand, UpdateCommand } = awsSdk.documents();

/** foreign-numbers  FN#<day>  <channel>: messages and calls to numbers that are not ours, per day. */
const key = (day: string, channel: Channel) => ({ pk: `FN#${day}`, sk: channel });
/** Kept a little over a year, for a yearly look back. */
const KEEP_SECONDS = 400 * 24 * 3600;

/** One counter item per day and channel, incremented atomically. Counts only: no number, text or sender. */
export class DynamoDbForeignNumbers implements ForeignNumberCounter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countForeign(channel: Channel, day: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(day, channel),
        UpdateExpression: 'ADD #count :one SET #kind = :kind, #ttl = :ttl',
        ExpressionAttributeNames: { '#count': 'count', '#kind': 'kind', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':kind': 'foreign-numbers', ':ttl': Math.floor(now.getTime() / 1000) + KEEP_SECONDS },
      }),
    );
  }

  async foreignCount(channel: Channel, day: string): Promise<number> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(day, channel), ConsistentRead: true }));
    return Number(Item?.count ?? 0);
  }
}
