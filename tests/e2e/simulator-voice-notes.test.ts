import type { Browser } from 'playwright-core';
import energy from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { DEMO_PROJECT } from '../../local/seed.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * Spoken questions in the simulator's WhatsApp chat: staff switch the demo to "voice and text" through
 * the staff API over HTTP; a participant's question with answers to tap then goes by "REST" (the local
 * TapMessenger) and arrives as a voice-note bubble — whose <audio> Chromium loads from the local stack's
 * signed /media/voice/ link (espeak-ng and ffmpeg made it), decodes as Ogg/Opus and plays, within the
 * page's Content-Security-Policy — followed by the written question with its buttons.
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: '+3225550100', simulator: true, logger: silent });
  const put = await fetch(`${stack.url}/api/projects/${DEMO_PROJECT.projectId}/voice-notes`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.tokens.staffDemo}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'voice-and-text' }),
  });
  if (put.status !== 200) throw new Error(`the staff API answered ${put.status}`);
  // Chromium may play without a click (the test stands in for the person pressing play).
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
}, 60_000);

afterAll(() => shutDown({ browser, stack }), 60_000);

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  if (!stack) throw new Error('no stack');
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.tokens.staffDemo}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

describe('spoken questions in the simulator (Chromium, local stack)', () => {
  it('a WhatsApp question comes with a voice note the chat plays; SMS has none', async () => {
    if (!browser || !stack) throw new Error('the stack or the browser did not start');
    const { context, page, errors } = await newPage(browser, { viewport: { width: 400, height: 860 } });
    try {
      await page.goto(`${stack.url}/simulator`);
      await page.getByTestId('channel-whatsapp').check();
      await page.getByTestId('phone').fill('+32470005601');
      const bubbles = page.getByTestId('thread').getByTestId('bubble');
      for (const text of ['JOIN DEMO', '1']) {
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
      // The consent's voice note as a bubble of its own, then the consent written, with its buttons.
      const service = page.locator('[data-testid="bubble"][data-from="service"]');
      await expect.poll(() => service.last().textContent()).toContain('1. Ja');
      const buttons = page.getByTestId('taps').last().getByTestId('tap-button');
      expect(await buttons.evaluateAll((els) => els.map((e) => e.textContent))).toEqual([nl.answer.yes, nl.answer.no]);
      const note = service.nth(-2).getByTestId('voice-note');
      await note.waitFor();
      expect(await service.nth(-2).getAttribute('data-voice')).toBe('true');
      expect(await note.getAttribute('aria-label')).toBe('Play the question, spoken');
      const src = (await note.getAttribute('src')) ?? '';
      expect(src).toMatch(/^\/media\/voice\/demo-ocmw\/demo_checkin\/\d+\/consent\/nl\.ogg\?exp=\d+&sig=[\w-]+$/);
      // Loaded and decoded by the browser (Ogg/Opus), seconds long; then it plays.
      // (Its length comes from the file's last page: the player asks for it by a Range request.)
      await page.waitForFunction(
        () => {
          const audio = document.querySelector<HTMLAudioElement>('[data-testid="voice-note"]');
          return audio !== null && audio.readyState >= 1 && Number.isFinite(audio.duration) && audio.duration > 0;
        },
        undefined,
        { timeout: 20_000 },
      );
      const seconds = await note.evaluate((audio: HTMLAudioElement) => audio.duration);
      expect(seconds).toBeGreaterThan(5);
      const played = await note.evaluate(async (audio: HTMLAudioElement) => {
        audio.muted = true;
        await audio.play();
        await new Promise((resolve) => setTimeout(resolve, 600));
        audio.pause();
        return { time: audio.currentTime, error: audio.error?.code ?? null };
      });
      expect(played.error).toBeNull();
      expect(played.time).toBeGreaterThan(0.2);

      // The same question over SMS: text only.
      await page.getByTestId('channel-sms').check();
      await page.getByTestId('phone').fill('+32470005602');
      for (const text of ['JOIN DEMO', '1']) {
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
      await expect.poll(() => service.last().textContent()).toContain('1. Ja');
      expect(await page.getByTestId('voice-note').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('staff see which languages are heard ("text only until prompts are recorded") and choose the mode in the dashboard', async () => {
    if (!browser || !stack) throw new Error('the stack or the browser did not start');
    const project = { projectId: 'klank-e2e', name: 'Klank', languages: ['nl', 'ti'], joinCode: 'KLANKE2E' };
    expect((await api('POST', '/api/projects', project)).status).toBe(201);
    const now = Date.now();
    const round = { label: 'start', surveyId: energy.id, surveyVersion: energy.version, reminderAfterHours: null };
    const launched = await api('POST', `/api/projects/${project.projectId}/rounds`, {
      ...round,
      opensAt: new Date(now).toISOString(),
      closesAt: new Date(now + 14 * 24 * 3600 * 1000).toISOString(),
    });
    expect(launched.status).toBe(201);
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(`${stack.url}/dashboard/sign-in`);
      await page.getByTestId('token').fill(stack.tokens.staffDemo);
      await page.getByTestId('sign-in').click();
      await page.waitForURL(`${stack.url}/dashboard`);
      await page.goto(`${stack.url}/dashboard/projects/${project.projectId}`);
      const section = page.getByTestId('voice-notes');
      const row = (language: string) => section.locator(`[data-testid="voice-note-language"][data-language="${language}"]`);
      expect(await row('nl').textContent()).toContain('heard: spoken by a voice');
      expect(await row('ti').getAttribute('data-cover')).toBe('text');
      expect(await row('ti').textContent()).toContain('ትግርኛ: text only until prompts are recorded');
      expect(await row('ti').getByRole('link', { name: 'Record prompts' }).getAttribute('href')).toBe(`/dashboard/projects/${project.projectId}/prompts`);
      expect(await section.locator('input[name="mode"][value="text"]').isChecked()).toBe(true);
      await section.getByLabel('as a voice message first, then only the answer options in writing').check();
      await section.getByTestId('voice-notes-submit').click();
      await page.waitForURL(/\?done=voice-notes/);
      expect(await page.locator('body').textContent()).toContain('Saved: WhatsApp questions now go this way.');
      expect(await page.getByTestId('voice-notes').locator('input[name="mode"][value="voice-first"]').isChecked()).toBe(true);
      expect((await api('GET', `/api/projects/${project.projectId}/voice-notes`)).json.mode).toBe('voice-first');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
