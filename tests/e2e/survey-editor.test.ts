import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { axeBlocking, PHONE, sideways, signIn } from './support/dashboard-checks.js';

/**
 * The survey editor in Chromium against the local stack (issue 22, item 1): staff create a survey in Dutch
 * and Arabic, add a statement with a probe and a triad, type the texts (Arabic right to left), see the
 * Arabic text they left out marked and, on saving, an inline error with the focus on the summary; they fill
 * it in and save, move the triad up with the keyboard (the focus stays on it), and save again. Axe finds
 * nothing serious on the way. No script runs on these pages: every button is a form submit.
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: '+3225550100', simulator: false, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
}, 120_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

const field = (page: Page, name: string) => page.locator(`[data-testid="editor"] [name="${name}"]`);
const press = async (page: Page, action: string) => {
  await page.locator(action === 'save' ? '#save-top' : `[data-testid="editor"] button[data-action="${action}"]`).click();
  await page.waitForLoadState('domcontentloaded');
};
const order = (page: Page) => page.locator('[data-testid="question"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('survey editor (Chromium)', () => {
  it('creates a Dutch and Arabic survey with a statement + probe and a triad, shows what is missing, saves, reorders with the keyboard', async () => {
    if (!stack || !browser) throw new Error('the stack or the browser did not start');
    const { context, page, errors } = await newPage(browser);
    try {
      await signIn(page, stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/surveys`);
      const form = page.getByTestId('new-survey');
      await form.locator('[name="surveyId"]').fill('buurt_e2e');
      await form.locator('input[name="languages"][value="ar"]').check();
      await form.locator('[name="title.nl"]').fill('Buurtbevraging');
      await form.locator('[name="title.ar"]').fill('استطلاع الحي');
      await page.getByTestId('new-survey-submit').click();
      await page.waitForURL(/\/surveys\/buurt_e2e\/versions\/1\/edit$/);
      // A new survey: the template's consent, Arabic a machine translation.
      await expect.poll(() => order(page)).toEqual(['consent']);
      expect(await page.locator('[data-testid="editor-reviews"] li[data-language="ar"]').textContent()).toBe(
        'Arabic: machine translation, not reviewed (by the developers)',
      );

      await press(page, 'add:statement');
      expect(await focused(page)).toBe('f-questions-1--text-nl'); // the keyboard is on the new question's text
      await field(page, 'questions[1].text.nl').fill('Ik voel me thuis in de buurt.');
      await field(page, 'questions[1].text.ar').fill('أشعر أنني في بيتي في الحي.');
      await field(page, 'questions[1].probe.text.nl').fill('Wat maakt dat zo?');
      await page.locator('[name="questions[1].probe.when"][value="not_true"]').check();
      await press(page, 'add:triad');
      // Typed but unsaved texts came through the action.
      expect(await field(page, 'questions[1].text.ar').inputValue()).toBe('أشعر أنني في بيتي في الحي.');
      expect(await field(page, 'questions[1].text.ar').getAttribute('dir')).toBe('rtl');
      expect(await field(page, 'questions[1].text.ar').getAttribute('lang')).toBe('ar');
      const texts: Array<[string, string, string]> = [
        ['questions[2].text', 'Wat hielp je het meest?', 'ما الذي ساعدك أكثر؟'],
        ['questions[2].corners[0]', 'Mensen', 'الناس'],
        ['questions[2].corners[1]', 'Geld', 'المال'],
        ['questions[2].corners[2]', 'Tijd', 'الوقت'],
      ];
      for (const [base, nl, ar] of texts) {
        await field(page, `${base}.nl`).fill(nl);
        await field(page, `${base}.ar`).fill(ar);
      }
      // The Arabic probe is missing, and says so.
      const missing = page.locator('[data-field="questions[1].probe.text"] [data-testid="missing-text"][data-language="ar"]');
      expect(await missing.textContent()).toBe('missing in Arabic');
      expect(await axeBlocking(page)).toEqual([]);

      await press(page, 'save');
      expect(await focused(page)).toBe('error-summary');
      const error = page.locator('[data-testid="field-error"][data-field="questions[1].probe.text.ar"]');
      expect(await error.textContent()).toContain('missing text in "ar"');
      expect(await field(page, 'questions[1].probe.text.ar').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid="error-summary"] a[href="#f-questions-1--probe-text-ar"]').count()).toBe(1);
      expect(await axeBlocking(page)).toEqual([]);

      await field(page, 'questions[1].probe.text.ar').fill('ما الذي يجعل الأمر كذلك؟');
      await press(page, 'save');
      await page.waitForURL(/\/edit\?done=saved$/);
      expect(await page.getByTestId('notice').count()).toBe(1);
      expect(await order(page)).toEqual(['consent', 'statement', 'triad']);

      // The keyboard moves the triad up, and stays on it.
      await page.locator('#act-move-up-2').focus();
      const moved = page.waitForEvent('framenavigated');
      await page.keyboard.press('Enter');
      await moved;
      await page.waitForLoadState('domcontentloaded');
      expect(await order(page)).toEqual(['consent', 'triad', 'statement']);
      expect(await focused(page)).toBe('act-move-up-1');
      await page.locator('#save-top').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/edit\?done=saved$/);
      expect(await order(page)).toEqual(['consent', 'triad', 'statement']);
      // Edited in the editor: Arabic is a draft by staff now, not a machine translation.
      expect(await page.locator('[data-testid="editor-reviews"] li[data-language="ar"]').getAttribute('data-state')).toBe('draft');
      expect(await axeBlocking(page)).toEqual([]);
      // On a phone the languages stack: nothing scrolls sideways.
      await page.setViewportSize(PHONE);
      expect(await sideways(page)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
