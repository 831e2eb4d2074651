import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager.js';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BadRequestException,
  ConflictException,
  GetTranscriptionJobCommand,
  type GetTranscriptionJobCommandOutput,
  LimitExceededException,
  StartTranscriptionJobCommand,
  type StartTranscriptionJobCommandOutput,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { ensureTable, keys } from '../../adapters/dynamodb/table.js';
import { InvalidAudioKeyError, S3AudioStore } from '../../adapters/s3/s3-audio-store.js';
import { AwsTranscriber } from '../../adapters/transcribe/aws-transcriber.js';
import { jobStateChangeHandler, parseTranscribeEvent } from '../../adapters/transcribe/job-state-event.js';
import { TranscriptResultError } from '../../adapters/transcribe/transcript-result.js';
import type { TranscriptionRequest } from '../../core/voice/ports.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';

/**
 * The AWS Transcribe and S3 adapters and the EventBridge entry point. Neither service can be reached
 * from here: both are mocked with aws-sdk-client-mock, answering with payloads in the exact shape AWS
 * returns them (GetTranscriptionJob, the transcript JSON Transcribe writes to the output bucket, its
 * error messages and the EventBridge event), as documented in the Transcribe API reference.
 */

const ACCOUNT = '123456789012';
const AUDIO_BUCKET = `stem-audio-eu-west-1-${ACCOUNT}`;
const OUTPUT_BUCKET = `stem-transcripts-eu-west-1-${ACCOUNT}`;
const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f4c2d8e-6b1a-4c3e-9d7f-2a5b8c1e4f60`;
/** Our job id: a keyed hash of the MessageSid, base64url (as process-voice derives it). */
const JOB_ID = 'q3Jm0vXcT8bF1yZ2n6Lk4Wd9sHa5RtPeU7oIiGxBc0E';
const JOB_NAME = `stem-${JOB_ID}`;
const OUTPUT_KEY = `transcripts/${JOB_NAME}.json`;
const meta = (requestId: string) => ({ httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 });

const recorded = {
  startQueued: {
    $metadata: meta('4b1e7c62-2f0a-4d3b-8e59-91c6a0d7f3a1'),
    TranscriptionJob: {
      TranscriptionJobName: JOB_NAME,
      TranscriptionJobStatus: 'IN_PROGRESS',
      LanguageCode: 'nl-NL',
      MediaFormat: 'ogg',
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${JOB_ID}` },
      StartTime: new Date('2026-11-23T10:00:01.512Z'),
      CreationTime: new Date('2026-11-23T10:00:01.481Z'),
    },
  } satisfies StartTranscriptionJobCommandOutput,
  completedNl: {
    $metadata: meta('9d2f4a10-7c3b-4e8d-a1f6-3b5c7e9d0a24'),
    TranscriptionJob: {
      TranscriptionJobName: JOB_NAME,
      TranscriptionJobStatus: 'COMPLETED',
      LanguageCode: 'nl-NL',
      MediaSampleRateHertz: 48000,
      MediaFormat: 'ogg',
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${JOB_ID}` },
      Transcript: { TranscriptFileUri: `https://s3.eu-west-1.amazonaws.com/${OUTPUT_BUCKET}/${OUTPUT_KEY}` },
      StartTime: new Date('2026-11-23T10:00:01.512Z'),
      CreationTime: new Date('2026-11-23T10:00:01.481Z'),
      CompletionTime: new Date('2026-11-23T10:00:17.093Z'),
      Settings: { ChannelIdentification: false, ShowAlternatives: false },
    },
  } satisfies GetTranscriptionJobCommandOutput,
  completedIdentifiedAr: {
    $metadata: meta('e6a0b3c4-1d2e-4f5a-8b7c-9d0e1f2a3b4c'),
    TranscriptionJob: {
      TranscriptionJobName: JOB_NAME,
      TranscriptionJobStatus: 'COMPLETED',
      LanguageCode: 'ar-SA',
      MediaSampleRateHertz: 48000,
      MediaFormat: 'ogg',
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${JOB_ID}` },
      Transcript: { TranscriptFileUri: `https://s3.eu-west-1.amazonaws.com/${OUTPUT_BUCKET}/${OUTPUT_KEY}` },
      StartTime: new Date('2026-11-23T10:02:04.220Z'),
      CreationTime: new Date('2026-11-23T10:02:04.197Z'),
      CompletionTime: new Date('2026-11-23T10:02:26.845Z'),
      Settings: { ChannelIdentification: false, ShowAlternatives: false },
      IdentifyLanguage: true,
      LanguageOptions: ['nl-NL', 'fr-FR', 'en-GB', 'ar-SA', 'fa-IR'],
      IdentifiedLanguageScore: 0.9184,
      LanguageCodes: [{ LanguageCode: 'ar-SA', DurationInSeconds: 6.12 }],
    },
  } satisfies GetTranscriptionJobCommandOutput,
  failed: {
    $metadata: meta('c7b2d9e0-5a4f-4b3c-9e8d-7f6a5b4c3d2e'),
    TranscriptionJob: {
      TranscriptionJobName: JOB_NAME,
      TranscriptionJobStatus: 'FAILED',
      MediaFormat: 'ogg',
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${JOB_ID}` },
      StartTime: new Date('2026-11-23T10:04:10.002Z'),
      CreationTime: new Date('2026-11-23T10:04:09.981Z'),
      CompletionTime: new Date('2026-11-23T10:04:13.417Z'),
      FailureReason:
        'Your audio file must have a speech segment long enough in duration to perform automatic language identification. Provide an audio file with someone speaking for a longer period of time and try your request again.',
      IdentifyLanguage: true,
      LanguageOptions: ['nl-NL', 'fr-FR', 'en-GB', 'ar-SA', 'fa-IR'],
    },
  } satisfies GetTranscriptionJobCommandOutput,
  transcriptNl: {
    jobName: JOB_NAME,
    accountId: ACCOUNT,
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript: 'De wachttijd was te lang. Ik ben Jan Peeters.' }],
      items: [
        { id: 0, type: 'pronunciation', alternatives: [{ confidence: '0.999', content: 'De' }], start_time: '0.52', end_time: '0.67' },
        { id: 1, type: 'pronunciation', alternatives: [{ confidence: '0.987', content: 'wachttijd' }], start_time: '0.67', end_time: '1.21' },
        { id: 2, type: 'pronunciation', alternatives: [{ confidence: '0.999', content: 'was' }], start_time: '1.21', end_time: '1.39' },
        { id: 3, type: 'pronunciation', alternatives: [{ confidence: '0.998', content: 'te' }], start_time: '1.39', end_time: '1.51' },
        { id: 4, type: 'pronunciation', alternatives: [{ confidence: '0.999', content: 'lang' }], start_time: '1.51', end_time: '1.92' },
        { id: 5, type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
        { id: 6, type: 'pronunciation', alternatives: [{ confidence: '0.996', content: 'Ik' }], start_time: '2.48', end_time: '2.60' },
        { id: 7, type: 'pronunciation', alternatives: [{ confidence: '0.999', content: 'ben' }], start_time: '2.60', end_time: '2.79' },
        { id: 8, type: 'pronunciation', alternatives: [{ confidence: '0.941', content: 'Jan' }], start_time: '2.79', end_time: '3.08' },
        { id: 9, type: 'pronunciation', alternatives: [{ confidence: '0.874', content: 'Peeters' }], start_time: '3.08', end_time: '3.57' },
        { id: 10, type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
      ],
      audio_segments: [
        { id: 0, transcript: 'De wachttijd was te lang. Ik ben Jan Peeters.', start_time: '0.52', end_time: '3.57', items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      ],
    },
  },
  transcriptAr: {
    jobName: JOB_NAME,
    accountId: ACCOUNT,
    status: 'COMPLETED',
    results: {
      language_code: 'ar-SA',
      language_identification: [
        { score: '0.9184', code: 'ar-SA' },
        { score: '0.0473', code: 'fa-IR' },
        { score: '0.0191', code: 'fr-FR' },
        { score: '0.0098', code: 'nl-NL' },
        { score: '0.0054', code: 'en-GB' },
      ],
      transcripts: [{ transcript: 'كان الانتظار طويلا جدا' }],
      items: [
        { id: 0, type: 'pronunciation', alternatives: [{ confidence: '0.962', content: 'كان' }], start_time: '0.61', end_time: '0.88', language_code: 'ar-SA' },
        {
          id: 1,
          type: 'pronunciation',
          alternatives: [{ confidence: '0.918', content: 'الانتظار' }],
          start_time: '0.88',
          end_time: '1.52',
          language_code: 'ar-SA',
        },
        {
          id: 2,
          type: 'pronunciation',
          alternatives: [{ confidence: '0.947', content: 'طويلا' }],
          start_time: '1.52',
          end_time: '1.97',
          language_code: 'ar-SA',
        },
        { id: 3, type: 'pronunciation', alternatives: [{ confidence: '0.989', content: 'جدا' }], start_time: '1.97', end_time: '2.34', language_code: 'ar-SA' },
      ],
      audio_segments: [{ id: 0, transcript: 'كان الانتظار طويلا جدا', start_time: '0.61', end_time: '2.34', items: [0, 1, 2, 3], language_code: 'ar-SA' }],
    },
  },
  /** EventBridge delivers this to the rule's target (Transcribe Job State Change). */
  event: {
    version: '0',
    id: '6c3f1f0e-2a7d-4b41-9a8e-0f5d2c7b9e14',
    'detail-type': 'Transcribe Job State Change',
    source: 'aws.transcribe',
    account: ACCOUNT,
    time: '2026-11-23T10:00:17Z',
    region: 'eu-west-1',
    resources: [],
    detail: { TranscriptionJobName: JOB_NAME, TranscriptionJobStatus: 'COMPLETED' },
  },
};

const transcribe = mockClient(TranscribeClient);
const s3 = mockClient(S3Client);
const body = (content: string | Uint8Array) => sdkStreamMixin(Readable.from([typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)]));
const transcriber = (minLanguageScore?: number) =>
  new AwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }), new S3Client({ region: 'eu-west-1' }), {
    audioBucket: AUDIO_BUCKET,
    outputBucket: OUTPUT_BUCKET,
    kmsKeyId: KMS_KEY,
    ...(minLanguageScore === undefined ? {} : { minLanguageScore }),
  });
const request = (over: Partial<TranscriptionRequest> = {}): TranscriptionRequest => ({
  jobName: JOB_NAME,
  audioKey: JOB_ID,
  contentType: 'audio/ogg',
  language: 'nl',
  candidates: [...SUPPORTED_LANGUAGES],
  ...over,
});

beforeEach(() => {
  transcribe.reset();
  s3.reset();
});

describe('AwsTranscriber.start (Transcribe and S3 mocked with recorded responses)', () => {
  it('starts a Dutch job: language, ogg, KMS-encrypted output in our bucket, no redaction settings, no personal data', async () => {
    transcribe.on(StartTranscriptionJobCommand).resolves(recorded.startQueued);
    expect(await transcriber().start(request())).toEqual({ status: 'in-progress' });
    const calls = transcribe.commandCalls(StartTranscriptionJobCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toEqual({
      TranscriptionJobName: JOB_NAME,
      Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/${JOB_ID}` },
      MediaFormat: 'ogg',
      LanguageCode: 'nl-NL',
      OutputBucketName: OUTPUT_BUCKET,
      OutputKey: OUTPUT_KEY,
      OutputEncryptionKMSKeyId: KMS_KEY,
    });
    // Apart from our buckets and key: no phone number, MessageSid, WhatsApp address or Twilio media URL.
    const ours = JSON.stringify(input).replaceAll(AUDIO_BUCKET, '').replaceAll(OUTPUT_BUCKET, '').replaceAll(KMS_KEY, '');
    expect(ours).not.toMatch(/\+?\d{9,}|SM[0-9a-f]{32}|whatsapp:|twilio/i);
  });

  it('identifies the language among the covered project languages (2–5) when it is unknown', async () => {
    transcribe.on(StartTranscriptionJobCommand).resolves(recorded.startQueued);
    await transcriber().start(request({ language: null }));
    const input = transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ IdentifyLanguage: true, LanguageOptions: ['nl-NL', 'fr-FR', 'en-GB', 'ar-SA', 'fa-IR'] });
    expect(input).not.toHaveProperty('LanguageCode');
    expect(input).not.toHaveProperty('ContentRedaction');
  });

  it('maps content types to MediaFormat and refuses, without calling Transcribe, what it cannot take', async () => {
    transcribe.on(StartTranscriptionJobCommand).resolves(recorded.startQueued);
    const t = transcriber();
    for (const [contentType, format] of [
      ['audio/ogg; codecs=opus', 'ogg'],
      ['audio/mpeg', 'mp3'],
      ['audio/amr', 'amr'],
      ['audio/x-m4a', 'm4a'],
      ['audio/mp4', 'mp4'],
      ['audio/wav', 'wav'],
      ['audio/webm', 'webm'],
    ] as const) {
      await t.start(request({ contentType }));
      expect(transcribe.commandCalls(StartTranscriptionJobCommand).at(-1)?.args[0].input.MediaFormat, contentType).toBe(format);
    }
    const before = transcribe.commandCalls(StartTranscriptionJobCommand).length;
    expect(await t.start(request({ contentType: 'audio/aac' }))).toMatchObject({ status: 'failed' });
    expect(await t.start(request({ language: 'ti' }))).toEqual({ status: 'failed', reason: 'language not covered by AWS Transcribe' });
    expect(await t.start(request({ language: null, candidates: ['nl', 'ti'] }))).toMatchObject({ status: 'failed' });
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(before);
  });

  it('covers a covered language, or an unknown one with at least two covered candidates', () => {
    const t = transcriber();
    expect(t.name).toBe('aws');
    expect(t.covers('nl', [])).toBe(true);
    expect(t.covers('ar', ['ti'])).toBe(true);
    expect(t.covers('ti', ['nl', 'fr'])).toBe(false);
    expect(t.covers('tr', ['nl', 'fr'])).toBe(false);
    expect(t.covers(null, ['nl', 'ti'])).toBe(false);
    expect(t.covers(null, ['nl', 'ar', 'ti'])).toBe(true);
  });

  it('a re-start of a job that exists (ConflictException) is in progress; other errors are rethrown for retry', async () => {
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejectsOnce(new ConflictException({ message: 'The requested job name already exists. Use a different job name.', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(
        new LimitExceededException({ message: 'You have exceeded your request rate. Wait and try your request again.', $metadata: { httpStatusCode: 400 } }),
      );
    expect(await transcriber().start(request())).toEqual({ status: 'in-progress' });
    await expect(transcriber().start(request())).rejects.toBeInstanceOf(LimitExceededException);
  });

  it('refuses a job name Transcribe would refuse (and that could leave the output prefix)', async () => {
    await expect(transcriber().start(request({ jobName: '../+32470123456' }))).rejects.toThrow(/job name/);
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(0);
  });
});

describe('AwsTranscriber.check (Transcribe and S3 mocked with recorded responses)', () => {
  it('QUEUED and IN_PROGRESS are in progress, and nothing is read from S3', async () => {
    for (const status of ['QUEUED', 'IN_PROGRESS'] as const) {
      transcribe
        .on(GetTranscriptionJobCommand)
        .resolves({ ...recorded.startQueued, TranscriptionJob: { ...recorded.startQueued.TranscriptionJob, TranscriptionJobStatus: status } });
      expect(await transcriber().check(JOB_NAME)).toEqual({ status: 'in-progress' });
    }
    expect(s3.calls()).toHaveLength(0);
  });

  it("FAILED is failed with Transcribe's reason", async () => {
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.failed);
    const state = await transcriber().check(JOB_NAME);
    expect(state).toEqual({ status: 'failed', reason: `AWS Transcribe: ${recorded.failed.TranscriptionJob.FailureReason}` });
    expect(s3.calls()).toHaveLength(0);
  });

  it('COMPLETED (nl-NL) reads the transcript from the output bucket, then deletes it', async () => {
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.completedNl);
    s3.on(GetObjectCommand, { Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY }).resolves({
      $metadata: meta('s3-1'),
      Body: body(JSON.stringify(recorded.transcriptNl)),
      ContentType: 'application/json',
    });
    s3.on(DeleteObjectCommand).resolves({ $metadata: { ...meta('s3-2'), httpStatusCode: 204 } });
    expect(await transcriber().check(JOB_NAME)).toEqual({ status: 'completed', text: 'De wachttijd was te lang. Ik ben Jan Peeters.', language: 'nl' });
    expect(transcribe.commandCalls(GetTranscriptionJobCommand)[0]?.args[0].input).toEqual({ TranscriptionJobName: JOB_NAME });
    expect(s3.calls().map((c) => [c.args[0].constructor.name, c.args[0].input])).toEqual([
      ['GetObjectCommand', { Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY }],
      ['DeleteObjectCommand', { Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY }],
    ]);
  });

  it('COMPLETED with IdentifyLanguage (ar-SA, score 0.92) answers the identified language as ours', async () => {
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.completedIdentifiedAr);
    s3.on(GetObjectCommand).resolves({ $metadata: meta('s3-3'), Body: body(JSON.stringify(recorded.transcriptAr)) });
    expect(await transcriber().check(JOB_NAME)).toEqual({ status: 'completed', text: 'كان الانتظار طويلا جدا', language: 'ar' });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({ Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY });
  });

  it('an identification below the minimum score goes to a person, and the transcript is deleted all the same', async () => {
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.completedIdentifiedAr);
    s3.on(GetObjectCommand).resolves({ $metadata: meta('s3-4'), Body: body(JSON.stringify(recorded.transcriptAr)) });
    expect(await transcriber(0.95).check(JOB_NAME)).toEqual({ status: 'failed', reason: 'language identification uncertain (score 0.92)' });
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1);
  });

  it('a transcript already read (NoSuchKey) or a job Transcribe does not know is failed; a malformed transcript throws', async () => {
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.completedNl);
    s3.on(GetObjectCommand).rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    expect(await transcriber().check(JOB_NAME)).toEqual({ status: 'failed', reason: 'transcript no longer in the output bucket' });

    s3.on(GetObjectCommand).resolves({ $metadata: meta('s3-5'), Body: body('{"jobName":"x"}') });
    await expect(transcriber().check(JOB_NAME)).rejects.toBeInstanceOf(TranscriptResultError);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(1); // deleted before parsing: unredacted either way

    transcribe.on(GetTranscriptionJobCommand).rejects(
      new BadRequestException({
        message: "The requested job couldn't be found. Check the job name and try your request again.",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(await transcriber().check(JOB_NAME)).toEqual({ status: 'failed', reason: 'transcription job not found' });
  });
});

describe('S3AudioStore (S3 mocked with recorded responses)', () => {
  const store = () => new S3AudioStore(new S3Client({ region: 'eu-west-1' }), AUDIO_BUCKET, KMS_KEY);
  const ogg = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 0x00, 0x00]);

  it('puts under voice/<jobId> with SSE-KMS, gets the bytes back, deletes idempotently', async () => {
    s3.on(PutObjectCommand).resolves({
      $metadata: meta('p'),
      ETag: '"9b2cf535f27731c974343645a3985328"',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS_KEY,
      BucketKeyEnabled: true,
    });
    s3.on(GetObjectCommand).resolves({
      $metadata: meta('g'),
      Body: body(ogg),
      ContentType: 'audio/ogg',
      ContentLength: ogg.length,
      ServerSideEncryption: 'aws:kms',
    });
    s3.on(DeleteObjectCommand).resolves({ $metadata: { ...meta('d'), httpStatusCode: 204 } });
    await store().put(JOB_ID, ogg, 'audio/ogg');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: AUDIO_BUCKET,
      Key: `voice/${JOB_ID}`,
      Body: ogg,
      ContentType: 'audio/ogg',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS_KEY,
      BucketKeyEnabled: true,
    });
    expect(await store().get(JOB_ID)).toEqual({ bytes: ogg, contentType: 'audio/ogg' });
    await store().remove(JOB_ID);
    await store().remove(JOB_ID);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: AUDIO_BUCKET, Key: `voice/${JOB_ID}` },
      { Bucket: AUDIO_BUCKET, Key: `voice/${JOB_ID}` },
    ]);
  });

  it('a missing object is null; a key that is not one of our ids is refused', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    expect(await store().get(JOB_ID)).toBeNull();
    await expect(store().put('../whatsapp:+32470123456', new Uint8Array(), 'audio/ogg')).rejects.toBeInstanceOf(InvalidAudioKeyError);
  });
});

describe('EventBridge "Transcribe Job State Change" (recorded event sample)', () => {
  it('parses the job name and a final status; anything else is null', () => {
    expect(parseTranscribeEvent(recorded.event)).toEqual({ jobName: JOB_NAME, status: 'COMPLETED' });
    expect(parseTranscribeEvent({ ...recorded.event, detail: { ...recorded.event.detail, TranscriptionJobStatus: 'FAILED' } })).toEqual({
      jobName: JOB_NAME,
      status: 'FAILED',
    });
    expect(parseTranscribeEvent({ ...recorded.event, detail: { ...recorded.event.detail, TranscriptionJobStatus: 'IN_PROGRESS' } })).toBeNull();
    expect(parseTranscribeEvent({ ...recorded.event, source: 'aws.s3' })).toBeNull();
    expect(parseTranscribeEvent({ ...recorded.event, 'detail-type': 'Call Analytics Job State Change' })).toBeNull();
    expect(parseTranscribeEvent({ ...recorded.event, detail: { TranscriptionJobName: JOB_NAME } })).toBeNull();
    expect(parseTranscribeEvent({ ...recorded.event, detail: { ...recorded.event.detail, TranscriptionJobName: 'a/b' } })).toBeNull();
    expect(parseTranscribeEvent({ ...recorded.event, detail: undefined })).toBeNull();
    expect(parseTranscribeEvent('{"source":"aws.transcribe"}')).toBeNull();
    expect(parseTranscribeEvent(null)).toBeNull();
  });

  it('the handler passes a final state on once, ignores a malformed event, and lets failures through for a retry', async () => {
    const onChange = vi.fn((_jobName: string, _status: 'COMPLETED' | 'FAILED') => Promise.resolve());
    const handle = jobStateChangeHandler(onChange);
    await handle(recorded.event);
    await handle({ detail: 'garbage' });
    expect(onChange.mock.calls).toEqual([[JOB_NAME, 'COMPLETED']]);
    await expect(jobStateChangeHandler(() => Promise.reject(new Error('throttled')))(recorded.event)).rejects.toThrow('throttled');
  });
});

describe('functions/transcribe-events.ts wired from the environment (DynamoDB Local; Transcribe and S3 mocked with recorded responses)', () => {
  const dynamo = localDynamoDbClient(inject('dynamoDbEndpoint'));
  const tableName = `transcribe-events-${process.pid}`;
  const answer = { projectId: 'demo', roundId: 'demo-start', respondentCode: '7K3QX9M2TB', questionId: 'q-wait' };

  let secrets: FakeSecretsManager | undefined;

  beforeAll(async () => {
    await ensureTable(dynamo, tableName, { expireItems: false }); // the clock of these tests may stand in the past (ensureTable)
    secrets = await startFakeSecretsManager({ twilioAuthToken: 'unused-here', ...generateProtectorKeys() });
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      ...secrets.env,
      AUDIO_BUCKET,
      TRANSCRIPT_BUCKET: OUTPUT_BUCKET,
      MEDIA_KMS_KEY_ID: KMS_KEY,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    });
  });
  afterAll(async () => {
    dynamo.destroy();
    await secrets?.stop();
  });

  it('a completion event attaches the redacted transcript and deletes the transcript and the audio', async () => {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({ ...keys.answer(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId), kind: 'answer', voice: 'transcribing' }),
      }),
    );
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          ...keys.voiceJob(JOB_ID),
          jobId: JOB_ID,
          answer,
          organisationId: 'org-demo',
          language: 'nl',
          projectLanguages: ['nl', 'fr', 'ar'],
          contentType: 'audio/ogg',
          sealedMediaUrl: null,
          stored: true,
          status: 'transcribing',
          transcriber: 'aws',
          providerJobName: JOB_NAME,
          attempts: 0,
          failure: null,
          createdAt: '2026-11-23T10:00:00.000Z',
        }),
      }),
    );
    transcribe.on(GetTranscriptionJobCommand).resolves(recorded.completedNl);
    s3.on(GetObjectCommand, { Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY }).resolves({
      $metadata: meta('s3-6'),
      Body: body(JSON.stringify(recorded.transcriptNl)),
    });
    s3.on(DeleteObjectCommand).resolves({ $metadata: { ...meta('s3-7'), httpStatusCode: 204 } });

    // The function wires itself from the environment at its cold start, as in Lambda: imported only now.
    const { handler } = await import('../../functions/transcribe-events.js');
    await handler(recorded.event);
    await handler({ source: 'aws.transcribe', detail: {} }); // malformed: ignored, no throw

    const stored = await dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(keys.answer(answer.projectId, answer.roundId, answer.respondentCode, answer.questionId)) }),
    );
    const item = unmarshall(stored.Item ?? {});
    expect(item.voice).toBe('transcribed');
    expect(item.transcript).toContain('De wachttijd was te lang.');
    expect(item.transcript).not.toContain('Peeters');
    const vj = unmarshall((await dynamo.send(new GetItemCommand({ TableName: tableName, Key: marshall(keys.voiceJob(JOB_ID)) }))).Item ?? {});
    expect(vj).toMatchObject({ status: 'done', stored: false });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: OUTPUT_BUCKET, Key: OUTPUT_KEY },
      { Bucket: AUDIO_BUCKET, Key: `voice/${JOB_ID}` },
    ]);
  });
});
