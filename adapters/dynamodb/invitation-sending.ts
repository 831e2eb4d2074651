import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ParticipantStore } from '../../core/participants/ports.js';
import { awsSdk } from '../aws/sdk.js';
import { keys } from './table.js';
import { CLAIM_EXPIRES_MS, DUE_AT_ONCE } from '../../core/rounds/due.js';
import { dueShard } from './due-index.js';

const { UpdateCommand } = awsSdk.documents();

/**
 * An invitation's sending, as the delivery worker moves it on (DynamoDbParticipants delegates here):
 * claim it before sending, mark what happened, claim and release its one reminder. Each is one
 * conditional update of the invitation item, which also moves its entry in the due index
 * (core/rounds/due.ts): a claim is due at once (offered until marked, taken over once stale); a queued invitation when its
 * retry time comes; an invitation that went out from its sending time on (a lower bound of its reminder,
 * which the sweep moves to the exact time); a failure, an opt-out or a claimed reminder leave the index.
 */

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
  let remove = '';
  const due = markedDue(change);
  if (due === 'leave') remove = ' REMOVE dueShard, dueAt';
  else if (due !== 'unchanged') {
    sets.push('dueShard = :dueShard', 'dueAt = :dueAt');
    values[':dueShard'] = dueShard(contactKey);
    values[':dueAt'] = due;
  }
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.invitation(projectId, roundId, contactKey),
      UpdateExpression: `SET ${sets.join(', ')}${remove}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Where a mark puts the invitation in the due index. A mark that keeps "invited" without a new sending
 * time (a reminder that failed) changes nothing: its reminder was claimed, and a released one is put
 * back by releaseReminder.
 */
function markedDue(change: InvitationChange): string | 'leave' | 'unchanged' {
  switch (change.status) {
    case 'queued':
      return change.retryAfter ?? DUE_AT_ONCE;
    case 'invited':
      return change.invitedAt ?? 'unchanged';
    case 'failed':
    case 'opted-out':
      return 'leave';
    default:
      return 'unchanged';
  }
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
        // Offered by every pass while it lasts (core/rounds/due.ts): taken over here once stale.
        UpdateExpression: 'SET #status = :sending, claimedAt = :now, dueShard = :dueShard, dueAt = :now',
        ConditionExpression: '#status = :queued OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':now': now,
          ':stale': stale,
          ':dueShard': dueShard(contactKey),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Claim the one reminder of an invitation: true for the first caller only. Nothing is due after it. */
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
        UpdateExpression: 'SET remindedAt = :at REMOVE dueShard, dueAt',
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
      // The reminder is due again at once (as before its claim).
      UpdateExpression: 'SET remindedAt = :null, dueShard = :dueShard, dueAt = :dueAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':null': null, ':dueShard': dueShard(contactKey), ':dueAt': DUE_AT_ONCE },
    }),
  );
}
