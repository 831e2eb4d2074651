import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { EXEMPLE_SHARED_SURVEY } from '../../local/seed-library.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * Issue 22, item 4, in Chromium on the local demo (which seeds one entry: the CPAS Exemple's statements
 * survey): staff of the OCMW Demo find it in the library with its languages and their review states, copy
 * it with the keyboard alone under an id of their choice (a taken id is answered on the field), find the
 * copy among their surveys, publish one of their own from the surveys page, and withdraw it. The
 * coordinator reads the library without forms. axe (WCAG 2.1 A/AA) finds no serious or critical
 * violation, nothing scrolls sideways at 375 px, and no script or CSP error occurs.
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

async function checkPage(page: Page, what: string): Promise<void> {
  expect(await sideways(page), `${what} scrolls sideways`).toBe(false);
  expect(await axeBlocking(page), what).toEqual([]);
}

const ENTRY = `${EXEMPLE_SHARED_SURVEY.surveyId}-v1`;

describe("the network's library", () => {
  it('demo staff find the Exemple survey, copy it with the keyboard, publish their own and withdraw it, at 375 px', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, stack.url, stack.tokens.staffDemo);
      await page.getByTestId('nav-library').click();
      await page.waitForURL((u) => u.pathname === '/dashboard/library');
      const entry = page.locator(`[data-testid="library-entry"][data-entry-id="${ENTRY}"]`);
      await expect(entry.textContent()).resolves.toContain('Published by CPAS Exemple');
      // Every language with its state: the template's files mark nl/fr/en drafts, the others machine translations.
      const states = await entry
        .locator('[data-language]')
        .evaluateAll((items) => items.map((i) => [i.getAttribute('data-language'), i.getAttribute('data-state')]));
      expect(states).toEqual(
        expect.arrayContaining([
          ['nl', 'draft'],
          ['ti', 'machine'],
        ]),
      );
      expect(await entry.locator('[data-testid="library-withdraw"]').count()).toBe(0);
      await checkPage(page, 'the library');

      // The Exemple's own id is taken: the form says so on its field, keyboard only.
      const field = entry.getByLabel('Id of your copy');
      await field.focus();
      await page.keyboard.type(EXEMPLE_SHARED_SURVEY.surveyId);
      await page.keyboard.press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expect(page.locator(`[data-entry-id="${ENTRY}"] [data-testid="field-error"][data-field="surveyId"]`).textContent()).resolves.toContain(
        'taken by another organisation',
      );
      await checkPage(page, 'the library with a refused copy');

      const again = page.locator(`[data-entry-id="${ENTRY}"]`).getByLabel('Id of your copy');
      await again.fill('');
      await again.focus();
      await page.keyboard.type('stellingen_demo');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/dashboard/surveys');
      expect(await page.locator('[data-testid="own-surveys"] [data-survey-id="stellingen_demo"]').count()).toBe(1);

      // Publish the copy to the network from the surveys page, then withdraw it.
      const publish = page.locator('[data-testid="own-surveys"] [data-survey-id="stellingen_demo"] [data-testid="library-publish"] button');
      await publish.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/dashboard/library');
      const mine = page.locator('[data-testid="library-entry"][data-entry-id="stellingen_demo-v1"]');
      await expect(mine.textContent()).resolves.toContain('Published by OCMW Demo');
      await checkPage(page, 'the library with an entry of our own');
      await mine.locator('[data-testid="library-withdraw"] button').click();
      await page.waitForURL((u) => u.search.includes('done=withdrawn'));
      expect(await page.locator('[data-entry-id="stellingen_demo-v1"]').count()).toBe(0);
      expect(await page.locator(`[data-entry-id="${ENTRY}"]`).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the coordinator reads the library without forms', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, stack.url, stack.tokens.coordinator);
      await page.getByTestId('nav-library').click();
      await page.waitForURL((u) => u.pathname === '/dashboard/library');
      expect(await page.locator(`[data-entry-id="${ENTRY}"]`).count()).toBe(1);
      expect(await page.locator('[data-testid="library-copy"]').count()).toBe(0);
      await checkPage(page, 'the library for a coordinator');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
