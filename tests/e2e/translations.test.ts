import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';

import { readTranslationFile } from '../../adapters/translation-files/index.js';
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * The Translations page in Chromium (issue 22, items 3 and 5): staff at phone width reach it from the menu
 * with the keyboard, see each system-text language and each template language with its review state,
 * download the Tigrinya system texts as a PO file and a template as XLIFF with the page's plain form; the
 * network's interpreter sees it too. axe (WCAG 2.1 A/AA) finds no serious or critical violation, and nothing
 * scrolls sideways, in English and Dutch.
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

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

describe('the Translations page', () => {
  it('staff: reached from the menu by keyboard; states shown; PO and XLIFF downloaded; axe clean at 375 px in en and nl', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE }); // contexts accept downloads by default
    await signIn(page, stack.url, stack.tokens.staffDemo);
    await page.goto(`${stack.url}/dashboard?lang=en`);
    const link = page.getByTestId('nav-translations');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/dashboard/translations');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Translations');
    expect(await page.getByTestId('system-language').count()).toBe(8);
    expect(await page.locator('[data-testid="system-language"][data-language="ar"] [data-testid="review-state"]').getAttribute('data-state')).toBe('machine');
    expect(await page.locator('[data-testid="template-translations"][data-survey-id="statement_probe"] td[data-language="nl"]').textContent()).toContain(
      'draft',
    );
    expect(await sideways(page)).toBe(false);
    expect(await axeBlocking(page)).toEqual([]);

    const [po] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="system-language"][data-language="ti"] [data-format="po"]').click(),
    ]);
    expect(po.suggestedFilename()).toBe('stem-system-ti.po');
    const bundle = readTranslationFile(await streamText(await po.createReadStream()), 'po');
    expect(bundle).toMatchObject({ kind: 'system', targetLanguage: 'ti' });

    const form = page.getByTestId('template-download');
    await form.locator('select[name="template"]').selectOption('statement_probe');
    await form.locator('select[name="language"]').selectOption('ar');
    const [xliff] = await Promise.all([page.waitForEvent('download'), form.getByRole('button').click()]);
    expect(readTranslationFile(await streamText(await xliff.createReadStream()), 'xliff')).toMatchObject({ kind: 'survey', targetLanguage: 'ar' });

    await page.goto(`${stack.url}/dashboard/translations?lang=nl`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Vertalingen');
    expect(await sideways(page)).toBe(false);
    expect(await axeBlocking(page)).toEqual([]);
    // The surveys page's templates table with its review column: still no sideways scroll, still axe clean.
    await page.goto(`${stack.url}/dashboard/surveys?lang=en`);
    expect(await page.locator('[data-testid="templates"] [data-testid="review-list"]').count()).toBeGreaterThanOrEqual(6);
    expect(await sideways(page)).toBe(false);
    expect(await axeBlocking(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("the network's interpreter sees the page in the menu; the coordinator has no entry", async () => {
    const { stack, browser } = running();
    const interpreter = await newPage(browser, { viewport: PHONE });
    await signIn(interpreter.page, stack.url, stack.tokens.interpreterNetwork);
    expect(await interpreter.page.getByTestId('nav-translations').count()).toBe(1);
    await interpreter.page.goto(`${stack.url}/dashboard/translations?lang=fr`);
    expect(await interpreter.page.getByTestId('system-language').count()).toBe(8);
    expect(await sideways(interpreter.page)).toBe(false);
    expect(await axeBlocking(interpreter.page)).toEqual([]);
    expect(interpreter.errors).toEqual([]);
    await interpreter.context.close();
    const coordinator = await newPage(browser, { viewport: PHONE });
    await signIn(coordinator.page, stack.url, stack.tokens.coordinator);
    expect(await coordinator.page.getByTestId('nav-translations').count()).toBe(0);
    await coordinator.context.close();
  }, 60_000);
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
