import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { apiApp } from '../../http/api/api-app.js';
import en from '../../locales/en/translation.json' with { type: 'json' };
import serviceFeedback from '../../flows/templates/service-feedback.json' with { type: 'json' };
import { startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';

/**
 * A launch checks languages (issue 20, item 5): a survey that lacks a project language is refused, saying
 * which languages and what those participants would get, until staff confirm; a plan of rounds likewise,
 * before anything is written. Once launched, a Tigrinya participant of an English survey never gets a
 * message that mixes Tigrinya with English (the bug the issue reports: Tigrinya greetings, English
 * questions, Tigrinya answer options). A preview in a missing language says what is shown instead.
 */

let h: Harness;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let staff = '';
const TI = '+32470990001';
const UK = '+32470990002';
const NL = '+32470990003';
/** Ge'ez (Tigrinya) and Cyrillic (Ukrainian) letters: none may stand in a message beside English survey text. */
const GEEZ = /[\u1200-\u137f]/u;
const CYRILLIC = /[\u0400-\u04ff]/u;

/** Every English text of the survey: questions and options. */
const SURVEY_ENGLISH = serviceFeedback.questions.flatMap((q) => [
  q.text.en,
  ...('options' in q && Array.isArray(q.options) ? (q.options as Array<{ label: { en: string } }>).map((o) => o.label.en) : []),
]);
const staffApi = (method: string, path: string, body?: Record<string, unknown> | string, type?: string) => callApi(api, staff, method, path, body, type);
const ROUND = {
  label: 'start',
  surveyId: 'service_feedback', // nl, fr, en: no Tigrinya, no Ukrainian
  surveyVersion: 1,
  opensAt: '2026-11-23T10:00:00.000Z',
  closesAt: '2026-12-07T17:00:00.000Z',
};

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-lang' });
  const created = await staffApi('POST', '/api/projects', {
    projectId: 'talen',
    name: 'Talen',
    languages: ['nl', 'ti', 'uk'],
    fallbackLanguages: ['en', 'nl'],
    joinCode: 'TALEN1',
  });
  expect(created.status).toBe(201);
  // The organisation's own survey, written in Dutch, French and English only.
  expect((await staffApi('POST', '/api/surveys', serviceFeedback)).status).toBe(201);
  const csv = `phone;language;channel\n${TI};ti;sms\n${UK};uk;sms\n${NL};nl;sms\n`;
  expect((await staffApi('POST', '/api/projects/talen/participants', csv, 'text/csv')).status).toBe(200);
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('launching a round checks its languages', () => {
  it('without confirmation: 409 naming the field, each missing language and what those participants would get; nothing is written', async () => {
    const refused = await staffApi('POST', '/api/projects/talen/rounds', ROUND);
    expect(refused.status).toBe(409);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.json?.missingLanguages).toEqual([
      { language: 'ti', getsLanguage: 'en' },
      { language: 'uk', getsLanguage: 'en' },
    ]);
    expect(refused.json?.errors?.map((e) => e.field)).toEqual(['acceptMissingLanguages', 'acceptMissingLanguages']);
    expect(refused.json?.errors?.[0]?.message).toContain('ti');
    expect(String(refused.json?.detail)).toContain('acceptMissingLanguages');
    // Confirming one of two is not enough.
    const half = await staffApi('POST', '/api/projects/talen/rounds', { ...ROUND, acceptMissingLanguages: ['ti'] });
    expect(half.status).toBe(409);
    expect(half.json?.missingLanguages).toHaveLength(2);
    // Not a language at all: 400 naming the field.
    expect((await staffApi('POST', '/api/projects/talen/rounds', { ...ROUND, acceptMissingLanguages: ['xx'] })).json?.errors?.[0]?.field).toBe(
      'acceptMissingLanguages[0]',
    );
    expect((await staffApi('GET', '/api/projects/talen/rounds')).json?.rounds).toEqual([]);
    expect(outbox.count()).toBe(0);
  });

  it('with confirmation: launched, the gaps said in the answer', async () => {
    const launched = await staffApi('POST', '/api/projects/talen/rounds', { ...ROUND, acceptMissingLanguages: ['uk', 'ti'] });
    expect(launched.status).toBe(201);
    expect(launched.json).toMatchObject({
      invitations: 3,
      languageGaps: [
        { language: 'ti', getsLanguage: 'en' },
        { language: 'uk', getsLanguage: 'en' },
      ],
      quietUntil: null,
    });
    await queue.drained();
    expect(outbox.count()).toBe(3);
  });

  it('no message to the Tigrinya or Ukrainian participant mixes their language with English', async () => {
    for (const phone of [TI, UK]) {
      const script = phone === TI ? GEEZ : CYRILLIC;
      const messages = [...outbox.list(phone).map((m) => m.text)];
      for (const text of ['hello', '1', '1', '3']) messages.push(...(await h.send({ channel: 'sms', phone, text })).replies);
      // The questions came, in English…
      expect(messages.some((m) => m.includes('Will you take part?'))).toBe(true);
      expect(messages.some((m) => m.includes('Which service did you come for last time?'))).toBe(true);
      expect(messages.some((m) => m.includes(en.hint.number.split('{{')[0] ?? '') || m.includes('How many'))).toBe(true);
      // …and every message holds one language: no letter of theirs beside English survey text.
      const english = messages.filter((m) => SURVEY_ENGLISH.some((t) => m.includes(t)));
      expect(english.length).toBeGreaterThanOrEqual(3);
      for (const m of english) expect(m, m).not.toMatch(script);
    }
    // A Dutch participant reads Dutch throughout.
    const dutch = (await h.send({ channel: 'sms', phone: NL, text: 'hallo' })).replies.join('\n');
    expect(dutch).toContain('Doe je mee?');
  });

  it('a plan of rounds is checked whole before the project is written', async () => {
    const body = {
      projectId: 'gepland',
      name: 'Gepland',
      languages: ['nl', 'ti'],
      joinCode: 'PLAN01',
      plan: {
        kind: 'phases',
        start: { opensAt: '2026-12-01T09:00:00.000Z', closesAt: '2026-12-10T17:00:00.000Z', surveyId: 'service_feedback', surveyVersion: 1 },
      },
    };
    const refused = await staffApi('POST', '/api/projects', body);
    expect(refused.status).toBe(409);
    expect(refused.json?.missingLanguages).toEqual([{ language: 'ti', getsLanguage: 'en' }]);
    expect((await staffApi('GET', '/api/projects/gepland')).status).toBe(404);
    const created = await staffApi('POST', '/api/projects', { ...body, acceptMissingLanguages: ['ti'] });
    expect(created.status).toBe(201);
    expect((created.json?.rounds as Array<{ languageGaps: unknown }>)[0]?.languageGaps).toEqual([{ language: 'ti', getsLanguage: 'en' }]);
  });

  it('a preview in a language the survey lacks says so, and shows what those participants get', async () => {
    const preview = await staffApi('GET', '/api/surveys/service_feedback/versions/1/preview?language=ti&projectId=talen');
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ language: 'ti', missing: true, shownIn: 'en', dir: 'ltr' });
    const messages = preview.json?.messages as Array<{ text: string }>;
    expect(messages[0]?.text).toContain('Will you take part?');
    for (const m of messages) expect(m.text).not.toMatch(GEEZ);
    // Without a project: the participant's chain is theirs, then English.
    expect((await staffApi('GET', '/api/surveys/service_feedback/versions/1/preview?language=uk')).json).toMatchObject({ missing: true, shownIn: 'en' });
    // One of its own languages: as before.
    expect((await staffApi('GET', '/api/surveys/service_feedback/versions/1/preview?language=fr')).json).toMatchObject({ missing: false, shownIn: 'fr' });
    // No participant language at all: 400 naming the field; another organisation's project: 404.
    expect((await staffApi('GET', '/api/surveys/service_feedback/versions/1/preview?language=zz')).json?.errors?.[0]?.field).toBe('language');
    const other = await h.deps.users.issueToken({ role: 'staff', userId: 'o', organisationId: 'org-other' });
    expect((await callApi(api, other, 'GET', '/api/surveys/service_feedback/versions/1/preview?language=ti&projectId=talen')).status).toBe(404);
  });
});
