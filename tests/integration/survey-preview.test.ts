import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTriadPictureOnDemand } from '../../adapters/images/triad-picture-on-demand.js';
import { smsSegments } from '../../core/sms-segments.js';
import { createTexts } from '../../core/texts.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { apiApp } from '../../http/api/api-app.js';
import { pictureRoutes } from '../../http/picture-routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';

/**
 * GET /api/surveys/:id/versions/:v/preview per channel, through the real staff API over DynamoDB Local:
 * SMS parts and encodings as core/sms-segments.ts counts them ("ê" makes French UCS-2); WhatsApp buttons as
 * the Twilio adapter makes them, a signed triad picture path the picture route serves, voice notes with
 * what they say; a call's prompts, a recorded one marked so; Arabic right to left; a language the survey
 * lacks shows its fallback; bad parameters are 400s naming the field; another organisation gets 404.
 */

const T = (nl: string, fr: string, ar: string, fa: string) => ({ nl, fr, ar, fa });
const SURVEY = {
  id: 'preview_api',
  version: 1,
  title: T('Voorbeeld', 'Aperçu', 'معاينة', 'پیش‌نمایش'),
  languages: ['nl', 'fr', 'ar', 'fa'],
  questions: [
    { id: 'consent', kind: 'consent', text: T('Doe je mee?', 'Voulez-vous participer ?', 'هل تشارك؟', 'آیا شرکت می‌کنید؟') },
    {
      id: 'service',
      kind: 'choice',
      text: T('Voor welke dienst kwam je?', 'Pour quel service êtes-vous venu ?', 'لأي خدمة جئت؟', 'برای کدام خدمت آمدید؟'),
      options: [
        { value: 'money', label: T('Geld', 'Argent', 'مال', 'پول') },
        { value: 'housing', label: T('Wonen', 'Logement', 'سكن', 'مسکن') },
        { value: 'work', label: T('Werk', 'Travail', 'عمل', 'کار') },
      ],
    },
    {
      id: 'difference',
      kind: 'triad',
      text: T('Wie maakte het verschil?', 'Qui a fait la différence ?', 'من صنع الفرق؟', 'چه کسی فرق ایجاد کرد؟'),
      corners: [T('het centrum', 'le centre', 'المركز', 'مرکز'), T('familie', 'la famille', 'العائلة', 'خانواده'), T('ikzelf', 'moi-même', 'أنا', 'خودم')],
    },
  ],
};

/** WhatsApp's limits: a message with buttons holds 1,024 characters; a button's label 20. */
const option = (i: number) => ({ value: `o${i}`, label: { nl: `Optie ${i}` } });
const LONG_TEXT = `${'Lees dit rustig. '.repeat(62)}Kies er een.`; // over 1,024 characters
const LIMITS = {
  id: 'preview_limits',
  version: 1,
  title: { nl: 'Grenzen' },
  languages: ['nl'],
  questions: [
    { id: 'many', kind: 'choice', text: { nl: LONG_TEXT }, options: Array.from({ length: 3 }, (_, i) => option(i + 1)) },
    {
      id: 'long',
      kind: 'choice',
      text: { nl: 'Hoe kwam je?' },
      options: [
        { value: 'bus', label: { nl: 'Met de bus van De Lijn, lijn 3' } },
        { value: 'bike', label: { nl: 'Met de fiets' } },
        { value: 'walk', label: { nl: 'Te voet' } },
      ],
    },
  ],
};

interface Message {
  questionId: string;
  kind: string;
  text: string;
  sms?: { parts: number; encoding: string };
  whatsapp?: {
    messages: Array<{ kind: string; text?: string; picture?: string; language?: string }>;
    buttons: Array<{ id: string; label: string }>;
    list: { button: string } | null;
    picture: string | null;
    voiceNote: { text: string; language: string } | null;
  };
  voice?: { prompts: Array<{ text: string; language: string; recorded: boolean }> };
}

let h: Harness;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let staff = '';
const ORG = 'org-preview';
const get = (query: string) => callApi(api, staff, 'GET', `/api/surveys/preview_api/versions/1/preview?${query}`);
const messagesOf = async (query: string): Promise<Message[]> => {
  const answer = await get(query);
  expect(answer.status, answer.text).toBe(200);
  return answer.json?.messages as Message[];
};

beforeAll(async () => {
  h = await startHarness();
  // The preview sends nothing: a queue that would fail the test if it were used.
  queue = new LocalJobQueue(() => Promise.reject(new Error('the preview queued a job')), { sms: 1, whatsapp: 1, voice: 1 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: ORG });
  expect((await callApi(api, staff, 'POST', '/api/surveys', SURVEY)).status).toBe(201);
  expect((await callApi(api, staff, 'POST', '/api/surveys', LIMITS)).status).toBe(201);
}, 60_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the survey preview API', () => {
  it('SMS (the default): each message with its parts and encoding, as core/sms-segments.ts counts them', async () => {
    const fr = await messagesOf('language=fr');
    const nl = await messagesOf('language=nl&channel=sms');
    const service = fr[1];
    expect(service?.text).toContain('ê');
    expect(service?.sms).toEqual({ parts: smsSegments(service?.text ?? '').segments, encoding: 'UCS-2' });
    for (const m of nl) expect(m.sms).toEqual({ parts: smsSegments(m.text).segments, encoding: 'GSM-7' });
    expect(nl[0]?.text).toMatch(/\n\nDoe je mee\?/); // the consent's promise and its question: one SMS
    expect(nl.map((m) => m.whatsapp ?? m.voice)).toEqual([undefined, undefined, undefined]);
  });

  it('WhatsApp: the choice as three buttons, the triad as its signed picture and a list of seven, served by the picture route', async () => {
    const [consent, service, difference] = await messagesOf('language=fr&channel=whatsapp');
    const texts = createTexts();
    expect(consent?.whatsapp?.buttons.map((b) => b.label)).toEqual([texts.t('answer.yes', ['fr']), texts.t('answer.no', ['fr'])]);
    expect(consent?.text).toContain(texts.t('consent.promise', ['fr'])); // the promise and the question: one message to tap
    expect(service?.whatsapp).toMatchObject({
      buttons: [
        { id: 't1:preview_api:1:service:money', label: 'Argent' },
        { id: 't1:preview_api:1:service:housing', label: 'Logement' },
        { id: 't1:preview_api:1:service:work', label: 'Travail' },
      ],
      list: null,
      picture: null,
      voiceNote: null,
    });
    const wa = difference?.whatsapp;
    expect(wa?.buttons).toHaveLength(7);
    expect(wa?.list?.button).toBeTruthy();
    expect(wa?.messages.map((m) => m.kind)).toEqual(['picture', 'taps']);
    expect(wa?.picture).toMatch(/^\/media\/triad\/preview_api\/1\/difference\/fr\.png\?sig=[A-Za-z0-9_-]+$/);
    // The path is the one the conversation sends Twilio: the picture route serves it, and a changed one it refuses.
    const pictures = pictureRoutes({ protector: h.deps.protector, surveys: h.deps.directory, logger: h.logger, render: renderTriadPictureOnDemand });
    const png = await pictures.request(wa?.picture ?? '');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await pictures.request((wa?.picture ?? '').replace('/fr.png', '/nl.png'))).status).toBe(404);
    // A draft edited under the same address (saved again before any launch): its picture is drawn anew, never the old one kept.
    const before = new Uint8Array(await png.arrayBuffer());
    const edited = structuredClone(SURVEY);
    const triad = edited.questions[2];
    if (triad?.kind !== 'triad' || !triad.corners) throw new Error('the third question is the triad');
    triad.corners[0] = T('het OCMW', 'le CPAS', 'المركز', 'مرکز');
    expect((await callApi(api, staff, 'POST', '/api/surveys', edited)).status).toBe(201);
    const [, , again] = await messagesOf('language=fr&channel=whatsapp');
    expect(again?.whatsapp?.picture).toBe(wa?.picture);
    const after = new Uint8Array(await (await pictures.request(wa?.picture ?? '')).arrayBuffer());
    expect(after.length).toBeGreaterThan(0);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect((await callApi(api, staff, 'POST', '/api/surveys', SURVEY)).status).toBe(201); // as it was, for the tests after
  }, 60_000);

  it("WhatsApp's limits as the conversation meets them: a question too long for buttons goes as numbered text; long labels cut as the adapter cuts them", async () => {
    const answer = await callApi(api, staff, 'GET', '/api/surveys/preview_limits/versions/1/preview?channel=whatsapp');
    const [many, long] = answer.json?.messages as Message[];
    expect(many?.whatsapp).toMatchObject({ buttons: [], list: null, messages: [{ kind: 'text' }] });
    expect(many?.text).toContain('3. Optie 3');
    expect(many?.text.length).toBeGreaterThan(1024);
    expect(long?.whatsapp?.buttons.map((b) => b.label)).toEqual(['Met de bus van De L…', 'Met de fiets', 'Te voet']);
    expect([...(long?.whatsapp?.buttons[0]?.label ?? '')]).toHaveLength(20);
  });

  it('WhatsApp voice notes: first, with what they say; the options alone after them; a mode staff may try', async () => {
    const [, service] = await messagesOf('language=fr&channel=whatsapp&voiceNotes=voice-first');
    expect(service?.whatsapp?.voiceNote).toEqual({ text: expect.stringContaining('Pour quel service êtes-vous venu ?'), language: 'fr' });
    expect(service?.whatsapp?.messages.map((m) => m.kind)).toEqual(['voice-note', 'taps']);
    expect(service?.text).not.toContain('Pour quel service');
    const [, both] = await messagesOf('language=fr&channel=whatsapp&voiceNotes=voice-and-text');
    expect(both?.whatsapp?.messages.map((m) => m.kind)).toEqual(['voice-note', 'taps']);
    expect(both?.text).toContain('Pour quel service');
    // Persian has no voice (core/calls/voices.ts) and nothing is recorded: the question goes as written, as at the edge.
    const [, fa] = await messagesOf('language=fa&channel=whatsapp&voiceNotes=voice-first');
    expect(fa?.whatsapp?.voiceNote).toBeNull();
    expect(fa?.text).toContain('برای کدام خدمت آمدید؟');
  });

  it('a call: the spoken prompts; a recorded one is played, the others said by the voice', async () => {
    const fr = await messagesOf('language=fr&channel=voice');
    expect(fr[1]?.voice?.prompts).toEqual([{ text: expect.stringContaining('Pour quel service'), language: 'fr', recorded: false }]);
    await h.deps.prompts.put(
      { organisationId: ORG, surveyId: 'preview_api', surveyVersion: 1 },
      { language: 'fa', promptId: 'question.service', audioKey: 'k', contentType: 'audio/mpeg', recordedAt: '2026-11-01T00:00:00.000Z', source: 'upload' },
    );
    const fa = await messagesOf('language=fa&channel=voice');
    expect(fa.map((m) => m.voice?.prompts.map((p) => p.recorded))).toEqual([[false], [true], [false]]);
    expect(fa[1]?.voice?.prompts[0]?.language).toBe('fa');
  });

  it('Arabic reads right to left; a language the survey lacks shows what its speakers get', async () => {
    expect((await get('language=ar&channel=whatsapp')).json).toMatchObject({ language: 'ar', shownIn: 'ar', missing: false, dir: 'rtl', channel: 'whatsapp' });
    const ti = await get('language=ti&channel=whatsapp');
    expect(ti.json).toMatchObject({ language: 'ti', missing: true, shownIn: 'nl', dir: 'ltr' });
  });

  it('bad parameters: 400 naming the field; another organisation: 404', async () => {
    for (const [query, field] of [
      ['channel=fax', 'channel'],
      ['channel=', 'channel'],
      ['channel=whatsapp&voiceNotes=loud', 'voiceNotes'],
      ['language=zz', 'language'],
    ] as const) {
      const answer = await get(query);
      expect(answer.status, query).toBe(400);
      expect(
        answer.json?.errors?.map((e) => e.field),
        query,
      ).toContain(field);
    }
    const other = await h.deps.users.issueToken({ role: 'staff', userId: 'o', organisationId: 'org-other' });
    expect((await callApi(api, other, 'GET', '/api/surveys/preview_api/versions/1/preview?channel=whatsapp')).status).toBe(404);
  });
});
