import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { apiApp } from '../../http/api/api-app.js';
import { PUBLIC_URL, startHarness, type Harness } from './support/harness.js';

/**
 * "You said, we did" (issue 7, part 4) against DynamoDB Local: participants answer a round through signed
 * webhooks, some say yes to hearing back; after the round closes staff write the message per language
 * and send it through the delivery queue. Only this round's consenting participants get it, each in
 * their language (or the project's fallback) and on their channel: SMS, WhatsApp inside the 24-hour
 * window, a phone call that reads it (signed voice webhook, TwiML parsed as XML) or plays the recording.
 */

let h: Harness;
let outbox: LocalOutbox;
let dialer: LocalDialer;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let token = '';
let roundId = '';
const work = mkdtempSync(join(tmpdir(), 'stem-feedback-'));
const DAY = 24 * 3600 * 1000;

const P = {
  yesSms: '+32470320001',
  yesWhatsapp: '+32470320002',
  noSms: '+32470320003',
  yesArabic: '+32470320004',
  yesVoice: '+32470320005',
  yesThenStop: '+32470320006',
  silent: '+32470320007',
};

async function call(method: string, path: string, body?: unknown, type = 'application/json') {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) } };
  if (body !== undefined) init.body = body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await api.request(path, init);
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> & { errors?: Array<{ field: string }> } };
}

const text3 = (nl: string, fr: string, ar: string) => ({ nl, fr, ar });
const SURVEY = {
  id: 'samen_start',
  version: 1,
  title: text3('Samen', 'Ensemble', 'معا'),
  languages: ['nl', 'fr', 'ar'],
  questions: [
    { id: 'consent', kind: 'consent', text: text3('Doe je mee?', 'Voulez-vous participer ?', 'هل تشارك؟') },
    { id: 'energy', kind: 'scale', text: text3('Hoeveel energie heb je?', "Combien d'énergie avez-vous ?", 'كم لديك من الطاقة؟') },
    {
      id: 'hear_back',
      kind: 'consent',
      optional: true,
      hearBack: true,
      text: text3(
        'Wil je later horen wat we met je antwoorden doen?',
        'Voulez-vous savoir plus tard ce que nous faisons de vos réponses ?',
        'هل تريد أن تعرف لاحقا ماذا فعلنا بإجاباتك؟',
      ),
    },
  ],
};

const feedbackPath = () => `/api/projects/samen/rounds/${roundId}/feedback`;
const answer = async (phone: string, channel: 'sms' | 'whatsapp', texts: readonly string[]) => {
  for (const text of texts) expect((await h.send({ channel, phone, text })).status).toBe(200);
};

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  token = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-s' });

  expect(
    (
      await call('POST', '/api/projects', {
        projectId: 'samen',
        name: 'Samen Sterk',
        languages: ['nl', 'fr', 'ar'],
        fallbackLanguages: ['nl'],
        joinCode: 'samen1',
      })
    ).status,
  ).toBe(201);
  expect((await call('POST', '/api/surveys', SURVEY)).status).toBe(201);
  const csv = [
    'phone;language;channel',
    `${P.yesSms};nl;sms`,
    `${P.yesWhatsapp};fr;whatsapp`,
    `${P.noSms};nl;sms`,
    `${P.yesArabic};ar;sms`,
    `${P.yesVoice};nl;voice`,
    `${P.yesThenStop};nl;sms`,
    `${P.silent};fr;sms`,
  ].join('\n');
  expect((await call('POST', '/api/projects/samen/participants', csv, 'text/csv')).json).toMatchObject({ imported: true, enrolled: 7 });
  const launched = await call('POST', '/api/projects/samen/rounds', {
    label: 'start',
    surveyId: 'samen_start',
    surveyVersion: 1,
    opensAt: h.clock.now().toISOString(),
    closesAt: new Date(h.clock.now().getTime() + 7 * DAY).toISOString(),
  });
  expect(launched.status).toBe(201);
  roundId = (launched.json.round as { roundId: string }).roundId;
  expect(roundId).not.toBe('');
  await queue.drained();

  // The replies to the invitation: consent, energy, then yes (1) or no (2) to hearing back.
  await answer(P.yesSms, 'sms', ['hallo', '1', '4', '1']);
  await answer(P.yesWhatsapp, 'whatsapp', ['bonjour', '1', '3', '1']);
  await answer(P.noSms, 'sms', ['hallo', '1', '2', '2']);
  await answer(P.yesArabic, 'sms', ['مرحبا', '1', '5', '1']);
  await answer(P.yesVoice, 'sms', ['hallo', '1', '4', '1']); // invited by phone, answered by text: still called back
  await answer(P.yesThenStop, 'sms', ['hallo', '1', '3', '1', 'STOP']);
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('"you said, we did"', () => {
  it("records consent to hear back on the round's invitation only for a yes", async () => {
    const hearBack = async (phone: string) =>
      (await h.deps.participants.getInvitation('samen', roundId, h.deps.protector.contactKey(phone)))?.hearBack ?? false;
    expect(await hearBack(P.yesSms)).toBe(true);
    expect(await hearBack(P.noSms)).toBe(false);
    expect(await hearBack(P.silent)).toBe(false);
    const report = await call('GET', feedbackPath());
    expect(report.status).toBe(200);
    // Four asked (the one who opted out afterwards is not counted): fewer than five, so staff see no number,
    // and no breakdown by language. Every language of the project needs a message.
    expect(report.json.audience).toEqual({ recipients: { suppressed: true }, byLanguage: {}, missing: ['ar', 'fr', 'nl'] });
  });

  it('is refused while the round is open, and until every reader has a language', async () => {
    expect((await call('PUT', feedbackPath(), { texts: { fr: 'Vous avez dit : plus de temps au guichet. Nous ouvrons le mardi après-midi.' } })).status).toBe(
      200,
    );
    const open = await call('POST', `${feedbackPath()}/send`);
    expect(open.status).toBe(409);
    expect(open.json.errors?.[0]?.field).toBe('roundId');

    expect((await call('POST', `/api/projects/samen/rounds/${roundId}/close`)).status).toBe(200);
    const missing = await call('POST', `${feedbackPath()}/send`);
    expect(missing.status).toBe(400);
    expect(missing.json.errors?.[0]?.field).toBe('texts.ar'); // Arabic falls back to Dutch, which is not written yet
    const stray = await call('PUT', feedbackPath(), { texts: { tr: 'Merhaba' } });
    expect(stray.status).toBe(400);
    expect(stray.json.errors?.[0]?.field).toBe('texts.tr');
    const long = await call('PUT', feedbackPath(), { texts: { nl: 'x'.repeat(460) } }); // 4 SMS parts of GSM-7
    expect(long.status).toBe(400);
    expect(long.json.errors?.[0]?.field).toBe('texts.nl');
    // Parts as carriers count them: 201 Arabic characters are 3 parts of UCS-2, 202 are 4.
    expect((await call('PUT', feedbackPath(), { texts: { nl: 'x'.repeat(459), ar: 'ب'.repeat(201) } })).status).toBe(200);
    const longArabic = await call('PUT', feedbackPath(), { texts: { ar: 'ب'.repeat(202) } });
    expect(longArabic.status).toBe(400);
    expect(longArabic.json.errors?.[0]?.field).toBe('texts.ar');
  });

  it('reaches only the consenting participants of the round, in their language and on their channel', async () => {
    const NL = 'Jullie zeiden: meer tijd aan het loket. Wij doen: vanaf mei is het loket ook op dinsdagmiddag open.';
    const FR = 'Vous avez dit : plus de temps au guichet. Nous ouvrons aussi le mardi après-midi dès mai.';
    expect((await call('PUT', feedbackPath(), { texts: { nl: NL, fr: FR } })).status).toBe(200);
    const before = Object.fromEntries(Object.values(P).map((p) => [p, outbox.list(p).length]));
    const sent = await call('POST', `${feedbackPath()}/send`);
    expect(sent.status).toBe(202);
    expect(sent.json).toEqual({ recipients: { suppressed: true }, queued: { suppressed: true }, alreadySent: false });
    await queue.drained();

    const news = (phone: string) => outbox.list(phone).slice(before[phone]);
    expect(news(P.yesSms)).toEqual([expect.objectContaining({ channel: 'sms', text: NL })]);
    expect(news(P.yesWhatsapp)).toEqual([expect.objectContaining({ channel: 'whatsapp', text: FR })]); // inside the 24-hour window
    expect(news(P.yesArabic)).toEqual([expect.objectContaining({ channel: 'sms', text: NL })]); // the project's fallback
    expect(news(P.noSms)).toEqual([]);
    expect(news(P.silent)).toEqual([]);
    expect(news(P.yesThenStop)).toEqual([]);
    expect(news(P.yesVoice)).toEqual([]);

    // The phone participant is called; the call reads the message in Dutch, twice, then hangs up.
    const placed = dialer.list(P.yesVoice).filter((c) => c.purpose === 'message');
    expect(placed).toHaveLength(1);
    const ticket = placed[0]?.ticket ?? '';
    const url = `${PUBLIC_URL}/twilio/voice/message?t=${encodeURIComponent(ticket)}`;
    const params = {
      CallSid: `CA${'a'.repeat(32)}`,
      AccountSid: `AC${'1'.repeat(32)}`,
      From: '+3225550100',
      To: P.yesVoice,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      AnsweredBy: 'human',
    };
    const twiml = await h.callWebhook(url, params);
    expect(twiml.status).toBe(200);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Say' || name === 'Pause' }).parse(twiml.body) as {
      Response: { Say: Array<{ '#text': string; '@_voice': string }>; Pause: unknown[]; Hangup: unknown };
    };
    expect(doc.Response.Say.map((s) => s['#text'])).toEqual([NL, NL]);
    expect(doc.Response.Say[0]?.['@_voice']).toBe('Polly.Lisa-Neural');
    expect(doc.Response.Hangup).toBeDefined();
    // Forged or for another URL: refused.
    expect((await h.callWebhook(url, params, { signature: 'forged' })).status).toBe(403);
    expect((await h.callWebhook(`${PUBLIC_URL}/twilio/voice/message?t=not-ours`, params)).status).toBe(400);
    // Voicemail hears nothing.
    const machine = await h.callWebhook(url, { ...params, AnsweredBy: 'machine_end_beep' });
    expect(machine.body).not.toContain('Lisa');

    let report = await call('GET', feedbackPath());
    // Four copies: each count of them is about fewer than five people.
    expect(report.json.deliveries).toMatchObject({ byStatus: { sent: { suppressed: true }, calling: { suppressed: true } } });
    const ended = await h.callWebhook(`${PUBLIC_URL}/twilio/voice/status?t=${encodeURIComponent(ticket)}`, {
      CallSid: params.CallSid,
      CallStatus: 'completed',
      AnsweredBy: 'human',
    });
    expect(ended.status).toBe(204);
    report = await call('GET', feedbackPath());
    expect(report.json.deliveries).toEqual({
      byStatus: { sent: { suppressed: true } },
      byReachedBy: { sms: { suppressed: true }, whatsapp: { suppressed: true }, voice: { suppressed: true } },
      failures: {},
      notDelivered: {},
    });
    const copies = (await h.dump()).filter((i) => String(i['pk']).startsWith('RF#') && i['status'] === 'sent');
    expect(copies).toHaveLength(4);
  });

  it('is sent once: sending again queues nothing new, and a sent message cannot be changed', async () => {
    const count = outbox.list(P.yesSms).length;
    const again = await call('POST', `${feedbackPath()}/send`);
    expect(again.json).toEqual({ recipients: { suppressed: true }, queued: 0, alreadySent: true });
    await queue.drained();
    expect(outbox.list(P.yesSms)).toHaveLength(count);
    expect((await call('PUT', feedbackPath(), { texts: { nl: 'Iets anders' } })).status).toBe(409);
  });

  it('keeps no phone number with the message or its copies', async () => {
    const items = (await h.dump()).filter((i) => String(i['pk']).startsWith('RF#'));
    expect(items.length).toBe(5); // the message and four copies
    const all = JSON.stringify(items);
    for (const phone of Object.values(P)) expect(all).not.toContain(phone.slice(3));
    expect(all).not.toMatch(/CA[0-9a-f]{32}|SM[0-9a-f]{32}/);
  });
});

describe('a recorded message for calls', () => {
  it('is played instead of the synthetic voice; only MP3 or WAV, within limits', async () => {
    const launched = await call('POST', '/api/projects/samen/rounds', {
      label: 'end',
      surveyId: 'samen_start',
      surveyVersion: 1,
      opensAt: h.clock.now().toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 7 * DAY).toISOString(),
    });
    expect(launched.status).toBe(201);
    const endRound = (launched.json.round as { roundId: string }).roundId;
    await queue.drained();
    await answer(P.yesVoice, 'sms', ['hallo', '1', '4', '1']);
    const path = `/api/projects/samen/rounds/${endRound}/feedback`;
    const file = join(work, 'nl.wav');
    execFileSync('espeak-ng', ['-v', 'nl', '-w', file, 'Dank je wel. Het loket is nu ook op dinsdag open.']);
    const wav = new Uint8Array(readFileSync(file));
    expect((await call('PUT', `${path}/audio/nl`, new Uint8Array([1, 2, 3]), 'audio/ogg')).status).toBe(415);
    expect((await call('PUT', `${path}/audio/xx`, wav, 'audio/wav')).json.errors?.[0]?.field).toBe('language');
    const uploaded = await call('PUT', `${path}/audio/nl`, wav, 'audio/wav');
    expect(uploaded.status).toBe(201);
    expect(Number(uploaded.json.seconds)).toBeGreaterThan(1);
    expect((await call('PUT', path, { texts: { nl: 'Het loket is nu ook op dinsdag open.', fr: 'Le guichet est aussi ouvert le mardi.' } })).status).toBe(200);
    expect((await call('POST', `/api/projects/samen/rounds/${endRound}/close`)).status).toBe(200);
    expect((await call('POST', `${path}/send`)).json).toMatchObject({ recipients: { suppressed: true }, queued: { suppressed: true } });
    await queue.drained();
    const ticket =
      dialer
        .list(P.yesVoice)
        .filter((c) => c.purpose === 'message')
        .at(-1)?.ticket ?? '';
    const twiml = await h.callWebhook(`${PUBLIC_URL}/twilio/voice/message?t=${encodeURIComponent(ticket)}`, {
      CallSid: `CA${'b'.repeat(32)}`,
      CallStatus: 'in-progress',
      AnsweredBy: 'human',
    });
    const doc = new XMLParser({ isArray: (name) => name === 'Play' }).parse(twiml.body) as { Response: { Play: string[]; Say?: unknown } };
    expect(doc.Response.Say).toBeUndefined();
    expect(doc.Response.Play).toHaveLength(2);
    // The URL Twilio fetches serves the recording (signed key; a tampered one is refused).
    const played = await h.fetchPublic(doc.Response.Play[0] ?? '');
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(
      Buffer.from(await played.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');
    expect((await h.fetchPublic(`${doc.Response.Play[0] ?? ''}x`)).status).toBe(404);
  });
});
