/**
 * The deployed functions run in this process as Lambda runs them (their own modules, env and secrets read
 * at init), against DynamoDB Local behind a counting proxy; SQS, S3 and Transcribe are stubbed with
 * aws-sdk-client-mock (they cannot run here) and Twilio's REST and media hosts are played by a loopback
 * server. Everything the functions ask of AWS and Twilio is counted per function, per invocation.
 */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient, ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTranscriptionJobCommand, StartTranscriptionJobCommand, TranscribeClient } from '@aws-sdk/client-transcribe';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../../tests/support/fake-secrets-manager.js';

export const ACCOUNT = `AC${'7'.repeat(32)}`;
export const TOKEN = 'cost-bench-token-0123456789abcdef';
export const PUBLIC_URL = 'https://stem.example.be';
export const SERVICE_NUMBER = '+3225550100';
export const TABLE = 'stem-cost';
const BUCKETS = {
  AUDIO_BUCKET: 'stem-audio-bench',
  TRANSCRIPT_BUCKET: 'stem-transcripts-bench',
  MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/bench',
};
const queue = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
export const QUEUES = { sms: queue('stem-sms'), whatsapp: queue('stem-whatsapp'), voice: queue('stem-calls') };
export const VOICE_QUEUE = queue('stem-voice-jobs');

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** What one function asked for, summed over its invocations. */
export interface Usage {
  invocations: number;
  ms: number;
  /** Bytes our logger wrote (CloudWatch Logs ingestion, before Lambda's own platform lines). */
  logBytes: number;
  dynamo: Map<string, number>;
  rru: number;
  wru: number;
  /** Capacity DynamoDB Local did not report (failed conditional writes), per DynamoDB's rules. */
  wruEstimated: number;
  aws: Map<string, number>;
  /** SQS messages sent and their 64 KB chunks. */
  sqsChunks: number;
  s3PutBytes: number;
  twilio: Map<string, number>;
}

const emptyUsage = (): Usage => ({
  invocations: 0,
  ms: 0,
  logBytes: 0,
  dynamo: new Map(),
  rru: 0,
  wru: 0,
  wruEstimated: 0,
  aws: new Map(),
  sqsChunks: 0,
  s3PutBytes: 0,
  twilio: new Map(),
});
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export interface TwilioOut {
  kind: 'message' | 'call';
  form: URLSearchParams;
}

export class Meter {
  /** The function being invoked; null while the bench itself sets things up (not counted). */
  current: string | null = null;
  readonly byFunction = new Map<string, Usage>();
  usage(fn: string): Usage {
    let u = this.byFunction.get(fn);
    if (!u) this.byFunction.set(fn, (u = emptyUsage()));
    return u;
  }
  get active(): Usage | null {
    return this.current ? this.usage(this.current) : null;
  }
  reset(): void {
    this.byFunction.clear();
  }
}

/** DynamoDB Local behind a proxy that asks for ReturnConsumedCapacity on every request and adds it up. */
async function dynamoProxy(target: string, meter: Meter): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const op =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? 'unknown';
      let body = Buffer.concat(chunks);
      const usage = meter.active;
      let input: Record<string, unknown> = {};
      if (usage && body.length) {
        input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        input['ReturnConsumedCapacity'] ??= 'TOTAL';
        body = Buffer.from(JSON.stringify(input));
        bump(usage.dynamo, op);
      }
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const out = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (upstream) => {
        const back: Buffer[] = [];
        upstream.on('data', (c: Buffer) => back.push(c));
        upstream.on('end', () => {
          const payload = Buffer.concat(back);
          if (usage) account(usage, op, input, upstream, payload);
          res.writeHead(upstream.statusCode ?? 500, upstream.headers);
          res.end(payload); // unchanged: the SDK checks its CRC32
        });
      });
      out.on('error', (e) => res.destroy(e));
      out.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return { endpoint: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server };
}

function account(usage: Usage, op: string, input: Record<string, unknown>, upstream: IncomingMessage, payload: Buffer): void {
  const json = JSON.parse(payload.toString('utf8') || '{}') as {
    ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
    __type?: string;
  };
  const cc = json.ConsumedCapacity;
  const units = Array.isArray(cc) ? cc.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0) : (cc?.CapacityUnits ?? 0);
  if (units > 0) {
    if (READS.has(op)) usage.rru += units;
    else usage.wru += units;
    return;
  }
  // DynamoDB charges a failed conditional write as a write of the item (1 KB units; a transaction ×2);
  // DynamoDB Local reports nothing for it.
  if ((upstream.statusCode ?? 200) >= 400 && /ConditionalCheckFailed|TransactionCanceled/.test(json.__type ?? '')) {
    const size = Buffer.byteLength(JSON.stringify(input['Item'] ?? input['TransactItems'] ?? input['Key'] ?? {}));
    usage.wruEstimated += Math.max(1, Math.ceil(size / 1024)) * (op === 'TransactWriteItems' ? 2 : 1);
  }
}

/** Twilio's REST API and media, on loopback: messages and calls recorded, media served by id and deleted. */
async function fakeTwilio(meter: Meter, sent: TwilioOut[], media: Map<string, { bytes: Buffer; type: string }>): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const usage = meter.active;
      const id = /\/(ME\w+|RE\w+)(\.\w+)?$/.exec(url)?.[1];
      if (usage) bump(usage.twilio, `${req.method} ${id ? (id.startsWith('RE') ? 'recording' : 'media') : url.split('/').pop()}`);
      if (req.method === 'POST' && url.endsWith('/Messages.json')) {
        sent.push({ kind: 'message', form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${'c'.repeat(32)}`, status: 'queued' }));
        return;
      }
      if (req.method === 'POST' && url.endsWith('/Calls.json')) {
        sent.push({ kind: 'call', form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `CA${'c'.repeat(32)}`, status: 'queued' }));
        return;
      }
      const file = id ? media.get(id) : undefined;
      if (req.method === 'DELETE') {
        res.writeHead(id && media.delete(id) ? 204 : 404).end();
        return;
      }
      if (!file) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20404, status: 404 }));
        return;
      }
      res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) }).end(file.bytes);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return { base: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server };
}

export interface Handlers {
  messages: (event: unknown, context: unknown) => Promise<unknown>;
  delivery: (event: unknown, context?: unknown) => Promise<unknown>;
  voiceWorker: (event: unknown, context?: unknown) => Promise<unknown>;
  transcribeEvents: (event: unknown) => Promise<unknown>;
}

export interface World {
  meter: Meter;
  dynamo: RunningDynamoDb;
  keys: ReturnType<typeof generateProtectorKeys>;
  handlers: Handlers;
  /** Module init per function, in this process (later imports share modules already loaded). */
  initMs: Record<string, number>;
  secretsCalls: Record<string, number>;
  twilioOut: TwilioOut[];
  media: Map<string, { bytes: Buffer; type: string }>;
  /** Transcribe jobs started, by name, with the seconds of audio each would bill. */
  transcribeJobs: Map<string, { fn: string }>;
  /** Job ids the webhook sent to the voice queue, in order. */
  voiceJobs: string[];
  invoke<T>(fn: string, run: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const meter = new Meter();
  const dynamo = await startDynamoDbLocal();
  const proxy = await dynamoProxy(dynamo.endpoint, meter);
  const twilioOut: TwilioOut[] = [];
  const media = new Map<string, { bytes: Buffer; type: string }>();
  const twilio = await fakeTwilio(meter, twilioOut, media);
  const keys = generateProtectorKeys();
  const secrets: FakeSecretsManager = await startFakeSecretsManager({ twilioAuthToken: TOKEN, ...keys });

  // Twilio's API host is this loopback server: the functions keep their production URLs and host checks.
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return realFetch(url.startsWith('https://api.twilio.com/') ? `${twilio.base}${url.slice('https://api.twilio.com'.length)}` : input, init);
  }) as typeof fetch;

  const transcribeJobs = new Map<string, { fn: string }>();
  const awsCall = (service: string, op: string) => {
    const usage = meter.active;
    if (usage) bump(usage.aws, `${service}.${op}`);
    return usage;
  };
  const sqs = mockClient(SQSClient);
  const voiceJobs: string[] = [];
  sqs.on(SendMessageBatchCommand).callsFake((input: { QueueUrl?: string; Entries?: Array<{ Id?: string; MessageBody?: string }> }) => {
    const usage = awsCall('SQS', 'SendMessageBatch');
    if (input.QueueUrl === VOICE_QUEUE) for (const e of input.Entries ?? []) voiceJobs.push((JSON.parse(e.MessageBody ?? '{}') as { jobId: string }).jobId);
    // Billed per 64 KB chunk of the whole batch request's payload.
    if (usage) usage.sqsChunks += Math.max(1, Math.ceil(Buffer.byteLength((input.Entries ?? []).map((e) => e.MessageBody ?? '').join('')) / 65_536));
    return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })), Failed: [] };
  });
  sqs.on(SendMessageCommand).callsFake(() => (awsCall('SQS', 'SendMessage'), { MessageId: 'm' }));
  sqs.on(ChangeMessageVisibilityCommand).callsFake(() => (awsCall('SQS', 'ChangeMessageVisibility'), {}));
  const s3 = mockClient(S3Client);
  const transcripts = new Map<string, string>();
  s3.on(PutObjectCommand).callsFake((input: { Body?: Uint8Array | string }) => {
    const usage = awsCall('S3', 'PutObject');
    if (usage) usage.s3PutBytes += typeof input.Body === 'string' ? Buffer.byteLength(input.Body) : (input.Body?.length ?? 0);
    return { ETag: '"e"', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true };
  });
  s3.on(GetObjectCommand).callsFake((input: { Key?: string }) => {
    awsCall('S3', 'GetObject');
    const text = transcripts.get(input.Key ?? '') ?? '{}';
    return { Body: sdkStreamMixin(Readable.from([Buffer.from(text)])), ContentType: 'application/json' };
  });
  s3.on(DeleteObjectCommand).callsFake(() => (awsCall('S3', 'DeleteObject'), {}));
  const transcribe = mockClient(TranscribeClient);
  transcribe.on(StartTranscriptionJobCommand).callsFake((input: { TranscriptionJobName?: string; LanguageCode?: string; OutputKey?: string }) => {
    awsCall('Transcribe', 'StartTranscriptionJob');
    const name = input.TranscriptionJobName ?? '';
    transcribeJobs.set(name, { fn: meter.current ?? '' });
    transcripts.set(
      input.OutputKey ?? `${name}.json`,
      JSON.stringify({ jobName: name, status: 'COMPLETED', results: { transcripts: [{ transcript: 'Mijn werk geeft me energie.' }], items: [] } }),
    );
    return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'IN_PROGRESS', LanguageCode: input.LanguageCode } };
  });
  transcribe.on(GetTranscriptionJobCommand).callsFake((input: { TranscriptionJobName?: string }) => {
    awsCall('Transcribe', 'GetTranscriptionJob');
    const name = input.TranscriptionJobName ?? '';
    const outputKey = [...transcripts.keys()].find((k) => k.includes(name)) ?? `${name}.json`;
    return {
      TranscriptionJob: {
        TranscriptionJobName: name,
        TranscriptionJobStatus: 'COMPLETED',
        LanguageCode: 'nl-NL',
        Transcript: { TranscriptFileUri: `https://s3.eu-west-1.amazonaws.com/${BUCKETS.TRANSCRIPT_BUCKET}/${outputKey}` },
      },
    };
  });

  Object.assign(process.env, {
    ...secrets.env,
    TABLE_NAME: TABLE,
    PUBLIC_URL,
    ...BUCKETS,
    VOICE_QUEUE_URL: VOICE_QUEUE,
    DELIVERY_QUEUE_URLS: JSON.stringify(QUEUES),
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_SMS_FROM: SERVICE_NUMBER,
    TWILIO_WHATSAPP_FROM: `whatsapp:${SERVICE_NUMBER}`,
    TWILIO_VOICE_FROM: SERVICE_NUMBER,
    // The numbers Stem answers on (issue 19): a message to any other number is acknowledged and dropped.
    SERVICE_NUMBERS: `${SERVICE_NUMBER},whatsapp:${SERVICE_NUMBER}`,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
  });
  const { ensureTable } = await import('../../adapters/dynamodb/table.js');
  await ensureTable(dynamo.client, TABLE, { expireItems: false });

  // Each function's module init, and the Secrets Manager calls it makes (read once per cold start).
  const initMs: Record<string, number> = {};
  const secretsCalls: Record<string, number> = {};
  const load = async <T>(fn: string, importer: () => Promise<T>): Promise<T> => {
    const before = secrets.requests.length;
    const t = performance.now();
    const mod = await quietly(importer);
    initMs[fn] = performance.now() - t;
    secretsCalls[fn] = secrets.requests.length - before;
    return mod;
  };
  const messages = await load('twilio-messages', () => import('../../functions/twilio-messages.js'));
  const delivery = await load('delivery-worker', () => import('../../functions/delivery-worker.js'));
  const voiceWorker = await load('voice-worker', () => import('../../functions/voice-worker.js'));
  const transcribeEvents = await load('transcribe-events', () => import('../../functions/transcribe-events.js'));
  const handlers: Handlers = {
    messages: messages.handler as unknown as Handlers['messages'],
    delivery: delivery.handler as unknown as Handlers['delivery'],
    voiceWorker: voiceWorker.handler as unknown as Handlers['voiceWorker'],
    transcribeEvents: transcribeEvents.handler as unknown as Handlers['transcribeEvents'],
  };

  async function invoke<T>(fn: string, run: () => Promise<T>): Promise<T> {
    const usage = meter.usage(fn);
    meter.current = fn;
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const capture = (chunk: string | Uint8Array): boolean => {
      usage.logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    const t = performance.now();
    try {
      return await run();
    } finally {
      // Lambda bills duration rounded up to the next millisecond.
      usage.ms += Math.ceil(performance.now() - t);
      usage.invocations++;
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      meter.current = null;
    }
  }

  return {
    meter,
    dynamo,
    keys,
    handlers,
    initMs,
    secretsCalls,
    twilioOut,
    media,
    transcribeJobs,
    voiceJobs,
    invoke,
    stop: async () => {
      globalThis.fetch = realFetch;
      sqs.restore();
      s3.restore();
      transcribe.restore();
      await secrets.stop();
      await new Promise<void>((r) => proxy.server.close(() => r()));
      proxy.server.closeAllConnections();
      await new Promise<void>((r) => twilio.server.close(() => r()));
      twilio.server.closeAllConnections();
      await dynamo.stop();
    },
  };
}

/** Module init logs nothing we count; keep the bench's output clean. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const out = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await run();
  } finally {
    process.stdout.write = out;
  }
}
