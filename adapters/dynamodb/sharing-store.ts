import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { levelOr, SharingLevel, type ProjectSharing, type SharingChange, type SharingStore } from '../../core/access/sharing.js';
import * as z from '../../kernel/zod.js';
import { keys } from './table.js';

const { GetCommand, UpdateCommand } = awsSdk.documents();

/**
 * What each project shares with the network (core/access/sharing.ts), in an item of its own beside the
 * project (`P#<project>`, `SH`), not an attribute of the project's record: the project's settings are
 * saved by putting the whole record back as it was read (quiet hours, the suggestion box, voice notes), so
 * a level stored in it would be put back too by a save that read it before a change — a project just
 * taken out of the network could quietly come back. Here only a change of the level writes the level, with
 * one UpdateItem that also appends the change to its history. Reads are strongly consistent: a level
 * lowered is in force for the very next request. GetItem and UpdateItem: what the functions' role grants.
 */

const Change = z.object({ level: SharingLevel, at: z.string(), by: z.literal('staff') });
const SharingItem = z.object({ level: SharingLevel, changedAt: z.string(), changedBy: z.literal('staff') });

export class DynamoDbSharing implements SharingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async sharingOf(projectId: string): Promise<ProjectSharing> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.sharing(projectId), ConsistentRead: true }));
    return this.fromItem(projectId, Item);
  }

  /** GetItem side by side (the role grants no batch reads); a coordinator's list is a few hundred projects at most. */
  async sharingOfMany(projectIds: readonly string[]): Promise<Map<string, ProjectSharing>> {
    const all = await Promise.all(projectIds.map((id) => this.sharingOf(id)));
    return new Map(all.map((s) => [s.projectId, s]));
  }

  async setSharing(projectId: string, change: SharingChange): Promise<ProjectSharing> {
    const entry = Change.parse(change);
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sharing(projectId),
        UpdateExpression:
          'SET #kind = :kind, projectId = :p, #level = :level, changedAt = :at, changedBy = :by, history = list_append(if_not_exists(history, :none), :entry)',
        ExpressionAttributeNames: { '#kind': 'kind', '#level': 'level' },
        ExpressionAttributeValues: {
          ':kind': 'sharing',
          ':p': projectId,
          ':level': entry.level,
          ':at': entry.at,
          ':by': entry.by,
          ':none': [],
          ':entry': [entry],
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return this.fromItem(projectId, Attributes);
  }

  /** The stored level, or the default; an item that does not read is the default too, never a wider level. */
  private fromItem(projectId: string, item: Record<string, unknown> | undefined): ProjectSharing {
    const parsed = SharingItem.safeParse(item);
    if (!parsed.success) return { projectId, level: levelOr(null), changed: null };
    const { level, changedAt, changedBy } = parsed.data;
    return { projectId, level, changed: { level, at: changedAt, by: changedBy } };
  }
}
