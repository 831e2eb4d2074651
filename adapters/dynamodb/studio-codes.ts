import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import { STUDIO_CODE_HOURS, type StudioCodes } from '../../core/calls/studio.js';
import * as z from '../../kernel/zod.js';
import { keys, TTL_ATTRIBUTE } from './table.js';

const { GetCommand, PutCommand } = awsSdk.documents();

const CodeItem = z.object({ projectId: z.string(), userId: z.string(), validUntil: z.string() });

/**
 * Eight-digit codes (typed on a phone keypad), stored only as a keyed hash with an expiry and a TTL.
 * Guessing one costs a phone call per try, among 10⁸, for a few hours.
 */
export class DynamoDbStudioCodes implements StudioCodes {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly hash: (code: string) => string,
  ) {}

  async issue(projectId: string, userId: string, now: Date): Promise<{ code: string; expiresAt: string }> {
    const expires = new Date(now.getTime() + STUDIO_CODE_HOURS * 3600_000);
    for (;;) {
      const code = String(randomInt(10_000_000, 100_000_000));
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            // `expiresAt` (epoch seconds) is the table's TTL attribute: DynamoDB deletes the item after it.
            Item: {
              ...keys.studioCode(this.hash(code)),
              kind: 'studio-code',
              projectId,
              userId,
              validUntil: expires.toISOString(),
              [TTL_ATTRIBUTE]: Math.floor(expires.getTime() / 1000),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { code, expiresAt: expires.toISOString() };
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      }
    }
  }

  async redeem(code: string, now: Date): Promise<{ projectId: string; userId: string } | null> {
    if (!/^\d{8}$/.test(code)) return null;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.studioCode(this.hash(code)), ConsistentRead: true }));
    const parsed = CodeItem.safeParse(Item);
    if (!parsed.success || parsed.data.validUntil <= now.toISOString()) return null;
    return { projectId: parsed.data.projectId, userId: parsed.data.userId };
  }
}
