import { awsSdk } from '../aws/sdk.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organisation, StaffAccounts } from '../../core/access/accounts.js';
import type { Principal } from '../../core/access/principal.js';
import type { InterpreterAccount, NewInterpreter } from '../../core/access/interpreters.js';
import type { OwnListening } from '../../core/voice/model.js';
import * as z from '../../kernel/zod.js';

const { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = awsSdk.documents();

/**
 * Staff and coordinator accounts for the local runtime (in the cloud, Cognito issues identities), and
 * the organisation records of both runtimes. Tokens are 256-bit random and stored only as their
 * SHA-256, so a table dump reveals no usable token.
 */
export type { Organisation } from '../../core/access/accounts.js';

const Languages = z.optional(z.array(z.string()));
const PrincipalItem = z.union([
  z.object({ role: z.literal('staff'), userId: z.string(), organisationId: z.string() }),
  z.object({ role: z.literal('coordinator'), userId: z.string() }),
  // Tokens made before independent interpreters existed always carry an organisation.
  z.object({ role: z.literal('interpreter'), userId: z.string(), organisationId: z.nullable(z.string()), languages: Languages }),
]);
const OrganisationItem = z.object({ organisationId: z.string(), name: z.string() });
const OwnListeningItem = z.object({ reason: z.string(), by: z.string(), since: z.string() });
const InterpreterItem = z.object({ userId: z.string(), label: z.string(), languages: z.array(z.string()), createdAt: z.string(), createdBy: z.string() });

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');
const orgKey = (organisationId: string) => ({ pk: 'ORGS', sk: `O#${organisationId}` });
/** Independent interpreters of the network: few, one partition lists them; the token hash to revoke one. */
const interpreterKey = (userId: string) => ({ pk: 'INTERPRETERS', sk: `I#${userId}` });

export class DynamoDbUsers implements StaffAccounts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 200) return null;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: `TOKEN#${tokenHash(token)}`, sk: 'T' } }));
    if (!Item) return null;
    const { role, userId, organisationId, languages } = Item;
    if (role === 'coordinator') return PrincipalItem.parse({ role, userId });
    if (role === 'interpreter') return PrincipalItem.parse({ role, userId, organisationId: organisationId ?? null, ...(languages ? { languages } : {}) });
    return PrincipalItem.parse({ role, userId, organisationId });
  }

  /** Issue a new token for a principal. The token is returned once and never stored in clear. */
  async issueToken(principal: Principal): Promise<string> {
    const token = `stem_${randomBytes(32).toString('base64url')}`;
    await this.registerToken(token, principal);
    return token;
  }

  /** Accept a token made elsewhere (the local runtime keeps its seeded tokens across restarts). */
  async registerToken(token: string, principal: Principal): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: `TOKEN#${tokenHash(token)}`, sk: 'T', kind: 'token', ...principal } }));
  }

  async putOrganisation(org: Organisation): Promise<void> {
    // Organisations are few (a network of welfare centres): one partition lists them all. Only the name
    // is written here, so re-seeding keeps the organisation's own choices (who hears voices).
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: orgKey(org.organisationId),
        UpdateExpression: 'SET #kind = :kind, organisationId = :id, #name = :name',
        ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
        ExpressionAttributeValues: { ':kind': 'organisation', ':id': org.organisationId, ':name': org.name },
      }),
    );
  }

  async getOrganisation(organisationId: string): Promise<Organisation | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: orgKey(organisationId) }));
    return Item ? OrganisationItem.parse({ name: organisationId, ...Item }) : null;
  }

  async listOrganisations(): Promise<Organisation[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ORGS' } }),
    );
    return Items.map((i) => OrganisationItem.parse({ name: i.organisationId, ...i }));
  }

  /** Off unless the organisation record says otherwise (in the cloud an organisation may have no record yet). */
  async ownListening(organisationId: string): Promise<OwnListening | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: orgKey(organisationId), ConsistentRead: true }));
    const parsed = OwnListeningItem.safeParse(Item?.ownListening);
    return parsed.success ? parsed.data : null;
  }

  async setOwnListening(organisationId: string, setting: OwnListening | null): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: orgKey(organisationId),
        // Creates the record when the organisation has none yet (its name then defaults to its id).
        UpdateExpression: 'SET #kind = :kind, organisationId = :id, ownListening = :setting',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':kind': 'organisation', ':id': organisationId, ':setting': setting },
      }),
    );
  }

  /** A new independent interpreter: an account with a token, returned once (the local runtime's accounts). */
  async createInterpreter(input: NewInterpreter, by: { userId: string; at: Date }): Promise<{ account: InterpreterAccount; token: string }> {
    const account: InterpreterAccount = {
      userId: `interpreter-${randomUUID()}`,
      label: input.label,
      languages: [...input.languages],
      createdAt: by.at.toISOString(),
      createdBy: by.userId,
    };
    const token = `stem_${randomBytes(32).toString('base64url')}`;
    const hash = tokenHash(token);
    const principal: Principal = {
      role: 'interpreter',
      userId: account.userId,
      organisationId: null,
      ...(input.languages.length ? { languages: [...input.languages] } : {}),
    };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...interpreterKey(account.userId), kind: 'interpreter', ...account, tokenHash: hash },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.tableName, Item: { pk: `TOKEN#${hash}`, sk: 'T', kind: 'token', ...principal } } },
        ],
      }),
    );
    return { account, token };
  }

  async listInterpreters(): Promise<InterpreterAccount[]> {
    const out: InterpreterAccount[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'INTERPRETERS' },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) out.push(InterpreterItem.parse(i));
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The account and its token go: the next request with that token is refused. False when there was none. */
  async removeInterpreter(userId: string): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: interpreterKey(userId), ConsistentRead: true }));
    if (!Item) return false;
    const hash = z.string().parse(Item.tokenHash);
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `TOKEN#${hash}`, sk: 'T' } }));
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: interpreterKey(userId) }));
    return true;
  }
}
