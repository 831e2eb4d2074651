import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SurveyDefinition } from '../../flows/definition.js';
import type { LibraryEntry, LibraryStore, Withdrawal } from '../../core/library/library.js';
import * as z from '../../kernel/zod.js';
import { keys } from './table.js';
import { queryPartition } from './query-partition.js';

const { DeleteCommand, GetCommand, PutCommand } = awsSdk.documents();

/**
 * The network's library (core/library/library.ts) in the one table: every entry in one partition
 * (`LIBRARY`, sk `E#<entryId>`), so one paged Query lists them — a network of welfare centres publishes
 * tens of surveys, not thousands. Each entry carries its definition as published (a snapshot, within the
 * 400 KB item limit like a survey version's own item).
 *
 * Conditional writes keep it honest without a read first: publishing puts the entry only where none is
 * (`attribute_not_exists`), so a double publish leaves the first snapshot and time; withdrawing deletes
 * only where the publisher is the caller's organisation. PutItem, GetItem, Query and DeleteItem: what the
 * authoring function's role grants (cdk/stack/staff-functions.ts).
 */

const EntryItem = z.object({
  entryId: z.string(),
  organisationId: z.string(),
  surveyId: z.string(),
  version: z.int(),
  publishedAt: z.string(),
  definition: SurveyDefinition,
});

const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbLibrary implements LibraryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async publish(entry: LibraryEntry): Promise<{ entry: LibraryEntry; created: boolean }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.libraryEntry(entry.entryId), kind: 'library-entry', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { entry, created: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const existing = await this.get(entry.entryId);
    // Withdrawn between the put and this read: publish again (a rare race; the caller asked to publish).
    return existing ? { entry: existing, created: false } : this.publish(entry);
  }

  async get(entryId: string): Promise<LibraryEntry | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.libraryEntry(entryId), ConsistentRead: true }));
    return Item ? EntryItem.parse(Item) : null;
  }

  async list(): Promise<LibraryEntry[]> {
    const out = (await queryPartition(this.db, this.tableName, keys.libraryEntry('').pk)).map((item) => EntryItem.parse(item));
    return out.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.entryId.localeCompare(b.entryId));
  }

  async withdraw(entryId: string, organisationId: string): Promise<Withdrawal> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.libraryEntry(entryId),
          ConditionExpression: 'attribute_exists(pk) AND organisationId = :org',
          ExpressionAttributeValues: { ':org': organisationId },
        }),
      );
      return 'withdrawn';
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    return (await this.get(entryId)) ? 'not-publisher' : 'not-found';
  }
}
