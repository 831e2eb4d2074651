import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VoiceJob, VoiceJobStatus, VoiceStatus } from '../../core/voice/model.js';
import type { AnswerTranscripts, VoiceJobStore } from '../../core/voice/ports.js';
import * as z from '../../kernel/zod.js';
import { keys } from './table.js';

const { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = awsSdk.documents();

const VoiceJobItem = z.object({
  jobId: z.string(),
  answer: z.nullable(z.object({ projectId: z.string(), roundId: z.string(), respondentCode: z.string(), questionId: z.string() })),
  organisationId: z.string(),
  language: z.nullable(z.string()),
  projectLanguages: z.array(z.string()),
  contentType: z.string(),
  sealedMediaUrl: z.nullable(z.string()),
  sealedReplyTo: z.nullable(z.string()),
  claim: z.nullable(z.object({ userId: z.string(), until: z.string() })),
  origin: z.enum(['message', 'call']),
  stored: z.boolean(),
  status: z.enum(['queued', 'stored', 'transcribing', 'needs-human', 'done', 'failed', 'unsupported']),
  transcriber: z.nullable(z.enum(['aws', 'whisper', 'human'])),
  providerJobName: z.nullable(z.string()),
  attempts: z.int(),
  failure: z.nullable(z.string()),
  createdAt: z.string(),
});

const FINAL: readonly VoiceJobStatus[] = ['done', 'failed'];

/**
 * Listing items: jobs not finished (for the sweep), and jobs waiting for a person. The latter in one
 * partition for the whole network, since by default they are heard by interpreters of other
 * organisations; the organisation on the listing item lets one organisation's be read alone.
 */
export const openListing = (jobId: string) => ({ pk: 'VJOPEN', sk: jobId });
export const humanListing = (job: Pick<VoiceJob, 'createdAt' | 'jobId'>) => ({ pk: 'VQ', sk: `${job.createdAt}#${job.jobId}` });

/** Voice jobs and the transcripts they attach to answers, in the one table. */
export class DynamoDbVoiceJobs implements VoiceJobStore, AnswerTranscripts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(jobId: string): Promise<VoiceJob | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.voiceJob(jobId), ConsistentRead: true }));
    // Jobs written before refusals, claims and calls existed lack those fields.
    return Item ? VoiceJobItem.parse({ sealedReplyTo: null, claim: null, origin: 'message', ...Item }) : null;
  }

  async update(jobId: string, expected: VoiceJobStatus, change: Partial<VoiceJob>): Promise<boolean> {
    const current = await this.get(jobId);
    if (!current || current.status !== expected) return false;
    const next = { ...current, ...change };
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':expected': expected };
    const sets = Object.entries(change).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    if (sets.length === 0) return true;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.voiceJob(jobId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    if (next.status !== current.status) {
      if (next.status === 'needs-human')
        items.push({ Put: { TableName: this.tableName, Item: { ...humanListing(next), kind: 'voice-queue', jobId, organisationId: next.organisationId } } });
      if (current.status === 'needs-human') items.push({ Delete: { TableName: this.tableName, Key: humanListing(current) } });
      if (FINAL.includes(next.status) || (next.status === 'unsupported' && next.sealedMediaUrl === null)) {
        items.push({ Delete: { TableName: this.tableName, Key: openListing(jobId) } });
      }
    } else if (next.status === 'unsupported' && next.sealedMediaUrl === null) {
      items.push({ Delete: { TableName: this.tableName, Key: openListing(jobId) } });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  async claim(jobId: string, userId: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.voiceJob(jobId),
          UpdateExpression: 'SET #claim = :claim',
          // Free (never claimed, released, or expired) or already this person's.
          ConditionExpression:
            '#status = :waiting AND (attribute_not_exists(#claim) OR attribute_type(#claim, :null) OR #claim.#until < :now OR #claim.#user = :user)',
          ExpressionAttributeNames: { '#status': 'status', '#claim': 'claim', '#until': 'until', '#user': 'userId' },
          ExpressionAttributeValues: {
            ':waiting': 'needs-human',
            ':claim': { userId, until: until.toISOString() },
            ':null': 'NULL',
            ':now': now.toISOString(),
            ':user': userId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async needingHuman(organisationId?: string): Promise<VoiceJob[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'VQ', ...(organisationId === undefined ? {} : { ':org': organisationId }) },
          ...(organisationId === undefined ? {} : { FilterExpression: 'organisationId = :org' }),
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) ids.push(String(i.jobId));
      start = page.LastEvaluatedKey;
    } while (start);
    const jobs = await Promise.all(ids.map((id) => this.get(id)));
    return jobs.filter((j): j is VoiceJob => j?.status === 'needs-human' && (organisationId === undefined || j.organisationId === organisationId));
  }

  async unfinished(): Promise<VoiceJob[]> {
    const out: VoiceJob[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'VJOPEN' },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) {
        const job = await this.get(String(i.sk));
        if (job) out.push(job);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async attach(answer: NonNullable<VoiceJob['answer']>, patch: { voice: VoiceStatus; transcript?: string; translation?: string }): Promise<void> {
    // Names through placeholders: "translation" is a DynamoDB reserved word.
    const fields = Object.entries(patch).filter(([, v]) => v !== undefined);
    const sets = fields.map((_, i) => `#f${i} = :v${i}`);
    const names = Object.fromEntries(fields.map(([field], i) => [`#f${i}`, field]));
    const values = Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value]));
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.answer(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        // The answer is written with the job, in one transaction: it exists before any completion.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
