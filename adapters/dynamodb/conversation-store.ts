import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Answer, Completion, Contact, Enrolment, Session } from '../../core/model.js';
import type { Commit, CommitResult, ConversationStore, InboundRecord, LedgerClaim, ParticipantState, ProgressUpdate } from '../../core/ports.js';
import { keys, TTL_ATTRIBUTE } from './table.js';
import { dueShard } from './due-index.js';
import { DUE_AT_ONCE } from '../../core/rounds/due.js';
import { openListing } from './voice-jobs.js';
import { answerFromItem, contactFromItem, sessionFromItem } from './items.js';

const { TransactionCanceledException } = awsSdk.dynamodb();
const { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = awsSdk.documents();

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The hot path's store: one conditional put (ledger), one Query (contact + sessions), one transaction.
 * The ledger entry keeps the sealed message until applied, then only the sealed reply, for a day; the
 * transaction also leaves the applied id alone (key and expiry, 30 days), so a later replay is refused.
 */
export class DynamoDbConversationStore implements ConversationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimInbound(record: InboundRecord): Promise<LedgerClaim> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.inbound(record.ledgerKey),
            kind: 'inbound',
            status: 'received',
            sealedMessage: record.sealedMessage,
            receivedAt: record.receivedAt,
            expiresAt: record.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { status: 'new' };
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
    const existing = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.inbound(record.ledgerKey), ConsistentRead: true }));
    const item = existing.Item;
    if (item?.status === 'done') return { status: 'done', sealedReplies: typeof item.sealedReplies === 'string' ? item.sealedReplies : null };
    return { status: 'pending' };
  }

  async loadParticipant(contactKey: string): Promise<ParticipantState> {
    const { pk } = keys.contact(contactKey);
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const contactItem = items.find((i) => i.sk === 'C');
    return {
      contact: contactItem ? contactFromItem(contactItem) : null,
      sessions: items.filter((i) => typeof i.sk === 'string' && i.sk.startsWith('S#')).map(sessionFromItem),
    };
  }

  async commit(commit: Commit): Promise<CommitResult> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.inbound(commit.ledgerKey),
          // The message leaves the ledger once applied; only the sealed reply stays, for duplicates.
          UpdateExpression: 'SET #status = :done, sealedReplies = :replies REMOVE sealedMessage, receivedAt',
          ConditionExpression: '#status = :received',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':received': 'received', ':replies': commit.sealedReplies },
        },
      },
      // The applied id, remembered long after the ledger entry: its keyed hash and expiry, nothing else.
      // A replay after the entry expired finds it here, and the whole transaction is refused.
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.applied(commit.ledgerKey), [TTL_ATTRIBUTE]: commit.appliedUntil },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (commit.contact) items.push(this.versionedPut(contactItem(commit.contact.next), commit.contact.expectedVersion));
    for (const s of commit.sessions) items.push(this.versionedPut(sessionItem(s.next), s.expectedVersion));
    for (const a of commit.answers) items.push({ Put: { TableName: this.tableName, Item: answerItem(a) } });
    for (const c of commit.completions) items.push({ Put: { TableName: this.tableName, Item: completionItem(c) } });
    for (const p of commit.progress) items.push(this.progressUpdate(p));
    for (const e of commit.enrolments) items.push(this.enrolmentUpsert(e));
    for (const j of commit.voiceJobs) {
      items.push({ Put: { TableName: this.tableName, Item: { ...keys.voiceJob(j.jobId), kind: 'voice-job', ...j } } });
      // An attachment kept without its URL (refused host) has nothing left to do: not listed for the sweep.
      if (j.status !== 'unsupported' || j.sealedMediaUrl !== null)
        items.push({ Put: { TableName: this.tableName, Item: { ...openListing(j.jobId), kind: 'voice-open' } } });
    }

    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { status: 'committed' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        const ledger = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.inbound(commit.ledgerKey), ConsistentRead: true }));
        const sealed = ledger.Item?.sealedReplies;
        if (ledger.Item?.status === 'done') return { status: 'already-done', sealedReplies: typeof sealed === 'string' ? sealed : null };
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        await this.markReplay(commit.ledgerKey);
        return { status: 'already-done', sealedReplies: null };
      }
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return { status: 'conflict', cause: 'stale' };
      if (reasons.some((r) => r.Code === 'TransactionConflict')) return { status: 'conflict', cause: 'in-flight' };
      throw error;
    }
  }

  /**
   * A replay of an id applied long ago: its fresh ledger entry drops the message it holds and is marked
   * done without a reply, so further copies within the day are refused at the claim.
   */
  private async markReplay(ledgerKey: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.inbound(ledgerKey),
          UpdateExpression: 'SET #status = :done REMOVE sealedMessage, receivedAt',
          ConditionExpression: '#status = :received',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':received': 'received' },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * Progress, last activity and a yes to hearing back on the round entry; the entry is created (status
   * "joined") for people who came with the join code.
   */
  private progressUpdate(p: ProgressUpdate): TransactItem {
    const sets = [
      p.progress === null ? 'progress = if_not_exists(progress, :progress)' : 'progress = :progress',
      'kind = :kind, projectId = :projectId, roundId = :roundId, contactKey = :contactKey',
      '#language = if_not_exists(#language, :language)',
      'invitedAt = if_not_exists(invitedAt, :null), remindedAt = if_not_exists(remindedAt, :null)',
    ];
    const values: Record<string, unknown> = {};
    if (p.callBackAt) {
      // "Call me later" (in a call, so the channel is the phone): queued again, not before the chosen time,
      // and in the due index at that time (core/rounds/due.ts: a queued invitation is due at its retry
      // time). The calls placed so far reached them: the unanswered-call count starts again.
      sets.push('#status = :queued, failure = :null, retryAfter = :callBack, callAttempts = :zero, #channel = :channel');
      sets.push('dueShard = :dueShard, dueAt = :callBack');
      Object.assign(values, { ':queued': 'queued', ':callBack': p.callBackAt, ':zero': 0, ':dueShard': dueShard(p.contactKey) });
    } else {
      sets.push('#status = if_not_exists(#status, :joined), failure = if_not_exists(failure, :null), #channel = if_not_exists(#channel, :channel)');
      values[':joined'] = 'joined';
    }
    if (p.lastActivityAt) {
      sets.push('lastActivityAt = :activity');
      values[':activity'] = p.lastActivityAt;
    }
    if (p.hearBack) {
      sets.push('hearBack = :hearBack');
      values[':hearBack'] = true;
    }
    // The due index (core/rounds/due.ts): activity only moves a reminder later, so an entry already there
    // stays a valid lower bound and is left alone. A survey started again after a "no" may make a reminder
    // due where the sweep had taken the entry out, so it is put back, from now on at the earliest (the
    // sweep takes it out again if no reminder applies, a self-joiner's). A first start adds nothing: an
    // invitation has its entry since launch and a self-joiner is never reminded. Finishing is not written
    // here: the sweep takes the entry out when it comes to it. A call-back sets its own entry (above).
    if (p.dueAgain && !p.callBackAt) {
      sets.push('dueShard = if_not_exists(dueShard, :dueShard), dueAt = if_not_exists(dueAt, :dueAt)');
      values[':dueShard'] = dueShard(p.contactKey);
      values[':dueAt'] = p.lastActivityAt ?? DUE_AT_ONCE;
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.invitation(p.projectId, p.roundId, p.contactKey),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: { '#language': 'language', '#channel': 'channel', '#status': 'status' },
        ExpressionAttributeValues: {
          ...values,
          ':progress': p.progress ?? 'none',
          ':kind': 'invitation',
          ':projectId': p.projectId,
          ':roundId': p.roundId,
          ':contactKey': p.contactKey,
          ':language': p.language,
          ':channel': p.channel,
          ':null': null,
        },
      },
    };
  }

  /** Enrolment of a self-joiner; an existing (imported) enrolment is left as it is. */
  private enrolmentUpsert(e: Enrolment): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.enrolment(e.projectId, e.contactKey),
        // A language the person chose replaces the one staff imported; an unknown one changes nothing.
        UpdateExpression: `SET kind = :kind, projectId = :projectId, contactKey = :contactKey, ${
          e.language === null ? '#language = if_not_exists(#language, :language)' : '#language = :language'
        }, #channel = if_not_exists(#channel, :channel), #source = if_not_exists(#source, :source), #day = if_not_exists(#day, :day)`,
        ExpressionAttributeNames: { '#language': 'language', '#channel': 'channel', '#source': 'source', '#day': 'day' },
        ExpressionAttributeValues: {
          ':kind': 'enrolment',
          ':projectId': e.projectId,
          ':contactKey': e.contactKey,
          ':language': e.language,
          ':channel': e.channel,
          ':source': e.source,
          ':day': e.day,
        },
      },
    };
  }

  private versionedPut(item: Record<string, unknown>, expectedVersion: number | null): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: expectedVersion === null ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === null ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      },
    };
  }

  /** All answers of a round, for exports and tests. */
  async answersOfRound(projectId: string, roundId: string): Promise<Answer[]> {
    const out: Answer[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `A#${projectId}#${roundId}` },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).filter((i) => i.kind === 'answer').map(answerFromItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

const contactItem = (c: Contact) => ({ ...keys.contact(c.contactKey), kind: 'contact', ...c });
const sessionItem = (s: Session) => ({ ...keys.session(s.contactKey, s.projectId, s.roundId), kind: 'session', ...s });
const answerItem = (a: Answer) => ({ ...keys.answer(a.projectId, a.roundId, a.respondentCode, a.questionId, a.seq), kind: 'answer', ...a });
/** The respondent code and the round, nothing else: no time, nothing of the contact. */
const completionItem = (c: Completion) => ({
  ...keys.completion(c.projectId, c.roundId, c.respondentCode),
  kind: 'completion',
  projectId: c.projectId,
  roundId: c.roundId,
  respondentCode: c.respondentCode,
});
