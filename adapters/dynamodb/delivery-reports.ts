import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DELIVERY_RANK, type MessageDelivery, type ReportOutcome } from '../../core/rounds/delivery-state.js';

const { GetCommand, UpdateCommand } = awsSdk.documents();

/**
 * A message's delivery on its item (an invitation, a feedback copy), moved only forward: the write is
 * conditional on the recorded rank (`<field>Rank`) being lower, so reports arriving out of order or
 * twice — from concurrent Lambda invocations too — never move it back. Nothing is created: a report for
 * an item that no longer exists (erased, or never ours) is `unknown`.
 */
export async function recordIfNewer(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  field: 'delivery' | 'reminderDelivery',
  delivery: MessageDelivery,
): Promise<ReportOutcome> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #f = :d, #r = :rank',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#r) OR #r < :rank)',
        ExpressionAttributeNames: { '#f': field, '#r': `${field}Rank` },
        ExpressionAttributeValues: { ':d': delivery, ':rank': DELIVERY_RANK[delivery.state] },
      }),
    );
    return 'recorded';
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    // Only on a refusal: was it a later state already recorded, or no such item?
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ProjectionExpression: 'pk' }));
    return Item ? 'not-newer' : 'unknown';
  }
}
