import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * The progress bars that refresh themselves (web/dashboard/client/glance.ts) in Chromium against the local
 * stack, their clock in the test's hands: one request every 15 s while the page is open and shown (none while
 * the tab is hidden, one as soon as it is shown again), the numbers put in
 * place without a reload when someone starts; after a failing answer it waits twice as long each time, then
 * catches up; when the session has ended it changes nothing and reports no error. Without JavaScript the
 * page shows the same numbers, says nothing about updating by itself, and its button reloads them (also a
 * second time, which a link to the page's own anchor would not).
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const ROUND = 'demo-start';
const PROGRESS = `/dashboard/projects/demo/rounds/${ROUND}/progress`;

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: '+3225550100', simulator: true, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(),
  ]);
}, 60_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

/** Someone joins the demo over WhatsApp and starts the round (language, then yes). */
async function someoneStarts(phone: string): Promise<void> {
  const { stack } = running();
  for (const text of ['JOIN DEMO', '1', 'ja']) {
    const sent = await fetch(`${stack.url}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'whatsapp', phone, text }),
    });
    expect(sent.status).toBe(200);
  }
}

async function signIn(page: Page): Promise<void> {
  const { stack } = running();
  await page.goto(`${stack.url}/dashboard/sign-in`);
  await page.getByTestId('token').fill(stack.tokens.staffDemo);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}/dashboard`);
}

const started = (page: Page) => page.locator(`[data-testid="progress-bars"][data-round-id="${ROUND}"] [data-testid="total-started"]`).textContent();

describe('progress bars that refresh themselves (Chromium)', () => {
  it('ask every 15 s, back off after failures, and change nothing once signed out; no script error', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser);
    try {
      await signIn(page);
      await page.clock.install();
      await page.goto(`${stack.url}/dashboard/projects/demo`);
      await page.clock.pauseAt(Date.now() + 1_000);
      const asked: number[] = [];
      page.on('requestfinished', (request) => {
        if (new URL(request.url()).pathname === PROGRESS) asked.push(asked.length);
      });
      const before = Number(await started(page));
      await page.evaluate(() => Object.assign(window, { notReloaded: true }));

      // Nothing is asked before its time.
      await page.clock.runFor(10_000);
      await page.waitForTimeout(300);
      expect(asked).toHaveLength(0);

      // Someone starts; at 15 s the block is asked for and put in place.
      await someoneStarts('+32476551001');
      await page.clock.runFor(5_000);
      await expect.poll(() => asked.length).toBe(1);
      await expect.poll(() => started(page)).toBe(String(before + 1));

      // The server fails twice: the next asks wait 30 s, then 60 s; then the numbers catch up.
      await page.route(`**${PROGRESS}`, (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<p>down</p>' }));
      await someoneStarts('+32476551002');
      await page.clock.runFor(15_000);
      await expect.poll(() => asked.length).toBe(2);
      await page.clock.runFor(25_000);
      await page.waitForTimeout(300);
      expect(asked).toHaveLength(2); // 25 s of the 30
      await page.clock.runFor(5_000);
      await expect.poll(() => asked.length).toBe(3);
      expect(await started(page)).toBe(String(before + 1)); // the failures changed nothing
      await page.unroute(`**${PROGRESS}`);
      await page.clock.runFor(59_000);
      await page.waitForTimeout(300);
      expect(asked).toHaveLength(3);
      await page.clock.runFor(1_000);
      await expect.poll(() => started(page)).toBe(String(before + 2));
      expect(asked).toHaveLength(4);

      // Signed out elsewhere: the answer is the sign-in page, which is not a block; the numbers stay.
      await context.clearCookies();
      await someoneStarts('+32476551003');
      await page.clock.runFor(15_000);
      await expect.poll(() => asked.length).toBe(5);
      await page.waitForTimeout(300);
      expect(await started(page)).toBe(String(before + 2));
      expect(await page.locator('[data-testid="progress-bars"]').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
      expect(errors).toEqual([]); // a 500 is only Chromium's "Failed to load resource", which newPage leaves out
    } finally {
      await context.close();
    }
  });

  it('wait while the tab is hidden, and ask as soon as it is shown again', async () => {
    const { stack, browser } = running();
    const { context, page, errors } = await newPage(browser);
    try {
      await signIn(page);
      await page.clock.install();
      await page.goto(`${stack.url}/dashboard/projects/demo`);
      await page.clock.pauseAt(Date.now() + 1_000);
      const asked: string[] = [];
      page.on('requestfinished', (request) => {
        if (new URL(request.url()).pathname === PROGRESS) asked.push(request.url());
      });
      // The tab goes to the background (as the browser says it through the Page Visibility API).
      const visibility = (hidden: boolean) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      await visibility(true);
      await page.clock.runFor(60_000);
      await page.waitForTimeout(300);
      expect(asked).toEqual([]);
      const before = Number(await started(page));
      await someoneStarts('+32476551006');
      await visibility(false);
      await expect.poll(() => asked.length).toBe(1);
      await expect.poll(() => started(page)).toBe(String(before + 1));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript: the same numbers, no promise to update, and a button that reloads them, again and again', async () => {
    const { stack, browser } = running();
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await signIn(page);
      await page.goto(`${stack.url}/dashboard/projects/demo`);
      const before = Number(await started(page));
      expect(await page.locator(`[data-round-id="${ROUND}"] [data-glance-auto]`).isVisible()).toBe(false);
      const refresh = page.locator(`[data-testid="progress-bars"][data-round-id="${ROUND}"] [data-testid="progress-refresh"]`);
      await someoneStarts('+32476551004');
      await Promise.all([page.waitForURL(new RegExp(`/dashboard/projects/demo\\?shown=\\d+#round-${ROUND}$`)), refresh.click()]);
      expect(await started(page)).toBe(String(before + 1));
      await someoneStarts('+32476551005');
      const first = page.url();
      await Promise.all([page.waitForURL((url) => url.href !== first), refresh.click()]);
      expect(await started(page)).toBe(String(before + 2));
      // People who joined with the code were never invited: more started than were invited, so no share
      // (it would pass 100 %) and no bar, only the count.
      const bars = page.locator(`[data-testid="progress-bars"][data-round-id="${ROUND}"]`);
      const invited = Number(await bars.getByTestId('total-invited').textContent());
      expect(invited).toBeLessThan(before + 2);
      expect(await bars.locator('[data-metric="started"] progress').count()).toBe(0);
      expect((await bars.locator('[data-metric="started"] .glance-value').textContent())?.trim()).toBe(String(before + 2));
    } finally {
      await context.close();
    }
  });
});
