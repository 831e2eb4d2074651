import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import { SCALE_FACES } from '../../flows/normalize.js';
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { localeMeta, isSupportedLanguage } from '../../locales/index.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * The participant simulator in a real browser against the real local stack (DynamoDB Local included):
 * a newcomer takes the demo survey in Arabic by typing into the page, over WhatsApp.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** i18next-style `{{name}}` interpolation, with the command words the service fills in for every text. */
function fill(text: string, vars: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    stop: ar.words.stop[0] ?? '',
    start: ar.words.start[0] ?? '',
    skip: ar.words.skip[0] ?? '',
    join: ar.words.join[0] ?? '',
    language: ar.words.language[0] ?? '',
    ...vars,
  };
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => all[name] ?? `{{${name}}}`);
}

const question = (id: string) => {
  const q = demoCheckin.questions.find((x) => x.id === id);
  if (!q) throw new Error(`demo survey has no question ${id}`);
  return q;
};
/** A right-to-left mark starts every line of numbers and labels in Arabic, and ends the scale line (core/conversation/bidi.ts). */
const RLM = '\u200F';
const statementOptions = `${RLM}1. ${ar.answer.true}\n${RLM}2. ${ar.answer.not_true}\n${RLM}3. ${ar.answer.dont_know}`;

const expected = {
  // The hint in the project's first fallback language: nobody has chosen a language yet.
  languageMenu: `🌐\n${DEMO_PROJECT.languages.map((code, i) => `${i + 1}. ${isSupportedLanguage(code) ? localeMeta[code].name : code}`).join('\n')}\n\n${nl.language.menuHint}`,
  // The promise is a reply of its own, before the question; the webhook sends the replies as one message.
  consent: [
    fill(ar.join.welcome, { project: DEMO_PROJECT.name }),
    `${fill(ar.consent.promise)} ${fill(ar.consent.stop)}`,
    `${question('consent').text.ar}\n${RLM}1. ${ar.answer.yes}\n${RLM}2. ${ar.answer.no}`,
  ].join('\n\n'),
  energy: `${question('energy').text.ar}\n${RLM}${SCALE_FACES.map((face, i) => `${i + 1} ${face}`).join('   ')}${RLM}`,
  respected: `${question('respected').text.ar}\n${statementOptions}`,
  respectedProbe: `${question('respected').probe?.text.ar}\n\n${ar.hint.openVoice}`,
  understood: `${question('understood').text.ar}\n${statementOptions}`,
  understoodProbe: `${question('understood').probe?.text.ar}\n\n${ar.hint.openVoice}`,
  change: `${question('change').text.ar}\n\n${ar.hint.openVoice}`, // over WhatsApp: a voice message is welcome
  hearBack: [question('hear_back').text.ar, ar.consent.hearBackNote, `${RLM}1. ${ar.answer.yesPlease}\n${RLM}2. ${ar.answer.noThanks}`].join('\n\n'),
  thanks: ar.thanks.completed,
};

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, logger: silent });
  browser = await launchChromium();
}, 60_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

/** A fresh browser context on the simulator, as a phone-sized screen, with the given participant number. */
async function openSimulator(phone: string, viewport = { width: 360, height: 780 }): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  if (!browser || !stack) throw new Error('the stack or the browser did not start');
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, locale: 'nl-BE' });
  const page = await context.newPage();
  const pageErrors: string[] = []; // the page's own script must throw nothing
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    // E.g. a Content-Security-Policy violation; Chromium also logs every 4xx response, which the error test expects.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
  });
  await page.goto(`${stack.url}/simulator`);
  await page.getByTestId('channel-whatsapp').check();
  await page.getByTestId('phone').fill(phone);
  return { context, page, pageErrors };
}

const bubbles = (page: Page) => page.getByTestId('thread').getByTestId('bubble');

/** Wait until no message is on its way, then return the service bubbles added after the first `before` bubbles. */
async function newServiceReplies(page: Page, before: number): Promise<string[]> {
  await page.waitForFunction(
    (n) => {
      const thread = document.querySelector('[data-testid="thread"]');
      return thread?.getAttribute('aria-busy') === 'false' && thread.querySelectorAll('[data-testid="bubble"]').length > n;
    },
    before,
    { timeout: 15_000 },
  );
  const all = await bubbles(page).evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from'), text: e.textContent ?? '' })));
  return all
    .slice(before)
    .filter((b) => b.from === 'service')
    .map((b) => b.text);
}

/** Type a message as a participant would (Enter sends) and return the service's replies to it. */
async function say(page: Page, text: string): Promise<string[]> {
  const before = await bubbles(page).count();
  const input = page.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
  return newServiceReplies(page, before);
}

/** Computed CSS direction of the last `n` bubbles sent by `from`. */
async function lastDirections(page: Page, from: 'participant' | 'service', n: number): Promise<string[]> {
  const dirs = await page.locator(`[data-testid="bubble"][data-from="${from}"]`).evaluateAll((els) => els.map((e) => getComputedStyle(e).direction));
  return dirs.slice(-n);
}

describe('participant simulator (Chromium, local stack)', () => {
  it('a newcomer completes the demo survey in Arabic over WhatsApp', async () => {
    const { context, page, pageErrors } = await openSimulator('+32470555001');
    try {
      expect(await page.getByTestId('service-number').textContent()).toBe(SERVICE_NUMBER);

      expect(await say(page, 'JOIN DEMO')).toEqual([expected.languageMenu]);
      expect(expected.languageMenu).toContain('العربية');

      const steps: Array<[answer: string, reply: string]> = [
        ['4', expected.consent],
        ['نعم', expected.energy],
        ['٤', expected.respected], // energy 4, typed with an Arabic-Indic digit
        ['صحيح', expected.respectedProbe],
        ['الموظفون يعاملونني بلطف', expected.understood],
        ['غير صحيح', expected.understoodProbe],
        ['الرسائل والأوراق صعبة الفهم', expected.change],
        ['مترجم يتكلم العربية 🙏', expected.hearBack],
        ['نعم', expected.thanks], // yes, they want to hear what was done with the answers
      ];
      for (const [answer, reply] of steps) {
        const replies = await say(page, answer);
        expect(replies, `reply to "${answer}"`).toEqual([reply]);
        expect(await lastDirections(page, 'service', 1), `direction of the reply to "${answer}"`).toEqual(['rtl']);
      }

      // Every Arabic bubble, the participant's included, reads right to left; the language menu starts with 🌐 and Latin script.
      const all = await bubbles(page).evaluateAll((els) =>
        els.map((e) => ({ from: e.getAttribute('data-from'), text: e.textContent ?? '', dir: getComputedStyle(e).direction, attr: e.getAttribute('dir') })),
      );
      expect(all).toHaveLength(2 * (steps.length + 1));
      expect(all.every((b) => b.attr === 'auto')).toBe(true);
      expect(all.filter((b) => b.from === 'participant').map((b) => b.text)).toEqual(['JOIN DEMO', ...steps.map(([a]) => a)]);
      const arabicFirst = /^[^A-Za-z\u0621-\u064A]*[\u0621-\u064A]/; // first letter is Arabic (digits are not letters)
      for (const b of all.filter((x) => arabicFirst.test(x.text))) expect(b.dir, b.text).toBe('rtl');
      expect(all.filter((b) => !arabicFirst.test(b.text)).map((b) => b.dir)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']); // JOIN DEMO, the menu, "4", "٤"

      // Usable on a 360 px screen: nothing wider than the viewport.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: '/tmp/simulator-arabic.png' });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('"resend last" re-posts with the same MessageSid and gets the same reply again', async () => {
    const { context, page, pageErrors } = await openSimulator('+32470555002');
    try {
      expect(await page.getByTestId('resend').isDisabled()).toBe(true);
      expect(await say(page, 'JOIN DEMO')).toEqual([expected.languageMenu]);
      const original = await say(page, '4'); // not idempotent by nature: a second "4" would be read as an answer to consent
      expect(original).toEqual([expected.consent]);

      const before = await bubbles(page).count();
      await page.getByTestId('resend').click();
      const again = await newServiceReplies(page, before);
      expect(again).toEqual(original);

      const retried = await page
        .locator('[data-testid="bubble"][data-retry="true"]')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-from'), e.textContent]));
      expect(retried).toEqual([
        ['participant', '4'],
        ['service', expected.consent],
      ]);
      // The retry did not move the conversation on: the next answer goes to the consent question.
      expect(await say(page, 'نعم')).toEqual([expected.energy]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an invalid phone number shows a visible error naming the field "phone"', async () => {
    const { context, page, pageErrors } = await openSimulator('12345');
    try {
      const input = page.getByTestId('message-input');
      await input.fill('HELP');
      await page.getByTestId('send').click();

      const note = page.locator('[data-testid="note"][data-kind="error"]');
      await note.waitFor({ state: 'visible', timeout: 15_000 });
      const text = (await note.textContent()) ?? '';
      expect(text).toContain('400');
      expect(text).toMatch(/\bphone\b: /);
      expect(await note.getAttribute('role')).toBe('alert');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="note"][data-kind="error"]')!).color)).toBe('rgb(165, 14, 14)');

      expect(await page.getByTestId('phone').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('phone-error').isVisible()).toBe(true);
      expect(await page.getByTestId('phone-error').textContent()).toMatch(/^phone: /);
      expect(await page.locator('[data-testid="bubble"][data-from="service"]').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
