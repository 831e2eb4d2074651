import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SaidDidStatus, type AnswerLink, type SaidDidItem } from '../../core/feedback/said-did.js';
import type { SaidDidStore } from '../../core/feedback/said-did-ports.js';
import { inParallel } from '../../core/in-parallel.js';
import * as z from '../../kernel/zod.js';
import { queryPartition } from './query-partition.js';
import { keys } from './table.js';

const { DeleteCommand, GetCommand, PutCommand } = awsSdk.documents();

/**
 * "You said, we did" items in the one table (adapters/dynamodb/table.ts): one item per action in the
 * project's partition (`WD#<project>`, `I#<itemId>`), written on condition of the version read; one item
 * per linked answer in the round's link partition (`WL#<project>#<round>`), its sort key starting with the
 * respondent's stored code so that an erasure deletes it with the person's answers and tags
 * (adapters/dynamodb/eraser.ts). GetItem, Query, PutItem, DeleteItem: what the functions' role grants.
 */

const Entry = z.object({ status: SaidDidStatus, at: z.string(), by: z.literal('staff') });

const ItemRecord = z.object({
  projectId: z.string(),
  organisationId: z.string(),
  itemId: z.string(),
  title: z.string(),
  note: z._default(z.nullable(z.string()), null),
  codes: z._default(z.array(z.string()), []),
  status: SaidDidStatus,
  history: z.array(Entry),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const LinkRecord = z.object({
  projectId: z.string(),
  roundId: z.string(),
  respondentCode: z.string(),
  questionId: z.string(),
  itemId: z.string(),
  at: z.string(),
});

const CONCURRENCY = 8;
const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbSaidDid implements SaidDidStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private readonly queryAll = (pk: string, prefix?: string) => queryPartition(this.db, this.tableName, pk, prefix);

  async items(projectId: string): Promise<SaidDidItem[]> {
    const items = (await this.queryAll(keys.saidDidItems(projectId), 'I#')).map((i) => ItemRecord.parse(i));
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.itemId.localeCompare(b.itemId));
  }

  async item(projectId: string, itemId: string): Promise<SaidDidItem | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.saidDidItem(projectId, itemId), ConsistentRead: true }));
    return Item ? ItemRecord.parse(Item) : null;
  }

  private async put(
    item: SaidDidItem,
    condition: { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.saidDidItem(item.projectId, item.itemId), kind: 'said-did', ...item }, ...condition }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  create(item: SaidDidItem): Promise<boolean> {
    return this.put(item, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  save(item: SaidDidItem): Promise<boolean> {
    return this.put(item, {
      ConditionExpression: '#version = :before',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':before': item.version - 1 },
    });
  }

  async links(projectId: string, roundIds: readonly string[]): Promise<AnswerLink[]> {
    const pages = await inParallel([...roundIds], CONCURRENCY, (roundId) => this.queryAll(keys.saidDidLinks(projectId, roundId)));
    return pages.flat().map((i) => LinkRecord.parse(i));
  }

  async changeLinks(add: readonly AnswerLink[], remove: readonly AnswerLink[]): Promise<void> {
    const keyOf = (l: AnswerLink) => keys.saidDidLink(l.projectId, l.roundId, l.respondentCode, l.questionId, l.itemId);
    await inParallel([...add], CONCURRENCY, (l) =>
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keyOf(l), kind: 'said-did-link', ...l } })),
    );
    await inParallel([...remove], CONCURRENCY, (l) => this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(l) })));
  }
}
