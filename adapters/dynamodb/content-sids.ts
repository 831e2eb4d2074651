import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContentSidStore } from '../twilio/tap-messenger.js';
import { awsSdk } from '../aws/sdk.js';

const { DeleteCommand, GetCommand, PutCommand } = awsSdk.documents();

/** content-sid  CT#<sha256 of the template's content>  CT: the Twilio Content SID made for it. */
const key = (hash: string) => ({ pk: `CT#${hash}`, sk: 'CT' });

/** The item's SID, if it holds one (HX + 32 hex digits). */
const sidOf = (item: Record<string, unknown> | undefined): string | null => {
  const sid = item?.['contentSid'];
  return typeof sid === 'string' && /^HX[0-9a-fA-F]{32}$/.test(sid) ? sid : null;
};

/**
 * The Content SIDs of Stem's WhatsApp templates (adapters/twilio/tap-messenger.ts), one item per template,
 * kept as long as the template: a hash of survey texts and a SID, nothing of any person. The first SID
 * put for a content wins (a conditional put); a later one learns it and uses it instead.
 */
export class DynamoDbContentSids implements ContentSidStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(hash: string): Promise<string | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(hash) }));
    return sidOf(Item);
  }

  async keep(hash: string, sid: string): Promise<string> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(hash), kind: 'content-sid', contentSid: sid },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return sid;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
    // Another webhook kept one first: read it back (strongly, it was just written) and use it.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(hash), ConsistentRead: true }));
    const kept = sidOf(Item);
    if (!kept) throw new Error('content SID item unreadable after a lost race');
    return kept;
  }

  async forget(hash: string): Promise<void> {
    // Unconditional: should another webhook have put a newer SID meanwhile, it is made once more, no harm.
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(hash) }));
  }
}
