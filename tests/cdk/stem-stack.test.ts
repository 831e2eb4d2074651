import { spawn, spawnSync } from 'node:child_process';
import { type Dirent, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCryptoProtector, ProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { DUE_PROJECTION, keys, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table.js';
import { pictureUrl } from '../../http/picture-urls.js';
import { voiceNoteUrl } from '../../http/voice-note-urls.js';
import { OPUS_ASSET_DIR, OPUS_WASM_FILES } from '../../adapters/audio/opus-wasm-files.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import { ConfigError, loadStageConfig, parseStageConfig, type StageConfig } from '../../cdk/config.js';
import { TABLE_ACTIONS } from '../../cdk/constructs/stem-function.js';
import { createStemApp } from '../../cdk/stem-app.js';
import { startFakeDynamoDb } from '../support/fake-dynamodb.js';
import { startFakeS3 } from '../support/fake-s3.js';
import { checkOggOpus } from '../support/ogg-pages.js';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.js';
import { assetDir, lambdaSandbox, RUNTIME_SDK_LOADED } from '../support/lambda-sandbox.js';
import type { StemStack } from '../../cdk/stem-stack.js';
import { BUNDLED_TEMPLATE_DIR, TEMPLATE_FILES } from '../../flows/templates/files.js';
import { buildDashboardScript } from '../../cdk/dashboard-script.js';
import { DASHBOARD_SCRIPT_DIR, DASHBOARD_SCRIPT_FILE, scriptAsset } from '../../web/dashboard/page/script.js';
import { BUNDLED_ASSET_DIR, TRIAD_PICTURE_FILES } from '../../adapters/images/packaged-files.js';
import { WRITER_MODULE } from '../../adapters/xlsx/exceljs-workbook.js';
import { XLSX_WRITER_DIR } from '../../cdk/xlsx-writer.js';
import { OPENAPI_DIR, OPENAPI_FILE } from '../../http/api/openapi-file.js';
import { openApiDocument } from '../../http/api/openapi.js';
import { FUNCTIONS } from '../../bench/functions.js';
import { AUTHORING_PATHS } from '../../cdk/stack/staff-functions.js';

/**
 * The stack synthesized in-process exactly as `cdk synth` builds it (cdk.json context, cdk-nag plugin),
 * bundling the real handler with the local esbuild.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Resource = { Type: string; Properties?: Record<string, Json>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, Json> };

const CDK_CONTEXT = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;
const outdirs: string[] = [];

/** A complete stage configuration, as config/<stage>.json holds it (config/example.json's shape). */
const TEST_STAGE = {
  account: '123456789012',
  region: 'eu-west-1',
  authDomainPrefix: 'stem-test-gent',
  organisations: ['ocmw-gent'],
  twilio: { accountSid: `AC${'1'.repeat(32)}`, region: 'ie1', edge: 'dublin', smsFrom: '+3225550100' },
  alarmEmail: 'alarms@ocmw-gent.example',
} satisfies Partial<Record<keyof StageConfig, unknown>>;

function synth(
  overrides: Record<string, unknown> = {},
  parent = tmpdir(),
  opts: { bundle: boolean } = { bundle: true },
): { app: App; stack: StemStack; template: Template; outdir: string } {
  mkdirSync(parent, { recursive: true });
  const outdir = mkdtempSync(join(parent, 'stem-cdk-'));
  outdirs.push(outdir);
  const config = parseStageConfig('test', { ...TEST_STAGE, ...overrides });
  // Without bundling, as `cdk synth` leaves the stacks it was not asked for: no stack matches the context's
  // patterns, so each function's asset is named but not built (aws-cdk-lib Stack.bundlingRequired; the
  // workaround named in aws/aws-cdk#18125).
  const context = opts.bundle ? CDK_CONTEXT : { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };
  const { app, stack } = createStemApp({ outdir, context, config });
  // Runs the validation plugins too: an unacknowledged cdk-nag finding throws here.
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/**
 * Another stage configuration, for tests that read its template only. Its functions' bundles are not built
 * again: the main synthesis (below) builds them with this same code, and the tests boot them from there.
 */
const variant = (overrides: Record<string, unknown>) => synth(overrides, tmpdir(), { bundle: false });

/** One resource of a type (fails unless there is exactly one). */
function only(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** The Lambda functions of the stack by construct name (logical ids start with it), e.g. `Messaging`. */
function functions(template: Template): Array<[string, Resource]> {
  return Object.entries(template.findResources('AWS::Lambda::Function')) as Array<[string, Resource]>;
}
function fnNamed(template: Template, name: string): [string, Resource] {
  const found = functions(template).filter(([id]) => id.startsWith(`${name}Function`));
  expect(found, name).toHaveLength(1);
  return found[0]!;
}
const envOf = (fn: Resource) => (fn.Properties?.['Environment'] as { Variables: Record<string, Json> }).Variables;
const s3KeyOf = (resource: Resource, property: 'Code' | 'Content') => String((resource.Properties?.[property] as Record<string, Json>)['S3Key']);

/** The function laid out as Lambda runs it, outside the repository, with the stack's SDK layer (tests/support/lambda-sandbox.ts). */
function sandboxOf(synthed: ReturnType<typeof synth>, fn: Resource, withLayers = true) {
  const layerIds = ((fn.Properties?.['Layers'] ?? []) as Json[]).map((ref) => String((ref as { Ref: string }).Ref));
  const all = synthed.template.toJSON()['Resources'] as Record<string, Resource>;
  const layers = withLayers ? layerIds.map((id) => assetDir(synthed.outdir, synthed.stack.artifactId, s3KeyOf(all[id]!, 'Content'))) : [];
  const sandbox = lambdaSandbox(assetDir(synthed.outdir, synthed.stack.artifactId, s3KeyOf(fn, 'Code')), layers);
  outdirs.push(sandbox.root);
  return sandbox;
}

/** Flattens `Fn::Join` / `Ref` / `Fn::GetAtt` into a string with `<LogicalId>` / `<LogicalId.Attr>` placeholders. */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('Ref' in value) return `<${String(value['Ref'])}>`;
    if ('Fn::GetAtt' in value) return `<${(value['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** Secrets Manager draws from letters, digits and this punctuation set. */
const GENERATOR_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A value of the shape the key secrets are generated in: 43 characters of the base64 alphabet. */
function generatedKey(seed: number): string {
  return Array.from({ length: 43 }, (_, i) => BASE64_ALPHABET[(seed * 7 + i * 13) % 64]).join('');
}

let main: ReturnType<typeof synth>;
let resources: Record<string, Resource>;
let templateJson: string;

beforeAll(() => {
  main = synth();
  resources = main.template.toJSON()['Resources'] as Record<string, Resource>;
  templateJson = JSON.stringify(main.template.toJSON());
});

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('data', () => {
  it('is one on-demand table with pk/sk string keys, PITR, TTL on expiresAt, and no deletion protection (a failed first deploy must be able to remove it)', () => {
    // The keys and TTL attribute the adapters use.
    expect(Object.keys(keys.contact('x')).sort()).toEqual(['pk', 'sk']);
    expect(TTL_ATTRIBUTE).toBe('expiresAt');

    main.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    main.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'dueShard', AttributeType: 'S' },
        { AttributeName: 'dueAt', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: Match.absent(),
      // One sparse index, the sweep's (adapters/dynamodb/due-index.ts), with the few attributes it reads.
      GlobalSecondaryIndexes: [
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...DUE_PROJECTION] },
        },
      ],
    });
  });

  it('is encrypted with its own rotating customer-managed key; table and key are retained once created (removed only when the first creation rolls back)', () => {
    const [tableId, table] = only(main.template, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const sse = table.Properties?.['SSESpecification'] as Record<string, Json>;
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = render(sse['KMSMasterKeyId']!).replace(/^<(.+)\.Arn>$/, '$1');
    const key = resources[keyId]!;
    expect(key.Type, `${tableId} key`).toBe('AWS::KMS::Key');
    expect(key.Properties?.['EnableKeyRotation']).toBe(true);
    expect(key.DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  it('leaves nothing that holds data behind a failed first deploy, and keeps all of it after: every table, key with data, bucket, secret and user pool is RetainExceptOnCreate', () => {
    const holders = Object.entries(resources).filter(
      ([, r]) =>
        ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool'].includes(r.Type) ||
        (r.Type === 'AWS::KMS::Key' && !String(r.Properties?.['Description']).includes('work queues')),
    );
    expect(holders.length).toBeGreaterThanOrEqual(9);
    expect(holders.filter(([, r]) => r.DeletionPolicy !== 'RetainExceptOnCreate').map(([id]) => id)).toEqual([]);
    const protection = Object.values(resources)
      .filter((r) => r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::Cognito::UserPool')
      .map((r) => r.Properties?.['DeletionProtectionEnabled'] ?? r.Properties?.['DeletionProtection']);
    expect(protection.filter((p) => p !== undefined && p !== false && p !== 'INACTIVE')).toEqual([]);
  });
});

describe('messaging function', () => {
  it('runs the bundled twilio-messages handler on nodejs24.x / arm64 with its limits', () => {
    main.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 14, // a turn's REST messages begun within 7 s end within 6 more (http/messaging-routes.ts)
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.anyValue() } },
    });
    const [, fn] = fnNamed(main.template, 'Messaging');
    expect(fn.Properties?.['Timeout'] as number).toBeLessThan(15); // Twilio's webhook timeout
    const logGroupId = render((fn.Properties?.['LoggingConfig'] as Record<string, Json>)['LogGroup']!).slice(1, -1);
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it("gets TABLE_NAME, PUBLIC_URL (CloudFront's name by default), the secrets' ARNs, the voice queue and media bucket, Twilio's account, region and edge, our numbers, and nothing the handler does not read", () => {
    const [, fn] = fnNamed(main.template, 'Messaging');
    const env = envOf(fn);
    expect(Object.keys(env).sort()).toEqual([
      'AUDIO_BUCKET',
      'HMAC_KEY_SECRET_ARN',
      'MEDIA_KMS_KEY_ID',
      'NODE_OPTIONS',
      'PUBLIC_URL',
      'SEAL_KEY_SECRET_ARN',
      'SECRETS_REVISION',
      'SERVICE_NUMBERS',
      'TABLE_NAME',
      'TRANSCRIPT_BUCKET',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN_SECRET_ARN',
      'TWILIO_EDGE',
      'TWILIO_REGION',
      'VOICE_QUEUE_URL',
    ]);
    // Our numbers, from the configuration: the SMS sender, the WhatsApp sender and the voice number.
    expect(String(env['SERVICE_NUMBERS']).split(',')).toEqual(expect.arrayContaining([expect.stringMatching(/^\+\d+$/)]));
    const [tableId] = only(main.template, 'AWS::DynamoDB::Table');
    const [distributionId] = only(main.template, 'AWS::CloudFront::Distribution');
    expect(env['TABLE_NAME']).toEqual({ Ref: tableId });
    expect(render(env['PUBLIC_URL']!)).toBe(`https://<${distributionId}.DomainName>`);
    expect([env['TWILIO_REGION'], env['TWILIO_EDGE']]).toEqual(['ie1', 'dublin']);
    expect(env['NODE_OPTIONS']).toBe('--enable-source-maps');
  });

  it('uses the custom domain instead (on CloudFront, with its us-east-1 certificate and TLS 1.2), and reports it in the webhook URL output', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
    const custom = variant({ domain: { name: 'stem.example.be', certificateArn } });
    custom.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_URL: 'https://stem.example.be' }) },
    });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['stem.example.be'],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    custom.template.hasOutput('TwilioMessagingWebhookUrl', { Value: 'https://stem.example.be/twilio/messages' });
    custom.template.hasOutput('TwilioVoiceWebhookUrl', { Value: 'https://stem.example.be/twilio/voice' });
    custom.template.hasOutput('DistributionDomain', Match.anyValue());
  });

  /** The staged asset directory: the function's S3 key names the asset, the assets manifest says where it is. */
  function bundleDir(): string {
    const [, fn] = fnNamed(main.template, 'Messaging');
    const hash = String((fn.Properties?.['Code'] as Record<string, Json>)['S3Key']).replace(/\.zip$/, '');
    const manifest = JSON.parse(readFileSync(join(main.outdir, `${main.stack.artifactId}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    expect(manifest.files[hash]?.source.packaging).toBe('zip');
    return join(main.outdir, manifest.files[hash]!.source.path);
  }

  it('is bundled as minified ESM with source maps, the AWS SDK left to the SDK layer, under 500 KB', () => {
    const dir = bundleDir();
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(500 * 1024);
    expect(statSync(join(dir, 'index.mjs.map')).isFile()).toBe(true);
    expect(code.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);")).toBe(true);
    // The AWS SDK, required by name (adapters/aws/sdk.ts) from the layer, not bundled: no DynamoDB protocol code inside.
    // Booleans and counts, not the bundle itself, in any failure message.
    expect(code.includes('"@aws-sdk/client-dynamodb"')).toBe(true);
    expect(code.includes('DynamoDB_20120810')).toBe(false);
    // Minified: a few dozen lines (the redactor's word lists keep the line breaks of their template literals),
    // where the same code unminified has tens of thousands.
    expect(code.split('\n').length).toBeLessThan(300);
    // UTF-8, not \uXXXX escapes: the Arabic, Persian, Ukrainian and Tigrinya texts at a third of the bytes.
    const arabicLetters = /[\u0621-\u064a]/g;
    const escapedLetters = /\\u06(?:2[1-9a-f]|3[0-9a-f]|4[0-9a])/gi; // regular expressions in the source may keep a few
    expect(code.match(arabicLetters)?.length ?? 0).toBeGreaterThan(1000);
    expect(code.match(escapedLetters)?.length ?? 0).toBeLessThan(10);
  });

  it('boots from the bundle with the environment the template gives it (secrets read from Secrets Manager, mocked by a local server), and refuses an unsigned webhook', async () => {
    const [, fn] = fnNamed(main.template, 'Messaging');
    const env = envOf(fn);
    const secrets = await startFakeSecretsManager({
      twilioAuthToken: 'token-from-secrets-manager',
      hmacKey: `${generatedKey(1)}=`,
      sealKey: `${generatedKey(2)}=`,
    });
    const url = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
    const sandbox = sandboxOf(main, fn);
    const script = `
      const { handler } = await import(${JSON.stringify(join(sandbox.task, 'index.mjs'))});
      const body = Buffer.from('MessageSid=SM0&From=%2B32470000000&To=%2B3225550100&Body=hi').toString('base64');
      const res = await handler({
        version: '2.0', routeKey: 'POST /twilio/messages', rawPath: '/twilio/messages', rawQueryString: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
        requestContext: { http: { method: 'POST', path: '/twilio/messages', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'x' },
          domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: '$default', requestId: 'r', routeKey: 'POST /twilio/messages' },
        body, isBase64Encoded: true }, {});
      process.stdout.write('\\nSTATUS ' + res.statusCode + '\\n');`;
    try {
      // The template's own variable names, with the fake's ARNs as values (the template holds Refs).
      expect(Object.keys(secrets.env)).toEqual(expect.arrayContaining(Object.keys(env).filter((k) => k.endsWith('_SECRET_ARN'))));
      const run = await new Promise<{ stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--enable-source-maps', '--no-warnings', '--input-type=module', '-e', script], {
          cwd: sandbox.task,
          env: {
            ...sandbox.env,
            ...secrets.env,
            TABLE_NAME: 'stem-cdk-test',
            PUBLIC_URL: url,
            SECRETS_REVISION: '1',
            SERVICE_NUMBERS: String(env.SERVICE_NUMBERS),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', () => done({ stdout, stderr }));
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('STATUS 403');
      expect(secrets.requests).toHaveLength(3); // each secret read once, at the cold start
    } finally {
      await secrets.stop();
    }
  });
});

describe('dashboard function', () => {
  it("gets the public URL and the hosted UI's settings only: no table, no secrets, no key (it calls the API with the person's token)", () => {
    const [, fn] = fnNamed(main.template, 'Dashboard');
    expect(Object.keys(envOf(fn)).sort()).toEqual(['COGNITO_DOMAIN', 'NODE_OPTIONS', 'PUBLIC_URL', 'USER_POOL_CLIENT_ID', 'USER_POOL_ID']);
    const roleId = render(fn.Properties?.['Role'] as Json).replace(/^<(.+)\.Arn>$/, '$1');
    const own = (Object.values(main.template.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((p) => (p.Properties?.['Roles'] as Json[]).some((r) => render(r) === `<${roleId}>`))
      .flatMap((p) => (p.Properties?.['PolicyDocument'] as { Statement: Array<{ Action: string | string[] }> }).Statement)
      .flatMap((st) => [st.Action].flat());
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((action) => action.startsWith('logs:'))).toBe(true);
  });
});

describe('pictures function', () => {
  it("gets TABLE_NAME and the secrets' ARNs only, 1 GB for rasterizing, and is routed GET and HEAD /media/triad/*", () => {
    const [id, fn] = fnNamed(main.template, 'Pictures');
    expect(Object.keys(envOf(fn)).sort()).toEqual([
      'HMAC_KEY_SECRET_ARN',
      'NODE_OPTIONS',
      'SEAL_KEY_SECRET_ARN',
      'SECRETS_REVISION',
      'TABLE_NAME',
      'TWILIO_AUTH_TOKEN_SECRET_ARN',
    ]);
    expect(fn.Properties?.['MemorySize']).toBe(1024);
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] } });
  });

  /**
   * Its bundle copied out of the project, so that nothing resolves from node_modules but the AWS SDK the
   * runtime provides: the renderer must find its wasm and fonts in triad-assets/ beside the bundle.
   */
  it('renders an 800x700 PNG from its bundle alone for a signed URL (survey read from DynamoDB, key from Secrets Manager), 404 for a tampered one', async () => {
    const [, fn] = fnNamed(main.template, 'Pictures');
    const sandbox = sandboxOf(main, fn);
    expect(() => createRequire(join(sandbox.task, 'index.mjs')).resolve(TRIAD_PICTURE_FILES[0]!)).toThrow(); // no node_modules to fall back on

    const protectorKeys = { hmacKey: `${generatedKey(5)}=`, sealKey: `${generatedKey(6)}=` };
    const secrets = await startFakeSecretsManager({ twilioAuthToken: 'token', ...protectorKeys });
    const story = JSON.parse(readFileSync(new URL('../../flows/templates/story-signifiers.json', import.meta.url), 'utf8')) as { id: string; version: number };
    const dynamo = await startFakeDynamoDb([
      { ...keys.survey(story.id, story.version), kind: 'survey', definition: story, organisationId: 'template', frozen: true },
    ]);
    const signed = new URL(
      pictureUrl(new NodeCryptoProtector(protectorKeys), 'https://abc123.execute-api.eu-west-1.amazonaws.com', {
        kind: 'triad',
        surveyId: story.id,
        surveyVersion: story.version,
        questionId: 'difference',
        language: 'ti',
      }),
    );
    const sig = signed.searchParams.get('sig') ?? '';
    const event = (query: string) => ({
      version: '2.0',
      routeKey: 'GET /media/triad/{proxy+}',
      rawPath: signed.pathname,
      rawQueryString: query,
      headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
      requestContext: {
        http: { method: 'GET', path: signed.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'TwilioProxy/1.1' },
        domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
        stage: '$default',
        requestId: 'r',
        routeKey: 'GET /media/triad/{proxy+}',
      },
      isBase64Encoded: false,
    });
    const script = `
      const { handler } = await import(${JSON.stringify(join(sandbox.task, 'index.mjs'))});
      for (const event of ${JSON.stringify([event(`sig=${sig}`), event(`sig=${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)])}) {
        const res = await handler(event, {});
        process.stdout.write(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], cache: res.headers['cache-control'], base64: res.isBase64Encoded, body: res.body }) + '\\n');
      }`;
    try {
      const run = await new Promise<{ stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
          cwd: sandbox.task,
          env: { ...sandbox.env, ...secrets.env, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: 'stem-table', SECRETS_REVISION: '1' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', () => done({ stdout, stderr }));
      });
      expect(run.stderr).toBe('');
      const [ok, tampered] = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { status: number; type: string; cache?: string; base64: boolean; body: string });
      expect([ok?.status, ok?.type, ok?.base64]).toEqual([200, 'image/png', true]);
      expect(ok?.cache).toContain('immutable');
      const png = Buffer.from(ok?.body ?? '', 'base64');
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect([png.subarray(12, 16).toString('latin1'), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(['IHDR', 800, 700]);
      expect(png.byteLength).toBeGreaterThan(10_000);
      expect([tampered?.status, tampered?.type]).toEqual([404, 'application/problem+json']);
      expect(dynamo.requests).toEqual([`SV#${story.id}|V#${String(story.version).padStart(6, '0')}`]); // the tampered URL read nothing
    } finally {
      await secrets.stop();
      await dynamo.stop();
    }
  });
});

describe('voice-notes function', () => {
  it('has a gigabyte (transcoding is CPU-bound), 15 s, and libopus as WebAssembly beside its bundle', () => {
    const [, fn] = fnNamed(main.template, 'VoiceNotes');
    expect([fn.Properties?.['MemorySize'], fn.Properties?.['Timeout']]).toEqual([1024, 15]);
    const sandbox = sandboxOf(main, fn);
    expect(readdirSync(join(sandbox.task, OPUS_ASSET_DIR)).sort()).toEqual(OPUS_WASM_FILES.map((f) => basename(f)).sort());
  });

  /**
   * Its bundle copied out of the project (nothing resolves from node_modules): a Tigrinya question has no
   * Polly voice, so the note is staff's recorded WAV prompt, read from S3 and transcoded by libopus from
   * opus-assets/ beside the bundle; then kept, and the second fetch is served from the store.
   */
  it('serves a Tigrinya question as Ogg/Opus made from its recorded WAV prompt, from its bundle alone (DynamoDB, S3 and Secrets Manager mocked by local servers)', async () => {
    const [, fn] = fnNamed(main.template, 'VoiceNotes');
    const sandbox = sandboxOf(main, fn);
    expect(() => createRequire(join(sandbox.task, 'index.mjs')).resolve(OPUS_WASM_FILES[0]!)).toThrow(); // no node_modules to fall back on

    const protectorKeys = { hmacKey: `${generatedKey(7)}=`, sealKey: `${generatedKey(8)}=` };
    const secrets = await startFakeSecretsManager({ twilioAuthToken: 'token', ...protectorKeys });
    const survey = JSON.parse(readFileSync(new URL('../../flows/templates/end-evaluation.json', import.meta.url), 'utf8')) as { id: string; version: number };
    const organisationId = 'ocmw-gent';
    const prompt = {
      language: 'ti',
      promptId: 'question.energy',
      audioKey: 'prompt-0f3a9c',
      contentType: 'audio/wav',
      recordedAt: '2026-12-01T10:00:00.000Z',
      source: 'upload',
    };
    const dynamo = await startFakeDynamoDb([
      { ...keys.survey(survey.id, survey.version), kind: 'survey', definition: survey, organisationId: 'template', frozen: true },
      { pk: keys.questionPrompts(organisationId, survey.id, survey.version), sk: `ti#${prompt.promptId}`, kind: 'prompt', ...prompt },
    ]);
    const wav = spawnSync('espeak-ng', ['-v', 'am', '--stdout', 'ሰላም። ስለ አገልግሎታችን ምን ያስባሉ?'], { maxBuffer: 16 * 1024 * 1024 }).stdout;
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const s3 = await startFakeS3(new Map([[`stem-audio/prompts/${prompt.audioKey}`, { bytes: new Uint8Array(wav), contentType: 'audio/wav' }]]));
    const signed = new URL(
      voiceNoteUrl(
        new NodeCryptoProtector(protectorKeys),
        'https://abc123.execute-api.eu-west-1.amazonaws.com',
        { organisationId, surveyId: survey.id, surveyVersion: survey.version, questionId: 'energy', language: 'ti' },
        new Date(),
      ),
    );
    const event = {
      version: '2.0',
      routeKey: 'GET /media/voice/{proxy+}',
      rawPath: signed.pathname,
      rawQueryString: signed.search.slice(1),
      headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
      requestContext: {
        http: { method: 'GET', path: signed.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'TwilioProxy/1.1' },
        domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
        stage: '$default',
        requestId: 'r',
        routeKey: 'GET /media/voice/{proxy+}',
      },
      isBase64Encoded: false,
    };
    const script = `
      const { handler } = await import(${JSON.stringify(join(sandbox.task, 'index.mjs'))});
      for (let i = 0; i < 2; i++) {
        const started = performance.now();
        const res = await handler(${JSON.stringify(event)}, {});
        process.stdout.write(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], base64: res.isBase64Encoded, body: res.body, ms: Math.round(performance.now() - started) }) + '\\n');
      }`;
    try {
      const run = await new Promise<{ stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
          cwd: sandbox.task,
          env: {
            ...sandbox.env,
            ...secrets.env,
            AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
            AWS_ENDPOINT_URL_S3: s3.endpoint,
            TABLE_NAME: 'stem-table',
            AUDIO_BUCKET: 'stem-audio',
            MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000',
            SECRETS_REVISION: '1',
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', () => done({ stdout, stderr }));
      });
      expect(run.stderr).toBe('');
      const lines = run.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{"status"'))
        .map((line) => JSON.parse(line) as { status: number; type: string; base64: boolean; body: string; ms: number });
      expect(lines.map((l) => [l.status, l.type, l.base64])).toEqual([
        [200, 'audio/ogg', true],
        [200, 'audio/ogg', true],
      ]);
      const made = Buffer.from(lines[0]?.body ?? '', 'base64');
      console.info(
        `voice-notes bundle: a ${((wav.length - 44) / 2 / 22050).toFixed(1)} s prompt made in ${lines[0]?.ms} ms, served again in ${lines[1]?.ms} ms`,
      );
      const ogg = checkOggOpus(new Uint8Array(made));
      expect([ogg.head.channels, ogg.head.preSkip, ogg.head.inputRate]).toEqual([1, 312, 22050]);
      expect(Buffer.from(lines[1]?.body ?? '', 'base64').equals(made)).toBe(true);
      // Read the prompt once, kept the note under voice/ (keyed by a hash), read it back the second time.
      const kept = [...s3.objects.keys()].filter((k) => k.startsWith('stem-audio/voice/voice-note.'));
      expect(kept).toHaveLength(1);
      expect(Buffer.from(s3.objects.get(kept[0]!)?.bytes ?? []).equals(made)).toBe(true);
      expect(s3.requests).toEqual([`GET ${kept[0]}`, `GET stem-audio/prompts/${prompt.audioKey}`, `PUT ${kept[0]}`, `GET ${kept[0]}`]);
      expect(dynamo.requests).toContain(`Query ${keys.questionPrompts(organisationId, survey.id, survey.version)}|ti#`);
    } finally {
      await secrets.stop();
      await dynamo.stop();
      await s3.stop();
    }
  });
});

describe('secrets', () => {
  it('reach every function only as ARNs of secrets of this stack: no value, and no dynamic reference, in any environment', () => {
    for (const [id, fn] of functions(main.template)) {
      const env = envOf(fn);
      if (id.startsWith('Dashboard')) {
        expect(Object.keys(env).filter((k) => k.endsWith('_SECRET_ARN'))).toEqual([]); // it holds no secret
        continue;
      }
      const referenced = ['TWILIO_AUTH_TOKEN_SECRET_ARN', 'HMAC_KEY_SECRET_ARN', 'SEAL_KEY_SECRET_ARN'].map((name) => render(env[name]!).slice(1, -1));
      expect(new Set(referenced).size).toBe(3);
      for (const secretId of referenced) expect(resources[secretId]?.Type).toBe('AWS::SecretsManager::Secret');
    }
    expect(templateJson).not.toContain('{{resolve:');
  });

  it('are generated by Secrets Manager: no secret value anywhere in the template', () => {
    const secrets = Object.values(main.template.findResources('AWS::SecretsManager::Secret')) as Resource[];
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(secret.Properties?.['SecretString']).toBeUndefined();
      expect(secret.Properties?.['GenerateSecretString']).toBeDefined();
      expect(secret.Properties?.['KmsKeyId']).toBeDefined();
      expect(secret.DeletionPolicy).toBe('RetainExceptOnCreate');
    }
    expect(templateJson).not.toMatch(/SecretString"\s*:\s*"/); // no literal SecretString property
    expect(templateJson).not.toMatch(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=/); // no 32-byte base64 key
    expect(templateJson).not.toMatch(/(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])/); // no Twilio-style token
    expect(templateJson).not.toContain('resolve:ssm'); // and no other, weaker kind of reference
  });

  it('the generated keys are what ProtectorKeys accepts once padded, given what the generator can produce', () => {
    const [, hmacSecret] = Object.entries(resources).find(([id]) => id.startsWith('SecretsHmacKey'))!;
    const generate = hmacSecret.Properties?.['GenerateSecretString'] as Record<string, Json>;
    expect(generate['PasswordLength']).toBe(43);
    // What the generator can draw once the excluded characters are gone: exactly the base64 alphabet.
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', ...GENERATOR_PUNCTUATION].filter(
      (c) => !String(generate['ExcludeCharacters']).includes(c),
    );
    expect(alphabet.sort().join('')).toBe([...BASE64_ALPHABET].sort().join(''));
    expect(generate['IncludeSpace']).toBe(false);

    // The reader (adapters/aws/service-secrets.ts) adds the "=" the generator cannot produce.
    expect(ProtectorKeys.safeParse({ hmacKey: `${generatedKey(1)}=`, sealKey: `${generatedKey(2)}=` }).success).toBe(true);
  });

  it('are readable by the function, decrypted through Secrets Manager only, with a rotating customer-managed key', () => {
    const [secretsKeyId] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::KMS::Key' && id.startsWith('SecretsSecretsKey'))!;
    expect(resources[secretsKeyId]).toMatchObject({ Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate' });
    const policies = (Object.values(main.template.findResources('AWS::IAM::Policy')) as Resource[]).flatMap(
      (policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Array<{ Action: string | string[]; Resource: Json; Condition?: Json }> }).Statement,
    );
    const reads = policies.filter((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]).includes('secretsmanager:GetSecretValue'));
    const secretIds = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret')
      .map(([id]) => `<${id}>`);
    expect(new Set(reads.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).map(render)))).toEqual(new Set(secretIds));
    // Decryption is granted on the key's own policy, to the function's role, through Secrets Manager only.
    const keyPolicy = (
      resources[secretsKeyId]?.Properties?.['KeyPolicy'] as { Statement: Array<{ Action: string | string[]; Principal: Json; Condition?: Json }> }
    ).Statement;
    const decrypt = keyPolicy.filter(
      (st) => (Array.isArray(st.Action) ? st.Action : [st.Action]).includes('kms:Decrypt') && JSON.stringify(st.Principal).includes('Role'),
    );
    const principals = decrypt.flatMap((st) => [(st.Principal as { AWS: Json | Json[] }).AWS].flat());
    expect(principals).toHaveLength(functions(main.template).length - 1); // every function's role but the dashboard's, no one else
    for (const st of decrypt) expect(JSON.stringify(st.Condition)).toContain('secretsmanager.');
  });
});

describe('IAM', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: Json; Condition?: Json };
  function statements(): Statement[] {
    return (Object.values(main.template.findResources('AWS::IAM::Policy')) as Resource[]).flatMap(
      (policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement,
    );
  }
  const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  const resourcesOf = (s: Statement): Json[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

  it('grants each function the item actions its code uses, on the table only, never on "*" and never Scan', () => {
    const [tableId] = only(main.template, 'AWS::DynamoDB::Table');
    const dynamo = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    // One per function but the dashboard (it goes through the API), and the sweep's on its due index.
    expect(dynamo).toHaveLength(functions(main.template).length - 1 + 1);
    for (const statement of dynamo) {
      for (const action of actionsOf(statement)) expect(TABLE_ACTIONS).toContain(action);
      for (const resource of resourcesOf(statement)) expect(render(resource)).toMatch(new RegExp(`^<${tableId}\\.Arn>(/index/due)?$`));
    }
    // The due index, by name, for the sweep alone: no `index/*`.
    const onIndex = dynamo.filter((s) => resourcesOf(s).some((r) => render(r).endsWith('/index/due')));
    expect(onIndex.map((s) => actionsOf(s))).toEqual([['dynamodb:Query']]);
    // Per function (tests/integration/iam-contract.test.ts checks each is used): only the staff API writes in batches.
    const tableActionsOf = (prefix: string) => {
      const roleIds = Object.keys(main.template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith(prefix));
      const policies = Object.values(main.template.findResources('AWS::IAM::Policy')) as Resource[];
      const own = policies.filter((p) => (p.Properties?.['Roles'] as Json[]).some((r) => roleIds.some((id) => render(r) === `<${id}>`)));
      return own
        .flatMap((p) => (p.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('dynamodb:'))
        .sort();
    };
    expect(tableActionsOf('PicturesRole')).toEqual(['dynamodb:GetItem']);
    expect(tableActionsOf('VoiceNotesRole')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(tableActionsOf('DeliverysmsRole')).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    // Authoring: reads, survey versions (transactions of Puts), library entries published (Put) and withdrawn (Delete).
    expect(tableActionsOf('AuthoringApiRole')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    for (const fn of ['MessagingRole', 'AuthoringApiRole', 'VoiceApiRole', 'VoiceWorkerRole', 'TranscribeEventsRole', 'SweepRole', 'DeliverysmsRole'])
      expect(tableActionsOf(fn), fn).not.toContain('dynamodb:BatchWriteItem');
    expect(tableActionsOf('StaffApiRole')).toContain('dynamodb:BatchWriteItem');
  });

  it('lets only the staff API write and read result downloads, and only under exports/', () => {
    const policies = Object.values(main.template.findResources('AWS::IAM::Policy')) as Resource[];
    const onExports = policies.flatMap((policy) =>
      (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement.filter((s) =>
        resourcesOf(s).some((r) => render(r).endsWith('/exports/*')),
      ).map((s) => ({ s, roles: (policy.Properties?.['Roles'] as Json[]).map(render) })),
    );
    expect(onExports).toHaveLength(1);
    expect(onExports[0]?.roles).toEqual([expect.stringMatching(/^<StaffApiRole[0-9A-F]{8}>$/)]);
    expect(actionsOf(onExports[0]!.s).sort()).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject']);
    expect(resourcesOf(onExports[0]!.s).map(render)).toEqual([expect.stringMatching(/^<MediaAudio[0-9A-F]{8}\.Arn>\/exports\/\*$/)]);
  });

  it('has no "*" resource (but StartTranscriptionJob, bound to our output by conditions, and Polly\'s SynthesizeSpeech) and no wildcard action in any identity policy, and no AWS managed policy', () => {
    for (const s of statements()) {
      // transcribe:StartTranscriptionJob has no resource type: "*" is the only resource it accepts
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazontranscribe.html).
      const startsJobs =
        JSON.stringify(actionsOf(s)) === '["transcribe:StartTranscriptionJob"]' &&
        JSON.stringify(s).includes('transcribe:OutputBucketName') &&
        JSON.stringify(s).includes('transcribe:OutputEncryptionKMSKeyId');
      // polly:SynthesizeSpeech names no resource but lexicons (unused): "*" (Polly's API permissions reference).
      const speaks = JSON.stringify(actionsOf(s)) === '["polly:SynthesizeSpeech"]';
      for (const resource of resourcesOf(s)) if (!startsJobs && !speaks) expect(render(resource)).not.toBe('*');
      for (const action of actionsOf(s)) expect(action).not.toContain('*');
    }
    for (const role of Object.values(main.template.findResources('AWS::IAM::Role')) as Resource[]) {
      expect(role.Properties?.['ManagedPolicyArns']).toBeUndefined();
    }
  });

  it('lets every function use a key only through the service that needs it, and write only to its own log group', () => {
    // Every kms: statement names one key and is conditioned on the service that uses it (DynamoDB, S3, Transcribe, SQS).
    const [queuesKeyId] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::KMS::Key' && id.startsWith('QueuesQueuesKey'))!;
    for (const statement of statements().filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')))) {
      expect(resourcesOf(statement)).toHaveLength(1);
      // The queue consumers' Decrypt too (cdk/constructs/queues.ts grantConsume), not SqsEventSource's unconditioned grant.
      expect(statement.Condition, JSON.stringify(statement)).toBeDefined();
      if (render(resourcesOf(statement)[0]!) === `<${queuesKeyId}.Arn>`) expect(JSON.stringify(statement.Condition)).toContain('sqs.');
      const via = [(statement.Condition as { StringEquals: Record<string, Json> }).StringEquals['kms:ViaService']!].flat();
      for (const service of via) expect(render(service)).toMatch(/^(dynamodb|s3|transcribe|sqs)\..+\.amazonaws\.com$/);
    }
    const policies = Object.entries(main.template.findResources('AWS::IAM::Policy')) as Array<[string, Resource]>;
    for (const [, fn] of functions(main.template)) {
      const logGroupId = render((fn.Properties?.['LoggingConfig'] as Record<string, Json>)['LogGroup']!).slice(1, -1);
      const roleId = render(fn.Properties?.['Role'] as Json).replace(/^<(.+)\.Arn>$/, '$1');
      const own = policies
        .filter(([, p]) => (p.Properties?.['Roles'] as Json[]).some((r) => render(r) === `<${roleId}>`))
        .flatMap(([, p]) => (p.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement);
      const logs = own.filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(resourcesOf(logs[0]!).map(render)).toEqual([`<${logGroupId}.Arn>`]);
    }
  });
});

/** What adapters/aws/sdk.ts loads. */
const AWS_SDK_PACKAGES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-transcribe',
  '@aws-sdk/client-secrets-manager',
];

describe('every function', () => {
  /** A stand-in for what CloudFormation resolves each placeholder to, by the kind of resource it names. */
  function resolveEnv(template: Template, value: Json): string {
    const all = template.toJSON()['Resources'] as Record<string, Resource>;
    return render(value).replace(/<([A-Za-z0-9:]+)(?:\.([A-Za-z]+))?>/g, (_, id: string, attr: string | undefined) => {
      const pseudo: Record<string, string> = {
        'AWS::Region': 'eu-west-1',
        'AWS::URLSuffix': 'amazonaws.com',
        'AWS::AccountId': '123456789012',
        'AWS::Partition': 'aws',
      };
      if (pseudo[id]) return pseudo[id];
      switch (all[id]?.Type) {
        case 'AWS::SQS::Queue':
          return `https://sqs.eu-west-1.amazonaws.com/123456789012/${id}`;
        case 'AWS::S3::Bucket':
          return `stem-${id.toLowerCase()}`;
        case 'AWS::KMS::Key':
          return `arn:aws:kms:eu-west-1:123456789012:key/${id}`;
        case 'AWS::DynamoDB::Table':
          return 'stem-table';
        case 'AWS::SecretsManager::Secret':
          return `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${id}`; // replaced by the stand-in's ARNs below
        case 'AWS::Cognito::UserPool':
          return 'eu-west-1_AbC123xyz';
        case 'AWS::Cognito::UserPoolClient':
          return 'abcdefghij1234567890abcdef';
        case 'AWS::Cognito::UserPoolDomain':
          return 'stem-dashboard';
        case 'AWS::CloudFront::Distribution':
          return 'd111111abcdef8.cloudfront.net';
        case 'AWS::ApiGatewayV2::Api':
          return attr === 'ApiEndpoint' ? 'https://abc123.execute-api.eu-west-1.amazonaws.com' : id;
        default:
          return `unresolved-${id}`;
      }
    });
  }

  /** Each function of the stack by its name in the bench (bench/functions.ts: its entry under functions/). */
  const BENCH_NAMES: Record<string, string> = {
    StaffApi: 'api',
    VoiceApi: 'voice-api',
    AuthoringApi: 'authoring-api',
    Dashboard: 'dashboard',
    Deliverysms: 'delivery-worker',
    Deliveryvoice: 'delivery-worker',
    Deliverywhatsapp: 'delivery-worker',
    Messaging: 'twilio-messages',
    Pictures: 'pictures',
    Sweep: 'sweep',
    TranscribeEvents: 'transcribe-events',
    VoiceNotes: 'voice-notes',
    VoiceWorker: 'voice-worker',
  };
  /** Every file in a bundle's folder but the bundle and its source map, as `dir/file`. */
  const filesBeside = (task: string): string[] =>
    (readdirSync(task, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => relative(task, join(entry.parentPath, entry.name)))
      .filter((path) => !['index.mjs', 'index.mjs.map'].includes(path))
      .sort();

  it("boots from its bundle (under 500 KB) outside the repository, with the SDK layer and exactly the environment the template gives it; never with the runtime's own SDK", async () => {
    const configured = main;
    const secrets = await startFakeSecretsManager({ twilioAuthToken: 'token', hmacKey: `${generatedKey(3)}=`, sealKey: `${generatedKey(4)}=` });
    /** A script run in a fresh Node process in the sandbox (async: the fake Secrets Manager answers from this process). */
    const runScript = (sandbox: ReturnType<typeof sandboxOf>, env: Record<string, string>, script: string) =>
      new Promise<{ stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
          cwd: sandbox.task,
          env: { ...sandbox.env, ...env, ...secrets.env },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', () => done({ stdout, stderr }));
      });
    const boot = async (sandbox: ReturnType<typeof sandboxOf>, env: Record<string, string>) =>
      // Boots the handler, then loads each SDK package the adapters require (adapters/aws/sdk.ts) the way they do.
      runScript(
        sandbox,
        env,
        `const m = await import(${JSON.stringify(join(sandbox.task, 'index.mjs'))}); if (typeof m.handler !== 'function') throw new Error('no handler');
        const { createRequire } = await import('node:module'); const load = createRequire(${JSON.stringify(join(sandbox.task, 'index.mjs'))});
        const from = ${JSON.stringify(AWS_SDK_PACKAGES)}.map((name) => { load(name); return load.resolve(name); });
        process.stdout.write('BOOTED ' + JSON.stringify(from));`,
      );
    try {
      const booted: string[] = [];
      for (const [id, fn] of functions(configured.template)) {
        const env = Object.fromEntries(Object.entries(envOf(fn)).map(([k, v]) => [k, resolveEnv(configured.template, v)]));
        expect(
          Object.values(env).filter((v) => v.includes('unresolved-')),
          id,
        ).toEqual([]);
        expect(fn.Properties?.['Runtime'], id).toBe('nodejs24.x');
        const sandbox = sandboxOf(configured, fn);
        const run = await boot(sandbox, env);
        expect(run.stderr, id).toBe('');
        expect(run.stdout.startsWith('BOOTED '), id).toBe(true);
        const from = JSON.parse(run.stdout.slice('BOOTED '.length)) as string[];
        // Every SDK package from the layer (/opt), none from the runtime or the repository.
        expect(
          from.filter((path) => !path.startsWith(join(sandbox.root, 'opt', 'nodejs', 'node_modules'))),
          id,
        ).toEqual([]);
        const bundle = join(sandbox.task, 'index.mjs');
        expect(statSync(bundle).size, `${id}: the 500 KB budget`).toBeLessThan(500 * 1024);
        // The bench (bench/functions.ts) lays each function out with the same files beside its bundle.
        const name = id.replace(/Function[0-9A-F]{8}$/, '');
        const bench = FUNCTIONS[BENCH_NAMES[name] ?? `${name} (not in BENCH_NAMES)`];
        expect(bench, `${id} in bench/functions.ts`).toBeDefined();
        expect(filesBeside(sandbox.task), `${id}: files beside the bundle, as the bench has them`).toEqual(
          (bench?.files ?? []).flatMap(({ dir, sources }) => sources.map((source) => join(dir, basename(source)))).sort(),
        );
        // The staff API answers /api/openapi.json from the file made at synth, equal to the document made at
        // run time locally (http/api/openapi.ts), and its bundle holds none of the code that makes it.
        if (id.startsWith('StaffApi')) {
          expect(readdirSync(join(sandbox.task, OPENAPI_DIR))).toEqual([OPENAPI_FILE]);
          expect(readFileSync(bundle, 'utf8')).not.toContain('Stem staff and coordinator API');
          const event = {
            version: '2.0',
            routeKey: 'ANY /api/{proxy+}',
            rawPath: '/api/openapi.json',
            rawQueryString: '',
            headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
            requestContext: {
              http: { method: 'GET', path: '/api/openapi.json', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'curl/8' },
              domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
              stage: '$default',
              requestId: 'r',
              routeKey: 'ANY /api/{proxy+}',
            },
            isBase64Encoded: false,
          };
          const served = await runScript(
            sandbox,
            env,
            `const { handler } = await import(${JSON.stringify(bundle)});
            for (let i = 0; i < 2; i++) process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, {})) + '\\n');`,
          );
          expect(served.stderr, 'GET /api/openapi.json').toBe('');
          const answers = served.stdout
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { statusCode: number; headers: Record<string, string>; body: string });
          expect(answers).toHaveLength(2); // the second from the document read once
          for (const answer of answers) {
            expect(answer.statusCode).toBe(200);
            expect(answer.headers['content-type']).toMatch(/^application\/json/);
            expect(JSON.parse(answer.body)).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
          }
        }
        // The dashboard serves its script from the file made at synth (cdk/dashboard-script.ts) under its hash
        // name, and its pages' CSP allows it; the bundle holds none of the browser code.
        if (id.startsWith('Dashboard')) {
          const script = buildDashboardScript();
          const { src } = scriptAsset(script);
          expect(readdirSync(join(sandbox.task, DASHBOARD_SCRIPT_DIR))).toEqual([DASHBOARD_SCRIPT_FILE]);
          expect(readFileSync(bundle, 'utf8')).not.toContain('data-glance-auto]');
          const event = {
            version: '2.0',
            routeKey: 'ANY /dashboard/{proxy+}',
            rawPath: src,
            rawQueryString: '',
            headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
            requestContext: {
              http: { method: 'GET', path: src, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'curl/8' },
              domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
              stage: '$default',
              requestId: 'r',
              routeKey: 'ANY /dashboard/{proxy+}',
            },
            isBase64Encoded: false,
          };
          const served = await runScript(
            sandbox,
            env,
            `const { handler } = await import(${JSON.stringify(bundle)});
            process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, {})));`,
          );
          expect(served.stderr, `GET ${src}`).toBe('');
          const answer = JSON.parse(served.stdout) as { statusCode: number; headers: Record<string, string>; body: string };
          expect(answer.statusCode).toBe(200);
          expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
          expect(answer.body).toBe(script);
          expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
        }
        // Authoring serves the library from its bundle (a request without a token: the problem its routes answer
        // with), and the staff API's bundle holds none of the authoring routes.
        if (id.startsWith('AuthoringApi') || id.startsWith('StaffApi'))
          expect(readFileSync(bundle, 'utf8').includes("the network's library is for staff"), id).toBe(id.startsWith('AuthoringApi'));
        if (id.startsWith('AuthoringApi')) {
          const event = {
            version: '2.0',
            routeKey: 'ANY /api/library',
            rawPath: '/api/library',
            rawQueryString: '',
            headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
            requestContext: {
              http: { method: 'GET', path: '/api/library', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'curl/8' },
              domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
              stage: '$default',
              requestId: 'r',
              routeKey: 'ANY /api/library',
            },
            isBase64Encoded: false,
          };
          const served = await runScript(
            sandbox,
            env,
            `const { handler } = await import(${JSON.stringify(bundle)});
            process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, {})));`,
          );
          expect(served.stderr, 'GET /api/library').toBe('');
          const answer = JSON.parse(served.stdout) as { statusCode: number; headers: Record<string, string> };
          expect([answer.statusCode, answer.headers['content-type']]).toEqual([401, 'application/problem+json']);
        }
        // The staff API and authoring read the built-in templates from files beside their bundles (flows/templates/index.ts).
        if (id.startsWith('StaffApi') || id.startsWith('AuthoringApi'))
          expect(readdirSync(join(sandbox.task, BUNDLED_TEMPLATE_DIR)).sort()).toEqual([...TEMPLATE_FILES].sort());
        // …and requires exceljs's XLSX writer, on the first XLSX export, from the single file beside it (cdk/xlsx-writer.ts).
        if (id.startsWith('StaffApi')) {
          const index = JSON.stringify(join(sandbox.task, 'index.mjs'));
          const script = `const { createRequire } = await import('node:module'); const { PassThrough } = await import('node:stream');
            const load = createRequire(${index}); const Book = load(${JSON.stringify(WRITER_MODULE)});
            const out = new PassThrough(); const parts = []; out.on('data', (c) => parts.push(c));
            const book = new Book({ stream: out, useStyles: false, useSharedStrings: false }); const sheet = book.addWorksheet('answers');
            sheet.addRow(['=1+1', 2]).commit(); sheet.commit(); await book.commit();
            const zip = Buffer.concat(parts); process.stdout.write(JSON.stringify({ from: load.resolve(${JSON.stringify(WRITER_MODULE)}), zip: zip.subarray(0, 2).toString('latin1'), bytes: zip.length }));`;
          const xlsx = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
            cwd: sandbox.task,
            env: sandbox.env,
            encoding: 'utf8',
          });
          expect(xlsx.stderr, 'the XLSX writer').toBe('');
          const written = JSON.parse(xlsx.stdout) as { from: string; zip: string; bytes: number };
          expect(written.from).toBe(join(sandbox.task, XLSX_WRITER_DIR, 'workbook-writer.js'));
          expect(written.zip).toBe('PK');
          expect(written.bytes).toBeGreaterThan(1000);
        }
        // The pictures function reads resvg's wasm and the fonts from files beside its bundle (adapters/images/packaged-files.ts).
        if (id.startsWith('Pictures'))
          expect(readdirSync(join(sandbox.task, BUNDLED_ASSET_DIR)).sort()).toEqual(TRIAD_PICTURE_FILES.map((f) => basename(f)).sort());
        // The voice-notes function loads libopus (glue and wasm) from files beside its bundle (adapters/audio/opus-wasm-files.ts).
        if (id.startsWith('VoiceNotes')) expect(readdirSync(join(sandbox.task, OPUS_ASSET_DIR)).sort()).toEqual(OPUS_WASM_FILES.map((f) => basename(f)).sort());
        booted.push(id.replace(/Function[0-9A-F]{8}$/, ''));
      }
      expect(booted.sort()).toEqual([
        'AuthoringApi',
        'Dashboard',
        'Deliverysms',
        'Deliveryvoice',
        'Deliverywhatsapp',
        'Messaging',
        'Pictures',
        'StaffApi',
        'Sweep',
        'TranscribeEvents',
        'VoiceApi',
        'VoiceNotes',
        'VoiceWorker',
      ]);

      // The same function without its layer reaches for the runtime's SDK, and this sandbox catches it.
      const [, sweep] = fnNamed(configured.template, 'Sweep');
      const bare = await boot(
        sandboxOf(configured, sweep, false),
        Object.fromEntries(Object.entries(envOf(sweep)).map(([k, v]) => [k, resolveEnv(configured.template, v)])),
      );
      expect(bare.stderr).toContain(RUNTIME_SDK_LOADED);
    } finally {
      await secrets.stop();
    }
  }, 180_000);
});

describe('media, queues, auth, schedule', () => {
  it('keeps audio and transcripts in private, TLS-only, KMS-encrypted buckets whose voice, exports and transcripts expire within a day', () => {
    const buckets = Object.entries(main.template.findResources('AWS::S3::Bucket')) as Array<[string, Resource]>;
    expect(buckets.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['MediaAudio', 'MediaTranscripts']);
    const [mediaKeyId] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::KMS::Key' && id.startsWith('MediaMediaKey'))!;
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties?.['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const sse = (
        bucket.Properties?.['BucketEncryption'] as { ServerSideEncryptionConfiguration: Array<{ ServerSideEncryptionByDefault: Record<string, Json> }> }
      ).ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault;
      expect(sse['SSEAlgorithm']).toBe('aws:kms');
      expect(render(sse['KMSMasterKeyID']!)).toBe(`<${mediaKeyId}.Arn>`);
      expect(bucket.Properties?.['VersioningConfiguration']).toBeUndefined(); // a deleted voice is gone, not an old version
      const rules = (bucket.Properties?.['LifecycleConfiguration'] as { Rules: Array<Record<string, Json>> }).Rules;
      const expiring = rules.filter((r) => r['ExpirationInDays'] === 1);
      expect(expiring.map((r) => r['Prefix'] ?? '(all)')).toEqual(id.startsWith('MediaAudio') ? ['voice/', 'exports/'] : ['(all)']);
      // TLS only: a bucket policy denying requests without SecureTransport.
      const policy = (Object.values(main.template.findResources('AWS::S3::BucketPolicy')) as Resource[]).find(
        (p) => render(p.Properties?.['Bucket'] as Json) === `<${id}>`,
      );
      expect(JSON.stringify(policy?.Properties?.['PolicyDocument'])).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('sends every work queue to a dead-letter queue after five receives, encrypts them, and alarms on any dead letter', () => {
    const queues = Object.entries(main.template.findResources('AWS::SQS::Queue')) as Array<[string, Resource]>;
    const work = queues.filter(([id]) => !id.includes('DeadLetters') && !id.includes('TargetFailures'));
    expect(work.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'QueuesDeliverySms',
      'QueuesDeliveryVoice',
      'QueuesDeliveryWhatsapp',
      'QueuesVoiceJobs',
    ]);
    for (const [, queue] of queues) expect(queue.Properties?.['KmsMasterKeyId']).toBeDefined();
    for (const [, queue] of work) {
      const redrive = queue.Properties?.['RedrivePolicy'] as { maxReceiveCount: number; deadLetterTargetArn: Json };
      expect(redrive.maxReceiveCount).toBe(5);
      const dlqId = render(redrive.deadLetterTargetArn).replace(/^<(.+)\.Arn>$/, '$1');
      const alarm = (Object.values(main.template.findResources('AWS::CloudWatch::Alarm')) as Resource[]).find((a) =>
        JSON.stringify(a.Properties?.['Dimensions']).includes(dlqId),
      );
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect((alarm?.Properties?.['AlarmActions'] as Json[]).length).toBe(1);
    }
    main.template.hasOutput('AlarmTopic', Match.anyValue());
  });

  it('lets CloudWatch publish alarms to the encrypted topic: the key and the topic allow its service principal, for alarms of this account only', () => {
    const onlyOwnAlarms = Match.objectLike({
      StringEquals: Match.objectLike({ 'aws:SourceAccount': Match.anyValue() }),
      ArnLike: Match.objectLike({ 'aws:SourceArn': Match.anyValue() }),
    });
    main.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsUseTheKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: onlyOwnAlarms,
          }),
        ]),
      }),
    });
    main.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: onlyOwnAlarms,
          }),
        ]),
      }),
    });
  });

  it('alarms reach a person: errors and throttles of every function, API 5xx, the sweep failing twice, the oldest job waiting an hour, any dead letter — all to the topic with the e-mail subscription', () => {
    const alarms = Object.values(main.template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    const [topicId] = only(main.template, 'AWS::SNS::Topic');
    for (const alarm of alarms) expect(alarm.Properties?.['AlarmActions']).toEqual([{ Ref: topicId }]);
    const on = (metric: string, namespace: string) =>
      alarms.filter((a) => a.Properties?.['MetricName'] === metric && a.Properties?.['Namespace'] === namespace);
    const fnIds = functions(main.template).map(([id]) => id);
    const dimensionOf = (a: Resource) => JSON.stringify(a.Properties?.['Dimensions']);
    for (const id of fnIds) {
      expect(
        on('Errors', 'AWS/Lambda').filter((a) => dimensionOf(a).includes(id)),
        `${id} errors`,
      ).toHaveLength(1);
      expect(
        on('Throttles', 'AWS/Lambda').filter((a) => dimensionOf(a).includes(id)),
        `${id} throttles`,
      ).toHaveLength(1);
    }
    const [sweepId] = fnNamed(main.template, 'Sweep');
    expect(on('Errors', 'AWS/Lambda').find((a) => dimensionOf(a).includes(sweepId))?.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 2 });
    expect(on('5xx', 'AWS/ApiGateway')).toHaveLength(1);
    expect(on('ApproximateAgeOfOldestMessage', 'AWS/SQS').map((a) => a.Properties?.['Threshold'])).toEqual([3600, 3600, 3600, 3600]);
    main.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@ocmw-gent.example', TopicArn: { Ref: topicId } });
  });

  it('gives the sweep schedule and the Transcribe events rule a dead-letter queue with an alarm, and lets each write to it (the scheduler by its role, EventBridge by the queue and key policies)', () => {
    const [dlqId] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::SQS::Queue' && id.includes('TargetFailures'))!;
    main.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } } }),
    });
    main.template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } } })] });
    const alarms = Object.values(main.template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    expect(alarms.filter((a) => JSON.stringify(a.Properties?.['Dimensions']).includes(dlqId))).toHaveLength(1);
    const queuePolicies = JSON.stringify(main.template.findResources('AWS::SQS::QueuePolicy'));
    expect(queuePolicies).toContain('events.amazonaws.com');
    const key = Object.values(resources).find((r) => r.Type === 'AWS::KMS::Key' && String(r.Properties?.['Description']).includes('work queues'))!;
    const statements = (key.Properties?.['KeyPolicy'] as { Statement: Array<{ Sid?: string; Principal?: { Service?: string }; Condition?: unknown }> })
      .Statement;
    expect(statements.find((st) => st.Sid === 'EventBridgeDeadLettersUseTheKey')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const scheduleRole = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('SweepScheduleRole'))![1];
    const actions = JSON.stringify(scheduleRole.Properties?.['PolicyDocument']);
    for (const action of ['sqs:SendMessage', 'kms:GenerateDataKey', 'lambda:InvokeFunction']) expect(actions).toContain(action);
  });

  it("puts CloudFront with a WAF web ACL (us-east-1) in front of the API: managed rules and a rate rule for everything but Twilio's signed paths, nothing cached, all but Host forwarded", () => {
    const edge = Template.fromStack(main.app.node.findChild('Stem-test-Edge') as Stack);
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0] as Resource;
    expect(acl.Properties?.['Scope']).toBe('CLOUDFRONT');
    const rules = acl.Properties?.['Rules'] as Array<{ Name: string; Statement: Record<string, Record<string, Json>> }>;
    expect(rules.map((r) => r.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'RatePerAddress',
    ]);
    for (const rule of rules) {
      const inner = rule.Statement['ManagedRuleGroupStatement'] ?? rule.Statement['RateBasedStatement'];
      const scope = inner?.['ScopeDownStatement'] as {
        NotStatement?: { Statement: { OrStatement: { Statements: Array<{ ByteMatchStatement: { SearchString: string; PositionalConstraint: string } }> } } };
      };
      expect(
        scope?.NotStatement?.Statement.OrStatement.Statements.map(
          (st) => `${st.ByteMatchStatement.PositionalConstraint} ${st.ByteMatchStatement.SearchString}`,
        ),
        rule.Name,
      ).toEqual(['STARTS_WITH /twilio/', 'STARTS_WITH /media/']);
    }
    const rate = rules.find((r) => r.Name === 'RatePerAddress')!.Statement['RateBasedStatement'] as Record<string, Json>;
    expect([rate['Limit'], rate['AggregateKeyType']]).toEqual([2000, 'IP']);
    expect(JSON.stringify(acl.Properties?.['LoggingConfiguration'] ?? null)).toBe('null');
    const [, distribution] = only(main.template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties?.['DistributionConfig'] as Record<string, Json>;
    const behavior = config['DefaultCacheBehavior'] as Record<string, Json>;
    expect(behavior['CachePolicyId']).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(behavior['OriginRequestPolicyId']).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    expect(behavior['AllowedMethods']).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(behavior['ViewerProtocolPolicy']).toBe('https-only');
    expect([config['PriceClass'], config['Logging']]).toEqual(['PriceClass_100', undefined]);
    // The edge stack's web ACL, read from its outputs in us-east-1 at deploy time.
    expect(config['WebACLId']).toEqual({
      'Fn::GetStackOutput': { StackName: 'Stem-test-Edge', Region: 'us-east-1', OutputName: expect.stringMatching(/WebAclArn/) },
    });
    const edgeOutputs = edge.toJSON()['Outputs'] as Record<string, { Value: Json }>;
    const [outputName] = Object.keys(edgeOutputs).filter((k) => k.includes('WebAclArn'));
    expect(edgeOutputs[outputName!]?.Value).toEqual({ 'Fn::GetAtt': ['WebAcl', 'Arn'] });
  });

  it('paces delivery per channel with the event source maximum concurrency (no reservation), visibility ≥ 6× the consumer timeout, partial batch failures reported', () => {
    // A reservation fails the deploy where the account's concurrency quota is 10, and throttles SQS batches into the DLQ.
    for (const fn of Object.values(main.template.findResources('AWS::Lambda::Function')) as Resource[])
      expect(fn.Properties?.['ReservedConcurrentExecutions']).toBeUndefined();
    const mappings = Object.values(main.template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
    expect(mappings).toHaveLength(4);
    const functions = main.template.findResources('AWS::Lambda::Function');
    const queues = main.template.findResources('AWS::SQS::Queue');
    const concurrency: Record<string, unknown> = {};
    for (const m of mappings) {
      expect(m.Properties?.['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
      const fnId = render(m.Properties?.['FunctionName'] as Json).replace(/^<(.+)>$/, '$1');
      const queueId = render(m.Properties?.['EventSourceArn'] as Json).replace(/^<(.+)\.Arn>$/, '$1');
      const timeout = Number(functions[fnId]?.Properties?.['Timeout']);
      const visibility = Number(queues[queueId]?.Properties?.['VisibilityTimeout']);
      expect(timeout, fnId).toBeGreaterThan(0);
      expect(visibility, `${queueId} for ${fnId}`).toBeGreaterThanOrEqual(6 * timeout);
      const max = (m.Properties?.['ScalingConfig'] as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency;
      if (fnId.startsWith('Delivery')) concurrency[fnId.replace(/Function.*$/, '')] = max;
      if (max !== undefined) expect(max).toBeGreaterThanOrEqual(2); // the minimum SQS event sources take
    }
    expect(concurrency).toEqual({ Deliverysms: 2, Deliverywhatsapp: 2, Deliveryvoice: 2 });
  });

  it('signs staff in with Cognito: admin-created accounts, MFA required, strong passwords, the role groups', () => {
    main.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
    main.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'coordinator' });
    main.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['code'], GenerateSecret: false });
    const withOrgs = variant({ organisations: ['ocmw-gent', 'cpas-liege'] });
    for (const group of ['staff-ocmw-gent', 'interpreter-ocmw-gent', 'staff-cpas-liege', 'interpreter-cpas-liege'])
      withOrgs.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it("runs the sweep every five minutes (EventBridge Scheduler) and hears of Stem's Transcribe jobs (EventBridge rule)", () => {
    const [sweepId] = fnNamed(main.template, 'Sweep');
    main.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [sweepId, 'Arn'] } }),
    });
    const [eventsId] = fnNamed(main.template, 'TranscribeEvents');
    main.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.transcribe'], 'detail-type': ['Transcribe Job State Change'], detail: { TranscriptionJobName: [{ prefix: 'stem-' }] } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [eventsId, 'Arn'] } })],
    });
  });
});

describe('HTTP API', () => {
  it(`routes the webhooks (POST ${MESSAGES_PATH}, /twilio/voice …) to the messaging function, /api to the staff API and /dashboard to the dashboard (payload 2.0)`, () => {
    const [messagingId] = fnNamed(main.template, 'Messaging');
    const [apiFnId] = fnNamed(main.template, 'StaffApi');
    const [dashboardId] = fnNamed(main.template, 'Dashboard');
    const [picturesId] = fnNamed(main.template, 'Pictures');
    const [voiceApiId] = fnNamed(main.template, 'VoiceApi');
    const [authoringApiId] = fnNamed(main.template, 'AuthoringApi');
    const routes = (Object.values(main.template.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).map((r) => String(r.Properties?.['RouteKey'])).sort();
    expect(routes).toEqual(
      [
        `POST ${MESSAGES_PATH}`,
        'POST /twilio/voice',
        'POST /twilio/voice/status',
        'POST /twilio/messages/status',
        'POST /twilio/voice/studio',
        'POST /twilio/voice/message',
        'GET /media/prompts/{token}',
        'GET /media/triad/{proxy+}',
        'HEAD /media/triad/{proxy+}',
        'GET /media/voice/{proxy+}',
        'HEAD /media/voice/{proxy+}',
        'ANY /api',
        'ANY /api/{proxy+}',
        'ANY /dashboard',
        'ANY /dashboard/{proxy+}',
        // The voice queue: its own function (more specific routes win over /api/{proxy+}).
        'ANY /api/voice',
        'ANY /api/voice/{proxy+}',
        'ANY /api/interpreters',
        'ANY /api/interpreters/{proxy+}',
        // Authoring: its own function too.
        ...AUTHORING_PATHS.map((path) => `ANY ${path}`),
      ].sort(),
    );
    for (const id of [messagingId, apiFnId, dashboardId, picturesId, voiceApiId, authoringApiId]) {
      main.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] },
      });
    }
    // Each route may invoke its function, and only from its own path.
    const permissions = Object.values(main.template.findResources('AWS::Lambda::Permission'))
      .map((p) => render(p.Properties?.['SourceArn'] as Json))
      .filter((arn) => arn.includes('execute-api'));
    expect(permissions).toHaveLength(routes.length);
    expect(permissions.some((arn) => /\/\*\/\*\/twilio\/messages$/.test(arn))).toBe(true);
  });

  it('has one auto-deployed $default stage with throttling', () => {
    main.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('writes access logs with requestId, route, status and latencies only: no IP, path, query, agent or body', () => {
    const [, stage] = only(main.template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties?.['AccessLogSettings'] as { Format: string; DestinationArn: Json };
    const logGroupId = render(settings.DestinationArn).replace(/^<(.+)\.Arn>$/, '$1');
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    expect(JSON.parse(settings.Format)).toEqual({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
    });
    for (const forbidden of ['$context.identity', 'sourceIp', '$context.path', 'rawQueryString', 'querystring', 'userAgent', 'body']) {
      expect(settings.Format).not.toContain(forbidden);
    }
  });

  it("outputs the webhook URL to paste into Twilio: CloudFront's, never the API's own endpoint", () => {
    const [distributionId] = only(main.template, 'AWS::CloudFront::Distribution');
    main.template.hasOutput('TwilioMessagingWebhookUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, MESSAGES_PATH]] },
    });
  });

  it('gives each route group its own throttle (webhooks, public fetches, staff), per route, from the stage config', () => {
    const [, stage] = only(main.template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties?.['RouteSettings'] as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const routes = Object.values(main.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => String((r as Resource).Properties?.['RouteKey']));
    expect(Object.keys(settings).sort()).toEqual([...routes].sort());
    for (const [key, { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst }] of Object.entries(settings)) {
      const expected = key.includes(' /twilio/') ? 50 : key.includes(' /media/') ? 10 : 20;
      expect([key, rate, burst]).toEqual([key, expected, expected * 2]);
    }
    const tighter = variant({ throttles: { webhooks: 200, public: 5, staff: 30 } });
    const [, tighterStage] = only(tighter.template, 'AWS::ApiGatewayV2::Stage');
    expect((tighterStage.Properties?.['RouteSettings'] as Record<string, { ThrottlingRateLimit: number }>)[`POST ${MESSAGES_PATH}`]?.ThrottlingRateLimit).toBe(
      200,
    );
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(main.app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
    expect(Annotations.fromStack(main.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('acknowledges exactly these rules, each on the construct it concerns, each with a reason', () => {
    const acknowledged = main.app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .map((m) => ({ path: c.node.path, data: m.data as Record<string, string> })),
      )
      .flatMap(({ path, data }) => Object.entries(data).map(([id, reason]) => ({ path, id: id.replace(/^annotation::/i, ''), reason })));
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(40);
    // Logical-id hashes left out, so the list reads as construct names.
    expect(acknowledged.map(({ path, id }) => `${id.replace(/([A-Za-z]+)[0-9A-F]{8}\.Arn/, '$1.Arn')} ${path}`).sort()).toEqual(
      [
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--interpreters',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--interpreters--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--library',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--library--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--surveys',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--surveys--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--templates',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--templates--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--translations',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--translations--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--voice',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--voice--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--api--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--dashboard',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/ANY--dashboard--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/GET--media--prompts--{token}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/GET--media--triad--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/HEAD--media--triad--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/GET--media--voice--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/HEAD--media--voice--{proxy+}',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--messages',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--messages--status',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--voice',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--voice--message',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--voice--status',
        'AwsSolutions-APIG4 Stem-test/Api/HttpApi/POST--twilio--voice--studio',
        'AwsSolutions-CFR1 Stem-test/Edge/Distribution',
        'AwsSolutions-CFR3 Stem-test/Edge/Distribution',
        'AwsSolutions-CFR4 Stem-test/Edge/Distribution',
        'AwsSolutions-COG3 Stem-test/Auth/Users',
        'AwsSolutions-COG8 Stem-test/Auth/Users',
        'AwsSolutions-IAM5[Resource::*] Stem-test/VoiceNotes/Role',
        'AwsSolutions-IAM5[Resource::*] Stem-test/VoiceWorker/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/VoiceNotes/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/exports/*] Stem-test/StaffApi/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/prompts/*] Stem-test/Messaging/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/prompts/*] Stem-test/StaffApi/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/prompts/*] Stem-test/VoiceNotes/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/Messaging/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/StaffApi/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/TranscribeEvents/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/VoiceApi/Role',
        'AwsSolutions-IAM5[Resource::<MediaAudio.Arn>/voice/*] Stem-test/VoiceWorker/Role',
        'AwsSolutions-IAM5[Resource::<MediaTranscripts.Arn>/transcripts/*] Stem-test/TranscribeEvents/Role',
        'AwsSolutions-IAM5[Resource::<MediaTranscripts.Arn>/transcripts/*] Stem-test/VoiceWorker/Role',
        'AwsSolutions-IAM5[Resource::<SweepFunction.Arn>:*] Stem-test/SweepScheduleRole',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/stem-*] Stem-test/TranscribeEvents/Role',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/stem-*] Stem-test/VoiceWorker/Role',
        'AwsSolutions-S1 Stem-test/Media/Audio',
        'AwsSolutions-S1 Stem-test/Media/Transcripts',
        'AwsSolutions-SMG4 Stem-test/Secrets/HmacKey',
        'AwsSolutions-SMG4 Stem-test/Secrets/SealKey',
        'AwsSolutions-SMG4 Stem-test/Secrets/TwilioAuthToken',
        'AwsSolutions-SQS3 Stem-test/Queues/TargetFailures',
      ].sort(),
    );
  });

  it('is live: an unacknowledged finding is reported and fails synthesis', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'stem-cdk-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    new secretsmanager.Secret(new Stack(app, 'Probe'), 'Unrotated');
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toContain('AwsSolutions-SMG4');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
  });
});

describe('configuration', () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'stem-config-'));
    outdirs.push(d);
    return d;
  };

  it('reads config/<stage>.json, fills the defaults, and keeps everything a redeploy needs in the file', () => {
    const d = dir();
    writeFileSync(join(d, 'prod.json'), readFileSync(new URL('../../config/example.json', import.meta.url)));
    const config = loadStageConfig(d, 'prod');
    expect(config).toMatchObject({
      stage: 'prod',
      region: 'eu-west-1',
      twilio: { region: 'ie1', edge: 'dublin' },
      sending: { sms: 2, whatsapp: 2, voice: 2 },
      secretsRevision: '1',
    });
    expect(config.throttles).toEqual({ webhooks: 50, public: 10, staff: 20 });
  });

  it('fails with a message naming the file and every missing or wrong field, before any AWS call', () => {
    const d = dir();
    expect(() => loadStageConfig(d, undefined)).toThrow(/No stage given/);
    expect(() => loadStageConfig(d, 'prod')).toThrow(/No config\/prod.json: copy config\/example.json/);
    writeFileSync(join(d, 'prod.json'), '{ "account": "1234",');
    expect(() => loadStageConfig(d, 'prod')).toThrow(/config\/prod.json is not valid JSON/);
    writeFileSync(
      join(d, 'prod.json'),
      JSON.stringify({
        account: '1234',
        region: 'us-east-1',
        authDomainPrefix: 'stem-aws-gent',
        organisations: [],
        twilio: { accountSid: 'SK123' },
        alarmEmail: 'nobody',
      }),
    );
    let message = '';
    try {
      loadStageConfig(d, 'prod');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const field of ['account', 'region', 'authDomainPrefix', 'organisations', 'twilio.accountSid', 'twilio.smsFrom', 'alarmEmail'])
      expect(message).toContain(`  - ${field}:`);
    expect(message).toContain('an EU region');
    expect(message).toContain('must not contain "aws", "amazon" or "cognito"');
    expect(() => parseStageConfig('prod', { ...TEST_STAGE, unknownSetting: true })).toThrow(/unknownSetting/);
    expect(() =>
      parseStageConfig('prod', {
        ...TEST_STAGE,
        domain: { name: 'stem.ocmw-gent.be', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' },
      }),
    ).toThrow(/us-east-1/);
    expect(() => loadStageConfig(d, 'Prod')).toThrow(/lowercase/);
    // Twilio's region and edge go together; WhatsApp is not offered outside us1.
    expect(() => parseStageConfig('prod', { ...TEST_STAGE, twilio: { ...TEST_STAGE.twilio, edge: undefined } })).toThrow(
      /twilio.edge: region and edge go together/,
    );
    expect(() => parseStageConfig('prod', { ...TEST_STAGE, twilio: { ...TEST_STAGE.twilio, whatsappFrom: 'whatsapp:+3225550100' } })).toThrow(
      /twilio.whatsappFrom: WhatsApp is not offered/,
    );
    expect(
      parseStageConfig('prod', {
        ...TEST_STAGE,
        twilio: { accountSid: TEST_STAGE.twilio.accountSid, smsFrom: '+3225550100', whatsappFrom: 'whatsapp:+3225550101' },
      }).twilio.whatsappFrom,
    ).toBe('whatsapp:+3225550101');
  });

  it('fails `cdk synth` with that message and no stack trace when the stage has no config', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../cdk/app.ts', import.meta.url))], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'nowhere' }), CDK_OUTDIR: dir() },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No config/nowhere.json');
    expect(run.stderr).not.toContain('    at ');
  });

  it('names the stacks after the stage, the EU region and account from the config, the web ACL in us-east-1', () => {
    expect(main.stack.stackName).toBe('Stem-test');
    expect([main.stack.region, main.stack.account]).toEqual(['eu-west-1', '123456789012']);
    const edge = main.app.node.findChild('Stem-test-Edge') as Stack;
    expect([edge.region, edge.account]).toEqual(['us-east-1', '123456789012']);
  });

  it('restarts the functions when the secrets revision changes (a configuration change: new containers read the secrets again)', () => {
    const bumped = variant({ secretsRevision: '7' });
    bumped.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SECRETS_REVISION: '7' }) } });
  });
});
