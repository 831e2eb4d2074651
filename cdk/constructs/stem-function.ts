import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StemSecrets } from './secrets.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The item actions the stores use (adapters/dynamodb): GetItem and Query to read, PutItem and UpdateItem
 * (also inside TransactWriteItems, which is authorized per contained action) to write, DeleteItem for
 * erasure, removed prompts and voice-job listings, BatchWriteItem for the invitations of an import or a
 * launch (adapters/dynamodb/participants.ts). No Scan, no batch read, no ConditionCheckItem (no
 * transaction holds a bare condition check), no table management. Each function gets the subset its
 * code uses (`tableActions`, set in cdk/stem-stack.ts; tests/integration/iam-contract.test.ts checks
 * that every one is used).
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

/**
 * What a function's role needs on the table's customer-managed key: only Decrypt. DynamoDB decrypts the
 * table key with the caller's credentials (CloudTrail shows the caller's role on Decrypt, again after five
 * minutes of inactivity per caller); GenerateDataKey runs as the DynamoDB service when the table key is
 * made, and the longer list in the docs (Encrypt, ReEncrypt*, GenerateDataKey*, DescribeKey, CreateGrant)
 * is for the principal that selects the key for the table, i.e. the deployment, not the functions.
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html (Key policy for a customer
 * managed key; Monitoring DynamoDB interaction with AWS KMS: GenerateDataKey, Decrypt)
 */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt'] as const;

export interface StemFunctionProps {
  /** The file under functions/, e.g. `twilio-messages.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly secrets: StemSecrets;
  readonly secretsRevision: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /**
   * Reads and writes the table with the service's secrets (default). `false`: a function that only calls
   * other parts over HTTPS (the dashboard) gets neither table access nor the secrets.
   */
  readonly data?: boolean;
  /** The item actions its code uses on the table (required unless `data` is false). */
  readonly tableActions?: readonly TableAction[];
  /** Data files the code reads at run time, copied into `<bundle>/<dir>/` (absolute source paths). */
  readonly files?: readonly { readonly dir: string; readonly sources: readonly string[] }[];
  /** esbuild aliases: a package (as imported) → an absolute path that stands in for it in the bundle. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The AWS SDK built from the lockfile (cdk/sdk-layer.ts): the runtime's own copy is never used. */
  readonly sdk: lambda.ILayerVersion;
}

/** Shell-quoted for the bundling hook (paths come from this repository and node_modules). */
const quote = (path: string): string => `'${path.replace(/'/g, `'\\''`)}'`;

/**
 * One Stem Lambda: bundled from functions/ (nodejs24.x, arm64, minified ESM with source maps), the AWS SDK
 * from the stack's SDK layer, its own role and log group, item access to the table, the secrets' ARNs.
 * Everything else it may do is granted where the resource is made.
 */
export class StemFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StemFunctionProps) {
    super(scope, id);

    // Application logs carry no personal data (DESIGN.md, privacy); a month is enough to debug.
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.description });
    this.logGroup.grantWrite(this.role);
    const data = props.data ?? true;
    if (data) {
      props.secrets.grantRead(this.role);
      if (!props.tableActions?.length) throw new Error(`${id}: a data function needs tableActions`);
      // The table itself, not its indexes (Table.grant would add `<table>/index/*` once it has one): a
      // function that queries an index is granted that index by name (the sweep, cdk/stack/sweep.ts).
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...props.tableActions], resources: [props.table.tableArn] }));
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'TableKeyThroughDynamoDbOnly',
          actions: [...TABLE_KEY_ACTIONS],
          resources: [props.tableKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: fileURLToPath(new URL(`../../functions/${props.entry}`, import.meta.url)),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../../package-lock.json', import.meta.url)),
      runtime: lambda.Runtime.NODEJS_24_X,
      layers: [props.sdk],
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        ...(data ? { TABLE_NAME: props.table.tableName, ...props.secrets.arnEnvironment(), SECRETS_REVISION: props.secretsRevision } : {}),
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // ESM output: CommonJS dependencies that call require() get one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        // Participant texts in Arabic, Persian, Ukrainian and Tigrinya: as UTF-8 they take a third of the
        // bytes of esbuild's default \uXXXX escapes (the runtime reads source as UTF-8). Passed as an
        // argument: aws-cdk-lib 2.276 documents `charset` but never hands it to esbuild.
        esbuildArgs: { '--charset': 'utf8', ...(props.aliases ? { '--alias': Object.entries(props.aliases).map(([name, path]) => `${name}=${path}`) } : {}) },
        sourceMap: true,
        sourcesContent: false,
        // Loaded with require() from the SDK layer (adapters/aws/sdk.ts, cdk/sdk-layer.ts).
        externalModules: ['@aws-sdk/*'],
        // Local esbuild (a devDependency): no Docker, works offline.
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        ...(props.files?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) =>
                  (props.files ?? []).map(
                    ({ dir, sources }) => `mkdir -p ${quote(`${output}/${dir}`)} && cp ${sources.map(quote).join(' ')} ${quote(`${output}/${dir}/`)}`,
                  ),
              },
            }
          : {}),
      },
    });
  }
}
