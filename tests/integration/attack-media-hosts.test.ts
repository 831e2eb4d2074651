import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHostRefusedError, twilioMediaHosts } from '../../adapters/twilio/media-hosts.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { TwilioMediaSource } from '../../adapters/twilio/twilio-media.js';
import { MEDIA_HOST_REFUSED } from '../../core/conversation/plan/voice-jobs.js';
import { processVoice } from '../../core/voice/process-voice.js';
import { composeVoice } from '../../functions/commons/compose-voice.js';
import { MESSAGES_PATH, messagingRoutes } from '../../http/messaging-routes.js';
import { VOICE_PATH, voiceRoutes } from '../../http/call-webhook-routes.js';
import en from '../../locales/en/translation.json' with { type: 'json' };
import { twimlMessages } from '../../local/simulator/routes.js';
import { AUTH_TOKEN, newSid, PUBLIC_URL, SERVICE_NUMBER, startHarness, twilioParams, type Harness } from './support/harness.js';

/**
 * Media and recording URLs arrive in the (signed) webhook and are fetched with the account's credentials.
 * A URL naming another host — here a loopback server that writes down every request and its
 * Authorization header — must never be fetched: the attachment is kept as "unsupported" with the reason,
 * and no request, let alone the credentials, reaches that host. The conversation here is wired as the
 * cloud wires it (Twilio's API hosts only, compose.ts's default), not with the harness's test hosts.
 */

const ACCOUNT = `AC${'1'.repeat(32)}`;
let h: Harness;
let trap: Server;
let trapOrigin = '';
const seen: Array<{ method: string; url: string; authorization: string | null }> = [];

beforeAll(async () => {
  trap = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? null });
    res.writeHead(200, { 'content-type': 'audio/ogg' }).end('OggS not really');
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
  const address = trap.address();
  trapOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  h = await startHarness();
});
afterAll(async () => {
  await new Promise<void>((r) => trap.close(() => r()));
  await h?.stop();
});

/** The cloud's wiring: the default policy of compose.ts, and the voice worker's media source with it. */
const cloud = () => {
  const policy = twilioMediaHosts();
  const deps = { ...h.deps, mediaUrls: policy };
  const voice = composeVoice(h.deps, {
    media: new TwilioMediaSource(ACCOUNT, AUTH_TOKEN, policy),
    audio: h.voice.audio,
    transcribers: [],
    messenger: null,
    audioDuration: h.voice.audioDuration,
  });
  const app = new Hono();
  app.route('/', messagingRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) }));
  app.route(
    '/',
    voiceRoutes(
      deps,
      { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) },
      { store: h.deps.prompts, audio: h.voice.audio },
    ),
  );
  const post = async (path: string, params: Record<string, string>) => {
    const response = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const text = async (phone: string, body: string, extra: Record<string, string> = {}) =>
    twimlMessages(await post(MESSAGES_PATH, twilioParams({ channel: 'whatsapp', phone, text: body, extra }, newSid())));
  return { voice, post, text };
};

const jobsOf = async () => (await h.dump()).filter((i) => i.kind === 'voice-job');

describe('media URLs outside Twilio API hosts', () => {
  it('a voice note whose URL names another host is kept as unsupported with the reason; nothing is fetched, no credentials sent', async () => {
    const { voice, text } = cloud();
    const phone = '+32470620001';
    for (const body of ['JOIN DEMO', '3', '1', '4', '1']) await text(phone, body); // English, consent, energy, "true" → the open probe
    const before = new Set((await jobsOf()).map((j) => j.pk));
    const stolen = `${trapOrigin}/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'0'.repeat(32)}/Media/ME${'1'.repeat(32)}`;
    const reply = await text(phone, '', { NumMedia: '1', MediaUrl0: stolen, MediaContentType0: 'audio/ogg' });
    expect(reply.join('\n')).toContain(en.media.unsupported);
    const job = (await jobsOf()).find((j) => !before.has(j.pk));
    expect(job).toMatchObject({ status: 'unsupported', sealedMediaUrl: null, failure: MEDIA_HOST_REFUSED, answer: null });
    expect(JSON.stringify(await h.dump())).not.toContain(trapOrigin.slice(7));
    // Not listed for the sweep, and processing it anyway does nothing.
    expect((await h.deps.voiceJobs.unfinished()).map((j) => j.jobId)).not.toContain(String(job?.jobId));
    await processVoice(voice, String(job?.jobId));
    expect(h.logger.lines.some((l) => l.includes('media.host-refused'))).toBe(true);
    expect(seen).toEqual([]);
  });

  it("a call's recording URL on another host: the same — the question is asked again, nothing fetched", async () => {
    const { post } = cloud();
    const call = { AccountSid: ACCOUNT, CallSid: `CA${'e'.repeat(32)}`, From: '+32470620002', To: '+3225550100' };
    const turn = (step: number, extra: Record<string, string>) => post(`${VOICE_PATH}${step === 0 ? '' : `?step=${step}&on=input`}`, { ...call, ...extra });
    await turn(0, {});
    for (const [step, digits] of [
      [1, '3'],
      [2, '1'],
      [3, '4'],
      [4, '1'],
    ] as const)
      await turn(step, { Digits: digits });
    const twiml = await turn(5, {
      RecordingUrl: `${trapOrigin}/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE${'2'.repeat(32)}`,
      RecordingDuration: '4',
      Digits: 'hangup',
    });
    expect(twiml).toContain('<Record'); // asked again, to be said once more
    const job = (await jobsOf()).find((j) => j.origin === 'call');
    expect(job).toMatchObject({ status: 'unsupported', sealedMediaUrl: null, failure: MEDIA_HOST_REFUSED });
    expect(seen).toEqual([]);
  });

  it('the media source itself refuses such a URL before any request (studio takes, old jobs)', async () => {
    const media = new TwilioMediaSource(ACCOUNT, AUTH_TOKEN, twilioMediaHosts());
    await expect(media.fetch(`${trapOrigin}/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE1`, 1000)).rejects.toThrow(MediaHostRefusedError);
    await expect(media.remove(`${trapOrigin}/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE1`)).rejects.toThrow(MediaHostRefusedError);
    // The local media host's prefix, in local mode: only that origin and path, not another port or path.
    const local = new TwilioMediaSource(ACCOUNT, AUTH_TOKEN, twilioMediaHosts({ extra: () => ['http://127.0.0.1:1/dev/media/'] }));
    await expect(local.fetch(`${trapOrigin}/dev/media/ME1`, 1000)).rejects.toThrow(MediaHostRefusedError);
    expect(seen).toEqual([]);
    // The trap answers when it is asked: the refusals above are ours, not a dead server.
    const allowed = new TwilioMediaSource(ACCOUNT, AUTH_TOKEN, twilioMediaHosts({ extra: () => [`${trapOrigin}/dev/media/`] }));
    expect(await allowed.fetch(`${trapOrigin}/dev/media/ME1`, 1000)).toMatchObject({ contentType: 'audio/ogg' });
    expect(seen).toEqual([{ method: 'GET', url: '/dev/media/ME1', authorization: `Basic ${Buffer.from(`${ACCOUNT}:${AUTH_TOKEN}`).toString('base64')}` }]);
  });
});

describe('which hosts get the credentials', () => {
  const cloudPolicy = twilioMediaHosts();
  it.each([
    'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
    'https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
    'https://api.sydney.au1.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
    'https://API.Twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  ])('allowed: %s', (url) => expect(cloudPolicy.allows(url)).toBe(true));
  it.each([
    'http://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', // not TLS
    'https://api.twilio.com:8443/x', // another port
    'https://api.twilio.com.evil.example/x',
    'https://evilapi.twilio.com.example/x',
    'https://media.twiliocdn.com/x', // Twilio's storage: reached by redirect, never with our credentials
    'https://api.ie1.twilio.com/x', // the retired regional form
    'https://user:pass@api.twilio.com/x',
    'https://evil.example/api.twilio.com/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://127.0.0.1:3000/dev/media/ME1', // the local media host, when local mode did not name it
    'not a url',
  ])('refused: %s', (url) => expect(cloudPolicy.allows(url)).toBe(false));
  it('local prefixes are matched after parsing: no "..", no other port', () => {
    const local = twilioMediaHosts({ extra: () => ['http://127.0.0.1:3000/dev/media/'] });
    expect(local.allows('http://127.0.0.1:3000/dev/media/ME1')).toBe(true);
    expect(local.allows('http://127.0.0.1:3000/dev/media/../../api/projects')).toBe(false);
    expect(local.allows('http://127.0.0.1:3001/dev/media/ME1')).toBe(false);
    expect(local.allows('http://localhost:3000/dev/media/ME1')).toBe(false);
  });
});
