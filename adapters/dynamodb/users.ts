import { awsSdk } from '../aws/sdk.js';
import { createHash, randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Authenticator, Principal } from '../../core/access/principal.js';
import * as z from '../../core/zod.js';

const { GetCommand, PutCommand, QueryCommand } = awsSdk.documents();

/**
 * Staff and coordinator accounts for the local runtime (in the cloud, Cognito issues identities). Tokens
 * are 256-bit random and stored only as their SHA-256, so a table dump reveals no usable token.
 */
export interface Organisation {
  organisationId: string;
  name: string;
}

const PrincipalItem = z.union([
  z.object({ role: z.literal('staff'), userId: z.string(), organisationId: z.string() }),
  z.object({ role: z.literal('coordinator'), userId: z.string() }),
  z.object({ role: z.literal('interpreter'), userId: z.string(), organisationId: z.string() }),
]);
const OrganisationItem = z.object({ organisationId: z.string(), name: z.string() });

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class DynamoDbUsers implements Authenticator {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 200) return null;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: `TOKEN#${tokenHash(token)}`, sk: 'T' } }));
    if (!Item) return null;
    const { role, userId, organisationId } = Item;
    return PrincipalItem.parse(role === 'coordinator' ? { role, userId } : { role, userId, organisationId });
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
    // Organisations are few (a network of welfare centres): one partition lists them all.
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'ORGS', sk: `O#${org.organisationId}`, kind: 'organisation', ...org } }));
  }

  async getOrganisation(organisationId: string): Promise<Organisation | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'ORGS', sk: `O#${organisationId}` } }));
    return Item ? OrganisationItem.parse(Item) : null;
  }

  async listOrganisations(): Promise<Organisation[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ORGS' } }),
    );
    return Items.map((i) => OrganisationItem.parse(i));
  }
}
