import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Published } from '../../core/disclosure/audit.js';
import { CodeDescription, CodeText } from '../../core/coding/code.js';
import { InterpreterCoders, type Codebook } from '../../core/coding/codebook.js';
import type { AnswerKey, CodingStore, Tagging } from '../../core/coding/ports.js';
import * as z from '../../kernel/zod.js';
import { queryPartition } from './query-partition.js';
import { keys } from './table.js';

const { DeleteCommand, GetCommand, PutCommand, UpdateCommand } = awsSdk.documents();

/**
 * Coding in the one table (adapters/dynamodb/table.ts): the codebook beside the project (`P#<project>`,
 * `CB`), saved on condition of the version read; one item per coder and answer in the round's tag
 * partition (`CT#<project>#<round>`, sort key starting with the respondent code, so an erasure finds them
 * as it finds the answers), its codes a string set that `ADD` and `DELETE` change atomically (two coders,
 * or two tabs, tagging at once lose nothing); and what the code counts published (`CC#…`, `L#<n>`), written
 * once on condition like releases. GetItem, Query, PutItem, UpdateItem, DeleteItem: what the functions' role grants.
 */

const CodeItem = z.object({
  id: z.string(),
  label: CodeText,
  description: z.optional(CodeDescription),
  builtIn: z._default(z.boolean(), false),
  archived: z._default(z.boolean(), false),
});

const CodebookItem = z.object({
  projectId: z.string(),
  codesJson: z.string(),
  interpreters: InterpreterCoders,
  version: z.int(),
  updatedAt: z.nullable(z.string()),
});

/** A string set comes back as a Set; an item whose last code was taken off has none. */
const Codes = z._default(z.union([z.set(z.string()), z.array(z.string())]), []);
const TaggingItem = z.object({ respondentCode: z.string(), questionId: z.string(), coder: z.string(), codes: Codes, at: z.string() });

const number6 = (n: number) => String(n).padStart(6, '0');
const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';
const sorted = (codes: Iterable<string> | undefined): string[] => [...(codes ?? [])].sort();

export class DynamoDbCoding implements CodingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async codebook(projectId: string): Promise<Codebook | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.codebook(projectId), ConsistentRead: true }));
    if (!Item) return null;
    const item = CodebookItem.parse(Item);
    const codes = z.array(CodeItem).parse(JSON.parse(item.codesJson));
    return {
      projectId: item.projectId,
      codes: codes.map((c) => ({ ...c, builtIn: false })),
      interpreters: item.interpreters,
      version: item.version,
      updatedAt: item.updatedAt,
    };
  }

  async saveCodebook(codebook: Codebook): Promise<boolean> {
    const before = codebook.version - 1;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.codebook(codebook.projectId),
            kind: 'codebook',
            projectId: codebook.projectId,
            // JSON: code ids would otherwise become attribute names to escape, labels nested maps.
            codesJson: JSON.stringify(codebook.codes),
            interpreters: codebook.interpreters,
            version: codebook.version,
            updatedAt: codebook.updatedAt,
          },
          ...(before === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :before',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':before': before },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  private readonly queryAll = (pk: string, prefix?: string) => queryPartition(this.db, this.tableName, pk, prefix);

  async taggings(projectId: string, roundId: string): Promise<Tagging[]> {
    return (await this.queryAll(keys.taggings(projectId, roundId))).map((item) => {
      const t = TaggingItem.parse(item);
      return { ...t, codes: sorted(t.codes) };
    });
  }

  async addCodes(answer: AnswerKey, coder: string, codes: readonly string[], at: string): Promise<string[]> {
    if (codes.length === 0) return this.codesOf(answer, coder);
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.tagging(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId, coder),
        UpdateExpression: 'SET #kind = :kind, respondentCode = :code, questionId = :question, coder = :coder, #at = :at ADD codes :codes',
        ExpressionAttributeNames: { '#kind': 'kind', '#at': 'at' },
        ExpressionAttributeValues: {
          ':kind': 'tagging',
          ':code': answer.respondentCode,
          ':question': answer.questionId,
          ':coder': coder,
          ':at': at,
          ':codes': new Set(codes),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return sorted(TaggingItem.parse(Attributes).codes);
  }

  async removeCode(answer: AnswerKey, coder: string, code: string, at: string): Promise<string[]> {
    const key = keys.tagging(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId, coder);
    let left: string[];
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #at = :at DELETE codes :codes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': at, ':codes': new Set([code]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      left = sorted(TaggingItem.parse(Attributes).codes);
    } catch (error) {
      if (conditionFailed(error)) return []; // this coder never coded the answer
      throw error;
    }
    if (left.length === 0) {
      // The last code went (DynamoDB drops an empty set): the item goes too, unless a code came back meanwhile.
      await this.db
        .send(new DeleteCommand({ TableName: this.tableName, Key: key, ConditionExpression: 'attribute_not_exists(codes)' }))
        .catch((error: unknown) => {
          if (!conditionFailed(error)) throw error;
        });
    }
    return left;
  }

  private async codesOf(answer: AnswerKey, coder: string): Promise<string[]> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.tagging(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId, coder),
        ConsistentRead: true,
      }),
    );
    return Item ? sorted(TaggingItem.parse(Item).codes) : [];
  }

  async publishedCounts(projectId: string, roundId: string): Promise<Published[]> {
    return (await this.queryAll(keys.publishedCodeCounts(projectId, roundId), 'L#')).map((item) =>
      z.record(z.string(), z.number()).parse(JSON.parse(z.object({ publishedJson: z.string() }).parse(item).publishedJson)),
    );
  }

  async addPublishedCounts(projectId: string, roundId: string, number: number, published: Published): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.publishedCodeCounts(projectId, roundId), sk: `L#${number6(number)}`, kind: 'code-counts', publishedJson: JSON.stringify(published) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
