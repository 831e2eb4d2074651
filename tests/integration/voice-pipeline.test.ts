import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAudioStore } from '../../adapters/local/local-audio-store.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { TwilioMediaSource } from '../../adapters/twilio/twilio-media.js';
import type { Principal } from '../../core/access/principal.js';
import { FfmpegVoiceDisguiser } from '../../adapters/audio/ffmpeg-voice-disguiser.js';
import { audioForPerson, submitTranscript, waitingForPeople, type HumanQueueDeps } from '../../core/voice/human-queue.js';
import { complete, processVoice, type VoiceDeps } from '../../core/voice/process-voice.js';
import { composeVoice } from '../../functions/commons/compose-voice.js';
import en from '../../locales/en/translation.json' with { type: 'json' };
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { startHarness, TEST_MEDIA_HOSTS, type Harness } from './support/harness.js';

/**
 * Voice notes end to end against DynamoDB Local with real audio: Dutch and Arabic sentences spoken by
 * espeak-ng, encoded to Ogg/Opus by ffmpeg like a WhatsApp voice note, posted through a signed webhook.
 * Twilio's media API cannot be reached from here: a local server plays it (Basic auth, a redirect to
 * storage as Twilio does, DELETE); the human transcription queue does the transcribing (the local default).
 */

const ACCOUNT = `AC${'3'.repeat(32)}`;
const TOKEN = 'media-test-token';
const work = mkdtempSync(join(tmpdir(), 'stem-voice-'));
const audioDir = join(work, 'media');
const files = new Map<string, Buffer>();
const log: string[] = [];
let server: Server;
let base = '';
let h: Harness;
let voice: VoiceDeps;
/** The human queue over that pipeline; the demo organisation lets its own staff listen (the network's rules are in attack-voices.test.ts). */
let people: HumanQueueDeps;
/** The local stand-in for Twilio's REST API: what a participant is told when a note is refused. */
const outbox = new LocalOutbox();

function voiceNote(name: string, voiceName: string, text: string): Buffer {
  const wav = join(work, `${name}.wav`);
  const ogg = join(work, `${name}.ogg`);
  execFileSync('espeak-ng', ['-v', voiceName, '-w', wav, text]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', '-b:a', '24k', ogg]);
  return readFileSync(ogg);
}

beforeAll(async () => {
  files.set('ME0000nl', voiceNote('nl', 'nl', 'Ik wacht al drie weken op een antwoord. Mijn nummer is nul vier zeven nul.'));
  files.set('ME0000ar', voiceNote('ar', 'ar', 'أنتظر منذ ثلاثة أسابيع'));
  server = createServer((req, res) => {
    const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    const url = req.url ?? '';
    log.push(`${req.method} ${url}`);
    const storage = /^\/storage\/((?:ME|RE)\w+)$/.exec(url);
    if (storage) {
      // Twilio's storage (after the redirect) takes no credentials: a signed URL.
      const bytes = files.get(storage[1] ?? '');
      res.writeHead(bytes ? 200 : 404, { 'content-type': 'audio/ogg', 'content-length': String(bytes?.length ?? 0) });
      res.end(bytes);
      return;
    }
    if (req.headers.authorization !== auth) {
      res.writeHead(401).end();
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
  // Node closes an idle keep-alive socket after 5 s; a busy machine can take that long between the fetch
  // and the delete of one note, and the client may reuse the socket just as it closes (ECONNRESET in 1 full
  // run of 3). Twilio's own API keeps connections far longer.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  h = await startHarness();
  voice = composeVoice(h.deps, {
    media: new TwilioMediaSource(ACCOUNT, TOKEN, TEST_MEDIA_HOSTS),
    audio: new LocalAudioStore(audioDir, Buffer.alloc(32, 7)),
    transcribers: [],
    messenger: outbox,
    audioDuration: h.voice.audioDuration,
  });
  people = { ...voice, settings: h.deps.users, disguiser: new FfmpegVoiceDisguiser() };
  await h.deps.users.setOwnListening('demo-ocmw', { reason: 'Our interpreters are employed by us.', by: 'u', since: '2026-01-01T00:00:00.000Z' });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

const mediaUrl = (id: string) => `${base}/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/${id}`;
const staff: Principal = { role: 'staff', userId: 'u', organisationId: 'demo-ocmw' };

async function toProbe(phone: string, language: string): Promise<void> {
  for (const text of ['JOIN DEMO', language, '1', '4', '1']) expect((await h.send({ channel: 'whatsapp', phone, text })).status).toBe(200);
}

async function sendVoice(phone: string, id: string) {
  return h.send({ channel: 'whatsapp', phone, text: '', extra: { NumMedia: '1', MediaUrl0: mediaUrl(id), MediaContentType0: 'audio/ogg' } });
}

async function answerOf(phone: string, questionId: string) {
  const code = h.deps.protector.respondentCode('demo', phone);
  return (await h.deps.store.answersOfRound('demo', 'demo-start')).find((a) => a.respondentCode === code && a.questionId === questionId);
}

describe('a voice note as an answer (Twilio media played by a local server)', () => {
  it('is acknowledged at once and the survey moves on; the answer waits for its transcript', async () => {
    await toProbe('+32470111001', '1');
    const reply = await sendVoice('+32470111001', 'ME0000nl');
    expect(reply.replies[0]).toMatch(new RegExp(`^${nl.voice.received}`));
    expect(reply.replies[0]).toContain('Ik begrijp wat het OCMW van mij verwacht');
    expect(await answerOf('+32470111001', 'respected.probe')).toMatchObject({ value: null, status: 'answered', voice: 'received', transcript: null });
    const dump = JSON.stringify(await h.dump());
    expect(dump).not.toContain('ME0000nl'); // the media URL is sealed in the job
  });

  it('is fetched with the account credentials, stored encrypted, deleted at Twilio, and queued for a person', async () => {
    const [job] = await h.deps.voiceJobs.unfinished();
    expect(job).toBeDefined();
    await processVoice(voice, job?.jobId ?? '');
    expect(log).toEqual(
      expect.arrayContaining([
        `GET /2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/ME0000nl`,
        'GET /storage/ME0000nl',
        `DELETE /2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/ME0000nl`,
      ]),
    );
    expect(files.has('ME0000nl')).toBe(false);
    const stored = readdirSync(audioDir);
    expect(stored).toHaveLength(1);
    const onDisk = readFileSync(join(audioDir, stored[0] ?? ''));
    expect(onDisk.includes(Buffer.from('OggS'))).toBe(false); // encrypted, not an Ogg file
    expect((await h.deps.voiceJobs.get(job?.jobId ?? ''))?.status).toBe('needs-human');
    expect(await answerOf('+32470111001', 'respected.probe')).toMatchObject({ voice: 'needs-human' });
    const queue = await waitingForPeople(people, staff);
    expect(queue.map((w) => w.job.jobId)).toEqual([job?.jobId]);
    expect(await waitingForPeople(people, { role: 'staff', userId: 'x', organisationId: 'another-org' })).toEqual([]);
    expect((await voice.audio.get(job?.jobId ?? ''))?.bytes.subarray(0, 4).toString()).toBe('OggS');
  });

  it('a person transcribes it: redacted, attached, the audio deleted; a second submission is refused', async () => {
    const [job] = (await waitingForPeople(people, staff)).map((w) => w.job);
    await submitTranscript(people, staff, job?.jobId ?? '', {
      transcript: 'Ik wacht al drie weken. Bel me op 0470 12 34 56 of mail jan.peeters@gmail.com',
      translation: "J'attends depuis trois semaines. Appelez-moi au 0470 12 34 56.",
    });
    const answer = await answerOf('+32470111001', 'respected.probe');
    expect(answer).toMatchObject({
      voice: 'transcribed',
      transcript: 'Ik wacht al drie weken. Bel me op [phone] of mail [email]',
      translation: "J'attends depuis trois semaines. Appelez-moi au [phone].",
    });
    expect(readdirSync(audioDir)).toEqual([]);
    expect((await h.deps.voiceJobs.get(job?.jobId ?? ''))?.status).toBe('done');
    await expect(submitTranscript(people, staff, job?.jobId ?? '', { transcript: 'again' })).rejects.toMatchObject({ code: 'not-waiting' });
    expect(JSON.stringify(await h.dump())).not.toContain('0470 12 34 56');
  });

  it('an interpreter account of the organisation works the queue (the organisation allows it); staff of other organisations and coordinators see nothing', async () => {
    await toProbe('+32470111005', '1');
    files.set('ME0000int', files.get('ME0000ar') ?? Buffer.alloc(0));
    await sendVoice('+32470111005', 'ME0000int');
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.status === 'queued');
    await processVoice(voice, job?.jobId ?? '');
    const interpreter: Principal = { role: 'interpreter', userId: 'i', organisationId: 'demo-ocmw' };
    expect((await waitingForPeople(people, interpreter)).map((w) => w.job.jobId)).toEqual([job?.jobId]);
    expect(await waitingForPeople(people, { role: 'coordinator', userId: 'c' })).toEqual([]);
    await expect(
      submitTranscript(people, { role: 'staff', userId: 'x', organisationId: 'another-org' }, job?.jobId ?? '', { transcript: 'x' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await submitTranscript(people, interpreter, job?.jobId ?? '', { transcript: 'Ik wacht al lang.' });
    expect(await answerOf('+32470111005', 'respected.probe')).toMatchObject({ voice: 'transcribed', transcript: 'Ik wacht al lang.' });
  });

  it('a duplicate completion changes nothing', async () => {
    await toProbe('+32470111002', '4');
    await sendVoice('+32470111002', 'ME0000ar');
    const job = (await h.deps.voiceJobs.unfinished())[0];
    await processVoice(voice, job?.jobId ?? '');
    const waiting = await h.deps.voiceJobs.get(job?.jobId ?? '');
    if (!waiting) throw new Error('no job');
    await complete(voice, waiting, { text: 'أنتظر منذ ثلاثة أسابيع', language: 'ar' });
    await complete(voice, waiting, { text: 'أنتظر منذ ثلاثة أسابيع', language: 'ar' }); // the event came twice
    await processVoice(voice, waiting.jobId); // and the sweep ran
    expect(await answerOf('+32470111002', 'respected.probe')).toMatchObject({ voice: 'transcribed', transcript: 'أنتظر منذ ثلاثة أسابيع' });
    expect((await h.deps.voiceJobs.get(waiting.jobId))?.status).toBe('done');
  });

  it('media that is gone at Twilio (404) fails the answer clearly instead of hanging', async () => {
    await toProbe('+32470111003', '3');
    await sendVoice('+32470111003', 'ME0000gone');
    const job = (await h.deps.voiceJobs.unfinished())[0];
    await processVoice(voice, job?.jobId ?? '');
    expect(await h.deps.voiceJobs.get(job?.jobId ?? '')).toMatchObject({
      status: 'failed',
      failure: 'the voice message was no longer available at the provider',
    });
    expect(await answerOf('+32470111003', 'respected.probe')).toMatchObject({ voice: 'failed' });
    // Told in their language (3 = English), once, and the sealed address is gone from the job.
    expect(outbox.list('+32470111003').map((m) => m.text)).toEqual([en.voice.lost]);
    expect((await h.deps.voiceJobs.get(job?.jobId ?? ''))?.sealedReplyTo).toBeNull();
    await processVoice(voice, job?.jobId ?? '');
    expect(outbox.list('+32470111003')).toHaveLength(1);
  });

  it('a note longer than five minutes is refused before anyone hears it, deleted at Twilio, and the participant told why', async () => {
    const long = join(work, 'long.ogg');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=310', '-c:a', 'libopus', '-b:a', '8k', long]);
    files.set('ME0000long', readFileSync(long));
    await toProbe('+32470111006', '2'); // French
    await sendVoice('+32470111006', 'ME0000long');
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.status === 'queued');
    expect(job?.sealedReplyTo).not.toBeNull();
    expect(JSON.stringify(job)).not.toContain('+32470111006'); // sealed, not readable
    await processVoice(voice, job?.jobId ?? '');
    expect(await h.deps.voiceJobs.get(job?.jobId ?? '')).toMatchObject({
      status: 'failed',
      failure: 'longer than 5 minutes',
      sealedReplyTo: null,
      sealedMediaUrl: null,
      stored: false,
    });
    expect(files.has('ME0000long')).toBe(false);
    expect(readdirSync(audioDir)).toEqual([]);
    expect(await answerOf('+32470111006', 'respected.probe')).toMatchObject({ voice: 'unsupported' });
    expect(outbox.list('+32470111006')).toEqual([expect.objectContaining({ channel: 'whatsapp', text: fr.voice.tooLong.replace('{{minutes}}', '5') })]);
  });

  it('one person at a time listens: a colleague gets 409 until the claim lapses', async () => {
    files.set('ME0000claim', voiceNote('claim', 'ar', 'الانتظار طويل'));
    await toProbe('+32470111007', '1');
    await sendVoice('+32470111007', 'ME0000claim');
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.status === 'queued');
    await processVoice(voice, job?.jobId ?? '');
    const first: Principal = { role: 'staff', userId: 'anna', organisationId: 'demo-ocmw' };
    const second: Principal = { role: 'interpreter', userId: 'bilal', organisationId: 'demo-ocmw' };
    // Heard disguised: a new WAV, never the participant's Ogg file.
    expect(Buffer.from((await audioForPerson(people, first, job?.jobId ?? '')).bytes.subarray(0, 4)).toString()).toBe('RIFF');
    expect((await audioForPerson(people, first, job?.jobId ?? '')).bytes.length).toBeGreaterThan(0); // listening again is fine
    await expect(audioForPerson(people, second, job?.jobId ?? '')).rejects.toMatchObject({
      code: 'held-by-another',
      message: 'someone else is transcribing this voice answer',
    });
    await expect(submitTranscript(people, second, job?.jobId ?? '', { transcript: 'x' })).rejects.toMatchObject({ code: 'held-by-another' });
    expect((await waitingForPeople(people, second)).find((w) => w.job.jobId === job?.jobId)?.takenByColleague).toBe(true);
    expect((await waitingForPeople(people, first)).find((w) => w.job.jobId === job?.jobId)?.takenByColleague).toBe(false);
    const later = { ...people, clock: { now: () => new Date(Date.now() + 31 * 60_000) } };
    expect((await audioForPerson(later, second, job?.jobId ?? '')).bytes.length).toBeGreaterThan(0);
    await submitTranscript(later, second, job?.jobId ?? '', { transcript: 'Ik wacht al lang.' });
    expect(await h.deps.voiceJobs.get(job?.jobId ?? '')).toMatchObject({ status: 'done', claim: null });
  });

  it("a call's recording not yet served by Twilio is retried, then fetched, stored and deleted like a voice note", async () => {
    const call = { CallSid: `CA${'d'.repeat(32)}`, From: '+32470111008', To: '+3225550100' };
    const turn = (step: number, extra: Record<string, string>) =>
      h.callWebhook(`https://stem.example.be/twilio/voice${step === 0 ? '' : `?step=${step}&on=input`}`, { ...call, ...extra });
    await turn(0, {});
    for (const [step, digits] of [
      [1, '1'],
      [2, '1'],
      [3, '4'],
      [4, '1'],
    ] as const)
      expect((await turn(step, { Digits: digits })).status).toBe(200);
    const recorded = await turn(5, { RecordingUrl: mediaUrl('RE0000call'), RecordingDuration: '4' });
    expect(recorded.body).toContain('<Say');
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.origin === 'call');
    expect(job).toMatchObject({ status: 'queued', contentType: 'audio/wav', sealedReplyTo: null });
    await expect(processVoice(voice, job?.jobId ?? '')).rejects.toThrow('not available at the provider yet');
    files.set('RE0000call', voiceNote('call', 'nl', 'Ze luisteren naar mij.'));
    await processVoice(voice, job?.jobId ?? '');
    expect(await h.deps.voiceJobs.get(job?.jobId ?? '')).toMatchObject({ status: 'needs-human', stored: true, sealedMediaUrl: null });
    expect(files.has('RE0000call')).toBe(false);
    expect(outbox.list('+32470111008')).toEqual([]); // a call is never answered by message
  });

  it('a photo is acknowledged, kept only as an unsupported record, and deleted at Twilio', async () => {
    files.set('ME0000img', Buffer.from('\xff\xd8\xff\xe0not really a jpeg'));
    const reply = await h.send({
      channel: 'whatsapp',
      phone: '+32470111001',
      text: '',
      extra: { NumMedia: '1', MediaUrl0: mediaUrl('ME0000img'), MediaContentType0: 'image/jpeg' },
    });
    expect(reply.replies[0]).toContain(nl.media.unsupported);
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.status === 'unsupported');
    expect(job).toMatchObject({ answer: null, contentType: 'image/jpeg' });
    await processVoice(voice, job?.jobId ?? '');
    expect(files.has('ME0000img')).toBe(false);
    expect((await h.deps.voiceJobs.get(job?.jobId ?? ''))?.sealedMediaUrl).toBeNull();
  });
});

describe('a machine transcription (AWS Transcribe and S3 mocked with recorded-shape responses)', () => {
  it('starts a job for a covered language, and a FAILED job sends the note to a person with the reason', async () => {
    const { TranscribeClient, StartTranscriptionJobCommand, GetTranscriptionJobCommand } = await import('@aws-sdk/client-transcribe');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { AwsTranscriber } = await import('../../adapters/transcribe/aws-transcriber.js');
    const transcribe = mockClient(TranscribeClient);
    const s3 = mockClient(S3Client);
    transcribe.on(StartTranscriptionJobCommand).resolves({ TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS' } });
    transcribe.on(GetTranscriptionJobCommand).resolves({
      TranscriptionJob: {
        TranscriptionJobStatus: 'FAILED',
        FailureReason: 'The media format that you specified does not match the detected media format. Check the media format and try your request again.',
      },
    });
    const machine = new AwsTranscriber(new TranscribeClient({ region: 'eu-west-1' }), new S3Client({ region: 'eu-west-1' }), {
      audioBucket: 'audio',
      outputBucket: 'out',
      kmsKeyId: 'key',
    });
    const withMachine = { ...voice, transcribers: [machine] };
    files.set('ME0000nl2', files.get('ME0000ar') ?? Buffer.alloc(0));
    await toProbe('+32470111004', '1'); // Dutch: covered by Transcribe (nl-NL)
    await sendVoice('+32470111004', 'ME0000nl2');
    const job = (await h.deps.voiceJobs.unfinished()).find((j) => j.status === 'queued');
    await processVoice(withMachine, job?.jobId ?? '');
    const started = transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input;
    expect(started).toMatchObject({ LanguageCode: 'nl-NL', MediaFormat: 'ogg', TranscriptionJobName: `stem-${job?.jobId}` });
    expect(JSON.stringify(started)).not.toContain('+32470111004');
    expect(await answerOf('+32470111004', 'respected.probe')).toMatchObject({ voice: 'transcribing' });
    await processVoice(withMachine, job?.jobId ?? ''); // the sweep polls (or the EventBridge event arrives)
    expect(await h.deps.voiceJobs.get(job?.jobId ?? '')).toMatchObject({ status: 'needs-human', transcriber: 'human' });
    expect((await h.deps.voiceJobs.get(job?.jobId ?? ''))?.failure).toContain('media format');
    expect(await answerOf('+32470111004', 'respected.probe')).toMatchObject({ voice: 'needs-human' });
    transcribe.restore();
    s3.restore();
  });
});
