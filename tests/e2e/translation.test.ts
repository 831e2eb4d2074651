import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { DEMO_SURVEY } from '../../local/seed.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * Issue 22, item 3 in Chromium, no script needed: staff go from the surveys table to the demo survey's
 * translations, see each language's review state in words, download the Arabic as XLIFF, correct a text
 * and import it, ticking that a speaker checked every text: the page then says Arabic is reviewed by
 * staff. A spreadsheet with Latin text in the Arabic column is refused with the check report on the row
 * of that text, and nothing changes. At 375 px: axe (WCAG 2.1 A/AA) finds no serious or critical
 * violation, nothing scrolls sideways.
 */

const artifacts = artifactsFor(import.meta.url);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: '+3225550100', simulator: false, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
}, 90_000);
afterAll(() => shutDown({ browser, stack }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

async function readable(page: Page): Promise<void> {
  expect(await sideways(page), `${page.url()} scrolls sideways`).toBe(false);
  expect(await axeBlocking(page)).toEqual([]);
}

async function download(page: Page, language: string, format: string): Promise<string> {
  const link = page.locator(`[data-testid="translation-download"][data-language="${language}"][data-format="${format}"]`);
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile(await file.path(), 'utf8');
}

async function upload(page: Page, language: string, format: string, name: string, body: string, reviewed: boolean): Promise<void> {
  const path = join(tmpdir(), `stem-e2e-${name}`);
  await writeFile(path, body);
  const form = page.getByTestId('translation-upload');
  await form.getByLabel('Language', { exact: true }).selectOption(language);
  await form.getByLabel('Format').selectOption(format);
  await form.getByLabel('Translated file').setInputFiles(path);
  if (reviewed) await form.getByRole('checkbox', { name: 'A speaker of this language has checked every text' }).check();
  await Promise.all([page.waitForLoadState('load'), page.getByTestId('translation-upload-submit').click()]);
}

describe('translations in the dashboard', () => {
  it('staff download Arabic as XLIFF, correct it, import it reviewed; a wrong file shows its problems per text (375 px)', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/surveys`);
      const row = page.locator(`[data-testid="survey-row"][data-survey-id="${DEMO_SURVEY.id}"]`).first();
      await Promise.all([page.waitForURL(/\/translations$/), row.getByTestId('translations-link').click()]);
      const arabic = page.locator('[data-testid="translation-row"][data-language="ar"]');
      expect(await arabic.getByTestId('review-state').getAttribute('data-state')).not.toBe('reviewed');
      await readable(page);

      const xliff = await download(page, 'ar', 'xliff');
      expect(xliff).toContain('trgLang="ar"');
      const first = /<target>([^<]+)<\/target>/.exec(xliff)?.[1] ?? '';
      expect(first).not.toBe('');
      await upload(page, 'ar', 'xliff', 'ar.xlf', xliff.replace(`<target>${first}</target>`, `<target>${first} (مراجَع)</target>`), true);
      expect(page.url()).toMatch(/done=imported/);
      const after = page.locator('[data-testid="translation-row"][data-language="ar"]');
      expect(await after.getByTestId('review-state').getAttribute('data-state')).toBe('reviewed');
      expect(await after.getByTestId('review-state').textContent()).toMatch(/^reviewed · by staff · /);
      await readable(page);
      await artifacts.shot(page, 'imported-reviewed');

      // A spreadsheet with an English text in the Arabic column: refused, the problem on the row of that text.
      const csv = await download(page, 'ar', 'csv');
      const lines = csv.split('\r\n');
      const titleLine = lines.findIndex((l) => l.startsWith('title,'));
      const cells = lines[titleLine]?.split(',') ?? [];
      lines[titleLine] = [cells[0], cells[1], 'How are you doing', ''].join(',');
      await upload(page, 'ar', 'csv', 'ar.csv', lines.join('\r\n'), true);
      const problem = page.locator('[data-testid="translation-problem"][data-unit="title"]');
      expect(await problem.getAttribute('data-check')).toBe('script');
      expect(await problem.textContent()).toContain('Most of this text is not written in Arabic script');
      expect(await page.locator('[data-testid="translation-row"][data-language="ar"]').getByTestId('review-state').getAttribute('data-state')).toBe('reviewed');
      await readable(page);
      await artifacts.shot(page, 'refused-report');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
