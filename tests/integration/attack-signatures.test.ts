import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidTwilioSignature, twilioSignature } from '../../adapters/twilio/signature.js';
import { sealTicket } from '../../core/calls/outbound.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import { pictureRoutes } from '../../http/picture-routes.js';
import { pictureUrl } from '../../http/picture-urls.js';
import { STUDIO_PATH } from '../../http/studio-routes.js';
import { PROMPT_AUDIO_PATH, promptUrl, VOICE_MESSAGE_PATH, VOICE_PATH, VOICE_STATUS_PATH } from '../../http/call-webhook-routes.js';
import { AUTH_TOKEN, newSid, PUBLIC_URL, SERVICE_NUMBER, twilioParams, type Harness, startHarness } from './support/harness.js';
import { silentWav } from './support/wav.js';

/**
 * Forging Twilio's signature, against the real webhooks (messages, calls, their status and message
 * callbacks, the prompt studio) over real HTTP with DynamoDB Local: a valid signature taken to another
 * URL, parameters changed, added or removed after signing, a messaging request replayed on the voice
 * route, an old request replayed, no signature, another account's token. Each is refused with 403 and
 * leaves the table exactly as it was, or — where the signed string is unchanged — is the same message
 * again: the first reply, applied once. Then the signed media URLs (recorded prompts, triad pictures):
 * tampered keys and path traversal get 404 and read nothing outside the media store.
 */

let h: Harness;
const OTHER_TOKEN = 'another-account-token-0123456789ab';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

interface Forgery {
  name: string;
  /** The public URL the request is sent to (its path and query reach the server). */
  url: string;
  params: Record<string, string>;
  /** The X-Twilio-Signature header; undefined: no header at all. */
  signature: string | undefined;
  /** The form body as sent, when it is not just `params` (e.g. a parameter given twice). */
  body?: string;
}

/** Everything an attacker holding one genuine signed request (`url`, `params`) might try with it. */
function forgeriesOf(url: string, params: Record<string, string>, change: [string, string]): Forgery[] {
  const genuine = twilioSignature(AUTH_TOKEN, url, params);
  const u = new URL(url);
  const withQuery = `${url}${u.search ? '&' : '?'}x=1`;
  const [field, value] = change;
  const { [Object.keys(params).at(-1) ?? '']: _dropped, ...removed } = params;
  return [
    { name: 'signed for another host', url, params, signature: twilioSignature(AUTH_TOKEN, url.replace(u.host, 'evil.example'), params) },
    { name: 'signed for another port', url, params, signature: twilioSignature(AUTH_TOKEN, url.replace(u.host, `${u.host}:8443`), params) },
    { name: 'signed for another path', url, params, signature: twilioSignature(AUTH_TOKEN, url.replace(u.pathname, `${u.pathname}-other`), params) },
    { name: 'signed for http, sent to https', url, params, signature: twilioSignature(AUTH_TOKEN, url.replace('https:', 'http:'), params) },
    { name: 'a query added after signing', url: withQuery, params, signature: genuine },
    { name: 'signed with a query, sent without', url, params, signature: twilioSignature(AUTH_TOKEN, withQuery, params) },
    { name: `${field} changed after signing`, url, params: { ...params, [field]: value }, signature: genuine },
    { name: 'a parameter added after signing', url, params: { ...params, Extra: '1' }, signature: genuine },
    { name: 'a parameter removed after signing', url, params: removed, signature: genuine },
    {
      name: 'a parameter repeated with another value',
      url,
      params,
      body: `${new URLSearchParams(params).toString()}&${new URLSearchParams({ [field]: value }).toString()}`,
      signature: genuine,
    },
    { name: 'signed with another account token', url, params, signature: twilioSignature(OTHER_TOKEN, url, params) },
    { name: 'the signature cut short', url, params, signature: genuine.slice(0, -4) },
    { name: 'an empty signature', url, params, signature: '' },
    { name: 'no signature', url, params, signature: undefined },
  ];
}

/** Send a forgery as Twilio would send a request: a form POST to the server, the header as given. */
async function sendForgery(f: Forgery): Promise<{ status: number; type: string; body: string }> {
  const target = new URL(f.url);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(f.signature === undefined ? {} : { 'x-twilio-signature': f.signature }),
  };
  return h.rawRequest('POST', `${target.pathname}${target.search}`, headers, f.body ?? new URLSearchParams(f.params).toString());
}

/** Every forgery is a 403 problem naming the signature, and the table holds exactly what it held before. */
async function expectAllRefused(forgeries: Forgery[]): Promise<void> {
  const before = await h.dump();
  for (const f of forgeries) {
    const answer = await sendForgery(f);
    expect(answer.status, f.name).toBe(403);
    expect(answer.type, f.name).toContain('application/problem+json');
    expect(JSON.parse(answer.body), f.name).toMatchObject({ status: 403, errors: [{ field: 'X-Twilio-Signature' }] });
  }
  expect(await h.dump()).toEqual(before);
}

async function contactOf(phone: string) {
  return (await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone))).contact;
}
const answersOf = async (phone: string) => {
  const code = h.deps.protector.respondentCode('demo', phone);
  return (await h.deps.store.answersOfRound('demo', 'demo-start')).filter((a) => a.respondentCode === code);
};

describe('the messaging webhook refuses forged signatures', () => {
  const url = `${PUBLIC_URL}${MESSAGES_PATH}`;

  it('refuses every forgery of a genuine request with 403 and stores nothing', async () => {
    const params = twilioParams({ channel: 'whatsapp', phone: '+32470700001', text: 'JOIN DEMO' }, newSid());
    await expectAllRefused(forgeriesOf(url, params, ['Body', 'STOP']));
    // The genuine request itself is accepted: the refusals above were about the forgery, not the route.
    const genuine = await sendForgery({ name: 'genuine', url, params, signature: twilioSignature(AUTH_TOKEN, url, params) });
    expect(genuine.status).toBe(200);
    expect(await contactOf('+32470700001')).not.toBeNull();
  });

  it('refuses a signed message replayed on the voice webhook (and a call turn replayed on messages)', async () => {
    const params = twilioParams({ channel: 'sms', phone: '+32470700002', text: 'JOIN DEMO' }, newSid());
    const call = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: `AC${'1'.repeat(32)}`,
      From: '+32470700002',
      To: SERVICE_NUMBER,
      CallStatus: 'ringing',
    };
    await expectAllRefused([
      { name: 'messages → voice', url: `${PUBLIC_URL}${VOICE_PATH}`, params, signature: twilioSignature(AUTH_TOKEN, url, params) },
      { name: 'messages → studio', url: `${PUBLIC_URL}${STUDIO_PATH}`, params, signature: twilioSignature(AUTH_TOKEN, url, params) },
      { name: 'voice → messages', url, params: call, signature: twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${VOICE_PATH}`, call) },
    ]);
  });

  it('an old signed message replayed a day later gets its first reply and changes nothing', async () => {
    const phone = '+32470700003';
    for (const text of ['JOIN DEMO', '3', 'yes']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
    const energy = twilioParams({ channel: 'sms', phone, text: '4' }, newSid());
    const signature = twilioSignature(AUTH_TOKEN, url, energy);
    const first = await sendForgery({ name: 'first', url, params: energy, signature });
    expect(first.status).toBe(200);
    expect((await h.send({ channel: 'sms', phone, text: '1' })).status).toBe(200); // the survey moves on
    const contact = await contactOf(phone);
    const answers = await answersOf(phone);
    const sessions = (await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone))).sessions;

    h.clock.current = new Date(h.clock.current.getTime() + 23 * 3600_000); // within the ledger's day
    const replayed = await sendForgery({ name: 'replay', url, params: energy, signature });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toBe(first.body);
    expect(await contactOf(phone)).toEqual(contact);
    expect(await answersOf(phone)).toEqual(answers);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone))).sessions).toEqual(sessions);
  });

  it('edits that keep the signed string (empty parameter, shifted boundaries) are the same message: first reply, applied once', async () => {
    // Twilio signs URL + key1 value1 key2 value2 … with no separator: a value may swallow the next key
    // and value, and an empty name with an empty value adds nothing. The signature stays valid, so the
    // defence is that the MessageSid cannot change (its format is exact) and a MessageSid is applied once.
    const phone = '+32470700004';
    for (const text of ['JOIN DEMO', '3', 'yes']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
    const params = twilioParams({ channel: 'sms', phone, text: '5' }, newSid());
    const signature = twilioSignature(AUTH_TOKEN, url, params);
    const first = await sendForgery({ name: 'first', url, params, signature });
    expect(first.status).toBe(200);
    const contact = await contactOf(phone);
    const answers = await answersOf(phone);

    const { Body: body, SmsSid: smsSid, ...rest } = params;
    const shifted: Array<[string, Record<string, string>]> = [
      ['an empty parameter added', { ...params, '': '' }],
      // "SmsMessageSid" + "SM…" + "SmsSid" + "SM…" read as one value: SmsSid disappears.
      ['SmsSid swallowed by SmsMessageSid', { ...rest, Body: body ?? '', SmsMessageSid: `${params.SmsMessageSid ?? ''}SmsSid${smsSid ?? ''}` }],
      // "ApiVersion" + "2010-04-01" + "Body" + "5": the Body disappears into the ApiVersion.
      ['Body swallowed by ApiVersion', { ...rest, SmsSid: smsSid ?? '', ApiVersion: `${params.ApiVersion ?? ''}Body${body ?? ''}` }],
    ];
    for (const [name, edited] of shifted) {
      expect(isValidTwilioSignature(AUTH_TOKEN, signature, url, edited), name).toBe(true);
      const again = await sendForgery({ name, url, params: edited, signature });
      expect(again.status, name).toBe(200);
      expect(again.body, name).toBe(first.body);
    }
    expect(await contactOf(phone)).toEqual(contact);
    expect(await answersOf(phone)).toEqual(answers);
  });
});

describe('the voice webhooks refuse forged signatures', () => {
  const caller = '+32470700010';
  const turn = (step: number) => `${PUBLIC_URL}${VOICE_PATH}?step=${step}&on=input`;
  const callParams = (extra: Record<string, string> = {}) => ({
    CallSid: `CA${'7'.repeat(32)}`,
    AccountSid: `AC${'1'.repeat(32)}`,
    From: caller,
    To: SERVICE_NUMBER,
    CallStatus: 'in-progress',
    ...extra,
  });

  it('refuses every forgery of a call turn with 403 and stores nothing', async () => {
    await expectAllRefused(forgeriesOf(`${PUBLIC_URL}${VOICE_PATH}`, callParams(), ['From', '+32470700011']));
    await expectAllRefused(forgeriesOf(turn(1), callParams({ Digits: '1' }), ['Digits', '2']));
    // Signed for one step and sent to another: the step is the turn's idempotency key.
    await expectAllRefused([
      { name: 'another step', url: turn(2), params: callParams({ Digits: '1' }), signature: twilioSignature(AUTH_TOKEN, turn(1), callParams({ Digits: '1' })) },
    ]);
  });

  it('a replayed turn gets the same TwiML and is applied once', async () => {
    const start = await h.callWebhook(`${PUBLIC_URL}${VOICE_PATH}`, callParams());
    expect(start.status).toBe(200);
    const first = await h.callWebhook(turn(1), callParams({ Digits: '3' })); // English
    const contact = await contactOf(caller);
    h.clock.current = new Date(h.clock.current.getTime() + 3600_000);
    const replayed = await h.callWebhook(turn(1), callParams({ Digits: '3' }));
    expect(replayed).toEqual(first);
    expect(await contactOf(caller)).toEqual(contact);
  });

  it('refuses forged status callbacks, also one carrying another ticket, and stores nothing', async () => {
    const ticket = (contactKey: string) => sealTicket(h.deps.protector, { projectId: 'demo', roundId: 'demo-start', contactKey, type: 'invite' });
    const url = `${PUBLIC_URL}${VOICE_STATUS_PATH}?t=${encodeURIComponent(ticket('a'))}`;
    const params = { CallSid: `CA${'8'.repeat(32)}`, AccountSid: `AC${'1'.repeat(32)}`, CallStatus: 'completed' };
    const forgeries = forgeriesOf(url, params, ['CallStatus', 'busy']);
    forgeries.push({
      name: 'another ticket',
      url: `${PUBLIC_URL}${VOICE_STATUS_PATH}?t=${encodeURIComponent(ticket('b'))}`,
      params,
      signature: twilioSignature(AUTH_TOKEN, url, params),
    });
    await expectAllRefused(forgeries);
    expect((await sendForgery({ name: 'genuine', url, params, signature: twilioSignature(AUTH_TOKEN, url, params) })).status).toBe(204);
  });

  it('refuses forged message-call and studio requests and stores nothing', async () => {
    const ticket = sealTicket(h.deps.protector, { projectId: 'demo', roundId: 'demo-start', contactKey: 'a', type: 'feedback', language: 'nl' });
    const message = `${PUBLIC_URL}${VOICE_MESSAGE_PATH}?t=${encodeURIComponent(ticket)}`;
    const params = { CallSid: `CA${'9'.repeat(32)}`, AccountSid: `AC${'1'.repeat(32)}`, From: SERVICE_NUMBER, To: caller, AnsweredBy: 'human' };
    await expectAllRefused(forgeriesOf(message, params, ['AnsweredBy', 'machine_end_beep']));
    expect((await sendForgery({ name: 'genuine', url: message, params, signature: twilioSignature(AUTH_TOKEN, message, params) })).status).toBe(200);

    const studio = `${PUBLIC_URL}${STUDIO_PATH}?on=code&tries=0`;
    const code = { CallSid: `CA${'6'.repeat(32)}`, AccountSid: `AC${'1'.repeat(32)}`, From: caller, To: SERVICE_NUMBER, Digits: '12345678' };
    await expectAllRefused([
      ...forgeriesOf(studio, code, ['Digits', '87654321']),
      { name: 'more tries left', url: studio.replace('tries=0', 'tries=-9'), params: code, signature: twilioSignature(AUTH_TOKEN, studio, code) },
    ]);
    expect((await sendForgery({ name: 'genuine', url: studio, params: code, signature: twilioSignature(AUTH_TOKEN, studio, code) })).status).toBe(200);
  });
});

describe('signed media URLs', () => {
  const token = (url: string) => new URL(url).pathname.slice(`${PROMPT_AUDIO_PATH}/`.length);
  let outside = '';
  let plain: Uint8Array;

  beforeAll(async () => {
    plain = silentWav(0.25);
    await h.voice.audio.put('prompt-genuine', plain, 'audio/wav');
    // A valid file of the store (same key, same format) lying *outside* its folder, where a store that
    // joined keys to its folder would find "../<name>": if it were ever read, the audio would come back.
    await h.voice.audio.put('copy-me', plain, 'audio/wav');
    outside = join(dirname(h.audioDir), `stem-outside-${randomBytes(4).toString('hex')}`);
    await writeFile(outside, await readFile(join(h.audioDir, createHash('sha256').update('copy-me').digest('hex'))));
    expect(await h.voice.audio.get('copy-me')).toMatchObject({ contentType: 'audio/wav' });
  });
  afterAll(async () => {
    if (outside) await rm(outside, { force: true });
  });

  it('a recorded prompt is served by its signed URL only', async () => {
    const good = promptUrl(h.deps.protector, PUBLIC_URL, 'prompt-genuine');
    const served = await h.fetchPublic(good);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(plain))).toBe(true);
    const mac = token(good).split('.').at(-1) ?? '';
    const tampered = [
      `${PROMPT_AUDIO_PATH}/prompt-other.${mac}`, // another key with this key's MAC
      `${PROMPT_AUDIO_PATH}/prompt-genuine.${mac.slice(0, -2)}AA`,
      `${PROMPT_AUDIO_PATH}/prompt-genuine`,
      `${PROMPT_AUDIO_PATH}/prompt-genuine.`,
      `${PROMPT_AUDIO_PATH}/.${mac}`,
      `${PROMPT_AUDIO_PATH}/..%2F..%2Fetc%2Fpasswd.${mac}`,
      `${PROMPT_AUDIO_PATH}/%2E%2E%2F${basename(outside)}.${mac}`,
      `${PROMPT_AUDIO_PATH}/..%5C..%5Cwindows.${mac}`,
      `${PROMPT_AUDIO_PATH}/%2Fetc%2Fpasswd.${mac}`,
      `${PROMPT_AUDIO_PATH}/../../etc/passwd`,
      `${PROMPT_AUDIO_PATH}/prompt-genuine.${mac}/..`,
      `${PROMPT_AUDIO_PATH}/prompt-genuine%00.${mac}`,
    ];
    for (const path of tampered) {
      const answer = await h.rawRequest('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.type, path).not.toContain('audio');
    }
  });

  it('even a key Stem itself signed cannot leave the media store: keys are hashed to file names', async () => {
    const store = h.voice.audio;
    const relative = `../${basename(outside)}`;
    for (const key of [relative, `../../${basename(dirname(h.audioDir))}/${basename(outside)}`, outside, `${h.audioDir}/../${basename(outside)}`]) {
      expect(await store.get(key), key).toBeNull();
      const answer = await h.fetchPublic(promptUrl(h.deps.protector, PUBLIC_URL, key));
      expect(answer.status, key).toBe(404);
    }
    // Removing by such a key deletes nothing outside the store either.
    await store.remove(relative);
    await store.remove(outside);
    expect((await readFile(outside)).length).toBeGreaterThan(0);
  });
});

describe('signed triad picture URLs', () => {
  const story = parseSurveyDefinition(JSON.parse(readFileSync(new URL('../../flows/templates/story-signifiers.json', import.meta.url), 'utf8')));
  let pictures: Hono;
  let rendered = 0;

  beforeAll(async () => {
    await h.deps.directory.saveSurvey(story);
    // Counting renders proves a forged URL never reaches the renderer (the real one is tested in triad-picture*.test.ts).
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    pictures = pictureRoutes({ protector: h.deps.protector, surveys: h.deps.directory, logger: h.logger, render: async () => (rendered++, png) });
  });

  it('tampered paths, versions, languages and traversal get 404 and render nothing', async () => {
    const ref = { kind: 'triad' as const, surveyId: story.id, surveyVersion: story.version, questionId: 'difference', language: 'ar' };
    const good = new URL(pictureUrl(h.deps.protector, PUBLIC_URL, ref));
    const sig = good.searchParams.get('sig') ?? '';
    const other = new URL(pictureUrl(h.deps.protector, PUBLIC_URL, { ...ref, language: 'nl' })).searchParams.get('sig') ?? '';
    const base = '/media/triad';
    const tampered = [
      `${base}/${story.id}/${story.version}/difference/ar.png?sig=${other}`, // another picture's signature
      `${base}/${story.id}/${story.version}/difference/AR.png?sig=${sig}`,
      `${base}/${story.id}/0${story.version}/difference/ar.png?sig=${sig}`,
      `${base}/${story.id}/${story.version}.0/difference/ar.png?sig=${sig}`,
      `${base}/${story.id}/${story.version}/difference/ar.png?sig=${sig}x`,
      `${base}/${story.id}/${story.version}/difference/ar.png?sig=`,
      `${base}/..%2F..%2Fetc/${story.version}/difference/ar.png?sig=${sig}`,
      `${base}/${story.id}/${story.version}/..%2Fdifference/ar.png?sig=${sig}`,
      `${base}/${story.id}/${story.version}/difference/..%2F..%2Fpasswd.png?sig=${sig}`,
      `${base}/${story.id}/${story.version}/difference/%2Fetc%2Fpasswd?sig=${sig}`,
      `${base}/${story.id}/${story.version}/difference/ar.png%00.txt?sig=${sig}`,
    ];
    for (const path of tampered) {
      const answer = await pictures.request(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type'), path).not.toContain('image');
    }
    expect(rendered).toBe(0);
    const served = await pictures.request(`${good.pathname}${good.search}`);
    expect(served.status).toBe(200);
    expect(rendered).toBe(1);
  });
});
