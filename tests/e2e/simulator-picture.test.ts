import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * A triad question over WhatsApp in the simulator: the service's bubble shows the generated picture (the
 * numbered triangle, corners in the participant's language) above the numbered text list, served by the
 * local stack's picture route and allowed by the page's Content-Security-Policy.
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const story = parseSurveyDefinition(JSON.parse(readFileSync(new URL('../../flows/templates/story-signifiers.json', import.meta.url), 'utf8')));

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: '+3225550100', simulator: true, logger: silent });
  const { directory } = stack.deps;
  const [demoRound] = await directory.listRounds(DEMO_PROJECT.projectId);
  if (!demoRound) throw new Error('the local stack seeded no demo round');
  await directory.saveSurvey(story);
  await directory.putProject({
    ...DEMO_PROJECT,
    projectId: 'verhalen',
    name: 'Verhalen Oost',
    joinCode: 'VERHAAL',
    languages: story.languages,
    callNumber: undefined,
  });
  await directory.putRound({ ...demoRound, projectId: 'verhalen', roundId: 'verhalen-start', surveyId: story.id, surveyVersion: story.version });
  browser = await launchChromium();
}, 60_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

describe('a triad in the simulator (Chromium, local stack)', () => {
  it('shows the picture in a WhatsApp bubble, 800x700, then the zones listed and to tap', async () => {
    if (!browser || !stack) throw new Error('the stack or the browser did not start');
    const { context, page, errors } = await newPage(browser, { viewport: { width: 400, height: 860 } });
    try {
      await page.goto(`${stack.url}/simulator`);
      await page.getByTestId('channel-whatsapp').check();
      await page.getByTestId('phone').fill('+32470005501');
      const bubbles = page.getByTestId('thread').getByTestId('bubble');
      for (const text of ['JOIN VERHAAL', '3', 'yes', 'A woman at the desk helped me with the form.', '2']) {
        const before = await bubbles.count();
        await page.getByTestId('message-input').fill(text);
        await page.getByTestId('message-input').press('Enter');
        await page.waitForFunction(
          (n) =>
            document.querySelector('[data-testid="thread"]')?.getAttribute('aria-busy') === 'false' &&
            document.querySelectorAll('[data-testid="bubble"]').length > n,
          before,
          { timeout: 15_000 },
        );
      }
      const last = page.locator('[data-testid="bubble"][data-from="service"]').last();
      await expect.poll(() => last.textContent()).toContain('7. ');
      // The picture comes first, a message of its own; then the question with its seven zones to tap.
      await expect.poll(() => page.getByTestId('taps').last().getByTestId('tap-item').count()).toBe(7);
      const picture = page.getByTestId('thread').getByTestId('picture');
      await picture.waitFor();
      // Loaded (not a broken image): the browser fetched it from the picture route and decoded the PNG.
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="picture"]');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      const size = await picture.evaluate((img: HTMLImageElement) => ({
        width: img.naturalWidth,
        height: img.naturalHeight,
        src: img.getAttribute('src') ?? '',
      }));
      expect([size.width, size.height]).toEqual([800, 700]);
      expect(size.src.startsWith('/media/triad/story_signifiers/1/difference/en.png?sig=')).toBe(true);
      // Only the triad has a picture; no CSP violation or script error on the page.
      await expect.poll(() => page.getByTestId('picture').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
