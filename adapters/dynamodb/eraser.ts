import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ErasureCounts, ErasureRequest, RespondentEraser } from '../../core/conversation/erase.js';
import { inParallel } from '../../core/in-parallel.js';
import type { VoiceJob } from '../../core/voice/model.js';
import type { AudioStore, VoiceJobStore } from '../../core/voice/ports.js';
import { keys } from './table.js';
import { humanListing, openListing } from './voice-jobs.js';

const { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } = awsSdk.documents();

/** Deletes at once, at most: an erasure is a few dozen items, and it should not crowd out the hot path. */
const CONCURRENCY = 8;
/** Kept on a job whose file is still at the provider: the voice worker deletes it there, nothing else. */
const ERASED = "erased at the participant's request";

type Key = { pk: string; sk: string };

/**
 * A confirmed DELETE in DynamoDB (see core/conversation/erase.ts for what goes and what stays). Every step
 * is a query by key and idempotent deletes or updates, in an order that keeps a half-done erasure findable:
 * voice jobs, the answers' tags and "we did" links and answer partitions, round entries, and the sessions last. GetItem, Query, UpdateItem and
 * DeleteItem only: what the functions' role grants (cdk/constructs/stem-function.ts).
 */
export class DynamoDbEraser implements RespondentEraser {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The voice jobs still under way (the sweep's listing). */
    private readonly jobs: Pick<VoiceJobStore, 'unfinished'>,
    /** Our encrypted copies of voice notes; null where this runtime has none (then a stored note fails the erasure, to be retried). */
    private readonly audio: AudioStore | null,
  ) {}

  async erase(request: ErasureRequest): Promise<ErasureCounts> {
    const { projectId, respondentCode, contactKey } = request;
    const roundIds = await this.roundsOf(projectId);
    const voiceJobs = await this.eraseVoiceJobs(projectId, respondentCode);
    // Everything under the respondent code in each round: answers, completion and release markers.
    const prefix = `${respondentCode}#`;
    // The codes coders gave those answers (core/coding): they say what the person said, so they go too.
    const tagKeys = (await inParallel(roundIds, CONCURRENCY, (roundId) => this.keysUnder(keys.taggings(projectId, roundId), prefix))).flat();
    await inParallel(tagKeys, CONCURRENCY, (key) => this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
    // Links of "you said, we did" items to those answers (core/feedback/said-did.ts): the item stays, the link goes.
    const linkKeys = (await inParallel(roundIds, CONCURRENCY, (roundId) => this.keysUnder(keys.saidDidLinks(projectId, roundId), prefix))).flat();
    await inParallel(linkKeys, CONCURRENCY, (key) => this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
    const answerKeys = (await inParallel(roundIds, CONCURRENCY, (roundId) => this.keysUnder(`A#${projectId}#${roundId}`, prefix))).flat();
    await inParallel(answerKeys, CONCURRENCY, (key) => this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
    const invitations = (await inParallel(roundIds, CONCURRENCY, (roundId) => this.trimInvitation(projectId, roundId, contactKey, request.at))).filter(
      Boolean,
    ).length;
    const sessions = (await inParallel(roundIds, CONCURRENCY, (roundId) => this.deleteExisting(keys.session(contactKey, projectId, roundId)))).filter(
      Boolean,
    ).length;
    return { answerRecords: answerKeys.length, sessions, voiceJobs, invitations };
  }

  /** The project's rounds as the table holds them (not a cache): past, open and planned. */
  private async roundsOf(projectId: string): Promise<string[]> {
    const { pk } = keys.project(projectId);
    return (await this.keysUnder(pk, 'R#')).map((k) => k.sk.slice(2));
  }

  private async keysUnder(pk: string, prefix: string): Promise<Key[]> {
    const out: Key[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push({ pk: String(item.pk), sk: String(item.sk) });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Voice notes and recordings of this respondent's answers still in the pipeline. Our copy of the audio
   * is deleted; the job goes with its listings, unless the provider still holds the file: then it stays
   * as a bare removal job (no answer, no reply address) that the voice worker deletes at the provider.
   */
  private async eraseVoiceJobs(projectId: string, respondentCode: string): Promise<number> {
    const mine = (await this.jobs.unfinished()).filter((j) => j.answer?.projectId === projectId && j.answer.respondentCode === respondentCode);
    await inParallel(mine, CONCURRENCY, async (job) => {
      if (job.stored || job.status === 'stored' || job.status === 'transcribing' || job.status === 'needs-human') {
        if (!this.audio) throw new Error('an erasure found a stored voice note, and no audio store is wired here');
        await this.audio.remove(job.jobId);
      }
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: humanListing(job) }));
      if (job.sealedMediaUrl !== null) return this.toRemovalJob(job);
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.voiceJob(job.jobId) }));
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: openListing(job.jobId) }));
    });
    return mine.length;
  }

  private async toRemovalJob(job: VoiceJob): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.voiceJob(job.jobId),
          // Every name through a placeholder: several (status, stored…) are DynamoDB reserved words.
          UpdateExpression:
            'SET #answer = :null, #status = :unsupported, #replyTo = :null, #claim = :null, #stored = :false, #transcriber = :null, #providerJob = :null, #failure = :erased',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: {
            '#answer': 'answer',
            '#status': 'status',
            '#replyTo': 'sealedReplyTo',
            '#claim': 'claim',
            '#stored': 'stored',
            '#transcriber': 'transcriber',
            '#providerJob': 'providerJobName',
            '#failure': 'failure',
          },
          ExpressionAttributeValues: { ':null': null, ':unsupported': 'unsupported', ':false': false, ':erased': ERASED },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  /**
   * The round entry keeps what delivery needs (whether the invitation and reminder went out, its channel
   * and language) and loses what tells what the person did: progress, last activity, the wish to hear
   * back. A reminder not yet sent is marked as done, so nobody is urged to answer again right after
   * taking their answers back. An opt-out stays an opt-out.
   */
  private async trimInvitation(projectId: string, roundId: string, contactKey: string, at: string): Promise<boolean> {
    const key = keys.invitation(projectId, roundId, contactKey);
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!Item) return false;
    const sets = ['remindedAt = :remindedAt'];
    const values: Record<string, unknown> = { ':remindedAt': typeof Item.remindedAt === 'string' ? Item.remindedAt : at };
    if (Item.progress !== 'opted-out') {
      sets.push('progress = :none');
      values[':none'] = 'none';
    }
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} REMOVE hearBack, lastActivityAt`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      });
    return true;
  }

  /** Delete the item if it is there; true if it was. */
  private async deleteExisting(key: Key): Promise<boolean> {
    const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }
}
