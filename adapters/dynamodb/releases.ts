import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Published } from '../../core/disclosure/audit.js';
import type { ReleaseStore, RoundRelease } from '../../core/disclosure/release.js';
import type { RoundSummary } from '../../core/results/summary.js';
import * as z from '../../kernel/zod.js';

const { PutCommand, QueryCommand } = awsSdk.documents();

/**
 * Releases of a round's results (core/disclosure/release.ts), one item each, in the round's own partition
 * `AR#<project>#<round>` (`R#<number, zero-padded>`), written once on condition and never changed; and what
 * the comparison of a project's rounds published (`AR#<project>`, `L#<number>`). The frozen summaries and
 * the batches are JSON strings: DynamoDB maps would turn every count id into an attribute name to escape.
 */
const roundPk = (projectId: string, roundId: string) => `AR#${projectId}#${roundId}`;
const projectPk = (projectId: string) => `AR#${projectId}`;
const number6 = (n: number) => String(n).padStart(6, '0');

const Cell = z.union([z.number(), z.object({ suppressed: z.literal(true) })]);
const Published = z.record(z.string(), z.number());
/** A released respondent as `[code, language, channel, day, completed, withhold text (1/0)]`: a batch of thousands stays one item. */
const Batch = z.array(z.tuple([z.string(), z.string(), z.string(), z.string(), z.string(), z.enum(['0', '1'])]));
const Pair = z.tuple([z.string(), z.string()]);

const Summary = z.object({
  roundId: z.string(),
  label: z.string(),
  surveyId: z.string(),
  surveyVersion: z.number(),
  opensAt: z.string(),
  closesAt: z.string(),
  release: z.object({ number: z.number(), respondents: Cell, createdAt: z.nullable(z.string()) }),
  respondents: Cell,
  languages: z.record(z.string(), Cell),
  channels: z.record(z.string(), Cell),
  questions: z.array(
    z.object({
      questionId: z.string(),
      kind: z.enum(['consent', 'choice', 'scale', 'statement', 'open', 'number', 'story', 'dyad', 'triad']),
      text: z.string(),
      respondents: Cell,
      mean: z.optional(Cell),
      values: z.optional(z.record(z.string(), Cell)),
      poles: z.optional(Pair),
      corners: z.optional(z.tuple([z.string(), z.string(), z.string()])),
      // Where k hid values (core/results/small-groups.ts).
      merged: z.optional(
        z.object({
          level: z.enum(['agree', 'thirds', 'cornersMiddle', 'eachCorner', 'other']),
          groups: z.array(z.object({ key: z.string(), values: z.array(z.string()), count: Cell })),
        }),
      ),
    }),
  ),
  complete: Cell,
  incomplete: Cell,
  declined: Cell,
  otherOutcome: Cell,
});

const ReleaseItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  number: z.int(),
  createdAt: z.string(),
  batchJson: z.string(),
  publishedJson: z.string(),
  summaryJson: z.string(),
  progressJson: z.string(),
});

const json = <T>(schema: z.ZodMiniType<T>, text: string): T => schema.parse(JSON.parse(text));

function releaseFromItem(item: Record<string, unknown>): RoundRelease<RoundSummary> {
  const r = ReleaseItem.parse(item);
  return {
    projectId: r.projectId,
    roundId: r.roundId,
    number: r.number,
    createdAt: r.createdAt,
    batch: json(Batch, r.batchJson).map(([code, language, channel, day, completed, withhold]) => ({
      code,
      qi: { language, channel, day, completed },
      withholdText: withhold === '1',
    })),
    published: json(Published, r.publishedJson),
    summary: json(Summary, r.summaryJson),
    progress: json(Published, r.progressJson),
  };
}

const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbReleases implements ReleaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async queryAll(pk: string, prefix: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async list(projectId: string, roundId: string): Promise<RoundRelease[]> {
    return (await this.queryAll(roundPk(projectId, roundId), 'R#')).map(releaseFromItem);
  }

  async add(release: RoundRelease): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: roundPk(release.projectId, release.roundId),
            sk: `R#${number6(release.number)}`,
            projectId: release.projectId,
            roundId: release.roundId,
            number: release.number,
            createdAt: release.createdAt,
            batchJson: JSON.stringify(release.batch.map((b) => [b.code, b.qi.language, b.qi.channel, b.qi.day, b.qi.completed, b.withholdText ? '1' : '0'])),
            publishedJson: JSON.stringify(release.published),
            summaryJson: JSON.stringify(release.summary),
            progressJson: JSON.stringify(release.progress),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async comparisons(projectId: string): Promise<Published[]> {
    return (await this.queryAll(projectPk(projectId), 'L#')).map((item) => json(Published, z.object({ publishedJson: z.string() }).parse(item).publishedJson));
  }

  async addComparison(projectId: string, published: Published): Promise<void> {
    const count = (await this.queryAll(projectPk(projectId), 'L#')).length;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: projectPk(projectId), sk: `L#${number6(count + 1)}`, publishedJson: JSON.stringify(published) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Someone kept a comparison at the same moment: theirs is as good as ours.
      if (!conditionFailed(error)) throw error;
    }
  }
}
