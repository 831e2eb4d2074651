import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { axeBlocking, PHONE, signIn, sideways } from './support/dashboard-checks.js';

/**
 * Issue 21, item 7 in Chromium: staff of the three-round demo go from a round's "you said, we did" page
 * to the project's actions, add one linked to the TOPOI code "Language", link two released stories from
 * the coding sheet, and move it from planned to doing — the status a badge in words; a change made from a
 * stale page is said, not overwritten. A coordinator (in French) opens the network page from the menu:
 * the organisation's counts per status, the action, its code by name, and none of the linked stories.
 * At 375 px and desktop width: axe (WCAG 2.1 A/AA) finds no serious or critical violation, nothing
 * scrolls sideways, no script or CSP error.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const TITLE = 'Letters read aloud at the desk';

let stack: LocalStack | undefined;
let browser: Browser | undefined;
/** The words of the stories staff linked: a coordinator must never see them. */
const linkedWords: string[] = [];

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

async function readable(page: Page): Promise<void> {
  expect(await sideways(page), `${page.url()} scrolls sideways`).toBe(false);
  expect(await axeBlocking(page)).toEqual([]);
}

describe('"you said, we did" actions in the dashboard', () => {
  it('staff add an action linked to a TOPOI code and two stories, and move it from planned to doing (375 px)', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, running().stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/de-brug/rounds/brug-start/feedback`);
      await Promise.all([page.waitForURL(/\/we-did$/), page.getByTestId('said-did-page-link').click()]);
      expect(await page.getByTestId('said-did-none').count()).toBe(1);
      await readable(page);

      const add = page.getByTestId('said-did-add');
      await add.getByLabel('What you do').fill(TITLE);
      await add.getByLabel('Note for your colleagues (not shared with the network)').fill('Ask the reception team first.');
      await add.getByRole('checkbox', { name: 'Language' }).check();
      await Promise.all([page.waitForURL(/done=added/), add.getByRole('button', { name: 'Add the action' }).click()]);
      const item = page.getByTestId('said-did-item').filter({ hasText: TITLE });
      expect(await item.getByTestId('said-did-status').textContent()).toBe('Status: Planned');
      expect(await item.getByTestId('said-did-code').getAttribute('data-code')).toBe('topoi.taal');
      await readable(page);

      // Link two stories of the start round, from the coding sheet.
      await Promise.all([page.waitForURL(/item=/), item.getByTestId('said-did-link-answers').click()]);
      await Promise.all([page.waitForURL(/round=brug-start/), page.getByTestId('said-did-link-panel').locator('a[href*="round=brug-start"]').first().click()]);
      await Promise.all([page.waitForURL(/question=story/), page.getByTestId('said-did-link-panel').locator('a[href*="question=story"]').click()]);
      const choices = page.getByTestId('said-did-link-answer');
      expect(await choices.count()).toBe(12);
      await readable(page);
      for (let i = 0; i < 2; i++) {
        await choices.nth(i).getByRole('checkbox').check();
        linkedWords.push((await choices.nth(i).locator('.sent-text').textContent())?.trim() ?? '');
      }
      await Promise.all([page.waitForURL(/done=links/), page.getByTestId('said-did-link-save').click()]);
      const answers = item.getByTestId('said-did-answer');
      expect(await answers.count()).toBe(2);
      expect((await item.getByTestId('said-did-answer-text').allTextContents()).map((t) => t.trim()).sort()).toEqual([...linkedWords].sort());
      expect(await item.getByTestId('said-did-answer-link').first().getAttribute('href')).toMatch(/\/rounds\/brug-start\/coding\?question=story#answer-/);

      // Planned → doing: the badge says it in words, with when and by which role.
      await item.getByRole('radio', { name: 'Doing' }).check();
      await Promise.all([page.waitForURL(/done=status/), item.getByTestId('said-did-save-status').click()]);
      expect(await item.getByTestId('said-did-status').textContent()).toBe('Status: Doing');
      expect(await item.textContent()).toContain('set by staff');
      await readable(page);
      // The round's message page lists the action with its badge.
      await page.goto(`${stack.url}/dashboard/projects/de-brug/rounds/brug-start/feedback`);
      const listed = page.getByTestId('said-did-summary-item').filter({ hasText: TITLE });
      expect(await listed.getByTestId('said-did-status').textContent()).toBe('Status: Doing');
      await readable(page);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await axeBlocking(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a status changed from a stale page is refused and said at the form, not overwritten', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'en-GB' });
    try {
      await signIn(page, running().stack.url, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/de-brug/we-did`);
      const other = await context.newPage();
      await other.goto(`${stack.url}/dashboard/projects/de-brug/we-did`);
      const there = other.getByTestId('said-did-item').filter({ hasText: TITLE });
      await there.getByRole('radio', { name: 'Done' }).check();
      await Promise.all([other.waitForURL(/done=status/), there.getByTestId('said-did-save-status').click()]);
      // The first tab still shows "doing" and the old version: its change to "planned" is refused.
      const here = page.getByTestId('said-did-item').filter({ hasText: TITLE });
      await here.getByRole('radio', { name: 'Planned' }).check();
      await here.getByTestId('said-did-save-status').click();
      await page.getByTestId('said-did-stale').waitFor();
      expect(await page.getByTestId('said-did-item').filter({ hasText: TITLE }).getByTestId('said-did-status').textContent()).toBe('Status: Done');
      await readable(page);
      await other.close();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a coordinator, in French, reads the network page: counts per status, the action and its code, no story', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser, { viewport: PHONE, locale: 'fr-BE' });
    try {
      await signIn(page, running().stack.url, stack.tokens.coordinator);
      await Promise.all([page.waitForURL(/\/dashboard\/we-did$/), page.getByTestId('nav-said-did').click()]);
      expect(await page.locator('h1').textContent()).toContain('Vous avez dit, nous avons fait');
      const item = page.getByTestId('said-did-item').filter({ hasText: TITLE });
      expect(await item.getByTestId('said-did-status').textContent()).toBe('État : Faite');
      expect(await item.getByTestId('said-did-code').textContent()).toBe('Langage');
      const demo = page.getByTestId('said-did-counts').locator('li[data-organisation="demo-ocmw"]');
      expect(await demo.textContent()).toMatch(/Prévue 0 · En cours 0 · Faite 1/);
      const text = (await page.locator('main').textContent()) ?? '';
      for (const words of linkedWords) expect(text).not.toContain(words);
      expect(text).not.toContain('Ask the reception team first.');
      await readable(page);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await axeBlocking(page)).toEqual([]);
      // The staff page is not theirs: it sends them to the network page.
      await page.goto(`${stack.url}/dashboard/projects/de-brug/we-did`);
      expect(new URL(page.url()).pathname).toBe('/dashboard/we-did');
      const staffPage = (await page.locator('main').textContent()) ?? '';
      for (const words of linkedWords) expect(staffPage).not.toContain(words);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
