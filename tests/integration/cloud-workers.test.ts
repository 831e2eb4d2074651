import { startFakeSecretsManager } from '../support/fake-secrets-manager.js';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SendMessageBatchCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { StartTranscriptionJobCommand, TranscribeClient } from '@aws-sdk/client-transcribe';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { SqsVoiceQueue } from '../../adapters/sqs/sqs-voice-queue.js';
import { TwilioMediaSource } from '../../adapters/twilio/twilio-media.js';
import { processVoice } from '../../core/voice/process-voice.js';
import { composeVoice } from '../../functions/commons/compose-voice.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { startHarness, TEST_MEDIA_HOSTS, type Harness } from './support/harness.js';

/**
 * The cloud's voice worker and scheduled sweep, run in-process as Lambda would run them, against
 * DynamoDB Local. SQS, S3 and Transcribe cannot run here: they are mocked with aws-sdk-client-mock.
 * Twilio (media API and Messages REST) is played by a local HTTP server; the voice notes are real
 * Ogg/Opus (espeak-ng + ffmpeg), arriving through the signed WhatsApp webhook.
 */

const ACCOUNT = `AC${'5'.repeat(32)}`;
const TOKEN = 'cloud-workers-token';
const AUDIO_BUCKET = 'stem-audio-eu-west-1-123456789012';
const TRANSCRIPT_BUCKET = 'stem-transcripts-eu-west-1-123456789012';
const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0f4c2d8e-6b1a-4c3e-9d7f-2a5b8c1e4f60';
const QUEUES = {
  sms: 'https://sqs.eu-west-1.amazonaws.com/123456789012/stem-sms',
  whatsapp: 'https://sqs.eu-west-1.amazonaws.com/123456789012/stem-whatsapp',
  voice: 'https://sqs.eu-west-1.amazonaws.com/123456789012/stem-voice-calls',
};
const VOICE_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/stem-voice-jobs';

const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const transcribe = mockClient(TranscribeClient);

const work = mkdtempSync(join(tmpdir(), 'stem-cloud-workers-'));
/** What "Twilio" holds: media by id, requests seen, messages sent through its REST API. */
const files = new Map<string, Buffer>();
const twilioLog: Array<{ method: string; url: string; auth: string }> = [];
const sentMessages: URLSearchParams[] = [];
/** Everything the functions' JsonLoggers wrote. */
const logLines: string[] = [];
let server: Server;
let base = '';
let h: Harness;
let voiceWorker: typeof import('../../functions/voice-worker.js')['handler'];
let sweepHandler: typeof import('../../functions/sweep.js')['handler'];
/** Every voice job the webhook committed here: none may appear in a log line. */
const jobIds: string[] = [];

function voiceNote(name: string, voiceName: string, text: string): Buffer {
  const wav = join(work, `${name}.wav`);
  const ogg = join(work, `${name}.ogg`);
  execFileSync('espeak-ng', ['-v', voiceName, '-w', wav, text]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', '-b:a', '24k', ogg]);
  return readFileSync(ogg);
}

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

/** Twilio's media API (Basic auth, a redirect to storage, DELETE) and Messages.create. */
function startTwilio(): Promise<void> {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      const url = req.url ?? '';
      twilioLog.push({ method: req.method ?? '', url, auth: req.headers.authorization ?? '' });
      const storage = /^\/storage\/(ME\w+)$/.exec(url);
      if (storage) {
        const bytes = files.get(storage[1] ?? '');
        res.writeHead(bytes ? 200 : 404, { 'content-type': 'audio/ogg', 'content-length': String(bytes?.length ?? 0) });
        res.end(bytes);
        return;
      }
      if (req.headers.authorization !== `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      if (req.method === 'POST' && url === `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`) {
        sentMessages.push(new URLSearchParams(body));
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${'c'.repeat(32)}`, status: 'queued' }));
        return;
      }
      const id = url.split('/').pop() ?? '';
      if (req.method === 'DELETE') {
        res.writeHead(files.delete(id) ? 204 : 404).end();
        return;
      }
      if (!files.has(id)) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
        return;
      }
      res.writeHead(307, { location: `${base}/storage/${id}` }).end();
    });
  });
  return new Promise<void>((r) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      r();
    }),
  );
}

beforeAll(async () => {
  files.set('ME0000nl', voiceNote('nl', 'nl', 'Ik wacht al drie weken op een antwoord.'));
  await startTwilio();
  h = await startHarness();
  // The functions read env and secrets at module load (once per cold start): set both before the first import.
  const secrets = await startFakeSecretsManager({ twilioAuthToken: TOKEN, ...h.keys });
  Object.assign(process.env, {
    TABLE_NAME: h.tableName,
    ...secrets.env,
    AUDIO_BUCKET,
    TRANSCRIPT_BUCKET,
    MEDIA_KMS_KEY_ID: KMS_KEY,
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_API_BASE: base,
    TWILIO_SMS_FROM: '+3225550100',
    TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100',
    DELIVERY_QUEUE_URLS: JSON.stringify(QUEUES),
    VOICE_QUEUE_URL: VOICE_QUEUE,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
  });
  ({ handler: voiceWorker } = await import('../../functions/voice-worker.js'));
  ({ handler: sweepHandler } = await import('../../functions/sweep.js'));
  await secrets.stop(); // read at the cold start, not per message
  const capture = (line: string | Uint8Array) => {
    logLines.push(String(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterAll(async () => {
  vi.restoreAllMocks();
  sqs.restore();
  s3.restore();
  transcribe.restore();
  await new Promise<void>((r) => server.close(() => r()));
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  sqs.reset();
  s3.reset();
  transcribe.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: 'x' })),
    Failed: [],
  }));
  s3.on(PutObjectCommand).resolves({
    ETag: '"9b2cf535f27731c974343645a3985328"',
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: KMS_KEY,
    BucketKeyEnabled: true,
  });
  transcribe
    .on(StartTranscriptionJobCommand)
    .resolves({ TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS', LanguageCode: 'nl-NL', MediaFormat: 'ogg' } });
});

const mediaUrl = (id: string) => `${base}/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/${id}`;

/** Join the demo over WhatsApp in Dutch and reach the open question, then answer it with a voice note. */
async function voiceAnswer(phone: string, mediaId: string): Promise<string> {
  for (const text of ['JOIN DEMO', '1', '1', '4', '1']) expect((await h.send({ channel: 'whatsapp', phone, text })).status).toBe(200);
  const before = new Set((await h.deps.voiceJobs.unfinished()).map((j) => j.jobId));
  const reply = await h.send({ channel: 'whatsapp', phone, text: '', extra: { NumMedia: '1', MediaUrl0: mediaUrl(mediaId), MediaContentType0: 'audio/ogg' } });
  expect(reply.status).toBe(200);
  const job = (await h.deps.voiceJobs.unfinished()).find((j) => !before.has(j.jobId));
  if (!job) throw new Error('the webhook committed no voice job');
  jobIds.push(job.jobId);
  return job.jobId;
}

function record(messageId: string, body: string): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle: 'r',
    body,
    attributes: {} as SQSEvent['Records'][number]['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:stem-voice-jobs',
    awsRegion: 'eu-west-1',
  };
}

const batches = () => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
const bodiesTo = (url: string) =>
  batches()
    .filter((b) => b.QueueUrl === url)
    .flatMap((b) => (b.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '') as unknown));

describe('SqsVoiceQueue (SQS mocked with aws-sdk-client-mock)', () => {
  it('sends 23 job ids as {"jobId"} messages in 3 batches of at most 10, and resends an entry SQS reports as failed', async () => {
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      const failed = first ? entries.slice(0, 1) : [];
      first = false;
      return {
        Successful: entries.slice(failed.length).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: failed.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError' })),
      };
    });
    const ids = Array.from({ length: 23 }, (_, i) => `job-${i}`);
    await new SqsVoiceQueue(new SQSClient({ region: 'eu-west-1' }), VOICE_QUEUE).enqueue(ids);
    expect(batches().map((b) => ({ url: b.QueueUrl, n: b.Entries?.length }))).toEqual([
      { url: VOICE_QUEUE, n: 10 },
      { url: VOICE_QUEUE, n: 1 }, // the one SQS failed, sent again
      { url: VOICE_QUEUE, n: 10 },
      { url: VOICE_QUEUE, n: 3 },
    ]);
    expect(batches()[1]?.Entries?.[0]?.MessageBody).toBe('{"jobId":"job-0"}');
    const sent = bodiesTo(VOICE_QUEUE).map((b) => (b as { jobId: string }).jobId);
    expect([...new Set(sent)].sort()).toEqual([...ids].sort());
  });

  it('gives up with QueueSendError when SQS keeps refusing an entry', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: [],
      Failed: (input.Entries ?? []).map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError' })),
    }));
    await expect(new SqsVoiceQueue(new SQSClient({ region: 'eu-west-1' }), VOICE_QUEUE).enqueue(['a', 'b'])).rejects.toMatchObject({ name: 'QueueSendError' });
    expect(batches()).toHaveLength(5);
  });
});

describe('functions/voice-worker.ts (SQS event → processVoice; S3 and Transcribe mocked, Twilio played locally)', () => {
  it('fetches a WhatsApp voice note with Basic auth, stores it in S3 with SSE-KMS, deletes it at Twilio and starts Transcribe (nl-NL); drops malformed records', async () => {
    const phone = '+32470555001';
    const jobId = await voiceAnswer(phone, 'ME0000nl');
    const result = await voiceWorker({ Records: [record('1', JSON.stringify({ jobId })), record('2', 'not json'), record('3', '{"jobId":42}')] });
    expect(result).toEqual({ batchItemFailures: [] }); // malformed records are dropped (logged), not retried forever
    expect(logLines.filter((l) => l.includes('"event":"voice-worker.malformed-job"'))).toHaveLength(2);

    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/ME0000nl`;
    const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    expect(twilioLog).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: mediaPath, auth },
        { method: 'DELETE', url: mediaPath, auth },
      ]),
    );
    expect(files.has('ME0000nl')).toBe(false);

    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: AUDIO_BUCKET,
      Key: `voice/${jobId}`,
      ContentType: 'audio/ogg',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS_KEY,
      BucketKeyEnabled: true,
    });
    expect(
      Buffer.from(put?.Body as Uint8Array)
        .subarray(0, 4)
        .toString(),
    ).toBe('OggS');

    const started = transcribe.commandCalls(StartTranscriptionJobCommand).map((c) => c.args[0].input);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      TranscriptionJobName: `stem-${jobId}`,
      LanguageCode: 'nl-NL',
      MediaFormat: 'ogg',
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${jobId}` },
      OutputBucketName: TRANSCRIPT_BUCKET,
      OutputEncryptionKMSKeyId: KMS_KEY,
    });
    expect(started[0]?.TranscriptionJobName).toMatch(/^stem-[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(started)).not.toMatch(/470555001|ME0000|whatsapp/); // no number, media id or channel
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({
      status: 'transcribing',
      transcriber: 'aws',
      stored: true,
      sealedMediaUrl: null,
      sealedReplyTo: null,
    });
  });

  it('returns a record whose processing throws (S3 PutObject rejected) in batchItemFailures; the note stays at Twilio for the retry', async () => {
    files.set('ME0000retry', files.get('ME0000nl') ?? voiceNote('retry', 'nl', 'Nog een keer.'));
    const jobId = await voiceAnswer('+32470555002', 'ME0000retry');
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'SlowDown', $fault: 'server', message: 'Please reduce your request rate.', $metadata: { httpStatusCode: 503 } }),
    );
    const result = await voiceWorker({ Records: [record('a', JSON.stringify({ jobId }))] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'queued', attempts: 1, stored: false });
    expect(files.has('ME0000retry')).toBe(true);
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(0);
    expect(logLines.some((l) => l.includes('"event":"voice-worker.retry"') && l.includes('"error":"SlowDown"'))).toBe(true);
  });

  it('a note gone at Twilio fails its answer, and the participant is told why over Twilio REST from TWILIO_WHATSAPP_FROM', async () => {
    const phone = '+32470555003';
    const jobId = await voiceAnswer(phone, 'ME0000gone');
    expect(await voiceWorker({ Records: [record('g', JSON.stringify({ jobId }))] })).toEqual({ batchItemFailures: [] });
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'failed', sealedReplyTo: null });
    expect(sentMessages.map((m) => Object.fromEntries(m))).toEqual([{ To: `whatsapp:${phone}`, From: 'whatsapp:+3225550100', Body: nl.voice.lost }]);
  });
});

describe('functions/sweep.ts (scheduled; SQS mocked)', () => {
  it('enqueues a queued invitation of an open round on its channel queue, and unfinished voice jobs except needs-human on VOICE_QUEUE_URL', async () => {
    // A round open now (the sweep runs on the system clock), with one queued WhatsApp invitation.
    const now = Date.now();
    const round = {
      ...h.seeded.round,
      roundId: 'cloud-sweep',
      label: 'cloud sweep',
      opensAt: new Date(now - 3_600_000).toISOString(),
      closesAt: new Date(now + 86_400_000).toISOString(),
    };
    await h.deps.directory.putRound(round);
    const contactKey = h.deps.protector.contactKey('+32470555010');
    await h.deps.participants.enrol({
      projectId: 'demo',
      contactKey,
      phoneSealed: h.deps.protector.seal('+32470555010'),
      language: 'nl',
      channel: 'whatsapp',
      day: '2026-11-23',
    });
    await h.deps.participants.putInvitations([
      {
        projectId: 'demo',
        roundId: round.roundId,
        contactKey,
        language: 'nl',
        channel: 'whatsapp',
        status: 'queued',
        failure: null,
        invitedAt: null,
        remindedAt: null,
        progress: 'none',
      },
    ]);

    // A voice job waiting in the queue, and one a person must transcribe (no machine transcriber here).
    files.set('ME0000wait', files.get('ME0000nl') ?? voiceNote('wait', 'nl', 'Ik wacht.'));
    files.set('ME0000human', files.get('ME0000nl') ?? voiceNote('human', 'nl', 'Ik wacht.'));
    const waiting = await voiceAnswer('+32470555011', 'ME0000wait');
    const human = await voiceAnswer('+32470555012', 'ME0000human');
    await processVoice(
      composeVoice(h.deps, {
        media: new TwilioMediaSource(ACCOUNT, TOKEN, TEST_MEDIA_HOSTS),
        audio: h.voice.audio,
        transcribers: [],
        messenger: null,
        audioDuration: h.voice.audioDuration,
      }),
      human,
    );
    expect((await h.deps.voiceJobs.get(human))?.status).toBe('needs-human');

    const result = await sweepHandler({ 'detail-type': 'Scheduled Event' });

    expect(bodiesTo(QUEUES.whatsapp)).toEqual([{ type: 'invite', projectId: 'demo', roundId: 'cloud-sweep', contactKey, channel: 'whatsapp' }]);
    expect(bodiesTo(QUEUES.sms)).toEqual([]);
    const requeued = bodiesTo(VOICE_QUEUE).map((b) => (b as { jobId: string }).jobId);
    expect(requeued).toContain(waiting);
    expect(requeued).not.toContain(human);
    const expected = (await h.deps.voiceJobs.unfinished()).filter((j) => j.status !== 'needs-human').map((j) => j.jobId);
    expect(new Set(requeued)).toEqual(new Set(expected));
    expect(result).toEqual({ invites: 1, reminders: 0, expired: 0, voiceJobs: expected.length });
    expect(logLines.some((l) => l.includes('"event":"sweep.done"') && l.includes(`"voiceJobs":${expected.length}`))).toBe(true);
    expect(JSON.stringify(batches())).not.toMatch(/\+3247/); // contact keys and job ids, never numbers
  });
});

describe("the functions' logs", () => {
  it('carry counts and error names: no job id, number, media id or URL', () => {
    expect(logLines.some((l) => l.includes('"fn":"voice-worker"'))).toBe(true);
    expect(logLines.some((l) => l.includes('"fn":"sweep"'))).toBe(true);
    const logs = logLines.join('\n');
    expect(logs).not.toMatch(/\+3247|470555|ME0000|127\.0\.0\.1|https?:\/\//);
    expect(jobIds.length).toBeGreaterThan(0);
    for (const jobId of jobIds) expect(logs).not.toContain(jobId);
  });
});
