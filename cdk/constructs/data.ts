import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DUE_INDEX, DUE_PROJECTION, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table.js';

/** The layout of `adapters/dynamodb/table.ts`: generic string keys `pk` / `sk`, TTL on `expiresAt`. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * The single table and the customer-managed key that encrypts it. Both are retained when the stack is
 * deleted: the table holds the sealed contacts and the answers, and without its key it is unreadable.
 */
export class StemData extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'TableKey', {
      description: 'Stem: encrypts the DynamoDB table (contacts, sessions, answers)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // Kept when the stack is deleted or replaces it, removed only when the stack's first creation rolls back
      // (CloudFormation's RetainExceptOnCreate), so a failed first deploy leaves nothing behind. No deletion
      // protection on the table: it would make that rollback fail and leave the table behind.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The sweep's due index (adapters/dynamodb/due-index.ts): sparse, only invitations something may be
    // due for, with the few attributes the sweep decides with.
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX,
      partitionKey: { name: 'dueShard', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'dueAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...DUE_PROJECTION],
    });
  }
}
