import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { parseCsv } from '../../adapters/csv/rfc4180-reader.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * Voice answers end to end, in a real browser against the real local stack (DynamoDB Local, no speech
 * model, so every voice note goes to the human queue): a Dutch participant answers the open probe with a
 * voice note recorded from the microphone (Chromium's fake microphone plays a sentence spoken by
 * espeak-ng) and the last open question with an uploaded Ogg/Opus file; staff of OCMW Demo listen,
 * transcribe and translate in the dashboard; the CSV has the redacted transcript and no phone number;
 * the recording is gone; the coordinator has no such page.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const SPOKEN = 'Ik wacht al drie weken, mijn nummer is 0470 12 34 56';
const TRANSCRIPT = 'Ik wacht al drie weken, bel me op 0470 12 34 56';
const TRANSLATION = 'J’attends depuis trois semaines, appelez-moi au 0470 12 34 56';
const ROUND = 'demo-start';

const work = mkdtempSync(join(tmpdir(), 'stem-voice-e2e-'));
const wav = join(work, 'spoken-nl.wav');
const ogg = join(work, 'spoken-nl.ogg');

let stack: LocalStack | undefined;
let browser: Browser | undefined;

/** A question's text (or its probe's) in the demo survey, in one language. */
function text(id: string, lang: 'nl' | 'en', part: 'question' | 'probe' = 'question'): string {
  const q = demoCheckin.questions.find((x) => x.id === id);
  const texts: Record<string, string> | undefined = part === 'probe' ? (q && 'probe' in q ? q.probe?.text : undefined) : q?.text;
  const found = texts?.[lang];
  if (!found) throw new Error(`demo survey has no ${part} text ${id} in ${lang}`);
  return found;
}

beforeAll(async () => {
  // A real spoken sentence: the fake microphone plays the WAV; the upload is the same speech as Ogg/Opus, as WhatsApp sends.
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, SPOKEN]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', ogg]);
  expect(statSync(ogg).size).toBeGreaterThan(1000);
  expect(readFileSync(ogg).subarray(0, 4).toString('latin1')).toBe('OggS');

  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent });
  // The fake microphone plays the spoken sentence.
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]);
}, 90_000);

afterAll(() => shutDown({ browser, stack, work }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

/** A fresh browser context (own cookies), collecting script and CSP errors. */
/** A text message as Twilio posts it to the local stack, signed over the public URL. */
async function signedText(phone: string, body: string): Promise<void> {
  const { stack } = running();
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: `AC${'1'.repeat(32)}`,
    From: phone,
    To: SERVICE_NUMBER,
    Body: body,
    NumMedia: '0',
  };
  const response = await fetch(`${stack.url}/twilio/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(stack.twilioAuthToken, `${stack.publicUrl}/twilio/messages`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
}

async function openBrowser(viewport = { width: 1280, height: 900 }, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { stack, browser } = running();
  return newPage(browser, { viewport, locale, microphoneFor: stack.url });
}

async function signIn(page: Page, token: string, home = '/dashboard'): Promise<void> {
  const { stack } = running();
  await page.goto(`${stack.url}/dashboard/sign-in`);
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}${home}`);
}

/** Wait until nothing is on its way and more than `before` bubbles show; the service's new bubbles. */
async function repliesAfter(page: Page, before: number): Promise<string[]> {
  await page.waitForFunction(
    (n) => {
      const thread = document.querySelector('[data-testid="thread"]');
      return thread?.getAttribute('aria-busy') === 'false' && thread.querySelectorAll('[data-testid="bubble"]').length > n + 1;
    },
    before,
    { timeout: 20_000 },
  );
  const all = await page.getByTestId('bubble').evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from'), text: e.textContent ?? '' })));
  return all
    .slice(before)
    .filter((b) => b.from === 'service')
    .map((b) => b.text);
}

async function say(page: Page, text: string): Promise<string> {
  const before = await page.getByTestId('bubble').count();
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
  return (await repliesAfter(page, before)).join('\n');
}

/** Loudness per 10 ms of an audio file (decoded by ffmpeg to 16 kHz mono). */
function loudness(file: string): number[] {
  const pcm = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 's16le', '-'], { maxBuffer: 64 * 1024 * 1024 });
  const frames: number[] = [];
  for (let start = 0; start + 320 <= pcm.length; start += 320) {
    let sum = 0;
    for (let i = start; i < start + 320; i += 2) sum += Math.abs(pcm.readInt16LE(i));
    frames.push(sum / 160);
  }
  return frames;
}

/** The best correlation of `recorded` with the looped `reference` at any offset (1: the same shape). */
function envelopeMatch(recorded: number[], reference: number[]): number {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let best = -1;
  for (let shift = 0; shift < reference.length; shift++) {
    const other = recorded.map((_, i) => reference[(i + shift) % reference.length] ?? 0);
    const [ma, mb] = [mean(recorded), mean(other)];
    let num = 0;
    let da = 0;
    let db = 0;
    recorded.forEach((a, i) => {
      const b = other[i] ?? 0;
      num += (a - ma) * (b - mb);
      da += (a - ma) ** 2;
      db += (b - mb) ** 2;
    });
    if (da > 0 && db > 0) best = Math.max(best, num / Math.sqrt(da * db));
  }
  return best;
}

let jobsWaiting: string[] = [];

describe('voice answers (Chromium with a fake microphone, local stack)', () => {
  it('a new WhatsApp participant answers an open question with a recorded voice note, and the last one with an uploaded file', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser({ width: 380, height: 800 }, 'nl-BE');
    try {
      await page.goto(`${stack.url}/simulator`);
      await page.getByTestId('channel-whatsapp').check();
      await page.getByTestId('new-participant').click();
      expect(await page.getByTestId('phone').inputValue()).toMatch(/^\+3247\d{7}$/);

      expect(await say(page, 'JOIN DEMO')).toContain('Nederlands');
      expect(await say(page, '1')).toContain(text('consent', 'nl')); // Nederlands
      expect(await say(page, 'ja')).toContain(text('energy', 'nl'));
      expect(await say(page, '4')).toContain(text('respected', 'nl'));
      expect(await say(page, '1')).toContain(text('respected', 'nl', 'probe')); // "true": the open probe follows

      // Record from the (fake) microphone for about 3 seconds, then stop: it is sent as a WhatsApp voice note.
      expect(await page.getByTestId('stop-record').isVisible()).toBe(false);
      let before = await page.getByTestId('bubble').count();
      await page.getByTestId('record').click();
      await page.getByTestId('stop-record').waitFor({ state: 'visible' });
      expect(await page.getByTestId('record').isVisible()).toBe(false);
      await page.waitForTimeout(3_000);
      expect(await page.getByTestId('recording-time').textContent()).toMatch(/^Recording 0:0[2-4]$/);
      await page.screenshot({ path: '/tmp/voice-simulator-recording.png' });
      await page.getByTestId('stop-record').click();
      let reply = (await repliesAfter(page, before)).join('\n');
      expect(reply).toContain(nl.voice.received);
      expect(reply).toContain(text('understood', 'nl'));
      expect(reply.indexOf(nl.voice.received)).toBeLessThan(reply.indexOf(text('understood', 'nl')));
      const recorded = page.locator('[data-testid="bubble"][data-from="participant"][data-voice="true"]').last();
      expect(await recorded.textContent()).toMatch(/^🎤 voice note \(0:0[2-4]\)$/);
      const playable = recorded.getByTestId('voice-audio');
      expect(await playable.getAttribute('src')).toMatch(/^blob:/);
      await expect.poll(() => playable.evaluate((a: HTMLAudioElement) => a.duration > 1 || a.readyState >= 1), { timeout: 10_000 }).toBe(true);
      expect(await page.getByTestId('record').isVisible()).toBe(true);

      expect(await say(page, '1')).toContain(text('change', 'nl')); // "true": no probe, on to the last, open question

      // The last open question: an Ogg/Opus file, as WhatsApp sends voice notes.
      before = await page.getByTestId('bubble').count();
      await page.getByTestId('audio-file').setInputFiles(ogg);
      reply = (await repliesAfter(page, before)).join('\n');
      expect(reply).toContain(nl.voice.received);
      expect(reply).toContain(text('hear_back', 'nl'));
      expect(await say(page, '2')).toContain(nl.thanks.completed); // no need to hear back: the survey is done
      const uploaded = page.locator('[data-testid="bubble"][data-from="participant"][data-voice="true"]').last();
      expect(await uploaded.textContent()).toMatch(/^🎤 voice note \(0:0\d\)$/);

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
      await page.screenshot({ path: '/tmp/voice-simulator.png' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    await stack.voiceQueue.drained();
    const jobs = await stack.deps.voice.jobs.needingHuman('demo-ocmw');
    jobsWaiting = jobs.map((j) => j.jobId);
    expect(jobs.map((j) => j.answer?.questionId).sort()).toEqual(['change', 'respected.probe']);
    expect(jobs.every((j) => j.language === 'nl' && j.stored)).toBe(true);
    const byQuestion = new Map(jobs.map((j) => [j.answer?.questionId, j.contentType]));
    expect(byQuestion.get('change')).toBe('audio/ogg'); // the uploaded file
    expect(byQuestion.get('respected.probe')).toMatch(/^audio\/(webm|ogg)$/); // MediaRecorder's Opus

    // What the microphone recorded is the spoken sentence (not silence, not the fake device's beep): its
    // loudness follows the espeak-ng recording's, which the fake microphone plays in a loop.
    const recordedJob = jobs.find((j) => j.answer?.questionId === 'respected.probe');
    const stored = recordedJob ? await stack.voice.audio.get(recordedJob.jobId) : null;
    if (!stored) throw new Error('the recorded voice note is not stored');
    const recordedFile = join(work, 'recorded.audio');
    writeFileSync(recordedFile, stored.bytes);
    expect(envelopeMatch(loudness(recordedFile), loudness(wav))).toBeGreaterThan(0.6);
  });

  it('interpreters of the network hear both disguised and transcribe one (redacted); own staff only once their organisation allows it; the CSV has it without the number', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser();
    const net = await openBrowser();
    try {
      // Staff of the participant's own organisation: by default nothing to hear, and who does hear is said.
      await signIn(page, stack.tokens.staffDemo);
      await page.getByTestId('nav-voice').click();
      await page.waitForURL(`${stack.url}/dashboard/voice`);
      expect(await page.locator('h1').textContent()).toBe('Voice answers to transcribe');
      expect(await page.getByTestId('nav-voice').getAttribute('aria-current')).toBe('page');
      expect(await page.getByTestId('voice-item').count()).toBe(0);
      expect(await page.getByTestId('own-listening-state').textContent()).toContain('Interpreters of the network');
      for (const jobId of jobsWaiting)
        expect((await context.request.get(`${stack.url}/dashboard/voice/${encodeURIComponent(jobId)}/audio`)).status()).toBe(404);

      // An interpreter of another organisation: both, with the language, and nothing naming the organisation or project.
      await signIn(net.page, stack.tokens.interpreterExemple, '/dashboard/voice');
      const items = net.page.getByTestId('voice-item');
      expect(await items.count()).toBe(2);
      expect(await net.page.getByTestId('voice-count').textContent()).toBe('2 voice answers wait for a person.');
      const texts = await items.allTextContents();
      expect(texts.every((t) => t.includes('Nederlands') && !t.includes('OCMW Demo') && !t.includes('respected') && !t.includes('demo'))).toBe(true);
      expect(await net.page.getByTestId('voice-question').count()).toBe(0);
      expect(await net.page.getByTestId('voice-disguised').textContent()).toContain('disguised');
      expect(await net.page.getByTestId('own-listening-form').count()).toBe(0);
      expect(await net.page.getByTestId('voice-reason').first().textContent()).toBe('No speech-to-text for this language is available here.');
      const [firstJob = '', secondJob = ''] = await Promise.all([0, 1].map(async (i) => (await items.nth(i).getAttribute('data-job-id')) ?? ''));
      expect([firstJob, secondJob].sort()).toEqual([...jobsWaiting].sort());
      // Which is which, the test reads from the store: the page does not say (the question would point to the project).
      const questionOf = async (jobId: string) => (await stack.deps.voice.jobs.get(jobId))?.answer?.questionId;
      const [probeJob, lastJob] = (await questionOf(firstJob)) === 'respected.probe' ? [firstJob, secondJob] : [secondJob, firstJob];
      const probe = net.page.locator(`[data-testid="voice-item"][data-job-id="${probeJob}"]`);
      const last = net.page.locator(`[data-testid="voice-item"][data-job-id="${lastJob}"]`);

      // The recording, disguised by the API, through the dashboard (the session cookie; no cache), playable under the CSP.
      const audio = probe.getByTestId('voice-audio');
      expect(await audio.getAttribute('preload')).toBe('none');
      const audioUrl = `${stack.url}/dashboard/voice/${encodeURIComponent(probeJob)}/audio`;
      expect(await audio.evaluate((a: HTMLAudioElement) => a.src)).toBe(audioUrl);
      const fetched = await net.context.request.get(audioUrl);
      expect(fetched.status()).toBe(200);
      expect(fetched.headers()['content-type']).toBe('audio/wav');
      expect(fetched.headers()['cache-control']).toBe('no-store');
      const heard = await fetched.body();
      expect(heard.length).toBeGreaterThan(1000);
      expect(heard.equals(Buffer.from((await stack.voice.audio.get(probeJob))?.bytes ?? []))).toBe(false); // never the participant's file
      const anonymous = await fetch(audioUrl, { redirect: 'manual' });
      expect(anonymous.status).toBe(303); // no session: to sign-in, never the audio
      await audio.evaluate((a: HTMLAudioElement) => a.load());
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await net.page.screenshot({ path: '/tmp/voice-queue.png', fullPage: true });

      // One listener at a time: for an independent interpreter the played one is taken, with neither player nor form.
      const other = await openBrowser();
      try {
        await signIn(other.page, stack.tokens.interpreterNetwork, '/dashboard/voice'); // an interpreter's only page
        expect(await other.page.getByTestId('who').textContent()).toContain('interpreter of the network');
        const taken = other.page.locator(`[data-testid="voice-item"][data-job-id="${probeJob}"]`);
        expect(await taken.getByTestId('voice-taken').textContent()).toContain('A colleague is listening');
        expect(await taken.getByTestId('voice-audio').count()).toBe(0);
        expect(await taken.getByTestId('transcript-form').count()).toBe(0);
        expect(await other.page.locator(`[data-testid="voice-item"][data-job-id="${lastJob}"]`).getByTestId('voice-audio').count()).toBe(1);
        expect((await other.context.request.get(audioUrl)).status()).toBe(409);
        expect(await other.page.getByTestId('own-listening-state').count()).toBe(0); // no organisation to speak of
        expect(other.errors).toEqual([]);
      } finally {
        await other.context.close();
      }

      // An empty transcript: the API's field error shows next to that item's field, the translation is kept.
      await last.locator('textarea[name="transcript"]').fill('   ');
      await last.locator('textarea[name="translation"]').fill('Een tolk');
      await last.getByTestId('transcript-submit').click();
      await net.page.getByTestId('error-summary').waitFor();
      const lastAgain = net.page.locator(`[data-testid="voice-item"][data-job-id="${lastJob}"]`);
      expect(await lastAgain.locator('[data-field="transcript"]').textContent()).toMatch(/\S/);
      expect(await lastAgain.locator('textarea[name="transcript"]').getAttribute('aria-invalid')).toBe('true');
      expect(await lastAgain.locator('textarea[name="translation"]').inputValue()).toBe('Een tolk');
      expect(await net.page.getByTestId('error-summary').count()).toBe(1);
      await lastAgain.screenshot({ path: '/tmp/voice-field-error.png' });

      // The played one: transcript in Dutch (with a phone number), and a French translation.
      const probeAgain = net.page.locator(`[data-testid="voice-item"][data-job-id="${probeJob}"]`);
      expect(await probeAgain.locator('textarea[name="transcript"]').getAttribute('lang')).toBe('nl');
      await probeAgain.locator('textarea[name="transcript"]').fill(TRANSCRIPT);
      await probeAgain.locator('textarea[name="translation"]').fill(TRANSLATION);
      await probeAgain.getByTestId('transcript-submit').click();
      await net.page.waitForURL(/\/dashboard\/voice\?done=transcribed$/);
      expect(await net.page.getByTestId('notice').textContent()).toContain('The transcript was saved');
      expect(await net.page.getByTestId('voice-item').count()).toBe(1);
      expect(await net.page.getByTestId('voice-item').getAttribute('data-job-id')).toBe(lastJob);
      await net.page.screenshot({ path: '/tmp/voice-queue-after.png', fullPage: true });
      expect(net.errors).toEqual([]);

      // The recording is deleted: the dashboard route answers 404/409 now.
      const gone = await net.context.request.get(audioUrl);
      expect([404, 409]).toContain(gone.status());
      expect(await stack.voice.audio.get(probeJob)).toBeNull();

      // The organisation lets its own people listen: a reason is required, then shown, and the answer is theirs too.
      await page.reload();
      await page.getByLabel('Yes: our own people may listen as well').check();
      await page.getByTestId('own-listening-save').click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.locator('[data-field="reason"]').count()).toBe(1);
      await page.locator('textarea[name="reason"]').fill('Our interpreters are sworn and employed by the OCMW.');
      await page.getByTestId('own-listening-save').click();
      await page.waitForURL(/\/dashboard\/voice\?done=own-listening$/);
      expect(await page.getByTestId('own-listening-reason').textContent()).toBe('Our interpreters are sworn and employed by the OCMW.');
      expect(await page.getByTestId('voice-item').count()).toBe(1);
      const own = page.getByTestId('voice-item');
      expect(await own.textContent()).toContain('OCMW Demo');
      expect(await own.getByTestId('voice-question').textContent()).toContain('change');
      await page.screenshot({ path: '/tmp/voice-own-listening.png', fullPage: true });

      // Four more neighbours finish the round by text: results are released once five have finished.
      for (const [i, phone] of ['+32470880001', '+32470880002', '+32470880003', '+32470880004'].entries()) {
        for (const body of ['JOIN DEMO', '1', 'ja', String(2 + (i % 3)), '1', 'Vriendelijk onthaal', '1', 'Meer uren open', 'ja'])
          await signedText(phone, body);
      }
      // The project page says what the CSV holds for voice answers; the round CSV has the redacted transcript.
      await page.goto(`${stack.url}/dashboard/projects/demo`);
      expect(await page.getByTestId('results-voice-note').textContent()).toContain('[phone]');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-round-${ROUND}`).click()]);
      const csv = (await readFile(await download.path())).toString('utf8').slice(1);
      const [header = [], ...rows] = parseCsv(csv);
      const column = (name: string) => header.indexOf(name);
      expect(header).toEqual(expect.arrayContaining(['question_id', 'status', 'voice', 'transcript', 'translation']));
      const row = rows.find((r) => r[column('question_id')] === 'respected.probe' && r[column('voice')] !== '');
      expect(row, csv).toBeDefined();
      expect(row?.[column('voice')]).toBe('transcribed');
      expect(row?.[column('transcript')]).toContain('Ik wacht al drie weken');
      expect(row?.[column('transcript')]).toContain('[phone]');
      expect(row?.[column('translation')]).toContain('trois semaines');
      expect(row?.[column('translation')]).toContain('[phone]');
      const pending = rows.find((r) => r[column('question_id')] === 'change' && r[column('voice')] !== '');
      expect(pending?.[column('voice')]).toBe('needs-human');
      expect(pending?.[column('transcript')]).toBe('');
      for (const digits of ['0470', '470 12', '12 34 56', '123456']) expect(csv).not.toContain(digits);
      await page.screenshot({ path: '/tmp/voice-project.png', fullPage: true });

      // Each voice answer shows its status and redacted transcript in the dashboard too.
      await page.getByTestId(`voice-answers-${ROUND}`).click();
      const statuses = await page.getByTestId('voice-status').allTextContents();
      expect(statuses.sort()).toEqual(['transcribed', 'waiting for a person']);
      const transcripts = (await page.getByTestId('voice-transcript').allTextContents()).join(' ');
      expect(transcripts).toContain('[phone]');
      expect(transcripts).not.toContain('0470');
      await page.screenshot({ path: '/tmp/voice-answers.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await net.context.close();
      await context.close();
    }
  });

  it('the dashboard in Dutch and French; the coordinator has no voice page', async () => {
    const { stack } = running();
    const staff = await openBrowser();
    try {
      await signIn(staff.page, stack.tokens.staffDemo);
      await staff.page.goto(`${stack.url}/dashboard/voice?lang=nl`);
      expect(await staff.page.locator('h1').textContent()).toBe('Spraakantwoorden om uit te typen');
      expect(await staff.page.getByTestId('nav-voice').textContent()).toBe('Spraakantwoorden');
      expect(await staff.page.getByTestId('voice-count').textContent()).toBe('1 spraakantwoord wacht op een mens.');
      await staff.page.goto(`${stack.url}/dashboard/voice?lang=fr`);
      expect(await staff.page.locator('h1').textContent()).toBe('Réponses vocales à transcrire');
      expect(await staff.page.locator('label[for$="-transcript"]').textContent()).toBe('Transcription');
      await staff.page.screenshot({ path: '/tmp/voice-queue-fr.png', fullPage: true });
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }

    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.coordinator);
      expect(await page.getByTestId('who').textContent()).toContain('coordinator');
      expect(await page.getByTestId('nav-voice').count()).toBe(0);
      const response = await page.goto(`${stack.url}/dashboard/voice`);
      expect(response?.status()).toBe(404);
      const queue = await context.request.get(`${stack.url}/api/voice/queue`);
      expect(await queue.json()).toEqual({ jobs: [], ownListening: null, canChange: false });
      const audio = await context.request.get(`${stack.url}/dashboard/voice/${encodeURIComponent(jobsWaiting[0] ?? 'x')}/audio`);
      expect(audio.status()).toBe(404);
      await page.screenshot({ path: '/tmp/voice-coordinator.png' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
