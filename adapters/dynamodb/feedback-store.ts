import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FeedbackDeliveryStatus, type FeedbackDelivery, type RoundFeedback } from '../../core/feedback/model.js';
import type { FeedbackStore } from '../../core/feedback/ports.js';
import { ReachedBy } from '../../core/model.js';
import * as z from '../../kernel/zod.js';
import { MessageDelivery, type ReportOutcome } from '../../core/rounds/delivery-state.js';
import { inParallel } from '../../core/in-parallel.js';
import { recordIfNewer } from './delivery-reports.js';

const { GetCommand, PutCommand, QueryCommand, UpdateCommand } = awsSdk.documents();

/**
 * A round's "you said, we did" message and its copies, in one partition: the message (`F`) and one item
 * per person who asked to hear back (`C#<contact key>`, never a number), which is also the send claim.
 */
const pk = (projectId: string, roundId: string) => `RF#${projectId}#${roundId}`;
const MESSAGE = 'F';
const copy = (contactKey: string) => `C#${contactKey}`;

const MessageItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  texts: z.record(z.string(), z.string()),
  audio: z._default(z.record(z.string(), z.string()), {}),
  updatedAt: z.string(),
  sentAt: z._default(z.nullable(z.string()), null),
});

const CopyItem = z.object({
  contactKey: z.string(),
  status: FeedbackDeliveryStatus,
  reachedBy: z._default(z.nullable(ReachedBy), null),
  failure: z._default(z.nullable(z.string()), null),
  at: z.string(),
  delivery: z._default(z.nullable(MessageDelivery), null),
});

const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbFeedback implements FeedbackStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(projectId: string, roundId: string): Promise<RoundFeedback | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: pk(projectId, roundId), sk: MESSAGE }, ConsistentRead: true }));
    return Item ? MessageItem.parse(Item) : null;
  }

  async saveDraft(f: Omit<RoundFeedback, 'sentAt'>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(f.projectId, f.roundId), sk: MESSAGE, ...f, sentAt: null },
          ConditionExpression: 'attribute_not_exists(sentAt) OR sentAt = :null',
          ExpressionAttributeValues: { ':null': null },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async markSent(projectId: string, roundId: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(projectId, roundId), sk: MESSAGE },
          UpdateExpression: 'SET sentAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(sentAt) OR sentAt = :null)',
          ExpressionAttributeValues: { ':at': at, ':null': null },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async addRecipients(projectId: string, roundId: string, contactKeys: readonly string[], at: string): Promise<void> {
    // One conditional put each: a copy already recorded (sent, or being sent) keeps its status.
    await inParallel(contactKeys, 8, async (key) => {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: pk(projectId, roundId), sk: copy(key), contactKey: key, status: 'queued', reachedBy: null, failure: null, at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    });
  }

  async claim(projectId: string, roundId: string, contactKey: string, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(projectId, roundId), sk: copy(contactKey) },
          UpdateExpression: 'SET #s = :sending, #at = :at',
          ConditionExpression: 'attribute_exists(pk) AND (#s = :queued OR (#s = :sending AND #at < :stale))',
          ExpressionAttributeNames: { '#s': 'status', '#at': 'at' },
          ExpressionAttributeValues: { ':sending': 'sending', ':queued': 'queued', ':at': at, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async mark(
    projectId: string,
    roundId: string,
    contactKey: string,
    change: { status: FeedbackDeliveryStatus; reachedBy?: ReachedBy | null; failure?: string | null; at: string },
  ): Promise<void> {
    const values: Record<string, unknown> = { ':s': change.status, ':at': change.at };
    const sets = ['#s = :s', '#at = :at'];
    if (change.reachedBy !== undefined) {
      sets.push('reachedBy = :r');
      values[':r'] = change.reachedBy;
    }
    if (change.failure !== undefined) {
      sets.push('failure = :f');
      values[':f'] = change.failure;
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(projectId, roundId), sk: copy(contactKey) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status', '#at': 'at' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async recordDelivery(projectId: string, roundId: string, contactKey: string, delivery: MessageDelivery): Promise<ReportOutcome> {
    return recordIfNewer(this.db, this.tableName, { pk: pk(projectId, roundId), sk: copy(contactKey) }, 'delivery', delivery);
  }

  async *deliveries(projectId: string, roundId: string): AsyncIterable<FeedbackDelivery[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
          ExpressionAttributeValues: { ':pk': pk(projectId, roundId), ':c': 'C#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield (page.Items ?? []).map((item) => CopyItem.parse(item));
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
