import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTranscriptionJobCommand, LimitExceededException, StartTranscriptionJobCommand, TranscribeClient } from '@aws-sdk/client-transcribe';
import { serve, type ServerType } from '@hono/node-server';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalAudioStore } from '../../adapters/local/local-audio-store.js';
import { LocalMediaHost } from '../../adapters/local/local-media-host.js';
import { LocalVoiceQueue } from '../../adapters/local/local-voice-queue.js';
import { AwsTranscriber } from '../../adapters/transcribe/aws-transcriber.js';
import { TwilioMediaSource } from '../../adapters/twilio/twilio-media.js';
import type { WhisperContext, WhisperResult } from '../../adapters/whisper/whisper-binding.js';
import { WhisperTranscriber } from '../../adapters/whisper/whisper-transcriber.js';
import type { AudioStore, Transcriber } from '../../core/voice/ports.js';
import { completeFromProvider, processVoice, providerJobName, type VoiceDeps } from '../../core/voice/process-voice.js';
import { apiApp } from '../../http/api/api-app.js';
import { AUTH_TOKEN, newSid, startHarness, TEST_MEDIA_HOSTS, type Harness } from './support/harness.js';

/**
 * Transcription that fails: AWS Transcribe's job FAILED, Transcribe throttling (StartTranscriptionJob and
 * GetTranscriptionJob), the local whisper model erring, and a corrupt voice note. Real voice notes (espeak-ng
 * → ffmpeg Ogg/Opus) arrive through the signed webhook, are fetched from a local stand-in for Twilio's
 * media API and stored encrypted; Transcribe and S3 are mocked with aws-sdk-client-mock in the shapes AWS
 * answers; the whisper.cpp binding is replaced at its narrowest seam (the model's context). The voice
 * queue retries with its backoff. Each time the answer must stay, its state visible (on the answer and in
 * the human transcription queue, with the reason), the tries bounded, and nothing raw in the logs.
 */

const ACCOUNT = '123456789012';
const AUDIO_BUCKET = `stem-audio-eu-west-1-${ACCOUNT}`;
const OUTPUT_BUCKET = `stem-transcripts-eu-west-1-${ACCOUNT}`;
const FAILURE_REASON = "The media format that you specified doesn't match the detected media format. Check the media format and try your request again.";
const SPOKEN = 'Ik wacht al drie weken op een antwoord';

const transcribe = mockClient(TranscribeClient);
const s3 = mockClient(S3Client);
const work = mkdtempSync(join(tmpdir(), 'stem-fault-voice-'));
let h: Harness;
let host: LocalMediaHost;
let media: { server: ServerType; origin: string };
let note: Buffer;
let staffToken = '';

beforeAll(async () => {
  const wav = join(work, 'note.wav');
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, SPOKEN]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', '-b:a', '24k', join(work, 'note.ogg')]);
  note = readFileSync(join(work, 'note.ogg'));
  h = await startHarness();
  host = new LocalMediaHost(AUTH_TOKEN);
  media = await new Promise((ready) => {
    const s: ServerType = serve({ fetch: host.routes().fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      ready({ server: s, origin: `http://127.0.0.1:${info.port}` }),
    );
  });
  staffToken = await h.deps.users.issueToken({ role: 'staff', userId: 'staff-voice-faults', organisationId: h.seeded.project.organisationId });
  // Staff read the machine's reason in the queue: their organisation lets them hear its voices (network listeners get the kind of failure only).
  await h.deps.users.setOwnListening(h.seeded.project.organisationId, {
    reason: 'Our own interpreters transcribe.',
    by: 'staff-voice-faults',
    since: '2026-01-01T00:00:00.000Z',
  });
});
afterAll(async () => {
  await new Promise<void>((done) => media?.server.close(() => done()));
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  transcribe.reset();
  s3.reset();
});

let people = 0;
/** A participant at the demo's open probe sends a WhatsApp voice note; the voice job's id. */
async function voiceAnswer(bytes: Uint8Array = note): Promise<{ jobId: string; phone: string; url: string }> {
  const phone = `+3247066${String(++people).padStart(4, '0')}`;
  for (const text of ['JOIN DEMO', '1', '1', '4', '1']) expect((await h.send({ channel: 'whatsapp', phone, text })).status).toBe(200);
  const sid = newSid();
  const url = host.add(media.origin, bytes, 'audio/ogg');
  const sent = await h.send({
    channel: 'whatsapp',
    phone,
    text: '',
    messageSid: sid,
    extra: { NumMedia: '1', MediaUrl0: url, MediaContentType0: 'audio/ogg' },
  });
  expect(sent.status).toBe(200);
  return { jobId: h.deps.protector.ledgerKey(`${sid}#media0`), phone, url };
}

/** The voice pipeline with one transcriber (made over the pipeline's encrypted audio store) and the local voice queue. */
function pipeline(transcriber: (audio: AudioStore) => Transcriber): { voice: VoiceDeps; queue: LocalVoiceQueue } {
  const audio = new LocalAudioStore(join(work, 'audio'), Buffer.alloc(32, 9));
  const voice: VoiceDeps = {
    ...h.voice,
    media: new TwilioMediaSource(host.accountSid, AUTH_TOKEN, TEST_MEDIA_HOSTS),
    audio,
    transcribers: [transcriber(audio)],
  };
  // Small first delay, so five tries take a second or two here (the cloud queue waits 10 s, then doubles).
  return { voice, queue: new LocalVoiceQueue((jobId) => processVoice(voice, jobId), h.logger, 8, 20) };
}

const aws = () =>
  new AwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }), new S3Client({ region: 'eu-west-1' }), {
    audioBucket: AUDIO_BUCKET,
    outputBucket: OUTPUT_BUCKET,
    kmsKeyId: 'alias/stem-media',
  });
const meta = { httpStatusCode: 200, requestId: 'c7b2d9e0-5a4f-4b3c-9e8d-7f6a5b4c3d2e', attempts: 1, totalRetryDelay: 0 };
const job = (jobName: string, status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED', extra: Record<string, unknown> = {}) => ({
  $metadata: meta,
  TranscriptionJob: {
    TranscriptionJobName: jobName,
    TranscriptionJobStatus: status,
    LanguageCode: 'nl-NL' as const,
    MediaFormat: 'ogg' as const,
    Media: { MediaFileUri: `s3://${AUDIO_BUCKET}/voice/x` },
    ...extra,
  },
});
const limitExceeded = () =>
  new LimitExceededException({ message: 'You have exceeded your request rate. Wait and try your request again.', $metadata: { httpStatusCode: 400 } });

async function answerOf(phone: string) {
  const code = h.deps.protector.respondentCode('demo', phone);
  return (await h.deps.store.answersOfRound('demo', 'demo-start')).find((a) => a.respondentCode === code && a.questionId === 'respected.probe');
}

async function voiceQueue(): Promise<Array<{ jobId: string; reason: string | null }>> {
  const api = apiApp({ ...h.deps, queue: { enqueue: async () => undefined }, voice: h.voice });
  const res = await api.request('/api/voice/queue', { headers: { authorization: `Bearer ${staffToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { jobs: Array<{ jobId: string; reason: string | null }> }).jobs;
}

/** Nothing of the participant or of what they said in the logs: no number, media URL, transcript or provider text. */
function expectCleanLogs(phone: string, url: string, ...more: string[]): void {
  const logs = h.logger.lines.join('\n');
  for (const raw of [phone, phone.slice(1), url, SPOKEN, 'wacht', ...more]) expect(logs).not.toContain(raw);
}

describe('AWS Transcribe fails', () => {
  it('a job that ends FAILED: the answer stays, waiting for a person, with the reason in the voice queue', async () => {
    const { jobId, phone, url } = await voiceAnswer();
    const { voice, queue } = pipeline(aws);
    transcribe.on(StartTranscriptionJobCommand).resolves(job(providerJobName({ jobId }), 'IN_PROGRESS'));
    transcribe.on(GetTranscriptionJobCommand).resolves(job(providerJobName({ jobId }), 'FAILED', { FailureReason: FAILURE_REASON }));
    await queue.enqueue([jobId]);
    await queue.drained();
    expect((await answerOf(phone))?.voice).toBe('transcribing');
    // Transcribe's EventBridge event (or the sweep's poll) finds the job failed.
    await completeFromProvider(voice, providerJobName({ jobId }));

    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'needs-human', stored: true, failure: `AWS Transcribe: ${FAILURE_REASON}` });
    expect(await answerOf(phone)).toMatchObject({ status: 'answered', voice: 'needs-human', transcript: null });
    expect((await voiceQueue()).find((j) => j.jobId === jobId)?.reason).toBe(`AWS Transcribe: ${FAILURE_REASON}`);
    expect(await voice.audio.get(jobId)).not.toBeNull(); // kept for the person who will listen
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(1); // a failed job is not started again
    expect(h.logger.lines.filter((l) => l.includes('"voice.machine-failed"')).length).toBeGreaterThanOrEqual(1);
    expectCleanLogs(phone, url, 'media format');
  });

  it('throttling at the start and at the check is retried with backoff, and the transcript arrives', async () => {
    const { jobId, phone, url } = await voiceAnswer();
    const { voice, queue } = pipeline(aws);
    const name = providerJobName({ jobId });
    transcribe.on(StartTranscriptionJobCommand).rejectsOnce(limitExceeded()).rejectsOnce(limitExceeded()).resolves(job(name, 'IN_PROGRESS'));
    await queue.enqueue([jobId]);
    await queue.drained();
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(3);
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'transcribing', attempts: 2 });

    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    transcribe
      .on(GetTranscriptionJobCommand)
      .rejectsOnce(throttled)
      .resolves(job(name, 'COMPLETED', { Transcript: { TranscriptFileUri: `https://s3.eu-west-1.amazonaws.com/${OUTPUT_BUCKET}/transcripts/${name}.json` } }));
    const result = {
      jobName: name,
      accountId: ACCOUNT,
      status: 'COMPLETED',
      results: { transcripts: [{ transcript: `${SPOKEN}. Mijn nummer is 0470 12 34 56.` }], items: [] },
    };
    s3.on(GetObjectCommand).resolves({ $metadata: meta, Body: sdkStreamMixin(Readable.from([Buffer.from(JSON.stringify(result))])) });
    s3.on(DeleteObjectCommand).resolves({ $metadata: { ...meta, httpStatusCode: 204 } });
    // The completion event's handler fails on the throttle (EventBridge retries it), then gets through.
    await expect(completeFromProvider(voice, name)).rejects.toThrow('Rate exceeded');
    await completeFromProvider(voice, name);

    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'done', attempts: 3, stored: false });
    const answer = await answerOf(phone);
    expect(answer?.voice).toBe('transcribed');
    expect(answer?.transcript).toContain(SPOKEN);
    expect(answer?.transcript).not.toContain('0470'); // redacted
    expect(h.logger.lines.filter((l) => l.includes('"voice.retry"') && l.includes('LimitExceededException'))).toHaveLength(2);
    expectCleanLogs(phone, url, '0470 12');
  });

  it('throttled at every try: five tries, then a person, saying why; the queue stops', async () => {
    const { jobId, phone, url } = await voiceAnswer();
    const { queue } = pipeline(aws);
    transcribe.on(StartTranscriptionJobCommand).rejects(limitExceeded());
    await queue.enqueue([jobId]);
    await queue.drained();
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(5);
    const failure = 'the machine transcription failed 5 times (LimitExceededException)';
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'needs-human', attempts: 5, failure });
    expect(await answerOf(phone)).toMatchObject({ status: 'answered', voice: 'needs-human' });
    expect((await voiceQueue()).find((j) => j.jobId === jobId)?.reason).toBe(failure);
    expect(h.logger.lines.filter((l) => l.includes('voice-queue.gave-up'))).toEqual([]);
    expectCleanLogs(phone, url, 'request rate');
  });
});

/** whisper.cpp's model context, answering as given: the binding's narrowest seam. */
function model(answer: () => Promise<WhisperResult>): WhisperContext & { calls: number } {
  const context = {
    calls: 0,
    transcribeData() {
      context.calls++;
      return { promise: answer(), stop: async () => undefined };
    },
    release: async () => undefined,
  };
  return context;
}

describe('local transcription fails', () => {
  it('the model errs at every try: five tries, then a person; nothing of the error text in the logs', async () => {
    const { jobId, phone, url } = await voiceAnswer();
    const context = model(() => Promise.reject(new Error('whisper_full_with_state: failed to encode')));
    const { voice, queue } = pipeline((audio) => new WhisperTranscriber(context, audio, { englishOnly: false }));
    await queue.enqueue([jobId]);
    await queue.drained();
    expect(context.calls).toBe(5);
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({
      status: 'needs-human',
      attempts: 5,
      failure: 'the machine transcription failed 5 times (Error)',
    });
    expect(await answerOf(phone)).toMatchObject({ status: 'answered', voice: 'needs-human' });
    expect(await voice.audio.get(jobId)).not.toBeNull();
    expectCleanLogs(phone, url, 'whisper_full', 'encode');
  });

  it('the model errs once: the retry transcribes it', async () => {
    const { jobId, phone } = await voiceAnswer();
    let first = true;
    const context = model(async () => {
      if (first) {
        first = false;
        throw new Error('ggml: out of memory');
      }
      return { result: ` ${SPOKEN}.`, language: 'nl', isAborted: false };
    });
    const { queue } = pipeline((audio) => new WhisperTranscriber(context, audio, { englishOnly: false }));
    await queue.enqueue([jobId]);
    await queue.drained();
    expect(context.calls).toBe(2);
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await answerOf(phone)).toMatchObject({ voice: 'transcribed', transcript: `${SPOKEN}.` });
  });
});

describe('a corrupt voice note', () => {
  it('locally: ffmpeg cannot decode it; tried within the limit, then a person; the answer stays', async () => {
    const { jobId, phone, url } = await voiceAnswer(Buffer.concat([Buffer.from('OggS'), randomBytes(4000)]));
    const context = model(() => Promise.resolve({ result: 'never reached', isAborted: false }));
    const { queue } = pipeline((audio) => new WhisperTranscriber(context, audio, { englishOnly: false }));
    await queue.enqueue([jobId]);
    await queue.drained();
    expect(context.calls).toBe(0);
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({
      status: 'needs-human',
      attempts: 5,
      failure: 'the machine transcription failed 5 times (AudioDecodeError)',
    });
    expect(await answerOf(phone)).toMatchObject({ status: 'answered', voice: 'needs-human' });
    expectCleanLogs(phone, url, 'ffmpeg', 'Invalid data');
  });

  it('with AWS Transcribe: the job fails on the media; a person gets it at once, with the reason', async () => {
    const { jobId, phone, url } = await voiceAnswer(Buffer.concat([Buffer.from('OggS'), randomBytes(4000)]));
    const { voice, queue } = pipeline(aws);
    transcribe.on(StartTranscriptionJobCommand).resolves(job(providerJobName({ jobId }), 'IN_PROGRESS'));
    transcribe.on(GetTranscriptionJobCommand).resolves(
      job(providerJobName({ jobId }), 'FAILED', {
        FailureReason: 'The media file is corrupt or not supported. Check the media file and try your request again.',
      }),
    );
    await queue.enqueue([jobId]);
    await queue.drained();
    await completeFromProvider(voice, providerJobName({ jobId }));
    const failure = 'AWS Transcribe: The media file is corrupt or not supported. Check the media file and try your request again.';
    expect(await h.deps.voiceJobs.get(jobId)).toMatchObject({ status: 'needs-human', failure });
    expect(await answerOf(phone)).toMatchObject({ status: 'answered', voice: 'needs-human' });
    expect((await voiceQueue()).find((j) => j.jobId === jobId)?.reason).toBe(failure);
    expectCleanLogs(phone, url, 'corrupt');
  });
});
