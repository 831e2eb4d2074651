import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { readSheets } from '../support/xlsx-sheets.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * Issue 21, "done when" for coding: in Chromium at 375 px (and at desktop width), staff of the three-round
 * demo open the start round's coding page from the project, choose the story question, code five answers
 * with the TOPOI code "Taal" using the page's plain forms, and see the count; a coordinator (in French)
 * sees the same count and no answer. Staff then download the round's XLSX and find the five codes in it. axe (WCAG 2.1 A/AA) finds no serious or critical violation, the
 * page never scrolls sideways, and no script or CSP error occurs.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: false, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
}, 90_000);
afterAll(() => shutDown({ browser, stack }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

describe('coding the answers in the dashboard', () => {
  it('staff of the three-round demo code five stories with TOPOI at 375 px and see the count', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, running().stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/de-brug`);
      await page.getByTestId('coding-brug-start').click();
      await page.locator('a[href*="question=story"]').click();
      await page.getByTestId('coding-answer').first().waitFor();
      expect(await page.getByTestId('coding-answer').count()).toBe(12);
      expect(await sideways(page), 'the answers page scrolls sideways at 375 px').toBe(false);
      expect(await axeBlocking(page)).toEqual([]);
      for (let i = 0; i < 5; i++) {
        const answer = page.getByTestId('coding-answer').nth(i);
        await answer.getByRole('checkbox', { name: 'Language' }).check();
        await Promise.all([page.waitForURL(/done=tags/), answer.getByRole('button', { name: 'Save the codes' }).click()]);
        await page.getByTestId('notice').waitFor();
      }
      const count = page.locator('[data-testid="count"][data-code="topoi.taal"]');
      expect(await count.textContent()).toBe('5');
      expect(await page.locator('[data-testid="count"][data-code="topoi.inzet"]').textContent()).toBe('0');
      expect(await page.getByTestId('coding-answer').nth(0).getByRole('checkbox', { name: 'Language' }).isChecked()).toBe(true);
      expect(await sideways(page)).toBe(false);
      expect(await axeBlocking(page)).toEqual([]);
      // The same page at desktop width.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await axeBlocking(page)).toEqual([]);
      // The round's workbook, downloaded from the project page as staff would, opened and read: the five codes are in it.
      await page.goto(`${stack.url}/dashboard/projects/de-brug`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-round-xlsx-brug-start').click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const sheets = await readSheets(await readFile(await download.path()));
      expect([...sheets.keys()]).toEqual(['answers', 'respondents', 'questions', 'codebook', 'codes']);
      const codes = (sheets.get('codes')?.rows ?? []).slice(1);
      expect(codes.filter((r) => r[2] === 'story' && r[3] === 'topoi.taal')).toHaveLength(5);
      expect(
        sheets
          .get('codebook')
          ?.rows.find((r) => r[0] === 'topoi.taal')
          ?.slice(3, 6),
      ).toEqual(['Taal', 'Langage', 'Language']);
      // The answers sheet carries the same codes on the same five story answers.
      const answers = sheets.get('answers')?.rows ?? [];
      const at = answers[0]?.indexOf('codes') ?? -1;
      const coded = answers.filter((r) => r[4] === 'story' && r[at] === 'topoi.taal').map((r) => r[0]);
      expect(coded.sort()).toEqual(
        codes
          .filter((r) => r[2] === 'story')
          .map((r) => r[0])
          .sort(),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a coordinator, in French, sees the count and no answer', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'fr-BE' });
    try {
      await signIn(page, running().stack.url, stack.tokens.coordinator);
      await page.goto(`${stack.url}/dashboard/projects/de-brug/rounds/brug-start/coding?question=story`);
      expect(await page.locator('h1').textContent()).toContain('Codage');
      expect(await page.locator('[data-testid="count"][data-code="topoi.taal"]').textContent()).toBe('5');
      expect(await page.getByTestId('coding-answer').count()).toBe(0);
      expect(await page.getByTestId('tag-form').count()).toBe(0);
      expect(await sideways(page)).toBe(false);
      expect(await axeBlocking(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
