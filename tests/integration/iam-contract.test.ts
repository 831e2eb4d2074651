import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { generateProtectorKeys, NodeCryptoProtector } from '../../adapters/crypto/node-protector.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { DynamoDbParticipants } from '../../adapters/dynamodb/participants.js';
import { DynamoDbPrompts } from '../../adapters/dynamodb/prompts.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import { DynamoDbVoiceJobs } from '../../adapters/dynamodb/voice-jobs.js';
import { documentClient, ensureTable } from '../../adapters/dynamodb/table.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { cognitoIdTokenVerifier } from '../../adapters/cognito/cognito-authenticator.js';
import { S3ExportDrop } from '../../adapters/s3/s3-export-drop.js';
import { createStemApp } from '../../cdk/stem-app.js';
import { parseStageConfig } from '../../cdk/config.js';
import type { StemFunction } from '../../cdk/constructs/stem-function.js';
import type { StemStack } from '../../cdk/stem-stack.js';
import { pictureUrl } from '../../http/picture-urls.js';
import { voiceNoteUrl } from '../../http/voice-note-urls.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { DEMO_PROJECT, DEMO_SURVEY, seedDemo } from '../../local/seed.js';
import { testUserPool } from '../support/cognito-idp.js';
import { ACCOUNT, FOREIGN_ACCOUNT, REGION } from '../support/iam/account.js';
import { authorizationsOf, type Authorization } from '../support/iam/authorizations.js';
import { decide, type Decision } from '../support/iam/evaluator.js';
import { serveFakeServices, type FakeServices } from '../support/iam/fake-services.js';
import { asFunction, asTest, installRecorder, recordCall, recordedCalls, type RecordedCall } from '../support/iam/recorder.js';
import { promptUrl } from '../../http/call-webhook-routes.js';
import { stackModel, type FunctionModel, type StackModel } from '../support/iam/stack-model.js';
import { ResolvedTemplate, type CfnTemplate } from '../support/iam/template-resolver.js';

/**
 * The IAM contract: every AWS call each function makes is allowed by its role and the resource's policy
 * in the synthesized template (resolved in account 111122223333, eu-west-1), and every action a role is
 * granted is used by some call. DynamoDB Local checks no IAM, so the functions run here as Lambda runs
 * them — their own modules, environment resolved from the template, clients they make themselves — over
 * DynamoDB Local, with S3, SQS, Transcribe and Secrets Manager answered in-process; every call is recorded
 * at the SDK (tests/support/iam/recorder.ts) and evaluated with @cloud-copilot/iam-simulate.
 */

const CDK_CONTEXT = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;
const TWILIO = { twilioAccountSid: `AC${'7'.repeat(32)}`, twilioSmsFrom: '+3225550100', twilioVoiceFrom: '+3225550100' };
const TWILIO_TOKEN = 'iam-contract-twilio-token-0123456789';

/** Our names for the functions → the construct that makes each. */
const FUNCTIONS: Record<string, (s: StemStack) => StemFunction> = {
  'twilio-messages': (s) => s.messaging,
  pictures: (s) => s.pictures,
  'voice-notes': (s) => s.voiceNotes,
  api: (s) => s.staffApi,
  'voice-api': (s) => s.voiceApi,
  'authoring-api': (s) => s.authoringApi,
  dashboard: (s) => s.dashboard,
  'delivery-sms': (s) => s.delivery.sms,
  'delivery-whatsapp': (s) => s.delivery.whatsapp,
  'delivery-voice': (s) => s.delivery.voice,
  'voice-worker': (s) => s.voiceWorker,
  'transcribe-events': (s) => s.transcribeEvents,
  sweep: (s) => s.sweep,
};

let model: StackModel;
let fakes: FakeServices;
const work = mkdtempSync(join(tmpdir(), 'stem-iam-'));
const keys = generateProtectorKeys();
const tableName = `stem-iam-${randomBytes(4).toString('hex')}`;
/** What "Twilio" was asked (its REST API and media, reached through fetch). */
const twilioRequests: string[] = [];
const mediaFiles = new Map<string, Buffer>();

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
const context = (fn: string) =>
  ({ awsRequestId: randomBytes(8).toString('hex'), functionName: fn, getRemainingTimeInMillis: () => 10_000 }) as unknown as Context;
const fnModel = (name: string): FunctionModel => {
  const found = model.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

function httpEvent(method: string, url: string, headers: Record<string, string>, body?: string): APIGatewayProxyEventV2 {
  const u = new URL(url);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: u.pathname,
    rawQueryString: u.search.slice(1),
    headers: { host: u.host, 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', ...headers },
    requestContext: {
      accountId: ACCOUNT,
      apiId: u.host.split('.')[0] ?? '',
      domainName: u.host,
      domainPrefix: u.host.split('.')[0] ?? '',
      http: { method, path: u.pathname, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'TwilioProxy/1.1' },
      requestId: randomBytes(6).toString('hex'),
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body: Buffer.from(body).toString('base64') }),
    isBase64Encoded: body !== undefined,
  };
}

/** Twilio's REST API and media (api.twilio.com, and the regional host of the stage config), answered in-process (the functions reach it with fetch). */
function fakeTwilioFetch(real: typeof fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // The stage's Twilio region and edge (ie1, dublin) for REST calls; media URLs as Twilio hands them out.
    if (url.origin !== 'https://api.twilio.com' && url.origin !== 'https://api.dublin.ie1.twilio.com') return real(input, init);
    const method = init?.method ?? 'GET';
    twilioRequests.push(`${method} ${url.origin}${url.pathname}`);
    // Numbers +3247099909x: Twilio fails the send (a carrier outage), so the delivery worker delays the job's retry.
    if (method === 'POST' && /\/(Messages|Calls)\.json$/.test(url.pathname) && /\+3247099909\d/.test(decodeURIComponent(String(init?.body ?? ''))))
      return new Response(JSON.stringify({ code: 20500, message: 'internal error', status: 500 }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    if (method === 'POST' && /\/(Messages|Calls)\.json$/.test(url.pathname))
      return new Response(JSON.stringify({ sid: `SM${'c'.repeat(32)}`, status: 'queued' }), { status: 201, headers: { 'content-type': 'application/json' } });
    const media = mediaFiles.get(url.pathname.split('/').pop() ?? '');
    if (method === 'DELETE') return new Response(null, { status: 204 });
    // Call recordings (the studio's takes) come as WAV, WhatsApp voice notes as Ogg Opus.
    if (media)
      return new Response(new Uint8Array(media), {
        status: 200,
        headers: { 'content-type': media.subarray(0, 4).toString('latin1') === 'RIFF' ? 'audio/x-wav' : 'audio/ogg' },
      });
    return new Response(JSON.stringify({ code: 20404, message: 'not found', status: 404 }), { status: 404, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

function sqsEvent(queueArn: string, bodies: string[], receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body,
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: REGION,
    })),
  };
}

/** The calls Lambda's event source mapping makes with the function's role (it polls, deletes, reads attributes). */
function eventSourceCalls(fn: string, queueUrl: string): void {
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-permissions
  for (const operation of ['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'])
    recordCall({ fn, service: 'SQS', operation, input: { QueueUrl: queueUrl }, onBehalf: 'Lambda SQS event source mapping' });
}

beforeAll(async () => {
  // The template as `cdk synth` makes it (no bundling: the IAM contract does not need the code assets).
  const config = parseStageConfig('iam', {
    account: ACCOUNT,
    region: REGION,
    authDomainPrefix: 'stem-iam-contract',
    organisations: ['ocmw-gent'],
    twilio: { accountSid: TWILIO.twilioAccountSid, region: 'ie1', edge: 'dublin', smsFrom: TWILIO.twilioSmsFrom, voiceFrom: TWILIO.twilioVoiceFrom },
    alarmEmail: 'alarms@ocmw-gent.example',
  });
  const { app, stack } = createStemApp({ outdir: join(work, 'cdk.out'), context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] }, config });
  app.synth();
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const tableId = stack.getLogicalId(stack.data.table.node.defaultChild as lambda.CfnFunction);
  const resolved = new ResolvedTemplate(template, { names: { [tableId]: tableName } });
  model = stackModel(
    resolved,
    Object.fromEntries(Object.entries(FUNCTIONS).map(([name, of]) => [name, stack.getLogicalId(of(stack).fn.node.defaultChild as lambda.CfnFunction)])),
  );

  // Every function's environment from the template; where two set the same name, it is the same value.
  const env: Record<string, string> = {};
  for (const f of model.functions.values())
    for (const [k, v] of Object.entries(f.environment)) {
      if (env[k] !== undefined && env[k] !== v && k !== 'NODE_OPTIONS') throw new Error(`functions disagree on ${k}`);
      env[k] = v;
    }
  delete env['NODE_OPTIONS'];
  Object.assign(process.env, env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
  });

  const dynamo = localDynamoDbClient(inject('dynamoDbEndpoint'));
  await ensureTable(dynamo, tableName, { expireItems: false });
  const db = documentClient(dynamo);
  await seedDemo(new DynamoDbDirectory(db, tableName), new Date());
  // Tigrinya too: no voice speaks it, so calls play recorded prompts (the prompt studio and uploads).
  await new DynamoDbDirectory(db, tableName).putProject({ ...DEMO_PROJECT, languages: [...DEMO_PROJECT.languages, 'ti'] });
  await new DynamoDbUsers(db, tableName).putOrganisation({ organisationId: DEMO_PROJECT.organisationId, name: 'OCMW Demo' });

  installRecorder();
  fakes = serveFakeServices({
    [env['TWILIO_AUTH_TOKEN_SECRET_ARN'] ?? '']: TWILIO_TOKEN,
    [env['HMAC_KEY_SECRET_ARN'] ?? '']: keys.hmacKey.replace(/=$/, ''),
    [env['SEAL_KEY_SECRET_ARN'] ?? '']: keys.sealKey.replace(/=$/, ''),
  });
  vi.stubGlobal('fetch', fakeTwilioFetch(globalThis.fetch));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const wav = join(work, 'note.wav');
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, 'Ik wacht al drie weken op een antwoord.']);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', '-b:a', '24k', join(work, 'note.ogg')]);
  mediaFiles.set('ME0000nl', readFileSync(join(work, 'note.ogg')));

  await drive();
  logCalls();
}, 120_000);

afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
});

/** Lambda writes each function's logs with its role: a stream per container, then the events. */
function logCalls(): void {
  // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html#monitoring-cloudwatchlogs-prereqs
  for (const fn of model.functions.values()) {
    const group = model.resolved.template.Resources[fn.functionLogicalId]?.Properties?.['LoggingConfig'] as { LogGroup?: unknown } | undefined;
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${String(model.resolved.resolve((group?.LogGroup ?? '') as never))}:*`;
    for (const operation of ['CreateLogStream', 'PutLogEvents'])
      recordCall({
        fn: fn.name,
        service: 'CloudWatch Logs',
        operation,
        input: { logGroupArn: arn, logStreamName: '2026/11/23/[$LATEST]0123456789abcdef' },
        onBehalf: 'the Lambda service, with the execution role',
      });
  }
}

/** Each function's cold start (secrets) and the flows that call AWS, each as the function that runs it. */
async function drive(): Promise<void> {
  const env = process.env;
  const publicUrl = env['PUBLIC_URL'] ?? '';
  const queueUrls = JSON.parse(env['DELIVERY_QUEUE_URLS'] ?? '{}') as Record<'sms' | 'whatsapp' | 'voice', string>;
  const load = async <T>(fn: string, path: string): Promise<T> => asFunction(fn, async () => (await import(/* @vite-ignore */ path)) as T);

  // Webhooks: a wrong join code (the limiter's counters), joining the demo and a voice note (a voice job on the queue).
  const messaging = await load<{ handler: Handler<APIGatewayProxyEventV2, { statusCode: number }> }>('twilio-messages', '../../functions/twilio-messages.js');
  const webhook = async (phone: string, text: string, extra: Record<string, string> = {}) => {
    const params = {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: TWILIO.twilioAccountSid,
      From: `whatsapp:${phone}`,
      To: `whatsapp:${TWILIO.twilioSmsFrom}`,
      Body: text,
      NumMedia: '0',
      ...extra,
    };
    const url = `${publicUrl}/twilio/messages`;
    const result = await asFunction('twilio-messages', () =>
      messaging.handler(
        httpEvent(
          'POST',
          url,
          { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, url, params) },
          new URLSearchParams(params).toString(),
        ),
        context('twilio-messages'),
      ),
    );
    expect(result.statusCode).toBe(200);
  };
  await webhook('+32470999001', 'JOIN NOPE');
  for (const text of ['JOIN DEMO', '1', '1', '4', '1']) await webhook('+32470999002', text);
  await webhook('+32470999002', '', {
    NumMedia: '1',
    MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.twilioAccountSid}/Messages/MM${'0'.repeat(32)}/Media/ME0000nl`,
    MediaContentType0: 'audio/ogg',
  });
  const voiceJobs = new DynamoDbVoiceJobs(documentClient(localDynamoDbClient(inject('dynamoDbEndpoint'))), tableName);
  const [job] = await asTest(() => voiceJobs.unfinished());
  if (!job) throw new Error('the webhook committed no voice job');

  // The voice worker: the note to S3 and Transcribe; the transcription finished (EventBridge → transcribe-events).
  const voiceQueueArn = model.queueArnByUrl.get(env['VOICE_QUEUE_URL'] ?? '') ?? '';
  const voiceWorker = await load<{ handler: Handler<SQSEvent, unknown> }>('voice-worker', '../../functions/voice-worker.js');
  eventSourceCalls('voice-worker', env['VOICE_QUEUE_URL'] ?? '');
  await asFunction('voice-worker', () => voiceWorker.handler(sqsEvent(voiceQueueArn, [JSON.stringify({ jobId: job.jobId })]), context('voice-worker')));
  const transcribeEvents = await load<{ handler: Handler<unknown, unknown> }>('transcribe-events', '../../functions/transcribe-events.js');
  await asFunction('transcribe-events', () =>
    transcribeEvents.handler(
      {
        source: 'aws.transcribe',
        'detail-type': 'Transcribe Job State Change',
        detail: { TranscriptionJobName: `stem-${job.jobId}`, TranscriptionJobStatus: 'COMPLETED' },
      },
      context('transcribe-events'),
    ),
  );

  // Three more voice notes: one whose completion event never comes (the worker's next receive polls
  // Transcribe and completes it), one Transcribe fails that the worker finds failed, and one whose FAILED
  // event comes (both handed to a person).
  const voiceJob = async (phone: string) => {
    const before = new Set((await asTest(() => voiceJobs.unfinished())).map((j) => j.jobId));
    for (const text of ['JOIN DEMO', '1', '1', '4', '1']) await webhook(phone, text);
    await webhook(phone, '', {
      NumMedia: '1',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.twilioAccountSid}/Messages/MM${'0'.repeat(32)}/Media/ME0000nl`,
      MediaContentType0: 'audio/ogg',
    });
    const added = (await asTest(() => voiceJobs.unfinished())).find((j) => !before.has(j.jobId));
    if (!added) throw new Error('the webhook committed no voice job');
    const outcome = await asFunction('voice-worker', () =>
      voiceWorker.handler(sqsEvent(voiceQueueArn, [JSON.stringify({ jobId: added.jobId })]), context('voice-worker')),
    );
    return { jobId: added.jobId, outcome };
  };
  const { jobId: polled } = await voiceJob('+32470999003');
  const { jobId: failedOnPoll } = await voiceJob('+32470999004');
  const { jobId: failedEvent } = await voiceJob('+32470999005');
  fakes.failing.add(`stem-${failedOnPoll}`);
  fakes.failing.add(`stem-${failedEvent}`);
  for (const jobId of [polled, failedOnPoll])
    await asFunction('voice-worker', () => voiceWorker.handler(sqsEvent(voiceQueueArn, [JSON.stringify({ jobId })], 2), context('voice-worker')));
  await asFunction('transcribe-events', () =>
    transcribeEvents.handler(
      {
        source: 'aws.transcribe',
        'detail-type': 'Transcribe Job State Change',
        detail: { TranscriptionJobName: `stem-${failedEvent}`, TranscriptionJobStatus: 'FAILED' },
      },
      context('transcribe-events'),
    ),
  );
  const statusOf = async (jobId: string) => (await asTest(() => voiceJobs.get(jobId)))?.status;
  expect([await statusOf(polled), await statusOf(failedOnPoll), await statusOf(failedEvent)]).toEqual(['done', 'needs-human', 'needs-human']);

  // A fifth note, whose transcription Transcribe refuses at first (throttled): processVoice counts the try
  // and throws, so the worker reports the message back and delays its retry (ChangeMessageVisibility);
  // the second receive starts the transcription.
  const delays = () => recordedCalls().filter((c) => c.fn === 'voice-worker' && c.operation === 'ChangeMessageVisibility');
  fakes.throttle('Transcribe', 'StartTranscriptionJob');
  const throttled = await voiceJob('+32470999006');
  expect(throttled.outcome).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
  expect(delays().map((c) => c.input['QueueUrl'])).toEqual([env['VOICE_QUEUE_URL']]);
  expect(await asTest(() => voiceJobs.get(throttled.jobId))).toMatchObject({ status: 'stored', attempts: 1 });
  await asFunction('voice-worker', () =>
    voiceWorker.handler(sqsEvent(voiceQueueArn, [JSON.stringify({ jobId: throttled.jobId })], 2), context('voice-worker')),
  );
  expect(await statusOf(throttled.jobId)).toBe('transcribing');
  // Its sender takes their answers back (Dutch: VERWIJDER, then JA) while the note is still stored: the
  // webhook deletes our copy (S3) and the job with its listings (DeleteItem).
  const heldNote = [...fakes.objects.keys()].filter((k) => k.endsWith(`/voice/${throttled.jobId}`));
  expect(heldNote).toHaveLength(1);
  await webhook('+32470999006', 'VERWIJDER');
  await webhook('+32470999006', 'JA');
  expect(await statusOf(throttled.jobId)).toBeUndefined();
  expect(heldNote.filter((k) => fakes.objects.has(k))).toEqual([]);

  // The staff API: import participants (their invitations in batches), launch a round (jobs on the queues), export results.
  await load('api', '../../functions/api.js');
  const { createApiHandler, readApiEnv } = await import('../../functions/api.js');
  const { loadSecrets } = await import('../../functions/commons/env.js');
  const verifier = cognitoIdTokenVerifier({ userPoolId: env['USER_POOL_ID'] ?? '', clientId: env['USER_POOL_CLIENT_ID'] ?? '' });
  const apiPool = testUserPool({ userPoolId: env['USER_POOL_ID'] ?? '', clientId: env['USER_POOL_CLIENT_ID'] ?? '' });
  verifier.cacheJwks(apiPool.jwks);
  const api = await asFunction('api', async () => createApiHandler({ env: readApiEnv(), secrets: await loadSecrets(), verifier }));
  const staff = { authorization: `Bearer ${apiPool.idToken([`staff-${DEMO_PROJECT.organisationId}`])}` };
  const call = async (method: string, path: string, body?: string, type = 'application/json') => {
    const result = (await asFunction('api', () =>
      api(httpEvent(method, `${publicUrl}${path}`, { ...staff, ...(body ? { 'content-type': type } : {}) }, body), context('api')),
    )) as { statusCode: number; body?: string };
    return result;
  };
  expect(
    (
      await call(
        'POST',
        `/api/projects/${DEMO_PROJECT.projectId}/participants`,
        'phone;language;channel\r\n0470 99 90 11;nl;sms\r\n0470 99 90 12;nl;whatsapp',
        'text/csv',
      )
    ).statusCode,
  ).toBe(200);
  // The demo round is open now (the webhook joined it): closed first, so that a new round can open now.
  expect((await call('POST', `/api/projects/${DEMO_PROJECT.projectId}/rounds/demo-start/close`)).statusCode).toBe(200);
  const now = Date.now();
  const launched = await call(
    'POST',
    `/api/projects/${DEMO_PROJECT.projectId}/rounds`,
    JSON.stringify({
      label: 'iam',
      surveyId: DEMO_SURVEY.id,
      surveyVersion: DEMO_SURVEY.version,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 86_400_000).toISOString(),
      reminderAfterHours: null,
      acceptMissingLanguages: ['ti'], // the demo survey has no Tigrinya (the project was given it above)
    }),
  );
  expect(launched.statusCode, launched.body).toBe(201);
  const exported = (await call('GET', `/api/projects/${DEMO_PROJECT.projectId}/results.csv`)) as { statusCode: number; headers?: Record<string, string> };
  expect(exported.statusCode).toBe(303);
  // The browser follows the presigned link: S3 authorizes that GET as the API's role (the signer).
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
  const link = new URL(exported.headers?.['location'] ?? exported.headers?.['Location'] ?? '');
  const linked = /^([^.]+)\.s3\./.exec(link.hostname)
    ? { Bucket: link.hostname.split('.')[0], Key: decodeURIComponent(link.pathname.slice(1)) }
    : { Bucket: link.pathname.split('/')[1], Key: decodeURIComponent(link.pathname.split('/').slice(2).join('/')) };
  expect(linked.Key).toMatch(/^exports\//);
  recordCall({ fn: 'api', service: 'S3', operation: 'GetObject', input: linked, onBehalf: 'the holder of the presigned link' });

  // Recorded prompts for a language no voice speaks: uploaded (WAV), played back, replaced (the old one deleted).
  const promptList = JSON.parse((await call('GET', `/api/projects/${DEMO_PROJECT.projectId}/prompts`)).body ?? '{}') as {
    languages?: Array<{ language: string; prompts: Array<{ promptId: string }> }>;
  };
  const unvoiced = promptList.languages?.find((l) => l.prompts.length > 0);
  if (!unvoiced) throw new Error(`no language needs recorded prompts: ${JSON.stringify(promptList)}`);
  const promptPath = `/api/projects/${DEMO_PROJECT.projectId}/prompts/${unvoiced.language}/${unvoiced.prompts[0]?.promptId ?? ''}`;
  const wavBody = readFileSync(join(work, 'note.wav')).toString('latin1');
  for (let take = 0; take < 2; take++) {
    const put = (await asFunction('api', () =>
      api(
        {
          ...httpEvent('PUT', `${publicUrl}${promptPath}`, { ...staff, 'content-type': 'audio/wav' }),
          body: Buffer.from(wavBody, 'latin1').toString('base64'),
          isBase64Encoded: true,
        },
        context('api'),
      ),
    )) as { statusCode: number; body?: string };
    expect(put.statusCode, put.body).toBe(201);
  }
  expect((await call('GET', `${promptPath}/audio`)).statusCode).toBe(200);
  const promptKeys = [...fakes.objects.keys()].filter((k) => k.includes('/prompts/'));
  expect(promptKeys).toHaveLength(1);
  // Twilio fetches the prompt for <Play> at its signed URL (the webhook function serves it).
  const promptAudio = promptUrl(new NodeCryptoProtector(keys), publicUrl, (promptKeys[0] ?? '').split('/prompts/')[1] ?? '');
  const played = await asFunction('twilio-messages', () => messaging.handler(httpEvent('GET', promptAudio, {}), context('twilio-messages')));
  expect(played.statusCode).toBe(200);
  // A download too large for one part goes up in parts, and an upload that fails is aborted (the same
  // adapter and bucket the API uses; parts made small so that a test can reach them).
  await asFunction('api', async () => {
    const { S3Client } = (await import('@aws-sdk/client-s3')) as typeof import('@aws-sdk/client-s3');
    const drop = new S3ExportDrop(new S3Client({}), env['AUDIO_BUCKET'] ?? '', env['MEDIA_KMS_KEY_ID'] ?? '', { partBytes: 8 });
    await drop.put(
      (async function* () {
        yield 'a;b\r\n1;2\r\n3;4\r\n';
      })(),
      { filename: 'x.csv', contentType: 'text/csv' },
    );
    await expect(
      drop.put(
        (async function* () {
          yield 'a;b\r\n1;2\r\n';
          throw new Error('the answers stopped');
        })(),
        { filename: 'y.csv', contentType: 'text/csv' },
      ),
    ).rejects.toThrow('the answers stopped');
  });

  // The phone studio: staff get a one-time code from the API, call, and record the next missing prompt:
  // the first take is redone (deleted), the second kept (a prompt under prompts/, the take under voice/
  // deleted); Twilio's copy of each take is fetched, then deleted there.
  const issued = await call('POST', `/api/projects/${DEMO_PROJECT.projectId}/prompts/studio-code`);
  expect(issued.statusCode, issued.body).toBe(201);
  const { code } = JSON.parse(issued.body ?? '{}') as { code?: string };
  const takes = ['RE0000take1', 'RE0000take2'];
  for (const take of takes) mediaFiles.set(take, readFileSync(join(work, 'note.wav')));
  const callSid = `CA${randomBytes(16).toString('hex')}`;
  const studio = async (url: string, extra: Record<string, string> = {}) => {
    const params = {
      CallSid: callSid,
      AccountSid: TWILIO.twilioAccountSid,
      From: '+32470555001',
      To: TWILIO.twilioVoiceFrom,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ...extra,
    };
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, url, params) };
    const result = (await asFunction('twilio-messages', () =>
      messaging.handler(httpEvent('POST', url, headers, new URLSearchParams(params).toString()), context('twilio-messages')),
    )) as { statusCode: number; body?: string; isBase64Encoded?: boolean };
    const twiml = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
    expect(result.statusCode, twiml).toBe(200);
    return { twiml, action: /<(?:Gather|Record)[^>]*action="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, '&') ?? '' };
  };
  const recording = (sid: string) => ({
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.twilioAccountSid}/Recordings/${sid}`,
    RecordingDuration: '3',
  });
  const welcome = await studio(`${publicUrl}/twilio/voice/studio`);
  let asked = await studio(welcome.action, { Digits: `${code ?? ''}#` });
  // Several languages without a voice: a menu first.
  if (asked.action.includes('on=language')) asked = await studio(asked.action, { Digits: '1' });
  expect(asked.twiml).toMatch(/<Record[^>]*action=/);
  // Each take is played back from our store (a signed prompt URL) before it is kept or redone.
  const firstReview = await studio(asked.action, recording(takes[0] ?? ''));
  expect(firstReview.twiml).toMatch(/<Play>[^<]+<\/Play>/);
  const again = await studio(firstReview.action, { Digits: '2' });
  expect(again.twiml).toMatch(/<Record[^>]*action=/);
  const secondReview = await studio(again.action, recording(takes[1] ?? ''));
  expect(secondReview.twiml).toMatch(/<Play>[^<]+<\/Play>/);
  // Kept: the studio goes on to the next missing prompt.
  expect((await studio(secondReview.action, { Digits: '1' })).twiml).toMatch(/<Record[^>]*action=/);
  for (const take of takes)
    expect(twilioRequests).toEqual(
      expect.arrayContaining([
        `GET https://api.twilio.com/2010-04-01/Accounts/${TWILIO.twilioAccountSid}/Recordings/${take}`,
        `DELETE https://api.twilio.com/2010-04-01/Accounts/${TWILIO.twilioAccountSid}/Recordings/${take}`,
      ]),
    );
  const afterStudio = JSON.parse((await call('GET', `/api/projects/${DEMO_PROJECT.projectId}/prompts`)).body ?? '{}') as {
    languages?: Array<{ prompts: Array<{ recorded: { source: string } | null }> }>;
  };
  expect(afterStudio.languages?.flatMap((l) => l.prompts).filter((p) => p.recorded?.source === 'phone')).toHaveLength(1);
  expect([...fakes.objects.keys()].filter((k) => k.includes('/voice/take-'))).toEqual([]);
  expect([...fakes.objects.keys()].filter((k) => k.includes('/prompts/'))).toHaveLength(2);

  // The human transcription queue (voice-api), with the same ID tokens as the staff API: an interpreter of
  // the network lists the notes waiting for a person, listens to one (disguised: S3 GetObject of voice/,
  // a claim) and types what was said (the answer attached, the note deleted); staff of the organisation let
  // its own people listen, and hear and transcribe the other. Interpreter accounts live in the user pool
  // (a Cognito group), so the voice API refuses to manage them here.
  const { createVoiceApiHandler, readVoiceApiEnv } = await load<typeof import('../../functions/voice-api.js')>('voice-api', '../../functions/voice-api.js');
  const voiceApi = await asFunction('voice-api', async () => createVoiceApiHandler({ env: readVoiceApiEnv(), secrets: await loadSecrets(), verifier }));
  const bearer = (groups: string[]) => ({ authorization: `Bearer ${apiPool.idToken(groups)}` });
  const voiceCall = async (who: Record<string, string>, method: string, path: string, body?: unknown) =>
    (await asFunction('voice-api', () =>
      voiceApi(
        httpEvent(
          method,
          `${publicUrl}${path}`,
          { ...who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body === undefined ? undefined : JSON.stringify(body),
        ),
        context('voice-api'),
      ),
    )) as { statusCode: number; body?: string; isBase64Encoded?: boolean; headers?: Record<string, string> };
  const interpreter = bearer(['interpreter']);
  const staffMember = bearer([`staff-${DEMO_PROJECT.organisationId}`]);
  const queueOf = async (who: Record<string, string>) =>
    (JSON.parse((await voiceCall(who, 'GET', '/api/voice/queue')).body ?? '{}') as { jobs?: Array<{ jobId: string; access: string }> }).jobs ?? [];
  expect((await queueOf(interpreter)).map((j) => [j.jobId, j.access]).sort()).toEqual(
    [
      [failedOnPoll, 'network'],
      [failedEvent, 'network'],
    ].sort(),
  );
  expect(await queueOf(staffMember)).toEqual([]);
  const original = fakes.objects.get([...fakes.objects.keys()].find((k) => k.endsWith(`/voice/${failedOnPoll}`)) ?? '')?.bytes;
  const heard = await voiceCall(interpreter, 'GET', `/api/voice/${failedOnPoll}/audio`);
  expect(heard.statusCode, heard.body).toBe(200);
  const disguised = Buffer.from(heard.body ?? '', heard.isBase64Encoded ? 'base64' : 'latin1');
  expect(disguised.length).toBeGreaterThan(1000);
  expect(original && disguised.equals(Buffer.from(original))).toBe(false);
  expect(
    (await voiceCall(interpreter, 'POST', `/api/voice/${failedOnPoll}/transcript`, { transcript: 'Ik wacht al drie weken op een antwoord.' })).statusCode,
  ).toBe(200);
  expect(
    (
      await voiceCall(staffMember, 'PUT', '/api/voice/own-listening', {
        on: true,
        reason: 'Our own interpreters know these families and speak their language.',
      })
    ).statusCode,
  ).toBe(200);
  expect((await queueOf(staffMember)).map((j) => [j.jobId, j.access])).toEqual([[failedEvent, 'own']]);
  expect((await voiceCall(staffMember, 'GET', `/api/voice/${failedEvent}/audio`)).statusCode).toBe(200);
  expect((await voiceCall(staffMember, 'POST', `/api/voice/${failedEvent}/transcript`, { transcript: 'Ik wacht al drie weken.' })).statusCode).toBe(200);
  expect([await statusOf(failedOnPoll), await statusOf(failedEvent)]).toEqual(['done', 'done']);
  expect([...fakes.objects.keys()].filter((k) => k.endsWith(`/voice/${failedOnPoll}`) || k.endsWith(`/voice/${failedEvent}`))).toEqual([]);
  expect((await voiceCall(bearer(['coordinator']), 'POST', '/api/interpreters', { label: 'Tigrinya, freelance', languages: ['ti'] })).statusCode).toBe(501);

  // Authoring (its own function, the same ID tokens): staff save a survey (a transaction of Puts), list
  // their surveys, publish it to the network's library (Put), list the library (Query, the organisation's
  // name), copy the entry as a new survey, and withdraw it (a conditional Delete).
  await load('authoring-api', '../../functions/authoring-api.js');
  const { createAuthoringApiHandler, readAuthoringApiEnv } = await import('../../functions/authoring-api.js');
  const authoringApi = await asFunction('authoring-api', async () =>
    createAuthoringApiHandler({ env: readAuthoringApiEnv(), secrets: await loadSecrets(), verifier }),
  );
  const authoring = async (method: string, path: string, body?: unknown) =>
    (await asFunction('authoring-api', () =>
      authoringApi(
        httpEvent(
          method,
          `${publicUrl}${path}`,
          { ...staff, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body === undefined ? undefined : JSON.stringify(body),
        ),
        context('authoring-api'),
      ),
    )) as { statusCode: number; body?: string };
  const ownSurvey = { ...DEMO_SURVEY, id: 'iam_authoring', version: 1 };
  expect((await authoring('POST', '/api/surveys', ownSurvey)).statusCode).toBe(201);
  expect((await authoring('GET', '/api/surveys')).statusCode).toBe(200);
  // The preview per channel: a call in Ukrainian (no voice) reads the recorded prompts (Query); WhatsApp and SMS read the survey.
  for (const query of ['language=uk&channel=voice', 'language=ar&channel=whatsapp&voiceNotes=voice-first', 'language=fr'])
    expect((await authoring('GET', `/api/surveys/iam_authoring/versions/1/preview?${query}`)).statusCode, query).toBe(200);
  expect((await authoring('POST', '/api/library', { surveyId: ownSurvey.id, version: 1 })).statusCode).toBe(201);
  expect(JSON.parse((await authoring('GET', '/api/library')).body ?? '{}')).toMatchObject({ entries: [{ entryId: 'iam_authoring-v1' }] });
  expect((await authoring('POST', '/api/library/iam_authoring-v1/copy', { surveyId: 'iam_copy' })).statusCode).toBe(201);
  expect((await authoring('DELETE', '/api/library/iam_authoring-v1')).statusCode).toBe(204);

  // The sweep, then the delivery workers (one per channel) with a job each, and one that fails (its retry delayed).
  const sweep = await load<{ handler: (e?: unknown) => Promise<unknown> }>('sweep', '../../functions/sweep.js');
  await asFunction('sweep', () => sweep.handler({}));
  const participants = new DynamoDbParticipants(documentClient(localDynamoDbClient(inject('dynamoDbEndpoint'))), tableName);
  for (const channel of ['sms', 'whatsapp', 'voice'] as const) {
    const fn = `delivery-${channel}`;
    vi.resetModules();
    const delivery = await load<{ handler: Handler<SQSEvent, unknown> }>(fn, '../../functions/delivery-worker.js');
    const protector = new NodeCryptoProtector(keys);
    const phone = `+3247099903${channel.length}`;
    const contactKey = protector.contactKey(phone);
    await asTest(() =>
      participants.enrol({
        projectId: DEMO_PROJECT.projectId,
        contactKey,
        phoneSealed: protector.seal(phone),
        language: 'nl',
        channel,
        day: new Date().toISOString().slice(0, 10),
      }),
    );
    const [round] = (
      await asTest(() => new DynamoDbDirectory(documentClient(localDynamoDbClient(inject('dynamoDbEndpoint'))), tableName).listRounds(DEMO_PROJECT.projectId))
    ).filter((r) => r.label === 'iam');
    await asTest(() =>
      participants.putInvitations([
        {
          projectId: DEMO_PROJECT.projectId,
          roundId: round?.roundId ?? '',
          contactKey,
          language: 'nl',
          channel,
          status: 'queued',
          failure: null,
          invitedAt: null,
          remindedAt: null,
          progress: 'none',
        },
      ]),
    );
    const queueArn = model.queueArnByUrl.get(queueUrls[channel]) ?? '';
    eventSourceCalls(fn, queueUrls[channel]);
    const good = JSON.stringify({ type: 'invite', projectId: DEMO_PROJECT.projectId, roundId: round?.roundId ?? '', contactKey, channel });
    const broken = JSON.stringify({ type: 'invite', projectId: 'no-such-project', roundId: 'x', contactKey, channel });
    // A participant whose send Twilio fails: reported back, its retry delayed (ChangeMessageVisibility).
    const unlucky = `+3247099909${channel.length}`;
    const unluckyKey = protector.contactKey(unlucky);
    await asTest(() =>
      participants.enrol({
        projectId: DEMO_PROJECT.projectId,
        contactKey: unluckyKey,
        phoneSealed: protector.seal(unlucky),
        language: 'nl',
        channel,
        day: new Date().toISOString().slice(0, 10),
      }),
    );
    await asTest(() =>
      participants.putInvitations([
        {
          projectId: DEMO_PROJECT.projectId,
          roundId: round?.roundId ?? '',
          contactKey: unluckyKey,
          language: 'nl',
          channel,
          status: 'queued',
          failure: null,
          invitedAt: null,
          remindedAt: null,
          progress: 'none',
        },
      ]),
    );
    const failing = JSON.stringify({ type: 'invite', projectId: DEMO_PROJECT.projectId, roundId: round?.roundId ?? '', contactKey: unluckyKey, channel });
    const outcome = (await asFunction(fn, () => delivery.handler(sqsEvent(queueArn, [good, broken, failing]), context(fn)))) as {
      batchItemFailures: Array<{ itemIdentifier: string }>;
    };
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  }

  // The pictures Twilio fetches, the dashboard (no AWS at all), the voice queue's API.
  const pictures = await load<{ handler: Handler<APIGatewayProxyEventV2, { statusCode: number }> }>('pictures', '../../functions/pictures.js');
  const story = JSON.parse(readFileSync(new URL('../../flows/templates/story-signifiers.json', import.meta.url), 'utf8')) as { id: string; version: number };
  const picture = pictureUrl(new NodeCryptoProtector(keys), publicUrl, {
    kind: 'triad',
    surveyId: story.id,
    surveyVersion: story.version,
    questionId: 'difference',
    language: 'nl',
  });
  await asFunction('pictures', () => pictures.handler(httpEvent('GET', picture, {}), context('pictures')));
  // A question's voice note, fetched twice as Twilio would: Polly says it into the bucket, then it is read from there.
  const voiceNotes = await load<{ handler: Handler<APIGatewayProxyEventV2, { statusCode: number; headers?: Record<string, string> }> }>(
    'voice-notes',
    '../../functions/voice-notes.js',
  );
  const note = voiceNoteUrl(
    new NodeCryptoProtector(keys),
    publicUrl,
    { organisationId: DEMO_PROJECT.organisationId, surveyId: DEMO_SURVEY.id, surveyVersion: DEMO_SURVEY.version, questionId: 'consent', language: 'nl' },
    new Date(),
  );
  for (const _ of [1, 2]) {
    const served = await asFunction('voice-notes', () => voiceNotes.handler(httpEvent('GET', note, {}), context('voice-notes')));
    expect([served.statusCode, served.headers?.['content-type']]).toEqual([200, 'audio/ogg']);
  }
  // A Tigrinya question has no voice: its note is the recorded prompt (listed with a Query, read from
  // prompts/ in S3), transcoded in WebAssembly and kept under voice/. Set up as staff's upload leaves it.
  const evaluation = parseSurveyDefinition(JSON.parse(readFileSync(new URL('../../flows/templates/end-evaluation.json', import.meta.url), 'utf8')));
  const scope = { organisationId: DEMO_PROJECT.organisationId, surveyId: evaluation.id, surveyVersion: evaluation.version };
  await asTest(async () => {
    const db = documentClient(localDynamoDbClient(inject('dynamoDbEndpoint')));
    await new DynamoDbDirectory(db, tableName).saveSurvey(evaluation);
    await new DynamoDbPrompts(db, tableName).put(scope, {
      language: 'ti',
      promptId: 'question.energy',
      audioKey: 'prompt-iam-ti-energy',
      contentType: 'audio/wav',
      recordedAt: new Date().toISOString(),
      source: 'upload',
    });
  });
  fakes.objects.set(`${env['AUDIO_BUCKET'] ?? ''}/prompts/prompt-iam-ti-energy`, { bytes: readFileSync(join(work, 'note.wav')), contentType: 'audio/wav' });
  const recordedNote = voiceNoteUrl(new NodeCryptoProtector(keys), publicUrl, { ...scope, questionId: 'energy', language: 'ti' }, new Date());
  for (const _ of [1, 2]) {
    const served = await asFunction('voice-notes', () => voiceNotes.handler(httpEvent('GET', recordedNote, {}), context('voice-notes')));
    expect([served.statusCode, served.headers?.['content-type']]).toEqual([200, 'audio/ogg']);
  }
  expect([...fakes.objects.keys()].filter((k) => k.includes('/voice/voice-note.') && k.includes('.ti.'))).toHaveLength(1);
  await load('dashboard', '../../functions/dashboard.js');
}

/** Every recorded call with its authorizations and their decisions. */
async function decisions(): Promise<Array<{ call: RecordedCall; authorization: Authorization; decision: Decision }>> {
  const out: Array<{ call: RecordedCall; authorization: Authorization; decision: Decision }> = [];
  for (const call of recordedCalls()) {
    const fn = fnModel(call.fn);
    for (const authorization of authorizationsOf(model, call))
      out.push({ call, authorization, decision: await decide(model, { principal: fn.sessionArn, authorization, identityPolicies: fn.identityPolicies }) });
  }
  return out;
}

let evaluated: Awaited<ReturnType<typeof decisions>>;

describe('every AWS call a function makes is allowed by its role and the resource policy', () => {
  it('records calls of every function that calls AWS, and evaluates each', async () => {
    evaluated = await decisions();
    const perFunction = Object.fromEntries([...model.functions.keys()].map((fn) => [fn, recordedCalls().filter((c) => c.fn === fn).length]));
    console.info('IAM contract: calls recorded per function', perFunction);
    for (const fn of model.functions.keys()) if (fn !== 'dashboard') expect(perFunction[fn], fn).toBeGreaterThan(0);
    // The dashboard calls no AWS API: only Lambda writes its logs.
    expect(
      recordedCalls()
        .filter((c) => c.fn === 'dashboard')
        .map((c) => c.service),
    ).toEqual(['CloudWatch Logs', 'CloudWatch Logs']);
    // The stage's Twilio region and edge reach the workers: every send goes to Twilio's Irish host.
    const sends = twilioRequests.filter((r) => /^POST .*\/(Messages|Calls)\.json$/.test(r));
    expect(sends.length).toBeGreaterThanOrEqual(6);
    expect(sends.filter((r) => !r.startsWith('POST https://api.dublin.ie1.twilio.com/'))).toEqual([]);
  });

  it('allows every one', () => {
    const denied = evaluated
      .filter((e) => e.decision.result !== 'Allowed')
      .map((e) => `${e.call.fn}: ${e.authorization.because} → ${e.decision.result}: ${e.decision.detail}`);
    expect([...new Set(denied)]).toEqual([]);
  });
});

/**
 * Grants no recorded call uses yet: each would be needed by code this run does not reach (named in `why`).
 * Empty: every granted action is used by a call above. A grant added later without a flow that uses it
 * fails the test, unless listed here with why; driving the flow removes the entry (an entry that no
 * longer matches anything fails the test too).
 */
const KNOWN_UNUSED: Array<{ fn: RegExp; action: RegExp; why: string }> = [];

describe('every action granted to a function role is used by some call', () => {
  it('leaves no grant unused but the known ones, and every known one is still there', () => {
    const unused: string[] = [];
    const matched = new Set<number>();
    let granted = 0;
    let usedCount = 0;
    const perFunction: Record<string, string> = {};
    for (const fn of model.functions.values()) {
      const [grantedBefore, usedBefore] = [granted, usedCount];
      const used = new Set(evaluated.filter((e) => e.call.fn === fn.name).flatMap((e) => e.decision.grants.map((g) => `${g.sid} ${g.action}`)));
      for (const { policy } of fn.identityPolicies)
        for (const statement of policy.Statement) {
          if (statement.Effect !== 'Allow') continue;
          for (const action of [statement.Action ?? []].flat()) {
            granted++;
            if (used.has(`${statement.Sid ?? ''} ${action}`)) {
              usedCount++;
              continue;
            }
            const known = KNOWN_UNUSED.findIndex((k) => k.fn.test(fn.name) && k.action.test(action));
            if (known >= 0) matched.add(known);
            else unused.push(`${fn.name}: ${action} on ${JSON.stringify(statement.Resource)}`);
          }
        }
      perFunction[fn.name] = `${usedCount - usedBefore}/${granted - grantedBefore}`;
    }
    console.info('IAM contract: grants used/granted per function', perFunction);
    console.info(`IAM contract: ${granted} (function, statement, action) grants, ${usedCount} used by a recorded call`);
    expect(unused).toEqual([]);
    expect(KNOWN_UNUSED.filter((_, i) => !matched.has(i)).map((k) => k.why)).toEqual([]);
  });
});

describe('service principals and resource policies', () => {
  const topicArn = () => [...model.resourcePolicies.keys()].find((arn) => arn.startsWith('arn:aws:sns:')) ?? '';
  const alarm = (account: string) => ({
    'aws:SourceAccount': account,
    'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${account}:alarm:Stem-DeliverySmsDeadLettersAlarm`,
  });
  const asService = (principal: string, action: string, resource: string, context: Record<string, string>) =>
    decide(model, { principal, authorization: { action, resource, context, because: principal }, identityPolicies: [] });

  it("CloudWatch alarms of this account publish to the encrypted alarm topic; a foreign account's alarms cannot", async () => {
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    const topic = topicArn();
    const key = model.keyOf.get(topic) ?? '';
    expect(key).toMatch(/^arn:aws:kms:/);
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect((await asService('cloudwatch.amazonaws.com', action, key, alarm(ACCOUNT))).result).toBe('Allowed');
      expect((await asService('cloudwatch.amazonaws.com', action, key, alarm(FOREIGN_ACCOUNT))).result).not.toBe('Allowed');
    }
    expect((await asService('cloudwatch.amazonaws.com', 'sns:Publish', topic, alarm(ACCOUNT))).result).toBe('Allowed');
    expect((await asService('cloudwatch.amazonaws.com', 'sns:Publish', topic, alarm(FOREIGN_ACCOUNT))).result).not.toBe('Allowed');
    // The SSL-only statement denies a plain-HTTP publish even from CloudWatch.
    const plain = await decide(model, {
      principal: 'cloudwatch.amazonaws.com',
      authorization: { action: 'sns:Publish', resource: topic, context: { ...alarm(ACCOUNT), 'aws:SecureTransport': 'false' }, because: 'http' },
      identityPolicies: [],
    });
    expect(plain.result).toBe('ExplicitlyDenied');
  });

  it('API Gateway invokes each function only from its own routes; EventBridge invokes transcribe-events from its rule; the scheduler role invokes the sweep; both may dead-letter what they give up on', async () => {
    const api = model.resolved.ofType('AWS::ApiGatewayV2::Api')[0] ?? '';
    const route = (path: string) => ({
      'aws:SourceArn': `arn:aws:execute-api:${REGION}:${ACCOUNT}:${model.resolved.ref(api)}/$default/POST${path}`,
      'aws:SourceAccount': ACCOUNT,
    });
    expect(
      (await asService('apigateway.amazonaws.com', 'lambda:InvokeFunction', fnModel('twilio-messages').functionArn, route('/twilio/messages'))).result,
    ).toBe('Allowed');
    expect((await asService('apigateway.amazonaws.com', 'lambda:InvokeFunction', fnModel('api').functionArn, route('/twilio/messages'))).result).not.toBe(
      'Allowed',
    );
    expect((await asService('apigateway.amazonaws.com', 'lambda:InvokeFunction', fnModel('sweep').functionArn, route('/api'))).result).not.toBe('Allowed');
    const rule = model.resolved.arn(model.resolved.ofType('AWS::Events::Rule')[0] ?? '');
    expect(
      (
        await asService('events.amazonaws.com', 'lambda:InvokeFunction', fnModel('transcribe-events').functionArn, {
          'aws:SourceArn': rule,
          'aws:SourceAccount': ACCOUNT,
        })
      ).result,
    ).toBe('Allowed');
    expect(
      (
        await asService('events.amazonaws.com', 'lambda:InvokeFunction', fnModel('transcribe-events').functionArn, {
          'aws:SourceArn': `arn:aws:events:${REGION}:${FOREIGN_ACCOUNT}:rule/x`,
          'aws:SourceAccount': FOREIGN_ACCOUNT,
        })
      ).result,
    ).not.toBe('Allowed');
    // The scheduler assumes its own role (trust policy) and invokes with the role's identity policy.
    const schedulerRole = model.resolved.ofType('AWS::IAM::Role').find((id) => id.startsWith('SweepScheduleRole')) ?? '';
    const policies = model.resolved
      .ofType('AWS::IAM::Policy')
      .filter((id) => id.startsWith('SweepScheduleRole'))
      .map((id) => ({ name: id, policy: model.resolved.resolve(model.resolved.resource(id).Properties?.['PolicyDocument'] ?? null) as never }));
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/${model.resolved.ref(schedulerRole)}/scheduler`;
    const invoke = (fn: string) =>
      decide(model, {
        principal: session,
        authorization: { action: 'lambda:InvokeFunction', resource: fnModel(fn).functionArn, context: {}, because: 'scheduler' },
        identityPolicies: policies,
      });
    expect((await invoke('sweep')).result).toBe('Allowed');
    expect((await invoke('api')).result).not.toBe('Allowed');

    // A tick or an event they gave up on goes to the encrypted TargetFailures queue: the scheduler with its
    // role, EventBridge as its service principal (queue policy for this rule, key policy for this account).
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    const dlq = model.resolved.arn(model.resolved.ofType('AWS::SQS::Queue').find((id) => id.startsWith('QueuesTargetFailures')) ?? '');
    const dlqKey = model.keyOf.get(dlq) ?? '';
    expect(dlqKey).toMatch(/^arn:aws:kms:/);
    const asScheduler = (action: string, resource: string, context: Record<string, string> = {}) =>
      decide(model, { principal: session, authorization: { action, resource, context, because: 'scheduler dead letter' }, identityPolicies: policies });
    expect((await asScheduler('sqs:SendMessage', dlq)).result).toBe('Allowed');
    expect((await asScheduler('kms:GenerateDataKey', dlqKey, { 'kms:ViaService': `sqs.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT })).result).toBe(
      'Allowed',
    );
    expect((await asScheduler('kms:GenerateDataKey', dlqKey, { 'kms:CallerAccount': ACCOUNT })).result).not.toBe('Allowed'); // only through SQS
    expect((await asService('events.amazonaws.com', 'sqs:SendMessage', dlq, { 'aws:SourceArn': rule, 'aws:SourceAccount': ACCOUNT })).result).toBe('Allowed');
    expect(
      (
        await asService('events.amazonaws.com', 'sqs:SendMessage', dlq, {
          'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/someone-elses`,
          'aws:SourceAccount': ACCOUNT,
        })
      ).result,
    ).not.toBe('Allowed');
    expect((await asService('events.amazonaws.com', 'kms:GenerateDataKey', dlqKey, { 'aws:SourceAccount': ACCOUNT })).result).toBe('Allowed');
    expect((await asService('events.amazonaws.com', 'kms:GenerateDataKey', dlqKey, { 'aws:SourceAccount': FOREIGN_ACCOUNT })).result).not.toBe('Allowed');
  });

  it('no role reaches what another function owns; nobody outside the account uses a key; plain HTTP is refused', async () => {
    const env = process.env;
    const bucket = env['AUDIO_BUCKET'] ?? '';
    const queues = JSON.parse(env['DELIVERY_QUEUE_URLS'] ?? '{}') as Record<string, string>;
    const table = model.tableArnByName.get(tableName) ?? '';
    const as = (fn: string, action: string, resource: string, context: Record<string, string> = {}) =>
      decide(model, {
        principal: fnModel(fn).sessionArn,
        authorization: { action, resource, context, because: 'adversary' },
        identityPolicies: fnModel(fn).identityPolicies,
      });
    const denied = async (fn: string, action: string, resource: string, context: Record<string, string> = {}) =>
      expect((await as(fn, action, resource, context)).result, `${fn} ${action} ${resource}`).not.toBe('Allowed');
    await denied('dashboard', 'dynamodb:GetItem', table);
    await denied('dashboard', 'secretsmanager:GetSecretValue', env['HMAC_KEY_SECRET_ARN'] ?? '');
    await denied('pictures', 's3:GetObject', `arn:aws:s3:::${bucket}/exports/x.csv`);
    await denied('pictures', 'sqs:SendMessage', model.queueArnByUrl.get(queues['sms'] ?? '') ?? '');
    // Only the voice-notes function may call Polly; it reads recorded prompts but never changes them, and writes nothing to the table.
    for (const fn of ['twilio-messages', 'pictures', 'api', 'voice-worker']) await denied(fn, 'polly:SynthesizeSpeech', '*');
    await denied('voice-notes', 's3:PutObject', `arn:aws:s3:::${bucket}/prompts/prompt-1`);
    await denied('voice-notes', 's3:DeleteObject', `arn:aws:s3:::${bucket}/prompts/prompt-1`);
    await denied('voice-notes', 's3:GetObject', `arn:aws:s3:::${bucket}/exports/x.csv`);
    await denied('voice-notes', 'dynamodb:PutItem', table);
    await denied('twilio-messages', 'sqs:SendMessage', model.queueArnByUrl.get(queues['sms'] ?? '') ?? '');
    await denied('delivery-sms', 'sqs:ReceiveMessage', model.queueArnByUrl.get(queues['whatsapp'] ?? '') ?? '');
    await denied('api', 'dynamodb:Scan', table);
    await denied('voice-worker', 's3:GetObject', `arn:aws:s3:::${bucket}/exports/x.csv`);
    // The table key only through DynamoDB: a direct Decrypt with the function's credentials is refused.
    await denied('api', 'kms:Decrypt', model.keyOf.get(table) ?? '', { 'kms:CallerAccount': ACCOUNT });
    // Plain HTTP to the audio bucket is denied by its policy even for a role that may read it.
    expect((await as('voice-worker', 's3:GetObject', `arn:aws:s3:::${bucket}/voice/x`, { 'aws:SecureTransport': 'false' })).result).toBe('ExplicitlyDenied');
    // A foreign account's administrator cannot use any of the stack's keys.
    const admin = { name: 'everything', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } };
    for (const key of new Set(model.keyOf.values()))
      expect(
        (
          await decide(model, {
            principal: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/admin`,
            authorization: { action: 'kms:Decrypt', resource: key, context: {}, because: 'foreign' },
            identityPolicies: [admin],
          })
        ).result,
      ).not.toBe('Allowed');
  });
});
