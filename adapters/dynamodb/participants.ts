import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Enrolment, Invitation, Session } from '../../core/model.js';
import type { ImportRow, ParticipantStore } from '../../core/participants/ports.js';
import type { InvitationAdder, SessionExpiry } from '../../core/ports.js';
import { enrolmentFromItem, invitationFromItem, sessionFromItem } from './items.js';
import { keys } from './table.js';
import { dueAttributes, dueInvitations, redate } from './due-index.js';
import { firstDue, type DueInvitation, type DueInvitations } from '../../core/rounds/due.js';
import { recordIfNewer } from './delivery-reports.js';
import { claimInvitation, claimReminder, type InvitationChange, markInvitation, releaseReminder } from './invitation-sending.js';
import type { MessageDelivery, ReportOutcome } from '../../core/rounds/delivery-state.js';

const { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = awsSdk.documents();

/** Conditional puts in flight at once (BatchWriteItem takes no conditions). */
const ADD_CONCURRENCY = 25;

/**
 * Who takes part in which project and round, and (for the scheduler) how their sessions end when a round
 * closes. Items carry contact keys (HMACs), never numbers. An invitation's sending (claims, marks,
 * reminders) is written in invitation-sending.ts.
 */
export class DynamoDbParticipants implements ParticipantStore, SessionExpiry, InvitationAdder, DueInvitations {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Enrol one imported person: create their contact (sealed number) or add the project to it, and the
   * enrolment, in one transaction — a row is imported whole or not at all. The contact's version is
   * bumped so a conversation in flight re-reads it.
   */
  async enrol(row: ImportRow): Promise<'enrolled' | 'already-enrolled'> {
    const { contactKey, projectId } = row;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.contact(contactKey),
                UpdateExpression:
                  [
                    'SET contactKey = :ck, kind = :kind, phoneSealed = if_not_exists(phoneSealed, :sealed)',
                    '#channel = if_not_exists(#channel, :channel), #language = if_not_exists(#language, :language)',
                    'optedOut = if_not_exists(optedOut, :false), activeProjectId = if_not_exists(activeProjectId, :null)',
                    'awaiting = if_not_exists(awaiting, :null), projects = list_append(if_not_exists(projects, :empty), :project)',
                  ].join(', ') + ' ADD version :one',
                ConditionExpression: 'attribute_not_exists(projects) OR NOT contains(projects, :projectId)',
                ExpressionAttributeNames: { '#channel': 'channel', '#language': 'language' },
                ExpressionAttributeValues: {
                  ':ck': contactKey,
                  ':kind': 'contact',
                  ':sealed': row.phoneSealed,
                  ':channel': row.channel,
                  ':language': row.language,
                  ':false': false,
                  ':null': null,
                  ':empty': [],
                  ':project': [projectId],
                  ':projectId': projectId,
                  ':one': 1,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: enrolmentItem({ projectId, contactKey, language: row.language, channel: row.channel, source: 'import', day: row.day }),
              },
            },
          ],
        }),
      );
      return 'enrolled';
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      const reasons = 'CancellationReasons' in error && Array.isArray(error.CancellationReasons) ? (error.CancellationReasons as Array<{ Code?: string }>) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'already-enrolled';
      // A conflict with a conversation of the same person: the row is not written; the caller retries.
      throw error;
    }
  }

  async *enrolments(projectId: string): AsyncIterable<Enrolment[]> {
    yield* this.pages(`PP#${projectId}`, enrolmentFromItem);
  }

  async *invitations(projectId: string, roundId: string): AsyncIterable<Invitation[]> {
    yield* this.pages(`RP#${projectId}#${roundId}`, invitationFromItem);
  }

  dueInvitations(until: string): AsyncIterable<DueInvitation[]> {
    return dueInvitations(this.db, this.tableName, until);
  }

  redate(invitation: DueInvitation, dueAt: string | null): Promise<boolean> {
    return redate(this.db, this.tableName, invitation, dueAt);
  }

  async getInvitation(projectId: string, roundId: string, contactKey: string): Promise<Invitation | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invitation(projectId, roundId, contactKey), ConsistentRead: true }),
    );
    return Item ? invitationFromItem(Item) : null;
  }

  /** Write queued invitations, 25 per request (BatchWriteItem's limit), retrying what DynamoDB hands back. */
  async putInvitations(invitations: readonly Invitation[]): Promise<void> {
    for (let i = 0; i < invitations.length; i += 25) {
      let requests: Array<{ PutRequest: { Item: Record<string, unknown> } }> = invitations
        .slice(i, i + 25)
        .map((inv) => ({ PutRequest: { Item: invitationItem(inv) } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        const left = result.UnprocessedItems?.[this.tableName] ?? [];
        requests = left.flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
        if (requests.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }

  /**
   * Write queued invitations where the person has no entry in the round yet, a few at a time; an entry
   * that exists (invited already, or a self-joiner's) is left as it is. Returns how many were written.
   */
  async addInvitations(invitations: readonly Invitation[]): Promise<number> {
    let written = 0;
    const addOne = async (inv: Invitation): Promise<void> => {
      try {
        await this.db.send(new PutCommand({ TableName: this.tableName, Item: invitationItem(inv), ConditionExpression: 'attribute_not_exists(pk)' }));
        written++;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      }
    };
    for (let i = 0; i < invitations.length; i += ADD_CONCURRENCY) await Promise.all(invitations.slice(i, i + ADD_CONCURRENCY).map(addOne));
    return written;
  }

  async markInvitation(projectId: string, roundId: string, contactKey: string, change: InvitationChange): Promise<void> {
    await markInvitation(this.db, this.tableName, projectId, roundId, contactKey, change);
  }

  claimInvitation(projectId: string, roundId: string, contactKey: string, now: string): Promise<boolean> {
    return claimInvitation(this.db, this.tableName, projectId, roundId, contactKey, now);
  }

  /** Claim the one reminder of an invitation: true for the first caller only. */
  claimReminder(projectId: string, roundId: string, contactKey: string, at: string): Promise<boolean> {
    return claimReminder(this.db, this.tableName, projectId, roundId, contactKey, at);
  }

  releaseReminder(projectId: string, roundId: string, contactKey: string): Promise<void> {
    return releaseReminder(this.db, this.tableName, projectId, roundId, contactKey);
  }

  /** Point the contact at this project, so a reply to the invitation goes to its survey. */
  async recordDelivery(
    projectId: string,
    roundId: string,
    contactKey: string,
    message: 'invite' | 'remind',
    delivery: MessageDelivery,
  ): Promise<ReportOutcome> {
    return recordIfNewer(
      this.db,
      this.tableName,
      keys.invitation(projectId, roundId, contactKey),
      message === 'invite' ? 'delivery' : 'reminderDelivery',
      delivery,
    );
  }

  async setActiveProject(contactKey: string, projectId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(contactKey),
        UpdateExpression: 'SET activeProjectId = :p, awaiting = :null ADD version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':p': projectId, ':null': null, ':one': 1 },
      }),
    );
  }

  async getSession(contactKey: string, projectId: string, roundId: string): Promise<Session | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.session(contactKey, projectId, roundId), ConsistentRead: true }));
    return Item ? sessionFromItem(Item) : null;
  }

  /**
   * The same versioned write a conversation commit makes: if a message of this person committed since the
   * session was read, nothing is written (false), and the message's own commit is never overwritten.
   * Were the expiry first, that message's commit fails on the version and is decided again, closed.
   */
  async saveExpired(next: Session, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.session(next.contactKey, next.projectId, next.roundId), kind: 'session', ...next, version: expectedVersion + 1 },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private async *pages<T>(pk: string, parse: (item: Record<string, unknown>) => T): AsyncIterable<T[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: start,
          Limit: 500,
        }),
      );
      yield (page.Items ?? []).map(parse);
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

export const enrolmentItem = (e: Enrolment) => ({ ...keys.enrolment(e.projectId, e.contactKey), kind: 'enrolment', ...e });
/** An invitation written whole enters the due index at the first time the sweep may act on it. */
export const invitationItem = (i: Invitation) => ({
  ...keys.invitation(i.projectId, i.roundId, i.contactKey),
  kind: 'invitation',
  ...i,
  ...dueAttributes(i.contactKey, firstDue(i)),
});
