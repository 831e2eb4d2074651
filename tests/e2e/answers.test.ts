import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * Issue 21, "done when" for reading what people said: in Chromium at 375 px (and at desktop width), staff
 * of the three-round demo open the start round's answers from the project, follow the link of one triad
 * zone ("the staff": six stories) and read its stories; then choose a zone of two people in the plain GET
 * form and see the refusal, never the two stories. In Dutch the refusal is Dutch. axe (WCAG 2.1 A/AA)
 * finds no serious or critical violation, the page never scrolls sideways, and no script or CSP error occurs.
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

describe('reading what people said in the dashboard', () => {
  it('staff of the three-round demo read the stories of one triad zone at 375 px; a zone of two is refused', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, running().stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/de-brug`);
      await page.getByTestId('answers-brug-start').click();
      // The story first: all twelve of the start round, in one release.
      await page.getByTestId('answer').first().waitFor();
      expect(await page.getByTestId('answer').count()).toBe(12);
      expect(await sideways(page), 'the answers page scrolls sideways at 375 px').toBe(false);
      expect(await axeBlocking(page)).toEqual([]);

      // Zone 1, the corner "the staff" (SenseMaker-style: read the stories from there).
      await Promise.all([page.waitForURL(/zone=difference%3A1/), page.locator('[data-testid="zone-link"][data-zone="1"]').click()]);
      await page.getByTestId('answer').first().waitFor();
      expect(await page.getByTestId('answer').count()).toBe(6);
      expect(await page.getByTestId('answers-total').textContent()).toContain('6 answers');
      const stories = await page.getByTestId('answer-text').allTextContents();
      expect(stories).toContain('Mijn maatschappelijk werker nam de tijd om de brief van de huisbaas uit te leggen.');
      expect(stories).not.toContain("Une voisine m'a montré où acheter moins cher."); // zone 2
      // Words in any script read in their own direction.
      expect(await page.locator('[data-testid="answer-text"]:not([dir="auto"])').count()).toBe(0);
      expect(await sideways(page)).toBe(false);
      expect(await axeBlocking(page)).toEqual([]);

      // Zone 2 holds two people: chosen in the plain GET form, it is refused, and nothing of theirs is shown.
      await page.getByLabel('Triad zone').selectOption('difference:2');
      await Promise.all([page.waitForURL(/zone=difference%3A2/), page.getByTestId('answers-apply').click()]);
      await page.getByTestId('answers-refused').waitFor();
      expect(await page.getByTestId('answers-refused').textContent()).toContain('fewer than 5');
      expect(await page.getByTestId('answer').count()).toBe(0);
      expect(await sideways(page)).toBe(false);
      expect(await axeBlocking(page)).toEqual([]);

      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await axeBlocking(page)).toEqual([]);

      // From the summary, SenseMaker-style: under the triad's card, zone 1 of the start round leads to the same six stories.
      await page.setViewportSize(PHONE);
      await page.goto(`${stack.url}/dashboard/projects/de-brug/summary`);
      const links = page.locator('[data-testid="answer-links"] [data-round="brug-start"] [data-testid="read-by-zone"]');
      expect(await links.count()).toBe(1);
      expect(await links.locator('a[data-zone="2"]').count(), 'a zone of two has no link').toBe(0);
      await Promise.all([page.waitForURL(/zone=difference%3A1/), links.locator('a[data-zone="1"]').click()]);
      await page.getByTestId('answer').first().waitFor();
      expect(await page.getByTestId('answer').count()).toBe(6);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('in Dutch, the refusal is Dutch; a coordinator reads nothing here', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'nl-BE' });
    try {
      await signIn(page, running().stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/de-brug/rounds/brug-start/answers?zone=difference%3A2`);
      expect(await page.getByTestId('answers-refused').textContent()).toContain('minder dan 5');
      expect(await page.getByTestId('answer').count()).toBe(0);
      expect(await axeBlocking(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const coordinator = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(coordinator.page, stack.url, stack.tokens.coordinator);
      const response = await coordinator.page.goto(`${stack.url}/dashboard/projects/de-brug/rounds/brug-start/answers`);
      expect(response?.status()).toBe(404);
      expect(await coordinator.page.getByTestId('answer').count()).toBe(0);
    } finally {
      await coordinator.context.close();
    }
  });
});
