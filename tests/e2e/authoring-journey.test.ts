import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xliff2js from 'xliff/xliff2js';
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { axeBlocking, signIn } from './support/dashboard-checks.js';
import { contactAtAnyHour } from './support/quiet-hours.js';

/**
 * Issue 22's "Done when", in one Chromium run against the local stack (DynamoDB Local, the simulator):
 * staff create a survey in Dutch and Arabic in the editor (a statement with a probe, a triad), with the
 * keyboard where a person would use it; preview it in Arabic as SMS (parts and encoding per message) and
 * as WhatsApp (buttons, the triad's picture loaded), right to left; download the Arabic as XLIFF, a
 * reviewer corrects the probe, and staff import it ticking that a speaker checked every text: Arabic is
 * then reviewed by staff and the survey has the corrected probe. They launch a round with it (the launch
 * form says Arabic is reviewed); a participant joins in the simulator over WhatsApp, in Arabic, hears the
 * corrected probe, answers the statement, the probe in their own words and the triad; the answers are
 * stored under the round (read through the stack's store), and staff see one completion in the round's live
 * total, nothing by language or channel (k = 5). Axe finds nothing serious on any page; no console error.
 */

const SERVICE_NUMBER = '+3225550100';
const SURVEY = 'buurt_journey';
const PROJECT = { id: 'buurt-journey', name: 'Buurthuis Journey', joinCode: 'BUURTJ' };
const PHONE_NUMBER = '+32470559901';
const PROBE_AR = 'ما الذي يجعل الأمر كذلك؟';
/** The reviewer's correction of the Arabic probe ("What makes you feel that way?"). */
const PROBE_AR_REVIEWED = 'ما الذي يجعلك تشعر بذلك؟';
const OWN_WORDS = 'الجيران يساعدونني كثيرا';

const art = artifactsFor(import.meta.url);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
}, 120_000);
afterAll(() => shutDown({ browser, stack }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

const field = (page: Page, name: string) => page.locator(`[data-testid="editor"] [name="${name}"]`);

/** An editor button pressed from the keyboard: focused, Enter, the page that comes back. */
async function pressKey(page: Page, selector: string): Promise<void> {
  await page.locator(selector).focus();
  await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  await page.waitForLoadState('domcontentloaded');
}

async function clean(page: Page): Promise<void> {
  expect(await axeBlocking(page), `axe on ${page.url()}`).toEqual([]);
}

/** The XLIFF as the `xliff` package reads it: unit id → source and target. */
function parsedXliff(xml: string): Promise<Record<string, { source: string; target?: string }>> {
  return new Promise((resolve, reject) =>
    xliff2js(xml, {}, (error, result) => {
      if (error) return reject(error);
      const resources = (result as { resources: Record<string, Record<string, { source: string; target?: string }>> }).resources;
      resolve(Object.assign({}, ...Object.values(resources)));
    }),
  );
}

/** Type as a participant would (Enter sends); the service's replies, joined, once nothing is on its way. */
async function say(page: Page, text: string): Promise<string> {
  const bubbles = page.getByTestId('thread').getByTestId('bubble');
  const before = await bubbles.count();
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid="thread"]')?.getAttribute('aria-busy') === 'false' &&
      document.querySelectorAll('[data-testid="thread"] [data-testid="bubble"]').length > n + 1,
    before,
    { timeout: 15_000 },
  );
  const all = await bubbles.evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from'), text: e.textContent ?? '' })));
  return all
    .slice(before)
    .filter((b) => b.from === 'service')
    .map((b) => b.text)
    .join('\n');
}

describe('authoring journey (Chromium, local stack): editor → preview → XLIFF review → launch → a participant answers', () => {
  it('staff author a Dutch and Arabic survey, have the Arabic reviewed through XLIFF, launch it, and an Arabic participant answers the corrected text', async () => {
    const { stack, browser } = running();
    const staff = await newPage(browser);
    const phone = await newPage(browser, { viewport: { width: 400, height: 860 }, locale: 'ar' });
    try {
      const page = staff.page;
      await signIn(page, stack.url, stack.tokens.staffDemo);

      // 1. The editor: a new survey in Dutch and Arabic, a statement with a probe and a triad.
      await page.goto(`${stack.url}/dashboard/surveys`);
      const form = page.getByTestId('new-survey');
      await form.locator('[name="surveyId"]').fill(SURVEY);
      await form.locator('input[name="languages"][value="ar"]').check();
      await form.locator('[name="title.nl"]').fill('Buurtbevraging');
      await form.locator('[name="title.ar"]').fill('استطلاع الحي');
      await form.locator('[name="title.ar"]').press('Enter'); // the form sends on Enter, as forms do
      await page.waitForURL(new RegExp(`/surveys/${SURVEY}/versions/1/edit$`));
      await pressKey(page, '[data-testid="editor"] button[data-action="add:statement"]');
      await field(page, 'questions[1].text.nl').fill('Ik voel me thuis in de buurt.');
      await field(page, 'questions[1].text.ar').fill('أشعر أنني في بيتي في الحي.');
      await field(page, 'questions[1].probe.text.nl').fill('Wat maakt dat zo?');
      await field(page, 'questions[1].probe.text.ar').fill(PROBE_AR);
      await page.locator('[name="questions[1].probe.when"][value="not_true"]').check();
      await pressKey(page, '[data-testid="editor"] button[data-action="add:triad"]');
      const texts: Array<[string, string, string]> = [
        ['questions[2].text', 'Wat hielp je het meest?', 'ما الذي ساعدك أكثر؟'],
        ['questions[2].corners[0]', 'Mensen', 'الناس'],
        ['questions[2].corners[1]', 'Geld', 'المال'],
        ['questions[2].corners[2]', 'Tijd', 'الوقت'],
      ];
      for (const [base, nl, arabic] of texts) {
        await field(page, `${base}.nl`).fill(nl);
        await field(page, `${base}.ar`).fill(arabic);
      }
      await clean(page);
      await pressKey(page, '#save-top');
      await page.waitForURL(/\/edit\?done=saved$/);
      expect(await page.locator('[data-testid="question"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
        'consent',
        'statement',
        'triad',
      ]);
      await clean(page);

      // 2. The preview in Arabic: SMS with parts and encoding on every message, right to left.
      await Promise.all([page.waitForURL(/\/versions\/1\?language=nl/), page.getByTestId('editor-preview').click()]);
      await Promise.all([page.waitForURL(/language=ar/), page.locator('[data-testid="preview-tab"][data-language="ar"]').click()]);
      const preview = page.getByTestId('preview');
      expect(await preview.getAttribute('dir')).toBe('rtl');
      expect(await preview.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
      const sms = page.getByTestId('preview-bubble');
      const smsCount = await sms.count();
      expect(smsCount).toBeGreaterThanOrEqual(3);
      const parts = await sms.evaluateAll((els) => els.map((e) => e.querySelector('[data-testid="preview-parts"]')?.textContent ?? ''));
      for (const p of parts) expect(p).toMatch(/^SMS: \d+ parts? \(Unicode\)$/); // Arabic needs UCS-2
      expect((await sms.allTextContents()).join('\n')).toContain(PROBE_AR);
      await clean(page);
      await art.shot(page, 'preview-sms-ar');

      // … and as WhatsApp: the buttons drawn, the triad's picture loaded.
      await Promise.all([page.waitForURL(/channel=whatsapp/), page.locator('[data-testid="preview-channel"][data-channel="whatsapp"]').click()]);
      expect(new URL(page.url()).searchParams.get('language')).toBe('ar');
      expect(await preview.getAttribute('dir')).toBe('rtl');
      const triad = page.locator('[data-testid="preview-bubble"]').filter({ has: page.getByTestId('preview-picture') });
      expect(await triad.count()).toBe(1);
      expect(await triad.getByTestId('preview-picture').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await triad.getByTestId('preview-button').count()).toBe(7);
      const consentButtons = page.locator('[data-testid="preview-bubble"][data-question-id="consent"] [data-testid="preview-button"]');
      expect(await consentButtons.allTextContents()).toEqual([ar.answer.yes, ar.answer.no]);
      await clean(page);
      await art.shot(page, 'preview-whatsapp-ar');

      // 3. The Arabic as XLIFF, a real download; the reviewer corrects the probe; imported as checked by a speaker.
      await Promise.all([page.waitForURL(/\/translations$/), page.getByTestId('translations-link').click()]);
      const arabicRow = page.locator('[data-testid="translation-row"][data-language="ar"]');
      expect(await arabicRow.getByTestId('review-state').getAttribute('data-state')).toBe('draft');
      await clean(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-testid="translation-download"][data-language="ar"][data-format="xliff"]').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^${SURVEY}.*ar.*\\.xlf$`));
      const xliff = await readFile(await download.path(), 'utf8');
      const units = await parsedXliff(xliff);
      const probeId = Object.keys(units).find((id) => id.endsWith('.probe'));
      if (!probeId) throw new Error(`no probe in the XLIFF: ${Object.keys(units).join(', ')}`);
      expect(units[probeId]).toMatchObject({ source: 'Wat maakt dat zo?', target: PROBE_AR });
      // The reviewer's tool changes that one target; the rest of the file as it came.
      const unitXml = new RegExp(`(<unit id="${probeId.replaceAll('.', '\\.')}"[\\s\\S]*?<target>)([^<]*)(</target>)`);
      const corrected = xliff.replace(unitXml, (_, open: string, _old: string, close: string) => `${open}${PROBE_AR_REVIEWED}${close}`);
      expect((await parsedXliff(corrected))[probeId]?.target).toBe(PROBE_AR_REVIEWED);
      const file = join(tmpdir(), `stem-e2e-authoring-${process.pid}.xlf`);
      await writeFile(file, corrected);
      const upload = page.getByTestId('translation-upload');
      await upload.getByLabel('Language', { exact: true }).selectOption('ar');
      await upload.getByLabel('Format').selectOption('xliff');
      await upload.getByLabel('Translated file').setInputFiles(file);
      await upload.getByRole('checkbox', { name: 'A speaker of this language has checked every text' }).check();
      await Promise.all([page.waitForURL(/done=imported/), page.getByTestId('translation-upload-submit').click()]);
      expect(await arabicRow.getByTestId('review-state').getAttribute('data-state')).toBe('reviewed');
      expect(await arabicRow.getByTestId('review-state').textContent()).toMatch(/^reviewed · by staff · /);
      await clean(page);
      // Downloaded again, the file carries the correction, every Arabic segment final (reviewed).
      const [again] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-testid="translation-download"][data-language="ar"][data-format="xliff"]').click(),
      ]);
      const reviewedXliff = await readFile(await again.path(), 'utf8');
      expect((await parsedXliff(reviewedXliff))[probeId]?.target).toBe(PROBE_AR_REVIEWED);
      expect(new Set([...reviewedXliff.matchAll(/<segment state="(\w+)">/g)].map((m) => m[1]))).toEqual(new Set(['final']));

      // The corrected text is the survey's: in the editor, and in the preview.
      await page.goto(`${stack.url}/dashboard/surveys/${SURVEY}/versions/1/edit`);
      expect(await field(page, 'questions[1].probe.text.ar').inputValue()).toBe(PROBE_AR_REVIEWED);
      expect(await page.locator('[data-testid="editor-reviews"] li[data-language="ar"]').getAttribute('data-state')).toBe('reviewed');
      await page.goto(`${stack.url}/dashboard/surveys/${SURVEY}/versions/1?language=ar`);
      const previewed = (await page.getByTestId('preview-bubble').allTextContents()).join('\n');
      expect(previewed).toContain(PROBE_AR_REVIEWED);
      expect(previewed).not.toContain(PROBE_AR);

      // 4. A project in Dutch and Arabic, contacting at any hour; a round launched with the reviewed survey.
      await page.goto(`${stack.url}/dashboard`);
      await page.locator('#f-projectId').fill(PROJECT.id);
      await page.locator('#f-name').fill(PROJECT.name);
      for (const code of ['nl', 'ar']) await page.locator(`input[name="languages"][value="${code}"]`).check();
      await page.locator('#f-fallbackLanguages').fill('nl');
      await page.locator('#f-joinCode').fill(PROJECT.joinCode);
      await Promise.all([page.waitForURL(/done=created/), page.getByTestId('create-project-submit').click()]);
      await contactAtAnyHour(page);
      const review = page.locator(`[data-testid="launch-review"][data-survey="${SURVEY}@1"]`);
      expect(await review.textContent()).toMatch(/Arabic: reviewed \(by staff, \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}\)/);
      expect(await review.textContent()).toContain('Dutch: draft, not reviewed');
      await clean(page);
      await page.locator('#f-label').fill('start');
      await page.locator('#f-survey').selectOption(`${SURVEY}@1`);
      await Promise.all([page.waitForURL(/done=launched/), page.getByTestId('launch-round-submit').click()]);
      const roundId = (await page.getByTestId('round').first().getAttribute('data-round-id')) ?? '';
      expect(roundId).toMatch(/^start-/);
      await clean(page);

      // A participant joins in the simulator over WhatsApp, picks Arabic and answers.
      const sim = phone.page;
      await sim.goto(`${stack.url}/simulator`);
      await sim.getByTestId('channel-whatsapp').check();
      await sim.getByTestId('phone').fill(PHONE_NUMBER);
      expect(await say(sim, `JOIN ${PROJECT.joinCode}`)).toContain('العربية');
      expect(await say(sim, '2')).toContain(ar.answer.yes);
      expect(await say(sim, ar.answer.yes)).toContain('أشعر أنني في بيتي في الحي.');
      const probe = await say(sim, ar.answer.not_true);
      expect(probe).toContain(PROBE_AR_REVIEWED);
      expect(probe).not.toContain(PROBE_AR);
      expect(await say(sim, OWN_WORDS)).toContain('ما الذي ساعدك أكثر؟');
      // The triad's picture, its corners in Arabic, loaded from the picture route.
      await sim.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="thread"] [data-testid="picture"]');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      expect(await sim.getByTestId('picture').getAttribute('src')).toMatch(new RegExp(`^/media/triad/${SURVEY}/1/triad/ar\\.png\\?sig=`));
      expect(await say(sim, '1')).toContain(ar.thanks.completed);
      await art.shot(sim, 'participant-done');

      // Stored under the round, for this participant's code: the statement, the probe in their words, the triad.
      await stack.queue.drained();
      const code = stack.deps.protector.respondentCode(PROJECT.id, PHONE_NUMBER);
      const answers = (await stack.deps.store.answersOfRound(PROJECT.id, roundId)).filter((a) => a.respondentCode === code);
      expect(answers.map((a) => [a.questionId, a.status, a.value])).toEqual([
        ['consent', 'answered', 'yes'],
        ['statement', 'answered', 'not_true'],
        ['statement.probe', 'answered', OWN_WORDS],
        ['triad', 'answered', 1],
      ]);
      for (const a of answers) expect([a.language, a.channel, a.surveyId, a.surveyVersion]).toEqual(['ar', 'whatsapp', SURVEY, 1]);

      // What staff see of it: the live total says one finished (staff's own operational count, by design:
      // core/rounds/progress.ts); nothing by language or channel, which would tell who, before a release of k = 5.
      const progress = await fetch(`${stack.url}/api/projects/${PROJECT.id}/rounds/${roundId}/progress`, {
        headers: { authorization: `Bearer ${stack.tokens.staffDemo}` },
      });
      expect(progress.status).toBe(200);
      const shown = ((await progress.json()) as { progress: { total: Record<string, unknown>; byLanguage: unknown; byChannel: unknown } }).progress;
      expect([shown.total.started, shown.total.completed, shown.byLanguage, shown.byChannel]).toEqual([1, 1, {}, {}]);
      await page.goto(`${stack.url}/dashboard/projects/${PROJECT.id}`);
      const rows = page.locator(`[data-testid="progress-bars"][data-round-id="${roundId}"] [data-testid="progress"] tbody tr`);
      expect(await rows.count()).toBe(1); // the total only
      expect((await rows.first().locator('td').allTextContents())[3]).toBe('1'); // enrolled, invited, started, completed

      // Launched, the version is frozen: the editor offers a new draft instead of saving over it.
      await page.goto(`${stack.url}/dashboard/surveys/${SURVEY}/versions/1/edit`);
      expect(await page.getByTestId('editor-frozen').count()).toBe(1);
      await clean(page);
      expect(staff.errors).toEqual([]);
      expect(phone.errors).toEqual([]);
    } finally {
      await staff.context.close();
      await phone.context.close();
    }
  }, 120_000);
});
