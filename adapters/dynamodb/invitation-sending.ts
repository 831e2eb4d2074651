import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ParticipantStore } from '../../core/participants/ports.js';
import { awsSdk } from '../aws/sdk.js';
import { keys } from './table.js';

const { UpdateCommand } = awsSdk.documents();

/**
 * An invitation's sending, as the delivery worker moves it on (DynamoDbParticipants delegates here):
 * claim it before sending, mark what happened, claim and release its one reminder. Each is one
 * conditional update of the invitation item.
 */

/** A "sending" claim older than this was left by a crash: another worker may take it over. */
const CLAIM_EXPIRES_MS = 5 * 60 * 1000;

/** What a mark changes: the port's own shape (core/participants/ports.ts). */
export type InvitationChange = Parameters<ParticipantStore['markInvitation']>[3];

export async function markInvitation(
  db: DynamoDBDocumentClient,
  tableName: string,
  projectId: string,
  roundId: string,
  contactKey: string,
  change: InvitationChange,
): Promise<void> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': change.status, ':failure': change.failure ?? null };
  const sets = ['#status = :status', 'failure = :failure'];
  if (change.invitedAt) {
    sets.push('invitedAt = :invitedAt');
    values[':invitedAt'] = change.invitedAt;
  }
  if (change.progress) {
    sets.push('progress = :progress');
    values[':progress'] = change.progress;
  }
  if (change.callAttempts !== undefined) {
    sets.push('callAttempts = :attempts');
    values[':attempts'] = change.callAttempts;
  }
  if (change.retryAfter !== undefined) {
    sets.push('retryAfter = :retryAfter');
    values[':retryAfter'] = change.retryAfter;
  }
  if (change.reachedBy !== undefined) {
    sets.push('reachedBy = :reachedBy');
    values[':reachedBy'] = change.reachedBy;
  }
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.invitation(projectId, roundId, contactKey),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export async function claimInvitation(
  db: DynamoDBDocumentClient,
  tableName: string,
  projectId: string,
  roundId: string,
  contactKey: string,
  now: string,
): Promise<boolean> {
  const stale = new Date(new Date(now).getTime() - CLAIM_EXPIRES_MS).toISOString();
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.invitation(projectId, roundId, contactKey),
        UpdateExpression: 'SET #status = :sending, claimedAt = :now',
        ConditionExpression: '#status = :queued OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':queued': 'queued', ':now': now, ':stale': stale },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Claim the one reminder of an invitation: true for the first caller only. */
export async function claimReminder(
  db: DynamoDBDocumentClient,
  tableName: string,
  projectId: string,
  roundId: string,
  contactKey: string,
  at: string,
): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.invitation(projectId, roundId, contactKey),
        UpdateExpression: 'SET remindedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(remindedAt) OR remindedAt = :null)',
        ExpressionAttributeValues: { ':at': at, ':null': null },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function releaseReminder(db: DynamoDBDocumentClient, tableName: string, projectId: string, roundId: string, contactKey: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.invitation(projectId, roundId, contactKey),
      UpdateExpression: 'SET remindedAt = :null',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':null': null },
    }),
  );
}
