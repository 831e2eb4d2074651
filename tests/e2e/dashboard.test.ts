import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { parseCsv } from '../../adapters/csv/rfc4180-reader.js';
import { createTexts } from '../../core/texts.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { axeBlocking } from './support/dashboard-checks.js';
import { contactAtAnyHour } from './support/quiet-hours.js';

/**
 * The staff dashboard in a real browser against the real local stack (DynamoDB Local included): staff of
 * OCMW Demo create a project, import participants, launch a round; the Dutch participant answers in the
 * simulator; staff see progress and download the CSV; another organisation gets 404; the coordinator
 * sees results but no participants; the UI speaks French; an Arabic preview reads right to left.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

const PROJECT = { id: 'pilot-gent', name: 'Pilot Gent', joinCode: 'PILOTGENT', whatsappAr: 'HXpilotar01' };
const DUTCH_SMS = '+32470123401';
const ARABIC_WHATSAPP = '+32470123402';
/** Two valid rows (written as staff type them) and one with a bad number, language and channel. */
const CSV = `phone,language,channel\n0470 12 34 01,nl,sms\n+32 470 12 34 02,ar,whatsapp\n12345,xx,fax\n`;

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let staff: { context: BrowserContext; page: Page; errors: string[] } | undefined;
let roundId = '';

const texts = createTexts();

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  try {
    await staff?.context.close();
    await browser?.close();
  } finally {
    await stack?.stop();
  }
}, 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

/** A fresh browser (own cookies), English by Accept-Language, collecting script and CSP errors. */
async function openBrowser(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  return newPage(running().browser, { locale });
}

async function signIn(page: Page, token: string): Promise<void> {
  const { stack } = running();
  await page.goto(`${stack.url}/dashboard`);
  expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}/dashboard`);
}

function staffPage(): Page {
  if (!staff) throw new Error('staff did not sign in');
  return staff.page;
}

const projectUrl = () => `${running().stack.url}/dashboard/projects/${PROJECT.id}`;

/** The demo organisation shares the project's rows with the network, so its coordinator may download them (the default is the summary). */
async function shareRows(url: string, token: string, projectId: string): Promise<void> {
  const shared = await fetch(`${url}/api/projects/${projectId}/sharing`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ level: 'rows' }),
  });
  if (shared.status !== 200) throw new Error(`sharing the rows: ${shared.status}`);
}

describe('dashboard (Chromium, local stack)', () => {
  it('refuses a POST from another site, and a page without a session sends to sign-in', async () => {
    const { stack } = running();
    const cookie = `stem_token=${stack.tokens.staffDemo}`;
    const body = new URLSearchParams({ projectId: 'evil', name: 'Evil', languages: 'nl', joinCode: 'EVIL' }).toString();
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const crossSite = await fetch(`${stack.url}/dashboard/projects`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://evil.example' },
      body,
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await fetch(`${stack.url}/dashboard/projects`, { method: 'POST', headers, body, redirect: 'manual' });
    expect(noOrigin.status).toBe(403);
    expect((await stack.deps.directory.getProject('evil')) ?? null).toBeNull();

    const anonymous = await fetch(`${stack.url}/dashboard/projects/demo`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/dashboard/sign-in?next=%2Fdashboard%2Fprojects%2Fdemo');
  });

  it('staff sign in (HttpOnly, SameSite=Strict cookie) and create a project', async () => {
    const { stack } = running();
    staff = await openBrowser();
    const { page, context } = staff;

    // A wrong token is named next to the field.
    await page.goto(`${stack.url}/dashboard/sign-in`);
    await page.getByTestId('token').fill('not-a-token');
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.locator('[data-field="token"]').textContent()).toContain('not valid');

    await signIn(page, stack.tokens.staffDemo);
    const cookie = (await context.cookies()).find((c) => c.name === 'stem_token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect(await page.locator('h1').textContent()).toBe('Projects');
    expect(await page.getByTestId('who').textContent()).toContain('OCMW Demo');

    // First with a bad join code and SID: the API's field errors show next to those fields, input is kept.
    await page.locator('#f-projectId').fill(PROJECT.id);
    await page.locator('#f-name').fill(PROJECT.name);
    for (const code of ['nl', 'ar', 'fr']) await page.locator(`input[name="languages"][value="${code}"]`).check();
    await page.locator('#f-fallbackLanguages').fill('nl');
    await page.locator('#f-joinCode').fill('P!');
    await page.locator('#f-whatsappTemplates-ar').fill('not-a-sid');
    await page.locator('#f-callNumber').fill('09 123');
    await page.getByTestId('create-project-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('[data-field="callNumber"]').textContent()).toContain('E.164');
    expect(await page.locator('[data-field="joinCode"]').textContent()).toContain('3–12 letters or digits');
    expect(await page.locator('[data-field="whatsappTemplates.ar"]').textContent()).toContain('Content SID');
    expect(await page.locator('#f-joinCode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-name').inputValue()).toBe(PROJECT.name);
    expect(await page.locator('input[name="languages"][value="ar"]').isChecked()).toBe(true);
    await page.locator('[data-testid="create-project"]').screenshot({ path: '/tmp/dashboard-create-errors.png' });

    await page.locator('#f-joinCode').fill(PROJECT.joinCode);
    await page.locator('#f-whatsappTemplates-ar').fill(PROJECT.whatsappAr);
    await page.locator('#f-callNumber').fill('+32 9 555 01 11'); // written as people do
    await page.getByTestId('create-project-submit').click();
    await page.waitForURL(`${projectUrl()}?done=created`);
    expect(await page.locator('h1').textContent()).toBe(PROJECT.name);
    expect(await page.getByTestId('notice').textContent()).toBe('The project was created.');
    expect(await stack.deps.directory.getProject(PROJECT.id)).toMatchObject({
      organisationId: 'demo-ocmw',
      languages: ['nl', 'fr', 'ar'],
      whatsappTemplates: { ar: PROJECT.whatsappAr },
      callNumber: '+3295550111',
    });
    expect(await stack.deps.catalog.projectIdByCallNumber('+3295550111')).toBe(PROJECT.id);
    // Nights by default; this test sends invitations at whatever hour it runs.
    expect(await page.getByTestId('quiet-state').textContent()).toContain('nights, 21:00 to 09:00');
    await contactAtAnyHour(page);
    expect((await stack.deps.directory.getProject(PROJECT.id))?.quietHours).toEqual({ timeZone: 'Europe/Brussels', blocks: [] });
  });

  it('imports participants: all-or-nothing reports the bad row and imports nothing; valid-only imports the rest', async () => {
    const page = staffPage();
    const upload = async (mode: 'all-or-nothing' | 'valid-only') => {
      await page.locator('#f-file').setInputFiles({ name: 'participants.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
      await page.locator(`input[name="mode"][value="${mode}"]`).check();
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-report').waitFor();
    };

    await upload('all-or-nothing');
    const report = page.getByTestId('import-report');
    expect(await report.getAttribute('data-imported')).toBe('false');
    expect(await page.getByTestId('import-outcome').textContent()).toContain('Nothing was imported (3 rows)');
    const rejected = await page
      .getByTestId('rejected-row')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
    expect(rejected).toEqual([
      ['4', 'phone', 'not a valid phone number'],
      ['4', 'language', 'not one of this project’s languages'],
      ['4', 'channel', 'channel is not sms, whatsapp or voice'],
    ]);
    expect(await page.getByTestId('participant-count').textContent()).toContain('0 participants');
    await report.screenshot({ path: '/tmp/dashboard-import-report.png' });

    await upload('valid-only');
    expect(await report.getAttribute('data-imported')).toBe('true');
    expect(await page.getByTestId('import-outcome').textContent()).toBe('2 of 3 rows imported.');
    expect(await page.getByTestId('participant-count').textContent()).toContain('2 participants');
    const byChannel = await page.getByTestId('participants-by-channel').locator('tbody tr').allInnerTexts();
    // One each: too few to show (k = 5).
    expect(byChannel.map((r) => r.replace(/\s+/g, ' ').trim()).sort()).toEqual(['SMS hidden: fewer than 5 people', 'WhatsApp hidden: fewer than 5 people']);
    const byLanguage = await page.getByTestId('participants-by-language').locator('tbody tr').allInnerTexts();
    expect(byLanguage.map((r) => r.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Nederlands hidden: fewer than 5 people',
      'العربية hidden: fewer than 5 people',
    ]);

    const html = await page.content();
    for (const digits of ['470123401', '470123402', '470 12 34']) expect(html).not.toContain(digits);
  });

  it('launches a round of a template: invitations reach each participant in their language', async () => {
    const { stack } = running();
    const page = staffPage();
    await page.locator('#f-label').fill('start');
    await page.locator('#f-survey').selectOption('energy_checkin@2');
    await page.getByTestId('launch-round-submit').click();
    await page.waitForURL(/done=launched/);
    expect(await page.getByTestId('notice').textContent()).toContain('The round was launched');
    roundId = (await page.getByTestId('round').first().getAttribute('data-round-id')) ?? '';
    expect(roundId).toMatch(/^start-\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('round-state').first().textContent()).toBe('open');

    await stack.queue.drained();
    const dutch = stack.outbox?.list(DUTCH_SMS) ?? [];
    const arabic = stack.outbox?.list(ARABIC_WHATSAPP) ?? [];
    expect(dutch.map((m) => [m.channel, m.text])).toEqual([['sms', texts.t('invite.text', ['nl', 'nl', 'en'], { project: PROJECT.name })]]);
    expect(arabic.map((m) => [m.channel, m.text, m.template?.contentSid])).toEqual([
      ['whatsapp', texts.t('invite.text', ['ar', 'nl', 'en'], { project: PROJECT.name }), PROJECT.whatsappAr],
    ]);
    expect(arabic[0]?.text).toMatch(/[\u0621-\u064A]/);

    await page.reload();
    expect(await page.getByTestId('total-invited').first().textContent()).toBe('2');
  });

  it('the Dutch participant answers over SMS in the simulator, which shows the invitation from the outbox; the staff page’s bars follow by themselves', async () => {
    const { stack } = running();
    // Staff keep the project page open, its clock in the test's hands (the bars are asked for again every 15 s).
    const staffView = staffPage();
    await staffView.clock.install();
    await staffView.goto(projectUrl());
    const bars = staffView.locator(`[data-testid="progress-bars"][data-round-id="${roundId}"]`);
    expect(await bars.getAttribute('data-glance-refresh')).toBe(`/dashboard/projects/${PROJECT.id}/rounds/${roundId}/progress`);
    expect(await bars.getByTestId('total-completed').textContent()).toBe('0');
    expect(await bars.locator('[data-metric="completed"] progress').getAttribute('value')).toBe('0');
    // Only with the script: it says the numbers update themselves.
    expect(await bars.locator('[data-glance-auto]').isVisible()).toBe(true);
    await staffView.evaluate(() => Object.assign(window, { notReloaded: true }));
    const { context, page, errors } = await openBrowser('nl-BE');
    try {
      await page.setViewportSize({ width: 400, height: 800 });
      await page.goto(`${stack.url}/simulator`);
      await page.getByTestId('channel-sms').check();
      await page.getByTestId('phone').fill(DUTCH_SMS);
      const invitation = page.locator('[data-testid="bubble"][data-kind="outbox"]');
      await invitation.waitFor({ timeout: 10_000 });
      expect(await invitation.textContent()).toContain(PROJECT.name);
      expect(await invitation.getAttribute('data-from')).toBe('service');
      expect(await page.getByTestId('outbox-tag').textContent()).toContain('invitation');
      await page.screenshot({ path: '/tmp/dashboard-simulator-invitation.png' });

      const say = async (text: string): Promise<string> => {
        const before = await page.getByTestId('bubble').count();
        await page.getByTestId('message-input').fill(text);
        await page.getByTestId('message-input').press('Enter');
        await page.waitForFunction(
          (n) => {
            const thread = document.querySelector('[data-testid="thread"]');
            return thread?.getAttribute('aria-busy') === 'false' && thread.querySelectorAll('[data-testid="bubble"]').length >= n + 2;
          },
          before,
          { timeout: 15_000 },
        );
        return (await page.locator('[data-testid="bubble"][data-from="service"]').last().textContent()) ?? '';
      };
      expect(await say('hallo')).toContain('Doe je mee?');
      expect(await say('ja')).toContain('Hoeveel energie');
      expect(await say('4')).toContain('Wat geeft je energie');
      expect(await say('Meer rust thuis')).toBe(texts.t('thanks.completed', ['nl', 'nl', 'en']));
      await page.screenshot({ path: '/tmp/dashboard-simulator-outbox.png' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // The staff page was not reloaded: after the next poll its bars say one of the two invited has completed.
    await staffView.clock.fastForward(16_000);
    await expect.poll(() => bars.getByTestId('total-completed').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await staffView.evaluate(() => 'notReloaded' in window)).toBe(true);
    const completed = staffView.locator(`[data-testid="progress-bars"][data-round-id="${roundId}"] [data-metric="completed"]`);
    expect((await completed.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Completed, of those invited 1 of 2 (50%)');
    expect(await completed.locator('progress').evaluate((p: HTMLProgressElement) => [p.max, p.value])).toEqual([2, 1]);
    await staffView.locator(`[data-testid="round"][data-round-id="${roundId}"]`).screenshot({ path: '/tmp/dashboard-progress-live.png' });
    expect(staff?.errors).toEqual([]);
  });

  it('staff see the progress and download the round CSV: answers, a BOM, no phone number', async () => {
    const page = staffPage();
    await page.goto(projectUrl());
    const round = page.locator(`[data-testid="round"][data-round-id="${roundId}"]`);
    expect(await round.getByTestId('total-completed').textContent()).toBe('1');
    expect(await round.getByTestId('total-started').textContent()).toBe('1');
    expect(await round.getByTestId('total-invited').textContent()).toBe('2');
    // Each round links its "you said, we did" (tests/e2e/feedback-page.test.ts); nothing written yet.
    expect(await round.getByTestId('feedback-glance').getAttribute('data-state')).toBe('none');
    await page.screenshot({ path: '/tmp/dashboard-project.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-round-${roundId}`).click()]);
    expect(download.suggestedFilename()).toBe('pilot-gent-start-results.csv');
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1);
    const [header, ...rows] = parseCsv(csv);
    // The columns staff know, in this order; later columns (e.g. whether the person finished) may follow.
    expect(header?.slice(0, 12)).toEqual([
      'respondent_code',
      'round',
      'language',
      'channel',
      'question_id',
      'question_text',
      'answer',
      'status',
      'voice',
      'transcript',
      'translation',
      'day',
    ]);
    // One person has finished: results are released once five have, so the file holds the header only.
    expect(rows).toEqual([]);
    expect(csv).not.toContain('Meer rust thuis');
    for (const digits of ['470123401', '470123402', '+32']) expect(csv).not.toContain(digits);
    expect(csv).not.toMatch(/\b(SM|MM)[0-9a-f]{32}\b/);

    // The same answers as a workbook and one row per person: released people only, so headers only here too.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-round-xlsx-${roundId}`).click()]);
    expect(xlsx.suggestedFilename()).toBe('pilot-gent-start-results.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    expect(book.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['answers', 1],
      ['respondents', 1],
      ['questions', expect.any(Number)],
      ['codebook', 6], // the header and TOPOI's five codes
      ['codes', 1],
    ]);
    expect(book.getWorksheet('answers')?.getRow(1).getCell(1).value).toBe('respondent_code');
    const [wide] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-round-wide-${roundId}`).click()]);
    expect(wide.suggestedFilename()).toBe('pilot-gent-start-results-wide.csv');
    const wideRows = parseCsv((await readFile(await wide.path())).toString('utf8').slice(1));
    expect(wideRows).toHaveLength(1);
    expect(wideRows[0]?.slice(0, 6)).toEqual(['respondent_code', 'round', 'language', 'channel', 'day', 'completed']);

    // Closing the round: it says so, and the button is gone.
    await round.getByTestId('close-round').click();
    await page.waitForURL(/done=closed/);
    expect(await page.getByTestId('notice').textContent()).toContain('The round is closed');
    expect(await round.getByTestId('round-state').textContent()).toBe('closed');
    expect(await round.getByTestId('close-round').count()).toBe(0);
  });

  it('survey pages: a bad definition shows its field errors; the Arabic preview reads right to left', async () => {
    const { stack } = running();
    const page = staffPage();
    await page.goto(`${stack.url}/dashboard/surveys`);
    expect(await page.locator('h1').textContent()).toBe('Surveys');
    await page.locator('#f-definition').fill(JSON.stringify({ id: 'Bad Id', version: 1, title: { nl: 'Test' }, languages: ['nl', 'ar'], questions: [] }));
    await page.getByTestId('upload-survey-submit').click();
    await page.getByTestId('error-summary').waitFor();
    const definitionErrors = (await page.locator('[data-field="definition"]').textContent()) ?? '';
    expect(definitionErrors).toContain('id');
    expect(definitionErrors).toContain('title.ar');
    await page.locator('[data-testid="upload-survey"]').screenshot({ path: '/tmp/dashboard-survey-errors.png' });

    await page.locator('#f-template').selectOption('statement_probe');
    await page.locator('#f-surveyId').fill('pilot_statement');
    await page.locator('[data-testid="from-template"] button[type="submit"]').click();
    await page.waitForURL(/done=saved/);
    expect(await page.getByTestId('notice').textContent()).toBe('The survey was saved.');
    const saved = page.locator('[data-testid="own-surveys"] [data-survey-id="pilot_statement"]');
    expect(await saved.getByTestId('survey-state').textContent()).toBe('editable');

    await page
      .locator('[data-testid="templates"] [data-testid="survey-row"][data-survey-id="energy_checkin"] [data-testid="preview-link"][data-language="ar"]')
      .click();
    const preview = page.getByTestId('preview');
    expect(await preview.getAttribute('dir')).toBe('rtl');
    expect(await preview.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    const bubbles = await page.getByTestId('preview-bubble').locator('.bubble').allTextContents();
    expect(bubbles).toHaveLength(3);
    expect(bubbles[1]).toContain('كم لديك من الطاقة');
    await page.screenshot({ path: '/tmp/dashboard-preview-ar.png', fullPage: true });

    // The same survey on WhatsApp, by its tab (the language stays): the consent's buttons drawn, not clickable.
    await page.locator('[data-testid="preview-channel"][data-channel="whatsapp"]').click();
    await page.waitForURL(/channel=whatsapp/);
    expect(new URL(page.url()).searchParams.get('language')).toBe('ar');
    const consentButtons = page.locator('[data-testid="preview-bubble"][data-question-id="consent"] [data-testid="preview-button"]');
    expect(await consentButtons.count()).toBe(2);
    expect(await consentButtons.first().evaluate((e) => e.tagName)).toBe('SPAN');

    // A survey with a triad, saved in the organisation: on WhatsApp its picture shows (the signed picture the
    // conversation sends, inlined: the page takes images from data: only), under the voice note that says it.
    await page.goto(`${stack.url}/dashboard/surveys`);
    await page.locator('#f-template').selectOption('story_signifiers');
    await page.locator('#f-surveyId').fill('pilot_story');
    await page.locator('[data-testid="from-template"] button[type="submit"]').click();
    await page.waitForURL(/done=saved/);
    await page.locator('[data-testid="own-surveys"] [data-survey-id="pilot_story"] [data-testid="preview-link"][data-language="ar"]').click();
    await page.locator('[data-testid="preview-channel"][data-channel="whatsapp"]').click();
    await page.locator('[data-testid="preview-voice-notes"][data-mode="voice-first"]').click();
    await page.waitForURL(/voiceNotes=voice-first/);
    const triad = page.locator('[data-testid="preview-bubble"][data-question-id="difference"]');
    const picture = triad.getByTestId('preview-picture');
    await picture.waitFor();
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await triad.getByTestId('preview-button').count()).toBe(7);
    expect(await triad.getByTestId('preview-voice-note').textContent()).toContain('ما الذي أحدث الفرق في هذه القصة؟');
    expect(await page.getByTestId('preview').getAttribute('dir')).toBe('rtl');
    expect(await axeBlocking(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/dashboard-preview-whatsapp-ar.png', fullPage: true });
    expect(staff?.errors).toEqual([]);
  });

  it('staff of another organisation get 404 on the project, and do not see it listed', async () => {
    const { stack } = running();
    const { context, page } = await openBrowser();
    try {
      await signIn(page, stack.tokens.staffExemple);
      expect(await page.getByTestId('project-row').allTextContents()).not.toContainEqual(expect.stringContaining(PROJECT.name));
      const response = await page.goto(projectUrl());
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Not found');
      expect(await page.content()).not.toContain(PROJECT.name);
      const csv = await context.request.get(`${stack.url}/api/projects/${PROJECT.id}/rounds/${roundId}/results.csv`);
      expect(csv.status()).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('the coordinator sees rounds, progress, results and the summary, but no participants', async () => {
    const { stack } = running();
    await shareRows(stack.url, stack.tokens.staffDemo, PROJECT.id);
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.coordinator);
      expect(await page.getByTestId('who').textContent()).toContain('coordinator');
      await page.getByRole('link', { name: PROJECT.name, exact: true }).click();
      await page.waitForURL(projectUrl());
      expect(await page.getByTestId('round').count()).toBe(1);
      // Coordinators see totals only, and a count under 5 hidden, said in words (k-anonymity): no bar, no share.
      expect(await page.getByTestId('total-completed').textContent()).toBe('hidden: fewer than 5 people');
      expect(await page.locator('[data-metric="completed"] progress').count()).toBe(0);
      expect(await page.getByText('By language').count()).toBe(0);
      expect(await page.getByTestId('results').isVisible()).toBe(true);
      expect(await page.getByTestId('participants').count()).toBe(0);
      expect(await page.getByTestId('import-form').count()).toBe(0);
      expect(await page.locator('input[type="file"]').count()).toBe(0);
      expect(await page.getByTestId('launch-round').count()).toBe(0);
      expect(await page.getByTestId('close-round').count()).toBe(0);
      expect(await page.getByTestId('feedback-link').count()).toBe(0);
      await page.screenshot({ path: '/tmp/dashboard-coordinator.png', fullPage: true });

      const csv = await context.request.get(`${stack.url}/api/projects/${PROJECT.id}/results.csv`);
      expect(csv.status()).toBe(200);
      expect(await csv.text()).not.toContain('Meer rust thuis'); // not released: one of five has finished

      await page.getByTestId('summary-link').click();
      expect(await page.locator('h1').textContent()).toBe(`Summary — ${PROJECT.name}`);
      const energy = page.locator('[data-testid="summary-question"][data-question-id="energy"]');
      // One respondent: hidden, in words, in the table the card opens on demand.
      expect(await energy.locator('tbody tr').first().isVisible()).toBe(false);
      await energy.locator('summary').click();
      expect(await energy.locator('tbody tr').first().textContent()).toContain('hidden: fewer than 5 people');
      await page.screenshot({ path: '/tmp/dashboard-summary.png', fullPage: true });

      // The participant list is not there for coordinators, in the API either.
      const list = await context.request.get(`${stack.url}/api/projects/${PROJECT.id}/participants`);
      expect(list.status()).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('staff plan start, midway and end when creating a project; the summary compares the rounds', async () => {
    const { stack } = running();
    const page = staffPage();
    await page.goto(`${stack.url}/dashboard`);
    const plan = page.getByTestId('plan-rounds');
    // Nothing planned by default: the dates are not shown (a stylesheet rule; without it they are all there).
    expect(await plan.locator('input[name="plan"][value="none"]').isChecked()).toBe(true);
    expect(await plan.locator('.plan-phases').isVisible()).toBe(false);
    await page.locator('#f-projectId').fill('plan-gent');
    await page.locator('#f-name').fill('Plan Gent');
    await page.locator('input[name="languages"][value="nl"]').check();
    await page.locator('#f-joinCode').fill('PLANGENT');

    // Every week, each round open ten days: they would overlap, and the API names the field.
    await plan.locator('input[name="plan"][value="repeat"]').check();
    expect(await plan.locator('.plan-repeat').isVisible()).toBe(true);
    expect(await plan.locator('.plan-phases').isVisible()).toBe(false);
    await page.locator('#f-plan-everyWeeks').fill('1');
    await page.locator('#f-plan-openDays').fill('10');
    await page.getByTestId('create-project-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('[data-field="plan.openDays"]').textContent()).toContain('at most 7 days');
    expect(await page.locator('#f-plan-openDays').getAttribute('aria-invalid')).toBe('true');
    expect((await stack.deps.directory.getProject('plan-gent')) ?? null).toBeNull();

    // Start, midway and end with the proposed dates and surveys.
    await plan.locator('input[name="plan"][value="phases"]').check();
    expect(await plan.locator('.plan-phases').isVisible()).toBe(true);
    expect(await page.locator('#f-plan-end-survey').inputValue()).toMatch(/^end_evaluation@\d+$/);
    await page.locator('[data-testid="create-project"]').screenshot({ path: '/tmp/dashboard-plan.png' });
    await page.getByTestId('create-project-submit').click();
    await page.waitForURL(`${stack.url}/dashboard/projects/plan-gent?done=created`);
    expect(await page.getByTestId('round-state').allTextContents()).toEqual(['open', 'scheduled', 'scheduled']);
    const rounds = await stack.deps.directory.listRounds('plan-gent');
    expect(rounds.map((r) => [r.label, r.surveyId]).sort()).toEqual([
      ['end', 'end_evaluation'],
      ['midway', 'energy_checkin'],
      ['start', 'energy_checkin'],
    ]);

    await page.getByTestId('summary-link').click();
    const life = page.getByTestId('lifecycle');
    await life.waitFor();
    expect(await life.locator('h2').textContent()).toBe('Over the project’s life');
    expect(await life.getByTestId('trend-chart').locator('svg').getAttribute('role')).toBe('img');
    // No answers yet: every mean hidden, nobody to compare.
    expect(await life.getByTestId('trend-table').locator('[data-testid="suppressed"]').count()).toBe(3);
    expect(await life.getByTestId('returning-not-linked').isVisible()).toBe(true);
    await life.screenshot({ path: '/tmp/dashboard-lifecycle.png' });
    expect(staff?.errors).toEqual([]);
  });

  it('switches the UI to French, remembers it, and signs out', async () => {
    const { stack } = running();
    const page = staffPage();
    await page.goto(`${stack.url}/dashboard`);
    await page.getByRole('link', { name: 'Français' }).click();
    expect(await page.locator('h1').textContent()).toBe('Projets');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.goto(projectUrl()); // no ?lang: the cookie remembers
    expect(await page.locator('#rounds').textContent()).toBe('Tours');
    expect(await page.locator('#launch-round').textContent()).toBe('Lancer un tour');
    await page.screenshot({ path: '/tmp/dashboard-fr.png', fullPage: true });

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/dashboard\/sign-in/);
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    expect((await page.context().cookies()).some((c) => c.name === 'stem_token')).toBe(false);
    const response = await page.goto(projectUrl());
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    expect(response?.status()).toBe(200);
  });
});
