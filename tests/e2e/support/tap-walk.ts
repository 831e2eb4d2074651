import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * Walking a survey in the simulator the way a person who does not read would: listen to each question's
 * voice note, then tap an answer (a button, or an item of the list) or, where there is nothing to tap,
 * send a voice note. Used by simulator-taps.test.ts; every step asserts what the page must show.
 */

export interface WalkOptions {
  stack: { url: string };
  /** The person's language: the voice notes' and the labels' (its direction is checked). */
  language: string;
  /** The one message typed (the join code a link puts in the box). */
  start: string;
  /** The value to tap, by question id. */
  choices: Record<string, string>;
  /** The audio file sent as the answer to each open question. */
  voiceAnswer: string;
  shot(name: string): Promise<string>;
  /** An accessibility check, run once with the list open. */
  axe?: (() => Promise<string[]>) | undefined;
}

export interface Walked {
  /** The questions heard, in order (from the voice notes' URLs). */
  heard: string[];
  tapped: Array<{ questionId: string; kind: 'buttons' | 'list'; value: string }>;
  spoken: string[];
  axe: string[];
}

/** A spoken question's signed URL path: /media/voice/<org>/<survey>/<version>/<question>/<language>.ogg?exp=…&sig=… */
const VOICE_NOTE = /^\/media\/voice\/[^/]+\/[^/]+\/\d+\/([^/]+)\/([a-z]{2})\.ogg\?exp=\d+&sig=[\w-]+$/;
const RTL = new Set(['ar', 'fa']);

interface Shown {
  from: string | null;
  src: string | null;
  taps: string | null;
}

const shownBubbles = (page: Page): Promise<Shown[]> =>
  page.locator('[data-testid="thread"] [data-testid="bubble"]').evaluateAll((els) =>
    els.map((e) => ({
      from: e.getAttribute('data-from'),
      src: e.querySelector('audio[data-testid="voice-note"]')?.getAttribute('src') ?? null,
      taps: e.parentElement?.querySelector('[data-testid="taps"]')?.getAttribute('data-kind') ?? null,
    })),
  );

/** Do `act`, then wait until nothing is on its way and the service answered; returns the bubbles from the participant's on. */
async function turn(page: Page, act: () => Promise<void>): Promise<Shown[]> {
  const before = (await shownBubbles(page)).length;
  await act();
  await page.waitForFunction(
    (n) => {
      const thread = document.querySelector('[data-testid="thread"]');
      const all = thread?.querySelectorAll('[data-testid="bubble"]') ?? [];
      return thread?.getAttribute('aria-busy') === 'false' && all.length > n + 1;
    },
    before,
    { timeout: 20_000 },
  );
  return (await shownBubbles(page)).slice(before);
}

/** The voice note at `src` is Ogg/Opus (its first bytes), and the page's player loads it with a real length. */
async function checkPlayable(page: Page, origin: string, src: string): Promise<number> {
  const bytes = new Uint8Array(await (await fetch(new URL(src, origin))).arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), src).toBe('OggS');
  expect(Buffer.from(bytes.subarray(28, 36)).toString('latin1'), src).toBe('OpusHead');
  await page.waitForFunction(
    (url) => {
      const audio = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="voice-note"]')).find((a) => a.getAttribute('src') === url);
      return audio !== undefined && audio.readyState >= 1 && Number.isFinite(audio.duration) && audio.duration > 0.3;
    },
    src,
    { timeout: 20_000 },
  );
  return page.evaluate(
    (url) =>
      Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid="voice-note"]')).find((a) => a.getAttribute('src') === url)?.duration ?? 0,
    src,
  );
}

/** Open the newest list with the keyboard and walk it, close it with Escape: focus goes where it should. */
async function keyboardList(page: Page): Promise<void> {
  const box = page.getByTestId('taps').last();
  const open = box.getByTestId('tap-list-open');
  const items = box.getByTestId('tap-item');
  await open.focus();
  await page.keyboard.press('Enter');
  expect(await open.getAttribute('aria-expanded')).toBe('true');
  expect(await items.first().evaluate((b) => b === document.activeElement)).toBe(true);
  await page.keyboard.press('ArrowDown');
  expect(await items.nth(1).evaluate((b) => b === document.activeElement)).toBe(true);
  await page.keyboard.press('Escape');
  expect(await open.getAttribute('aria-expanded')).toBe('false');
  expect(await box.getByTestId('tap-list').isHidden()).toBe(true);
  expect(await open.evaluate((b) => b === document.activeElement)).toBe(true);
}

export async function walkSurvey(page: Page, o: WalkOptions): Promise<Walked> {
  const walked: Walked = { heard: [], tapped: [], spoken: [], axe: [] };
  let shown = await turn(page, async () => {
    await page.getByTestId('message-input').fill(o.start);
    await page.getByTestId('send').click();
  });
  for (let step = 0; step < 30; step++) {
    const service = shown.filter((b) => b.from === 'service');
    const note = service.findIndex((b) => b.src !== null);
    if (note < 0) {
      // No question any more: the thanks.
      await o.shot('done');
      return walked;
    }
    const src = service[note]?.src ?? '';
    const [, questionId = '', noteLanguage] = VOICE_NOTE.exec(src) ?? [];
    expect(noteLanguage, src).toBe(o.language);
    expect(await checkPlayable(page, o.stack.url, src), src).toBeGreaterThan(0.3);
    walked.heard.push(questionId);
    const tapsAt = service.findIndex((b) => b.taps !== null);
    if (tapsAt >= 0) {
      // Heard first: the answers to tap come after the voice note.
      expect(tapsAt, questionId).toBeGreaterThan(note);
      const kind = service[tapsAt]?.taps === 'list' ? 'list' : 'buttons';
      const box = page.getByTestId('taps').last();
      expect(await box.evaluate((e) => getComputedStyle(e).direction)).toBe(RTL.has(o.language) ? 'rtl' : 'ltr');
      expect(await box.getAttribute('lang')).toBe(o.language);
      const value = o.choices[questionId];
      if (value === undefined) throw new Error(`nothing planned to tap at ${questionId}`);
      const testId = kind === 'list' ? 'tap-item' : 'tap-button';
      const option = box.locator(`[data-testid="${testId}"][data-tap-id$=":${value}"]`);
      if (walked.tapped.length === 0) await o.shot(`${questionId}-buttons`);
      if (kind === 'list') {
        await keyboardList(page);
        await box.getByTestId('tap-list-open').click();
        await option.waitFor({ state: 'visible' });
        await o.shot(`${questionId}-list`);
        if (o.axe) walked.axe.push(...(await o.axe()));
      }
      const title = (await option.locator('.tap-title').textContent()) ?? '';
      shown = await turn(page, () => option.click());
      // The tap shows as the person's message: its title, marked as tapped.
      const mine = page.locator('[data-testid="bubble"][data-from="participant"]').last();
      expect(await mine.textContent()).toBe(title);
      expect(await mine.getAttribute('data-tapped')).toBe(kind === 'list' ? 'list' : 'button');
      walked.tapped.push({ questionId, kind, value });
    } else {
      shown = await turn(page, () => page.getByTestId('audio-file').setInputFiles(o.voiceAnswer));
      expect(await page.locator('[data-testid="bubble"][data-from="participant"]').last().getAttribute('data-voice')).toBe('true');
      walked.spoken.push(questionId);
    }
  }
  throw new Error(`the survey did not end: heard ${walked.heard.join(', ')}`);
}
