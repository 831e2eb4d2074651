import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import { localeMeta } from '../../locales/index.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * Recorded call prompts in the dashboard, in a real browser against the real local stack: a project in
 * Dutch and Tigrinya (no Polly voice) with a round of the demo survey; staff see what to record (the
 * Dutch texts), upload a spoken WAV, listen to it through the dashboard, get the file's problem next to
 * its input (Ogg, too large, too long), delete it; an interpreter of the organisation records too; staff
 * of another organisation get the not-found page; the project page counts what is missing.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PROJECT = { projectId: 'tigrinya-pilot', name: 'Tigrinya pilot', languages: ['nl', 'ti'], joinCode: 'TIPILOT' };
const TIGRINYA = localeMeta.ti.name;
const GOODBYE = 'text.call.goodbye';
const ENERGY = 'question.energy';

const work = mkdtempSync(join(tmpdir(), 'stem-prompts-e2e-'));
const files = {
  wav: join(work, 'selam.wav'),
  ogg: join(work, 'selam.ogg'),
  /** 2.3 MB: through the dashboard, refused by the API (2 MB). */
  large: join(work, 'large.wav'),
  /** 3.5 MB: refused by the dashboard before it reads it. */
  huge: join(work, 'huge.wav'),
  /** 125 s of quiet 8 kHz audio, under 1 MB: refused for its length. */
  long: join(work, 'long.wav'),
};

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let required = 0;

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

async function api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${running().stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

const pagePath = () => `${running().stack.url}/dashboard/projects/${PROJECT.projectId}/prompts`;

beforeAll(async () => {
  // A real spoken word ("selam", with espeak-ng's Amharic voice: the closest it has to Tigrinya) and the same as Ogg/Opus.
  execFileSync('espeak-ng', ['-v', 'am', '-w', files.wav, 'ሰላም']);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', files.wav, '-c:a', 'libopus', files.ogg]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-ac', '2', '-t', '13', files.large]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-ac', '2', '-t', '20', files.huge]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '125', '-acodec', 'pcm_u8', files.long]);
  expect(readFileSync(files.wav).subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(readFileSync(files.ogg).subarray(0, 4).toString('latin1')).toBe('OggS');
  expect(statSync(files.large).size).toBeGreaterThan(2 * 1024 * 1024);
  expect(statSync(files.large).size).toBeLessThan(2_400_000);
  expect(statSync(files.huge).size).toBeGreaterThan(2_500_000);
  expect(statSync(files.long).size).toBeLessThan(1_100_000);

  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent });
  browser = await launchChromium();
}, 90_000);

afterAll(() => shutDown({ browser, stack, work }), 60_000);

async function openBrowser(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  return newPage(running().browser, { locale });
}

async function signIn(page: Page, token: string, home = '/dashboard'): Promise<void> {
  const { stack } = running();
  await page.goto(`${stack.url}/dashboard/sign-in`);
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}${home}`);
}

const promptItem = (page: Page, language: string, promptId: string): Locator =>
  page.locator(`[data-testid="prompt-language"][data-language="${language}"] [data-testid="prompt"][data-prompt-id="${promptId}"]`);

/** A question's text in the demo survey, in Dutch. */
function dutch(id: string): string {
  const found = demoCheckin.questions.find((q) => q.id === id)?.text.nl;
  if (!found) throw new Error(`no Dutch text for ${id}`);
  return found;
}

/**
 * A cheap accessibility sanity check (no axe here): one h1, unique ids, every form control with a
 * label, every button and link with a name, every aria-describedby / href="#…" pointing at something.
 */
async function a11yProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
    if (!document.documentElement.lang) problems.push('no lang on <html>');
    const all = (selector: string): Element[] => Array.from(document.querySelectorAll(selector));
    const ids = all('[id]').map((e) => e.id);
    for (const id of Array.from(new Set(ids))) if (ids.filter((x) => x === id).length > 1) problems.push(`duplicate id ${id}`);
    for (const control of all('input:not([type="hidden"]), select, textarea')) {
      const labelled = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
      if (!labelled && !control.getAttribute('aria-label') && !control.closest('label')) problems.push(`unlabelled ${control.outerHTML.slice(0, 80)}`);
    }
    for (const named of all('button, a[href], audio')) {
      const name = (named.textContent ?? '').trim() || named.getAttribute('aria-label') || named.getAttribute('aria-labelledby');
      if (!name) problems.push(`no name ${named.outerHTML.slice(0, 80)}`);
    }
    for (const el of all('[aria-describedby], [aria-labelledby]')) {
      const refs = `${el.getAttribute('aria-describedby') ?? ''} ${el.getAttribute('aria-labelledby') ?? ''}`.split(/\s+/).filter(Boolean);
      for (const ref of refs) if (!document.getElementById(ref)) problems.push(`missing #${ref}`);
    }
    for (const link of all('a[href^="#"]')) {
      const target = link.getAttribute('href')?.slice(1) ?? '';
      if (target && !document.getElementById(target)) problems.push(`dangling link #${target}`);
    }
    return problems;
  });
}

describe('recorded call prompts in the dashboard (Chromium, local stack)', () => {
  it('before the first round there is nothing to record, said plainly', async () => {
    const { stack } = running();
    expect((await api(stack.tokens.staffDemo, 'POST', '/api/projects', PROJECT)).status).toBe(201);
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/${PROJECT.projectId}`);
      expect(await page.getByTestId('prompts-glance').textContent()).toContain('after the first round');
      await page.getByTestId('prompts-link').click();
      await page.waitForURL(pagePath());
      expect(await page.locator('h1').textContent()).toBe(`Phone prompts — ${PROJECT.name}`);
      expect(await page.getByTestId('prompts-no-round').textContent()).toContain('no round yet');
      expect(await page.getByTestId('prompt').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const now = Date.now();
    const launched = await api(stack.tokens.staffDemo, 'POST', `/api/projects/${PROJECT.projectId}/rounds`, {
      label: 'start',
      surveyId: demoCheckin.id,
      surveyVersion: demoCheckin.version,
      opensAt: new Date(now).toISOString(),
      closesAt: new Date(now + 14 * 24 * 3600 * 1000).toISOString(),
      reminderAfterHours: null,
      // The demo survey has no Tigrinya texts: the recorded prompts are the calls' Tigrinya (messages get Dutch).
      acceptMissingLanguages: ['ti'],
    });
    expect(launched.status).toBe(201);
    const overview = await api(stack.tokens.staffDemo, 'GET', `/api/projects/${PROJECT.projectId}/prompts`);
    const ti = (overview.json.languages as Array<{ language: string; required: number; missing: number }>).find((l) => l.language === 'ti');
    required = ti?.required ?? 0;
    expect(required).toBeGreaterThan(13);
    expect(ti?.missing).toBe(required);
  });

  it('staff see what to record, upload a spoken WAV, hear it back, get file problems at the input, and delete it', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.staffDemo);
      await page.goto(`${stack.url}/dashboard/projects/${PROJECT.projectId}`);
      const glance = await page.getByTestId('prompts-glance').textContent();
      expect(glance).toContain(`${required} missing`);
      expect(glance).toContain(TIGRINYA);
      await page.getByTestId('prompts-link').click();
      await page.waitForURL(pagePath());

      // Tigrinya: all missing, with the Dutch texts to say; Dutch is spoken by a voice.
      expect(await page.locator('h1').textContent()).toBe(`Phone prompts — ${PROJECT.name}`);
      expect(await page.locator('.lead').textContent()).toContain('Until every sentence of a language is recorded');
      const voiced = await page.getByTestId('prompts-voiced').textContent();
      expect(voiced).toContain('Nederlands');
      expect(voiced).toContain('Polly.Lisa-Neural');
      expect(await page.getByTestId('prompt-language').count()).toBe(1);
      const section = page.locator('[data-testid="prompt-language"][data-language="ti"]');
      expect(await section.locator('h2').textContent()).toBe(TIGRINYA);
      expect(await section.locator('h2 [lang="ti"]').count()).toBe(1);
      expect(await section.getByTestId('prompt-count').textContent()).toContain(`0 of ${required} recorded`);
      expect(await section.getByTestId('prompt').count()).toBe(required);
      expect(await section.locator('[data-recorded="false"]').count()).toBe(required);
      const energyText = promptItem(page, 'ti', ENERGY).getByTestId('prompt-read');
      expect(await energyText.textContent()).toContain(dutch('energy'));
      expect(await energyText.getAttribute('lang')).toBe('nl');
      expect(await energyText.getAttribute('dir')).toBe('auto');
      expect(await promptItem(page, 'ti', GOODBYE).getByTestId('prompt-read').textContent()).toBe('Tot ziens.');
      expect(await page.getByTestId('prompt-audio').count()).toBe(0);
      const input = promptItem(page, 'ti', GOODBYE).locator('input[type="file"]');
      expect(await input.getAttribute('accept')).toBe('audio/mpeg,audio/wav,.mp3,.wav');
      expect(await promptItem(page, 'ti', GOODBYE).getByTestId('prompt-upload-submit').textContent()).toBe('Upload recording');
      expect(await a11yProblems(page)).toEqual([]);
      await page.screenshot({ path: '/tmp/prompts-missing.png', fullPage: true });

      // Upload the spoken WAV: back at the prompt with a notice; recorded, with a player.
      await input.setInputFiles(files.wav);
      await promptItem(page, 'ti', GOODBYE).getByTestId('prompt-upload-submit').click();
      await page.waitForURL(`${pagePath()}?done=saved#p-ti-text-call-goodbye`);
      expect(await page.getByTestId('notice').textContent()).toBe('Recording saved.');
      let goodbye = promptItem(page, 'ti', GOODBYE);
      expect(await goodbye.getAttribute('data-recorded')).toBe('true');
      const status = await goodbye.getByTestId('prompt-status').textContent();
      expect(status).toContain('Recorded');
      expect(status).toContain('by upload');
      expect(await goodbye.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await section.getByTestId('prompt-count').textContent()).toContain(`1 of ${required} recorded`);
      expect(await goodbye.getByTestId('prompt-upload-submit').textContent()).toBe('Replace');
      const audio = goodbye.getByTestId('prompt-audio');
      expect(await audio.getAttribute('preload')).toBe('none');
      expect(await audio.getAttribute('controls')).not.toBeNull();
      const audioUrl = await audio.evaluate((a: HTMLAudioElement) => a.src);
      expect(audioUrl).toBe(`${pagePath()}/ti/${GOODBYE}/audio`);
      const fetched = await context.request.get(audioUrl);
      expect(fetched.status()).toBe(200);
      expect(fetched.headers()['content-type']).toBe('audio/wav');
      expect(fetched.headers()['cache-control']).toBe('no-store');
      expect(Buffer.compare(await fetched.body(), readFileSync(files.wav))).toBe(0);
      const anonymous = await fetch(audioUrl, { redirect: 'manual' });
      expect(anonymous.status).toBe(303); // no session: to sign-in, never the audio
      await audio.evaluate((a: HTMLAudioElement) => a.load());
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0.2);
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('p-ti-text-call-goodbye');
      await goodbye.screenshot({ path: '/tmp/prompts-recorded.png' });

      // Ogg is not for phone calls: the problem shows next to this prompt's input, linked from the summary.
      const energy = promptItem(page, 'ti', ENERGY);
      await energy.locator('input[type="file"]').setInputFiles(files.ogg);
      await energy.getByTestId('prompt-upload-submit').click();
      await page.getByTestId('error-summary').waitFor();
      const fileError = promptItem(page, 'ti', ENERGY).locator('[data-field="file"]');
      expect(await fileError.textContent()).toContain('not MP3 or WAV');
      const energyInput = promptItem(page, 'ti', ENERGY).locator('input[type="file"]');
      expect(await energyInput.getAttribute('aria-invalid')).toBe('true');
      expect(await energyInput.getAttribute('aria-describedby')).toBe(await fileError.getAttribute('id'));
      const summaryLink = page.getByTestId('error-summary').locator('a');
      expect(await summaryLink.getAttribute('href')).toBe(`#${await energyInput.getAttribute('id')}`);
      expect(await summaryLink.textContent()).toContain(`(${TIGRINYA})`);
      expect(await page.locator('[data-field="file"]').count()).toBe(1); // only at that prompt
      expect(await promptItem(page, 'ti', ENERGY).getAttribute('data-recorded')).toBe('false');
      expect(await a11yProblems(page)).toEqual([]);
      await page.screenshot({ path: '/tmp/prompts-field-error.png', fullPage: true });
      await promptItem(page, 'ti', ENERGY).screenshot({ path: '/tmp/prompts-field-error-item.png' });

      // Too large for the API (2 MB), too large for the dashboard itself, too long: each said at the input.
      for (const [file, expected] of [
        [files.large, 'larger than 2 MB'],
        [files.huge, 'larger than 2 MB'],
        [files.long, 'more than 2 minutes'],
      ] as const) {
        await page.goto(pagePath());
        await promptItem(page, 'ti', ENERGY).locator('input[type="file"]').setInputFiles(file);
        await promptItem(page, 'ti', ENERGY).getByTestId('prompt-upload-submit').click();
        await page.getByTestId('error-summary').waitFor();
        expect(await promptItem(page, 'ti', ENERGY).locator('[data-field="file"]').textContent()).toContain(expected);
      }
      expect(page.url()).toBe(`${pagePath()}/ti/${ENERGY}`);

      // No file chosen (the browser's "required" bypassed): said at the input, nothing sent to the API.
      const empty = await context.request.post(`${pagePath()}/ti/${ENERGY}`, { multipart: { other: 'x' }, headers: { origin: stack.url } });
      expect(empty.status()).toBe(400);
      expect(await empty.text()).toContain('Choose an MP3 or WAV file.');

      // Delete it again: missing, no player, and its audio gone.
      await page.goto(pagePath());
      goodbye = promptItem(page, 'ti', GOODBYE);
      await goodbye.getByTestId('prompt-delete-submit').click();
      await page.waitForURL(`${pagePath()}?done=deleted#p-ti-text-call-goodbye`);
      expect(await page.getByTestId('notice').textContent()).toBe('Recording deleted.');
      expect(await promptItem(page, 'ti', GOODBYE).getAttribute('data-recorded')).toBe('false');
      expect(await promptItem(page, 'ti', GOODBYE).getByTestId('prompt-status').textContent()).toContain('Missing');
      expect(await page.getByTestId('prompt-audio').count()).toBe(0);
      expect(await section.getByTestId('prompt-count').textContent()).toContain(`0 of ${required} recorded`);
      expect((await context.request.get(audioUrl)).status()).toBe(404);

      // A POST from another site is refused, whatever the session.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const form = new FormData();
      form.append('file', new Blob([readFileSync(files.wav)], { type: 'audio/wav' }), 'selam.wav');
      const crossSite = await fetch(`${pagePath()}/ti/${GOODBYE}`, {
        method: 'POST',
        headers: { cookie, origin: 'https://evil.example' },
        body: form,
        redirect: 'manual',
      });
      expect(crossSite.status).toBe(403);
      expect((await api(stack.tokens.staffDemo, 'GET', `/api/projects/${PROJECT.projectId}/prompts/ti/${GOODBYE}/audio`)).status).toBe(404);

      // In Dutch and French.
      await page.goto(`${pagePath()}?lang=nl`);
      expect(await page.locator('h1').textContent()).toBe(`Telefoonopnames — ${PROJECT.name}`);
      expect(await page.getByTestId('prompt-count').textContent()).toContain(`0 van ${required} opgenomen`);
      expect(await promptItem(page, 'ti', GOODBYE).getByTestId('prompt-upload-submit').textContent()).toBe('Opname opladen');
      await page.goto(`${pagePath()}?lang=fr`);
      expect(await page.locator('h1').textContent()).toBe(`Enregistrements téléphoniques — ${PROJECT.name}`);
      expect(await page.getByTestId('prompts-voiced').textContent()).toContain('Parlées par une voix');
      await page.screenshot({ path: '/tmp/prompts-fr.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an interpreter of the organisation opens the page by its address and records too', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.interpreterDemo, '/dashboard/voice');
      expect(await page.getByTestId('who').textContent()).toContain('phone prompts');
      await page.goto(pagePath());
      // Interpreters cannot read the project itself (its name comes with the prompts), and have no way back to it.
      expect(await page.locator('h1').textContent()).toBe(`Phone prompts — ${PROJECT.name}`);
      expect(await page.getByTestId('back-to-project').count()).toBe(0);
      // Recording by phone instead: a one-time code, shown once on the page, never in its address.
      await page.getByTestId('studio-button').click();
      const code = (await page.getByTestId('studio-code').textContent()) ?? '';
      expect(code).toMatch(/^Your code: \d{4} \d{4} \(valid until .+\)\. Call .+ type the code and then #\./);
      expect(page.url()).not.toMatch(/\d{8}/);
      await page.goto(pagePath());
      const energy = promptItem(page, 'ti', ENERGY);
      expect(await energy.getByTestId('prompt-read').textContent()).toContain(dutch('energy'));
      await energy.locator('input[type="file"]').setInputFiles(files.wav);
      await energy.getByTestId('prompt-upload-submit').click();
      await page.waitForURL(`${pagePath()}?done=saved#p-ti-question-energy`);
      expect(await page.getByTestId('notice').textContent()).toBe('Recording saved.');
      expect(await promptItem(page, 'ti', ENERGY).getAttribute('data-recorded')).toBe('true');
      const audio = await context.request.get(`${pagePath()}/ti/${ENERGY}/audio`);
      expect(audio.status()).toBe(200);
      expect(audio.headers()['content-type']).toBe('audio/wav');
      expect(await a11yProblems(page)).toEqual([]);
      await page.screenshot({ path: '/tmp/prompts-interpreter.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // Staff see it counted on the project page.
    const staff = await openBrowser();
    try {
      await signIn(staff.page, stack.tokens.staffDemo);
      await staff.page.goto(`${stack.url}/dashboard/projects/${PROJECT.projectId}`);
      expect(await staff.page.getByTestId('prompts-glance').textContent()).toContain(`${required - 1} missing`);
      await staff.page.locator('[data-testid="project-facts"]').screenshot({ path: '/tmp/prompts-project-facts.png' });
      // The demo project: every language has a voice.
      await staff.page.goto(`${stack.url}/dashboard/projects/demo`);
      expect(await staff.page.getByTestId('prompts-glance').textContent()).toContain('every language has a voice');
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('staff of another organisation, and the coordinator, get the not-found page', async () => {
    const { stack } = running();
    for (const token of [stack.tokens.staffExemple, stack.tokens.coordinator]) {
      const { context, page, errors } = await openBrowser();
      try {
        await signIn(page, token);
        const response = await page.goto(pagePath());
        expect(response?.status()).toBe(404);
        expect(await page.locator('h1').textContent()).toBe('Not found');
        expect(await page.getByTestId('prompt').count()).toBe(0);
        expect((await context.request.get(`${pagePath()}/ti/${ENERGY}/audio`)).status()).toBe(404);
        const upload = await context.request.post(`${pagePath()}/ti/${ENERGY}`, {
          multipart: { file: { name: 'selam.wav', mimeType: 'audio/wav', buffer: readFileSync(files.wav) } },
          headers: { origin: stack.url },
        });
        expect(upload.status()).toBe(404);
        const removed = await context.request.post(`${pagePath()}/ti/${ENERGY}/delete`, { headers: { origin: stack.url } });
        expect(removed.status()).toBe(404);
        if (token === stack.tokens.coordinator) {
          await page.goto(`${stack.url}/dashboard/projects/${PROJECT.projectId}`);
          expect(await page.getByTestId('prompts-glance').count()).toBe(0); // staff only
        }
        await page.screenshot({ path: `/tmp/prompts-not-found-${token === stack.tokens.coordinator ? 'coordinator' : 'exemple'}.png` });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    // The interpreter's recording is still there.
    expect((await api(stack.tokens.staffDemo, 'GET', `/api/projects/${PROJECT.projectId}/prompts/ti/${ENERGY}/audio`)).status).toBe(200);
  });
});
