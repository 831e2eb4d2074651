import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StemSecrets } from './secrets.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../functions/twilio-messages.ts', import.meta.url));

/**
 * What the conversation store does (adapters/dynamodb): GetItem and Query to read, PutItem and
 * UpdateItem (also inside TransactWriteItems, which is authorized per contained action) to write,
 * DeleteItem and ConditionCheckItem for erasure and guarded transactions. No Scan, no batch, no
 * table management.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** What DynamoDB needs from the caller's credentials to use a table's customer-managed key. */
export const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

export interface MessagingProps {
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly secrets: StemSecrets;
  /** The base URL Twilio calls; the handler checks signatures against `${publicUrl}/twilio/messages`. */
  readonly publicUrl: string;
  /** Bumped after a secret changes: a configuration change makes Lambda start fresh containers, which read the secrets again. */
  readonly secretsRevision: string;
}

/** The Lambda behind Twilio's SMS / WhatsApp webhook (`functions/twilio-messages.ts`). */
export class Messaging extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);

    // Application logs carry no personal data (DESIGN.md, privacy); a month is enough to debug.
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Stem messaging webhook: its log group, and item access to the Stem table',
    });
    this.logGroup.grantWrite(role);
    props.secrets.grantRead(role);
    props.table.grant(role, ...TABLE_ACTIONS);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TableKeyThroughDynamoDbOnly',
        actions: [...TABLE_KEY_ACTIONS],
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );

    this.fn = new NodejsFunction(this, 'Function', {
      description: 'Stem: Twilio messaging and voice webhooks',
      entry: ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../../package-lock.json', import.meta.url)),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      // Twilio gives up after 15 s; answer (or fail so that it retries) well before that.
      timeout: Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        TABLE_NAME: props.table.tableName,
        PUBLIC_URL: props.publicUrl,
        ...props.secrets.arnEnvironment(),
        SECRETS_REVISION: props.secretsRevision,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // ESM output: CommonJS dependencies that call require() get one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The nodejs22.x runtime provides AWS SDK v3; keeping it out keeps the bundle small.
        externalModules: ['@aws-sdk/*'],
        // Local esbuild (a devDependency): no Docker, works offline.
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'DESIGN.md pins nodejs22.x (supported until 2027-04-30); moving to nodejs24.x is a deliberate, tested change, not a side effect of a synth.',
    });
  }
}
