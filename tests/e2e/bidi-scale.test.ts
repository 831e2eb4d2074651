import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';

import { RLM } from '../../core/conversation/bidi.js';
import { renderQuestion } from '../../core/conversation/render.js';
import { createTexts } from '../../core/texts.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import storySignifiers from '../../flows/templates/story-signifiers.json' with { type: 'json' };
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import fa from '../../locales/fa/translation.json' with { type: 'json' };
import type { LocalStack } from '../../local/stack.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * Issue 20, item 4: in Arabic and Persian the scale's faces, the numbered options and a dyad's poles pair
 * with their own numbers, read from the right, wherever a phone shows the message (core/conversation/bidi.ts).
 * Checked on the layout Chromium makes: the box of each number and of its face or label, never the text.
 *
 * First the simulator, as a participant sees the demo's energy question in Arabic over WhatsApp. Then the
 * same texts in the layouts phones use: a bubble that takes each line's direction from its first letter (the
 * simulator's), a right-to-left box, a left-to-right box (a phone in Dutch or French), and a one-line preview
 * (a notification or the list of chats: line breaks gone, left to right). Without the marks the preview pairs
 * the faces with the wrong numbers (`5 🙂 4 😐 3 🙁 2 😞 1 😄`, the issue's report); with them every layout
 * reads `1 😞`, `2 🙁` … from the right. Screenshots go to test-artifacts/bidi-scale/.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const art = artifactsFor(import.meta.url);
const texts = createTexts();
const stories = compileSurvey(parseSurveyDefinition(storySignifiers));
/** The Arabic-script font the project ships (this machine has none), so the screenshots show the letters. */
const arabicFont = readFileSync(
  createRequire(import.meta.url).resolve('@fontsource-variable/noto-sans-arabic/files/noto-sans-arabic-arabic-wght-normal.woff2'),
).toString('base64');

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, logger: silent });
  browser = await launchChromium();
}, 60_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

/** A number and what belongs to it, as character ranges of one text node: `[start, end)`. */
interface Pair {
  n: number;
  number: [number, number];
  partner: [number, number];
}

/** Where each number and its partner are in `text`: a scale (`1 😞`), numbered options (`1. صحيح`) or poles (`1 = وحيد`). */
function pairsIn(text: string, kind: 'scale' | 'numbered' | 'poles', partners: readonly string[], numbers: readonly number[]): Pair[] {
  const glue = kind === 'scale' ? ' ' : kind === 'numbered' ? '. ' : ' = ';
  return partners.map((partner, i) => {
    const n = numbers[i] ?? i + 1;
    const needle = `${n}${glue}${partner}`;
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`"${needle}" is not in the text`);
    const start = at + String(n).length + glue.length;
    return { n, number: [at, at + String(n).length], partner: [start, start + partner.length] };
  });
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The laid-out box of each number and partner, in this element (its text node). */
async function boxesOf(element: Locator, pairs: Pair[]): Promise<Array<{ n: number; number: Box; partner: Box }>> {
  return element.evaluate((element, ps) => {
    const node = Array.from(element.childNodes).find((c) => c.nodeType === Node.TEXT_NODE);
    if (!node) throw new Error('no text node');
    const box = ([start, end]: [number, number]) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    return ps.map((p) => ({ n: p.n, number: box(p.number), partner: box(p.partner) }));
  }, pairs);
}

const sameLine = (a: Box, b: Box) => Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < (a.bottom - a.top) / 2;

/**
 * How the pairs read: 'rtl' when every partner stands left of its number and the numbers go up leftwards,
 * 'ltr' for the mirror image; otherwise the reason they do not pair (a partner on the wrong side, …).
 */
function reading(boxes: Array<{ n: number; number: Box; partner: Box }>): string {
  const first = boxes[0];
  if (!first) return 'nothing laid out';
  const dir = first.partner.right <= first.number.left + 0.5 ? 'rtl' : 'ltr';
  for (const [i, b] of boxes.entries()) {
    if (!sameLine(b.number, b.partner)) return `${b.n} and its partner are on different lines`;
    const beside = dir === 'rtl' ? b.partner.right <= b.number.left + 0.5 : b.partner.left >= b.number.right - 0.5;
    if (!beside) return `${b.n}: its partner is on the other side than ${first.n}'s`;
    // Adjacent: no other number or partner stands between a number and its own partner.
    const from = Math.min(b.number.right, b.partner.right);
    const to = Math.max(b.number.left, b.partner.left);
    const between = boxes
      .filter((o) => o.n !== b.n)
      .flatMap((o) => [o.number, o.partner])
      .find((x) => sameLine(x, b.number) && (x.left + x.right) / 2 > from && (x.left + x.right) / 2 < to);
    if (between) return `something stands between ${b.n} and its partner`;
    const next = boxes[i + 1];
    if (next && sameLine(next.number, b.number)) {
      const onward = dir === 'rtl' ? next.number.right <= b.number.left : next.number.left >= b.number.right;
      if (!onward) return `${next.n} does not follow ${b.n} ${dir === 'rtl' ? 'leftwards' : 'rightwards'}`;
    }
  }
  return dir;
}

/** The layouts a message meets on phones (see the header); each an element with this test id. */
const LAYOUTS = {
  bubble: 'dir="auto" style="unicode-bidi: plaintext; white-space: pre-wrap"',
  rtl: 'dir="rtl" style="white-space: pre-wrap"',
  ltr: 'dir="ltr" style="white-space: pre-wrap"',
  preview: 'dir="ltr" style="white-space: pre"',
} as const;
type Layout = keyof typeof LAYOUTS;

interface Sample {
  name: string;
  text: string;
  kind: 'scale' | 'numbered' | 'poles';
  partners: readonly string[];
  numbers?: readonly number[];
}

/** The samples in every layout on one page (the preview gets the text on one line), as `<layout>-<i>` elements. */
async function showLayouts(page: Page, samples: readonly Sample[]): Promise<void> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const blocks = samples.flatMap((s, i) =>
    (Object.keys(LAYOUTS) as Layout[]).map(
      (layout) =>
        `<p class="label">${escape(`${s.name} · ${layout}`)}</p><div class="box" data-testid="${layout}-${i}" ${LAYOUTS[layout]}>${escape(layout === 'preview' ? s.text.replace(/\n/g, ' ') : s.text)}</div>`,
    ),
  );
  await page.setContent(
    `<!doctype html><meta charset="utf-8"><style>@font-face{font-family:"Noto Sans Arabic";src:url(data:font/woff2;base64,${arabicFont}) format("woff2")}body{font:18px "Noto Sans Arabic","DejaVu Sans",sans-serif;margin:12px}.box{border:1px solid #8aa;padding:6px;margin:0 0 10px;max-width:1500px}.label{font:12px monospace;margin:2px 0;color:#345}</style>${blocks.join('')}`,
  );
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

async function readings(page: Page, samples: readonly Sample[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [i, s] of samples.entries())
    for (const layout of Object.keys(LAYOUTS) as Layout[]) {
      const text = layout === 'preview' ? s.text.replace(/\n/g, ' ') : s.text;
      out[`${s.name} · ${layout}`] = reading(await boxesOf(page.getByTestId(`${layout}-${i}`), pairsIn(text, s.kind, s.partners, s.numbers ?? [])));
    }
  return out;
}

describe('numbers and their faces or labels, laid out by Chromium in Arabic and Persian', () => {
  let simulatorScale = '';

  it('the simulator shows the Arabic energy scale with each face beside its own number, read from the right', async () => {
    if (!browser || !stack) throw new Error('the stack or the browser did not start');
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, locale: 'ar' });
    try {
      const page = await context.newPage();
      await page.goto(`${stack.url}/simulator`);
      await page.getByTestId('channel-whatsapp').check();
      await page.getByTestId('phone').fill('+32470556001');
      const bubbles = page.getByTestId('thread').getByTestId('bubble');
      for (const text of ['JOIN DEMO', '4', 'نعم']) {
        const before = await bubbles.count();
        await page.getByTestId('message-input').fill(text);
        await page.getByTestId('message-input').press('Enter');
        await page.waitForFunction(
          (n) => {
            const thread = document.querySelector('[data-testid="thread"]');
            return thread?.getAttribute('aria-busy') === 'false' && thread.querySelectorAll('[data-testid="bubble"]').length > n + 1;
          },
          before,
          { timeout: 15_000 },
        );
      }
      const last = page.locator('[data-testid="bubble"][data-from="service"]').last();
      simulatorScale = (await last.textContent()) ?? '';
      expect(simulatorScale).toContain(`${RLM}1 ${SCALE_FACES[0]}`);
      const boxes = await boxesOf(last, pairsIn(simulatorScale, 'scale', SCALE_FACES, []));
      expect(reading(boxes)).toBe('rtl');
      expect(await last.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
      await art.shot(page, 'simulator-arabic-energy');
      await art.shot(last, 'simulator-arabic-energy-bubble');
    } finally {
      await context.close();
    }
  });

  it('marked, the scale, the options and the poles pair in every layout; unmarked, the preview breaks the scale', async () => {
    if (!browser) throw new Error('the browser did not start');
    expect(simulatorScale).not.toBe(''); // the simulator's own message, as it arrived
    const poles = (lng: 'ar' | 'fa') => {
      const felt = stories.askables.get('felt');
      if (felt?.kind !== 'dyad') throw new Error('story-signifiers has no dyad "felt"');
      return { text: renderQuestion(felt, false, [lng], stories.definition, texts), partners: [felt.left[lng] ?? '', felt.right[lng] ?? ''] };
    };
    const statement = (lng: 'ar' | 'fa', t: typeof ar) => ({
      text: renderQuestion(
        { kind: 'statement', id: 's', text: { [lng]: lng === 'ar' ? 'أشعر بالاحترام.' : 'احساس احترام می‌کنم.' }, optional: true },
        false,
        [lng],
        stories.definition,
        texts,
      ),
      partners: [t.answer.true, t.answer.not_true, t.answer.dont_know],
    });
    const marked: Sample[] = [
      { name: 'ar scale (simulator)', text: simulatorScale, kind: 'scale', partners: SCALE_FACES },
      { name: 'ar statement', kind: 'numbered', ...statement('ar', ar) },
      { name: 'fa statement', kind: 'numbered', ...statement('fa', fa) },
      { name: 'ar dyad poles', kind: 'poles', numbers: [1, 5], ...poles('ar') },
      { name: 'fa dyad poles', kind: 'poles', numbers: [1, 5], ...poles('fa') },
    ];
    const unmarked = marked.map((s) => ({ ...s, name: `${s.name}, no marks`, text: s.text.replaceAll(RLM, '') }));

    const context = await browser.newContext({ viewport: { width: 1560, height: 900 } });
    try {
      const page = await context.newPage();
      await showLayouts(page, marked);
      const withMarks = await readings(page, marked);
      await art.shot(page, 'layouts-with-marks');
      art.write('readings.json', `${JSON.stringify(withMarks, null, 2)}\n`);
      for (const [name, read] of Object.entries(withMarks)) expect(read, name).toBe('rtl');

      await showLayouts(page, unmarked);
      const withoutMarks = await readings(page, unmarked);
      await art.shot(page, 'layouts-without-marks');
      art.write('readings-without-marks.json', `${JSON.stringify(withoutMarks, null, 2)}\n`);
      // The issue's report, reproduced: in the simulator's own bubble (each line's direction from its first
      // letter: the scale line has none) and in a left-to-right preview, the faces move one number on.
      expect(withoutMarks['ar scale (simulator), no marks · bubble']).toMatch(/other side|stands between/);
      expect(withoutMarks['ar scale (simulator), no marks · preview']).toMatch(/other side|stands between/);
      // In a left-to-right box the unmarked scale reads left to right while the Arabic around it reads from the right.
      expect(withoutMarks['ar scale (simulator), no marks · ltr']).toBe('ltr');
    } finally {
      await context.close();
    }
  });
});
