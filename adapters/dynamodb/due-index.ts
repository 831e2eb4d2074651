import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../../kernel/zod.js';
import { Channel } from '../../core/model.js';
import { firstDue, type DueInvitation } from '../../core/rounds/due.js';
import { awsSdk } from '../aws/sdk.js';
import { invitationFromItem } from './items.js';
import { DUE_INDEX, DUE_SHARDS, keys } from './table.js';

const { QueryCommand, UpdateCommand } = awsSdk.documents();

/**
 * The due index: a sparse GSI over invitations that may need the sweep (core/rounds/due.ts says when).
 * Key: `dueShard` (`DUE#0` … `DUE#15`, by a hash of the contact key) and `dueAt` (ISO time). An item is
 * in the index only while it carries both; the writes that already happen set, move or remove them.
 *
 * Why a GSI, and not the alternatives (documentation read December 2026):
 * - DynamoDB TTL + Streams: "DynamoDB typically deletes expired items within two days of expiration"
 *   (UpdateTimeToLive API reference): fine for clean-up, useless for a reminder due at 10:00.
 * - EventBridge Scheduler one-time schedules: precise, and the quotas are large (10,000,000 schedules
 *   per Region, CreateSchedule 1,000–5,000 TPS by Region), but it is one more write per invitation to
 *   another service on every change of its due time (each message moves a reminder), with no
 *   transaction with the table: a schedule created, moved or deleted beside a commit can be lost or
 *   doubled, and the local runtime would need a second implementation. Launching 10,000 invitations
 *   would also mean 10,000 CreateSchedule calls.
 * - A sparse GSI: "DynamoDB writes a corresponding index entry only if the index sort key value is
 *   present in the item" (Best practices: sparse indexes), so the index holds what may be due, not what
 *   is enrolled; its attributes change in the same write (or transaction) as the invitation. The price:
 *   a GSI partition, like a table's, takes at most 1,000 write units and 3,000 read units a second (Warm
 *   throughput scenarios; hot partitions throttle "even when your table or GSI has sufficient overall
 *   capacity", and a throttled GSI throttles the table's writes). A launch of 10,000 invitations writes
 *   ~333 entries a second (budget: < 30 s), several launches at once more: hence 16 shards by contact
 *   key, each a sort by time; a pass makes 16 small queries. GSI reads are eventually consistent: a pass
 *   may see an entry a moment late (the next pass sends it) or stale (a job the worker's claim refuses,
 *   a correction whose condition fails).
 *
 * Projection INCLUDE: only what the sweep decides with, so the index stays small and updates of other
 * attributes (delivery reports, hear-back) do not rewrite it.
 */
/** The shard of a contact's entries: FNV-1a of the contact key (an HMAC already, so evenly spread). */
export function dueShard(contactKey: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < contactKey.length; i++) hash = Math.imul(hash ^ contactKey.charCodeAt(i), 0x01000193);
  return `DUE#${(hash >>> 0) % DUE_SHARDS}`;
}

/** The index attributes of an invitation item due at `dueAt` (none when nothing is due). */
export function dueAttributes(contactKey: string, dueAt: string | null): { dueShard?: string; dueAt?: string } {
  return dueAt === null ? {} : { dueShard: dueShard(contactKey), dueAt };
}

const DueItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  contactKey: z.string(),
  channel: Channel,
  status: z.enum(['queued', 'sending', 'invited', 'opted-out', 'failed', 'joined']),
  invitedAt: z._default(z.nullable(z.string()), null),
  remindedAt: z._default(z.nullable(z.string()), null),
  progress: z._default(z.enum(['none', 'started', 'completed', 'declined', 'opted-out']), 'none'),
  retryAfter: z._default(z.nullable(z.string()), null),
  lastActivityAt: z._default(z.nullable(z.string()), null),
  claimedAt: z._default(z.nullable(z.string()), null),
  dueAt: z.string(),
});

/** Entries due at or before `until`, every shard, a page at a time. */
export async function* dueInvitations(db: DynamoDBDocumentClient, tableName: string, until: string): AsyncIterable<DueInvitation[]> {
  for (let shard = 0; shard < DUE_SHARDS; shard++) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: 'dueShard = :shard AND dueAt <= :until',
          ExpressionAttributeValues: { ':shard': `DUE#${shard}`, ':until': until },
          ExclusiveStartKey: start,
          Limit: 500,
        }),
      );
      const items = (page.Items ?? []).map((item) => DueItem.parse(item));
      if (items.length) yield items;
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

/** The state `nextCheck` decided on: a correction is written only if none of it changed since. */
const DECIDED_ON = ['status', 'invitedAt', 'remindedAt', 'progress', 'retryAfter', 'lastActivityAt', 'claimedAt', 'dueAt'] as const;

export async function redate(db: DynamoDBDocumentClient, tableName: string, inv: DueInvitation, dueAt: string | null): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions = ['attribute_exists(pk)'];
  DECIDED_ON.forEach((attribute, i) => {
    names[`#a${i}`] = attribute;
    const value = inv[attribute] ?? null;
    if (value === null) {
      values[':null'] = null;
      conditions.push(`(attribute_not_exists(#a${i}) OR #a${i} = :null)`);
    } else if (attribute === 'progress' && value === 'none') {
      values[`:v${i}`] = value;
      conditions.push(`(attribute_not_exists(#a${i}) OR #a${i} = :v${i})`);
    } else {
      values[`:v${i}`] = value;
      conditions.push(`#a${i} = :v${i}`);
    }
  });
  if (dueAt !== null) values[':dueAt'] = dueAt;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.invitation(inv.projectId, inv.roundId, inv.contactKey),
        UpdateExpression: dueAt === null ? 'REMOVE dueShard, dueAt' : 'SET dueAt = :dueAt',
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Put the invitations of one round written before the due index into it (a table that had rounds open
 * when the index was added): each entry without a due time gets its first one (`firstDue`), only if it
 * still has none — a write since then placed it itself. Reads the round's partition once; returns how
 * many entries it added. Run by scripts/backfill-due-index.ts, once, after the deploy that adds the index.
 */
export async function backfillDueIndex(db: DynamoDBDocumentClient, tableName: string, projectId: string, roundId: string): Promise<number> {
  let added = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.invitation(projectId, roundId, '').pk },
        ExclusiveStartKey: start,
        Limit: 500,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.dueAt === 'string') continue;
      const inv = invitationFromItem(item);
      const due = firstDue(inv);
      if (due === null) continue;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.invitation(projectId, roundId, inv.contactKey),
            UpdateExpression: 'SET dueShard = :shard, dueAt = :dueAt',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dueAt)',
            ExpressionAttributeValues: { ':shard': dueShard(inv.contactKey), ':dueAt': due },
          }),
        );
        added++;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return added;
}
