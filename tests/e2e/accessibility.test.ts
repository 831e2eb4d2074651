import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * axe-core (WCAG 2.0 A/AA and 2.1 A/AA rules) over every page of the dashboard, with real data in it: the
 * demo projects with answered rounds, a voice answer waiting for a person, a project in Tigrinya whose
 * phone prompts are missing, and each form in its error state. Staff in English and Dutch, the
 * coordinator, the interpreter, and the sign-in page in English and French; the participant simulators
 * too (empty, mid-conversation, in a call). A serious or critical violation fails, named by rule and
 * element; at 375 px, with every table opened, the page must not scroll sideways. axe runs inside the page
 * (injected through the DevTools protocol, so the dashboard's CSP stays as it is: no inline script, none
 * but its own file). Every finding, minor ones too, goes to the axe-report artifact.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TIGRINYA = { projectId: 'a11y-tigrinya', name: 'ትግርኛ Toegankelijk', languages: ['ti', 'nl', 'ar'] };

const work = mkdtempSync(join(tmpdir(), 'stem-a11y-e2e-'));
const art = artifactsFor(import.meta.url);

let stack: LocalStack | undefined;
let browser: Browser | undefined;
/** A closed round of the demo project's life (answered, so its "you said, we did" page has people to reach). */
let closedBrugRound = '';

beforeAll(async () => {
  const wav = join(work, 'note.wav');
  const ogg = join(work, 'note.ogg');
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, 'Ik wacht al drie weken op een antwoord.']);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', ogg]);
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
  const s = stack;
  const api = async (path: string, init: { json?: unknown; form?: FormData } = {}) => {
    const response = await fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.tokens.staffDemo}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
      body: init.json ? JSON.stringify(init.json) : init.form,
    });
    expect(response.status, `POST ${path}`).toBeLessThan(300);
  };
  // A project in a language without a spoken voice (its prompts page lists what to record), with people and an open round.
  await api('/api/projects', { json: { ...TIGRINYA, fallbackLanguages: ['nl'], joinCode: 'AXTI' } });
  const list = new FormData();
  list.set(
    'file',
    new Blob(['phone,language,channel\n0476 55 01 01,ti,whatsapp\n0476 55 01 02,ar,sms\n0476 55 01 03,nl,voice\n'], { type: 'text/csv' }),
    'people.csv',
  );
  await api(`/api/projects/${TIGRINYA.projectId}/participants`, { form: list });
  const now = Date.now();
  await api(`/api/projects/${TIGRINYA.projectId}/rounds`, {
    json: {
      label: 'start',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 14 * 86_400_000).toISOString(),
    },
  });
  // A voice answer in the demo waiting for a person (no speech model here): the queue and the round's voice answers show it.
  const send = async (text: string, phone = '+32476550199') =>
    expect(
      (
        await fetch(`${s.url}/simulator/api/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ channel: 'whatsapp', phone, text }),
        })
      ).status,
    ).toBe(200);
  for (const text of ['JOIN DEMO', '1', 'ja', '4', '1']) await send(text);
  const note = new FormData();
  note.set('channel', 'whatsapp');
  note.set('phone', '+32476550199');
  note.set('file', new Blob([readFileSync(ogg)], { type: 'audio/ogg' }), 'note.ogg');
  expect((await fetch(`${s.url}/simulator/api/send-media`, { method: 'POST', body: note })).status).toBe(200);
  await s.voiceQueue.drained();
  // They finish, and four more do: the round's results (its voice answers among them) are released once five have.
  for (const text of ['1', 'Meer uren open', 'ja']) await send(text);
  for (const phone of ['+32476550191', '+32476550192', '+32476550193', '+32476550194']) {
    for (const text of ['JOIN DEMO', '1', 'ja', '3', '1', 'Vriendelijk onthaal', '1', 'Meer uren open', 'ja']) await send(text, phone);
  }
  await s.queue.drained();
  // The demo organisation shares the demo's rows with the network: the coordinator hears of its voice answers.
  await s.deps.sharing.setSharing('demo', { level: 'rows', at: new Date().toISOString(), by: 'staff' });
  const rounds = await s.deps.directory.listRounds('de-brug');
  closedBrugRound = rounds.find((r) => new Date(r.closesAt).getTime() < now)?.roundId ?? '';
  expect(closedBrugRound).not.toBe('');
}, 90_000);

afterAll(() => shutDown({ browser, stack, work }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

interface AxeNode {
  target: unknown[];
}
interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: AxeNode[];
}

/** One short line per rule: id, impact and the first few elements. */
const line = (label: string, v: AxeViolation, kind = ''): string =>
  `${label}: ${kind}${v.id} (${v.impact ?? 'n/a'}) at ${v.nodes
    .slice(0, 3)
    .map((n) => n.target.map(String).join(' '))
    .join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`;

/**
 * axe on the page as it is now (injected once per document through the DevTools protocol, which the
 * page's CSP does not govern): `blocking` are the serious and critical violations; `all` every
 * violation and every check axe could not decide ("incomplete"), for the report.
 */
async function audit(page: Page, label: string): Promise<{ blocking: string[]; all: string[] }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[]; incomplete: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    const slim = (list: AxeViolation[]) => list.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
  }, TAGS);
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return {
    blocking: blocking.map((v) => line(label, v)),
    all: [...result.violations.map((v) => line('', v)), ...result.incomplete.map((v) => line('', v, 'to review: '))],
  };
}

/** A page to check: where to go, and what to do there first (e.g. send a form with mistakes to see its errors). */
interface Visit {
  name: string;
  path: string;
  then?: (page: Page) => Promise<void>;
  /** What the page must show, so a wrong or empty page is not "accessible" by accident. */
  shows: string;
}

const project = (id: string) => `/dashboard/projects/${id}`;
/** A small phone's width in CSS pixels: pages read there without sideways scrolling. */
const NARROW = 375;

/** Every page staff have, each form with its errors shown as well. */
function staffVisits(): Visit[] {
  return [
    { name: 'projects', path: '/dashboard', shows: '[data-testid="create-project"]' },
    {
      name: 'new project, with errors',
      path: '/dashboard',
      shows: '[data-testid="error-summary"]',
      then: async (page) => {
        // Filled in enough for the browser to send it (required fields), wrong for the API.
        await page.locator('#f-projectId').fill('Bad Id');
        await page.locator('#f-name').fill('Wijkproject');
        await page.locator('#f-joinCode').fill('!');
        await page.getByTestId('create-project-submit').click();
        await page.getByTestId('error-summary').waitFor();
      },
    },
    { name: 'project (demo, with a voice answer)', path: project('demo'), shows: '[data-testid="round"]' },
    { name: 'project over three rounds', path: project('de-brug'), shows: '[data-testid="feedback-glance"]' },
    { name: 'project in Tigrinya, with participants', path: project(TIGRINYA.projectId), shows: '[data-testid="participants-by-language"]' },
    {
      name: 'participants import report',
      path: project(TIGRINYA.projectId),
      shows: '[data-testid="rejected-row"]',
      then: async (page) => {
        await page
          .locator('#f-file')
          .setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('phone,language,channel\n0476 55 02 01,ti,sms\n12345,xx,fax\n') });
        await page.getByTestId('import-submit').click();
        await page.getByTestId('import-report').waitFor();
      },
    },
    {
      name: 'launch form, with errors',
      path: project(TIGRINYA.projectId),
      shows: '[data-testid="error-summary"]',
      then: async (page) => {
        await page.locator('#f-label').fill('midway');
        await page.locator('#f-closesAt').fill('2020-01-01T10:00'); // before it opens
        await page.getByTestId('launch-round-submit').click();
        await page.getByTestId('error-summary').waitFor();
      },
    },
    { name: 'summary with charts', path: `${project('de-brug')}/summary`, shows: '[data-testid="ternary-plot"]' },
    { name: 'summary of one round', path: `${project('demo')}/summary`, shows: '[data-testid="summary-overview"]' },
    { name: 'voice answers of a round', path: `${project('demo')}/rounds/demo-start/voice`, shows: '[data-testid="voice-status"]' },
    // The demo's voices go to interpreters of the network: its staff see who hears them, and may change that.
    { name: 'voice queue', path: '/dashboard/voice', shows: '[data-testid="own-listening-form"]' },
    {
      name: 'voice queue, own listening with errors',
      path: '/dashboard/voice',
      shows: '[data-testid="error-summary"]',
      then: async (page) => {
        await page.locator('input[name="on"][value="yes"]').check();
        await page.getByTestId('own-listening-save').click();
        await page.getByTestId('error-summary').waitFor();
      },
    },
    { name: 'phone prompts to record', path: `${project(TIGRINYA.projectId)}/prompts`, shows: 'input[type="file"]' },
    { name: '“you said, we did”', path: `${project('de-brug')}/rounds/${closedBrugRound}/feedback`, shows: 'textarea' },
    { name: 'surveys and templates', path: '/dashboard/surveys', shows: '[data-testid="templates"]' },
    {
      name: 'survey upload, with errors',
      path: '/dashboard/surveys',
      shows: '[data-testid="error-summary"]',
      then: async (page) => {
        await page.locator('#f-definition').fill('{"id": "Bad Id", "version": 1, "questions": []}');
        await page.getByTestId('upload-survey-submit').click();
        await page.getByTestId('error-summary').waitFor();
      },
    },
    { name: 'survey preview (Arabic, right to left)', path: '/dashboard/surveys/energy_checkin/versions/2?language=ar', shows: '[data-testid="preview"]' },
    { name: 'survey preview (Tigrinya)', path: '/dashboard/surveys/energy_checkin/versions/2?language=ti', shows: '[data-testid="preview"]' },
    {
      name: 'survey preview on WhatsApp, voice notes first (Arabic)',
      path: '/dashboard/surveys/energy_checkin/versions/2?language=ar&channel=whatsapp&voiceNotes=voice-first',
      shows: '[data-testid="preview-voice-note"]',
    },
    {
      name: 'survey preview as a call (French)',
      path: '/dashboard/surveys/energy_checkin/versions/2?language=fr&channel=voice',
      shows: '[data-testid="preview-prompt"]',
    },
    { name: 'not found', path: '/dashboard/projects/nobody-here', shows: 'h1' },
  ];
}

const coordinatorVisits = (): Visit[] => [
  { name: 'projects of every organisation', path: '/dashboard', shows: '[data-testid="project-row"]' },
  { name: 'project, results only', path: project('de-brug'), shows: '[data-testid="results"]' },
  { name: 'summary with charts', path: `${project('de-brug')}/summary`, shows: '[data-testid="ternary-plot"]' },
  { name: 'voice answers of a round', path: `${project('demo')}/rounds/demo-start/voice`, shows: 'h1' },
  { name: 'projects compared side by side', path: '/dashboard/network?projects=de-brug&projects=demo', shows: '[data-testid="network-energy-chart"]' },
];

/** An interpreter of another organisation: the demo's voices, told nothing about the demo. */
const interpreterVisits = (): Visit[] => [
  { name: 'voice queue', path: '/dashboard/voice', shows: '[data-testid="voice-item"]' },
  {
    name: 'voice queue, transcript with errors',
    path: '/dashboard/voice',
    shows: '[data-testid="error-summary"]',
    then: async (page) => {
      await page.getByTestId('transcript-submit').first().click();
      await page.getByTestId('error-summary').waitFor();
    },
  },
];

const signInVisits = (): Visit[] => [
  { name: 'sign-in', path: '/dashboard/sign-in', shows: '[data-testid="token"]' },
  {
    name: 'sign-in, wrong token',
    path: '/dashboard/sign-in',
    shows: '[data-field="token"]',
    then: async (page) => {
      await page.getByTestId('token').fill('not-a-token');
      await page.getByTestId('sign-in').click();
      await page.locator('[data-field="token"]').waitFor();
    },
  },
];

/** Every violation of every page checked (minor and moderate too, and what axe could not decide): an artifact to read. */
const report: Record<string, string[]> = {};
afterAll(() => void art.write('axe-report.json', JSON.stringify(report, null, 2)));

/** Sign in (unless `token` is null), then visit each page in the browser's language; the serious and critical violations. */
async function check(
  who: string,
  token: string | null,
  locale: string,
  visits: Visit[],
  opts: { screenshots: boolean; narrow?: boolean } = { screenshots: true },
): Promise<string[]> {
  const { stack, browser } = running();
  const { context, page, errors } = await newPage(browser, { locale, ...(opts.narrow ? { viewport: { width: NARROW, height: 800 } } : {}) });
  try {
    if (token) {
      await page.goto(`${stack.url}/dashboard/sign-in`);
      await page.getByTestId('token').fill(token);
      await page.getByTestId('sign-in').click();
      await page.waitForURL((url) => url.pathname !== '/dashboard/sign-in');
    }
    const found: string[] = [];
    for (const visit of visits) {
      const label = `${who}, ${locale}, ${visit.name}`;
      await page.goto(`${stack.url}${visit.path}`);
      await visit.then?.(page);
      expect(await page.locator(visit.shows).count(), `${label} shows ${visit.shows}`).toBeGreaterThan(0);
      expect(await page.locator('html').getAttribute('lang'), label).toBe(locale.slice(0, 2));
      if (opts.narrow) {
        // Everything shown, the tables on demand too: still no sideways scrolling of the page.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity), `${label}: no sideways scroll`).toBeLessThanOrEqual(NARROW);
      }
      const result = await audit(page, label);
      found.push(...result.blocking);
      report[label] = result.all;
      if (opts.screenshots) await art.shot(page, `${who}-${locale}-${visit.name}${opts.narrow ? `-${NARROW}px` : ''}`);
    }
    expect(errors, `script or CSP errors for ${who}`).toEqual([]);
    return found;
  } finally {
    await context.close();
  }
}

describe('accessibility of the dashboard (axe-core, WCAG 2.1 A and AA)', () => {
  it('sign-in, in English and French', async () => {
    const found = [...(await check('anonymous', null, 'en-GB', signInVisits())), ...(await check('anonymous', null, 'fr-BE', signInVisits()))];
    expect(found).toEqual([]);
  });

  it('the participant simulators (chat and phone call), which people also see in demonstrations', async () => {
    const talk = (channel: 'sms' | 'whatsapp', phone: string) => async (page: Page) => {
      await page.getByTestId(`channel-${channel}`).check();
      await page.getByTestId('phone').fill(phone);
      await page.getByTestId('message-input').fill('JOIN DEMO');
      await page.getByTestId('message-input').press('Enter');
      await page.locator('[data-testid="bubble"][data-from="service"]').waitFor();
    };
    const visits: Visit[] = [
      { name: 'chat simulator', path: '/simulator', shows: '[data-testid="message-input"]' },
      { name: 'chat simulator, on WhatsApp', path: '/simulator', shows: '[data-testid="bubble"]', then: talk('whatsapp', '+32476550197') },
      { name: 'chat simulator, by SMS', path: '/simulator', shows: '[data-testid="bubble"]', then: talk('sms', '+32476550196') },
      { name: 'call simulator', path: '/simulator/call', shows: '[data-testid="call-start"]' },
      {
        name: 'call simulator, in a call',
        path: '/simulator/call',
        shows: '[data-testid="said"]',
        then: async (page) => {
          await page.getByTestId('phone').fill('+32476550195');
          await page.getByTestId('call-start').click();
          await page.getByTestId('call-hangup').waitFor({ state: 'visible' });
          await page.getByTestId('said').first().waitFor();
        },
      },
    ];
    expect(await check('participant', null, 'en-GB', visits)).toEqual([]);
  });

  it('axe runs in the dashboard under its CSP and finds what is wrong (a picture without text, grey on grey)', async () => {
    const { stack, browser } = running();
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${stack.url}/dashboard/sign-in`);
      await page.evaluate(() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        const faint = document.createElement('p');
        faint.textContent = 'Barely readable';
        // Through the CSSOM: a style attribute in markup would be refused by the CSP.
        faint.style.color = '#bbb';
        faint.style.background = '#ccc';
        document.querySelector('main')?.append(img, faint);
      });
      const { blocking } = await audit(page, 'planted');
      expect(blocking.map((l) => l.split(' ')[1])).toEqual(expect.arrayContaining(['image-alt', 'color-contrast']));
    } finally {
      await context.close();
    }
  });

  it('every staff page, in English', async () => {
    expect(await check('staff', running().stack.tokens.staffDemo, 'en-GB', staffVisits())).toEqual([]);
  });

  it('the staff pages with the most text and every form error, in Dutch', async () => {
    // Only the pages whose content changes with the UI language: the rest are the same markup with other words.
    const again = new Set([
      'projects',
      'new project, with errors',
      'project over three rounds',
      'participants import report',
      'launch form, with errors',
      'summary with charts',
      'voice queue, own listening with errors',
      'phone prompts to record',
      '“you said, we did”',
      'survey upload, with errors',
    ]);
    expect(
      await check(
        'staff',
        running().stack.tokens.staffDemo,
        'nl-BE',
        staffVisits().filter((v) => again.has(v.name)),
        { screenshots: false },
      ),
    ).toEqual([]);
  });

  it(`at ${NARROW} px: the project pages and the summaries (charts, the tables opened), staff in Dutch and the coordinator in French`, async () => {
    const { stack } = running();
    const narrow = new Set(['project (demo, with a voice answer)', 'project over three rounds', 'summary with charts', 'summary of one round']);
    const found = [
      ...(await check(
        'staff',
        stack.tokens.staffDemo,
        'nl-BE',
        staffVisits().filter((v) => narrow.has(v.name)),
        { screenshots: true, narrow: true },
      )),
      ...(await check(
        'coordinator',
        stack.tokens.coordinator,
        'fr-BE',
        coordinatorVisits().filter((v) => narrow.has(v.name)),
        { screenshots: true, narrow: true },
      )),
    ];
    expect(found).toEqual([]);
  });

  it('the coordinator’s pages (French) and the interpreter’s (Dutch)', async () => {
    const { stack } = running();
    const found = [
      ...(await check('coordinator', stack.tokens.coordinator, 'fr-BE', coordinatorVisits())),
      ...(await check('interpreter', stack.tokens.interpreterExemple, 'nl-BE', interpreterVisits())),
    ];
    expect(found).toEqual([]);
  });
});
