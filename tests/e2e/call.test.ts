import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import en from '../../locales/en/translation.json' with { type: 'json' };
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import type { LocalStack } from '../../local/stack.js';
import { twimlCall, TwimlError } from '../../local/simulator/call-twiml.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * The phone-call simulator in a real browser against the real local stack: a caller rings the service
 * number, hears the language menu (each option in its own language), answers the demo survey in French
 * on the keypad, records two open answers from Chromium's fake microphone (a sentence spoken by
 * espeak-ng), stays silent at a probe, and hears the goodbye. The server signs each turn for
 * /twilio/voice, as Twilio would, and turns the TwiML into what the page shows and speaks.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const ROUND = 'demo-start';

const work = mkdtempSync(join(tmpdir(), 'stem-call-e2e-'));
const wav = join(work, 'spoken-fr.wav');

let stack: LocalStack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  execFileSync('espeak-ng', ['-v', 'fr', '-w', wav, "J'attends depuis trois semaines une réponse du centre."]);
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]),
  ]);
}, 90_000);

afterAll(() => shutDown({ browser, stack, work }), 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

interface Spoken {
  text: string;
  lang: string;
}

/** The call page on a phone-sized screen, with every utterance the page speaks recorded in window.__spoken. */
async function openCall(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { stack, browser } = running();
  const opened = await newPage(browser, { viewport: { width: 360, height: 780 }, locale: 'fr-BE', microphoneFor: stack.url });
  await opened.page.addInitScript(() => {
    const w = window as unknown as { __spoken: Spoken[] };
    w.__spoken = [];
    if (!('speechSynthesis' in window)) return;
    const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      w.__spoken.push({ text: u.text, lang: u.lang });
      try {
        speak(u);
      } catch {
        /* headless: no audio output */
      }
    };
  });
  await opened.page.goto(`${stack.url}/simulator/call`);
  return opened;
}

const said = (page: Page) => page.getByTestId('call-log').getByTestId('said');

/** Wait until the turn is answered (nothing on its way, more prompts than `before`); the new prompts. */
async function promptsAfter(page: Page, before: number): Promise<Array<{ text: string; lang: string | null }>> {
  await page.waitForFunction(
    (n) => {
      const log = document.querySelector('[data-testid="call-log"]');
      return log?.getAttribute('aria-busy') === 'false' && log.querySelectorAll('[data-testid="said"]').length > n;
    },
    before,
    { timeout: 15_000 },
  );
  const all = await said(page).evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', lang: e.getAttribute('lang') })));
  return all.slice(before);
}

/** Do something that makes the service speak; what it says next, joined. */
async function next(page: Page, action: () => Promise<void>): Promise<{ text: string; langs: string[] }> {
  const before = await said(page).count();
  await action();
  const prompts = await promptsAfter(page, before);
  return { text: prompts.map((p) => p.text).join(' '), langs: [...new Set(prompts.map((p) => p.lang ?? ''))] };
}

const press = (page: Page, key: string) => () => page.getByTestId(key === '#' ? 'key-hash' : key === '*' ? 'key-star' : `key-${key}`).click();

async function record(page: Page, ms: number): Promise<void> {
  await page.getByTestId('call-record').click();
  await page.getByTestId('call-record-stop').waitFor({ state: 'visible' });
  await page.waitForTimeout(ms);
  expect(await page.getByTestId('call-recording-time').textContent()).toMatch(/^Recording 0:0\d$/);
  await page.getByTestId('call-record-stop').click();
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken);
const status = (page: Page) => page.getByTestId('call-status').textContent();

function text(id: string, lang: 'fr', part: 'question' | 'probe' = 'question'): string {
  const q = demoCheckin.questions.find((x) => x.id === id);
  const texts: Record<string, string> | undefined = part === 'probe' ? (q && 'probe' in q ? q.probe?.text : undefined) : q?.text;
  const found = texts?.[lang];
  if (!found) throw new Error(`demo survey has no ${part} text ${id} in ${lang}`);
  return found;
}

async function answersOf(phone: string) {
  const { stack } = running();
  const code = stack.deps.protector.respondentCode('demo', phone);
  return (await stack.deps.store.answersOfRound('demo', ROUND)).filter((a) => a.respondentCode === code);
}

describe('phone-call simulator (Chromium with a fake microphone, local stack)', () => {
  it('a new caller picks French on the spoken menu, answers on the keypad, records two answers, stays silent at a probe, and hears goodbye', async () => {
    const { stack } = running();
    const { context, page, errors } = await openCall();
    try {
      expect(await page.getByTestId('service-number').textContent()).toBe(SERVICE_NUMBER);
      expect(await page.getByTestId('phone').inputValue()).toBe('+32470000001');
      await page.getByTestId('new-participant').click();
      const phone = await page.getByTestId('phone').inputValue();
      expect(phone).toMatch(/^\+3247\d{7}$/);
      expect(await page.getByTestId('key-1').isDisabled()).toBe(true); // no call yet

      // The language menu: four prompts, each in its own language, spoken in that language.
      const menu = await next(page, () => page.getByTestId('call-start').click());
      const menuPrompts = await said(page).evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent, lang: e.getAttribute('lang'), dir: e.getAttribute('dir') })),
      );
      expect(menuPrompts).toEqual([
        { text: nl.call.language.replace('{{language}}', 'Nederlands').replace('{{key}}', '1'), lang: 'nl-BE', dir: 'auto' },
        { text: fr.call.language.replace('{{language}}', 'Français').replace('{{key}}', '2'), lang: 'fr-BE', dir: 'auto' },
        { text: en.call.language.replace('{{language}}', 'English').replace('{{key}}', '3'), lang: 'en-GB', dir: 'auto' },
        { text: ar.call.language.replace('{{language}}', 'العربية').replace('{{key}}', '4'), lang: 'arb', dir: 'auto' },
      ]);
      expect(menu.langs).toEqual(['nl-BE', 'fr-BE', 'en-GB', 'arb']);
      expect((await spoken(page)).map((s) => s.lang)).toEqual(['nl-BE', 'fr-BE', 'en-GB', 'arb']);
      expect(await status(page)).toBe('Press a key');
      expect(await page.getByTestId('call-start').isVisible()).toBe(false);
      expect(await page.getByTestId('call-hangup').isVisible()).toBe(true);
      expect(await page.getByTestId('phone').getAttribute('readonly')).not.toBeNull();
      expect(await page.getByTestId('call-log').getAttribute('role')).toBe('log');
      expect(await page.getByTestId('call-status').getAttribute('role')).toBe('status');
      await page.screenshot({ path: '/tmp/call-menu.png' });

      // 2: French. Everything is said (and spoken) in Belgian French; the answer may be said as well.
      const spokenBefore = (await spoken(page)).length;
      const consent = await next(page, press(page, '2'));
      expect(consent.langs).toEqual(['fr-BE']);
      expect(consent.text).toContain(text('consent', 'fr'));
      expect(consent.text).toContain(fr.call.press.replace('{{option}}', fr.answer.yes).replace('{{key}}', '1'));
      const spokenFrench = (await spoken(page)).slice(spokenBefore);
      expect(spokenFrench.length).toBeGreaterThan(0);
      expect(spokenFrench.every((s) => s.lang === 'fr-BE')).toBe(true);
      expect(spokenFrench.map((s) => s.text).join(' ')).toBe(consent.text);
      expect(await page.getByTestId('call-speech').getAttribute('lang')).toBe('fr-FR');
      expect(await page.locator('[data-testid="you"]').last().textContent()).toBe('⌨ 2');
      await page.screenshot({ path: '/tmp/call-french.png' });

      expect((await next(page, press(page, '1'))).text).toContain(fr.call.scale); // consent: yes
      const respected = await next(page, press(page, '4')); // energy 4
      expect(respected.text).toContain(text('respected', 'fr'));

      // 1: true → the open probe, answered by a recording from the microphone.
      const probe = await next(page, press(page, '1'));
      expect(probe.text).toContain(text('respected', 'fr', 'probe'));
      expect(probe.text).toContain(fr.call.record);
      expect(await status(page)).toBe('Record your answer, then Stop');
      expect(await page.getByTestId('call-record').isEnabled()).toBe(true);
      const understood = await next(page, () => record(page, 1_500));
      expect(understood.text).toContain(fr.call.received);
      expect(understood.text).toContain(text('understood', 'fr'));
      const recorded = page.locator('[data-testid="you"][data-kind="record"]').last();
      expect(await recorded.textContent()).toMatch(/^🎙 recorded answer \(0:0[1-3]\)$/);
      expect(await recorded.getByTestId('call-audio').getAttribute('src')).toMatch(/^blob:/);

      // 3: don't know → its probe; silence twice: asked again, then passed over to the last, open question.
      const probe2 = await next(page, press(page, '3'));
      expect(probe2.text).toContain(text('understood', 'fr', 'probe'));
      const again = await next(page, () => page.getByTestId('call-silence').click());
      expect(again.text.startsWith(fr.call.noInput)).toBe(true);
      const change = await next(page, () => page.getByTestId('call-silence').click());
      expect(change.text).toContain(fr.invalid.passedOver);
      expect(change.text).toContain(text('change', 'fr'));
      expect(await status(page)).toBe('Record your answer, then Stop');

      // The replay says the last prompts again, in French.
      const before = (await spoken(page)).length;
      await page.getByTestId('call-replay').click();
      const replayed = (await spoken(page)).slice(before);
      expect(replayed.map((s) => s.text).join(' ')).toBe(change.text);
      expect(replayed.every((s) => s.lang === 'fr-BE')).toBe(true);
      await page.screenshot({ path: '/tmp/call-recording-question.png' });

      // The last open answer, recorded; then whether they want to hear back: 1, yes.
      const hearBack = await next(page, () => record(page, 1_500));
      expect(hearBack.text).toContain(text('hear_back', 'fr'));
      // Thanks, goodbye, and the service hangs up.
      const end = await next(page, press(page, '1'));
      expect(end.text).toContain(fr.thanks.completed);
      expect(end.text).toContain(fr.call.goodbye);
      await page.getByTestId('call-ended').waitFor({ state: 'visible' });
      expect(await page.getByTestId('call-ended').textContent()).toBe('Call ended');
      expect(await status(page)).toBe('Call ended');
      for (const key of ['key-1', 'key-0', 'key-star', 'key-hash']) expect(await page.getByTestId(key).isDisabled()).toBe(true);
      expect(await page.getByTestId('call-start').isVisible()).toBe(true);

      // Readable on a 360 px phone: nothing wider than the screen; keys are big touch targets.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const key = await page.getByTestId('key-5').boundingBox();
      expect(key?.height).toBeGreaterThanOrEqual(48);
      expect(key?.width).toBeGreaterThanOrEqual(48);
      await page.screenshot({ path: '/tmp/call-ended.png' });
      expect(errors).toEqual([]);

      // What the service stored: the call's answers, and both recordings on their way to a person.
      const answers = await answersOf(phone);
      const byQuestion = Object.fromEntries(answers.map((a) => [a.questionId, a]));
      expect(Object.keys(byQuestion).sort()).toEqual([
        'change',
        'consent',
        'energy',
        'hear_back',
        'respected',
        'respected.probe',
        'understood',
        'understood.probe',
      ]);
      expect(answers.every((a) => a.channel === 'voice' && a.language === 'fr')).toBe(true);
      expect(byQuestion.consent).toMatchObject({ value: 'yes' });
      expect(byQuestion.hear_back).toMatchObject({ value: 'yes' });
      expect(byQuestion.energy).toMatchObject({ value: 4 });
      expect(byQuestion.respected).toMatchObject({ value: 'true' });
      expect(byQuestion.understood).toMatchObject({ value: 'dont_know' });
      expect(byQuestion['understood.probe']).toMatchObject({ value: null, status: 'skipped' });
      await stack.voiceQueue.drained();
      const code = stack.deps.protector.respondentCode('demo', phone);
      const jobs = (await stack.deps.voiceJobs.unfinished()).filter((j) => j.answer?.respondentCode === code);
      expect(jobs.map((j) => j.answer?.questionId).sort()).toEqual(['change', 'respected.probe']);
      expect(jobs.every((j) => j.language === 'fr' && j.status === 'needs-human')).toBe(true);
      expect(jobs.every((j) => /^audio\/(webm|ogg)$/.test(j.contentType))).toBe(true); // what MediaRecorder made
      expect(stack.mediaHost.count()).toBe(0); // copied, then deleted from the "Twilio" host
    } finally {
      await context.close();
    }
  });

  it('hang up after the energy question, call again with the same number: welcomed back at that question; keyboard only', async () => {
    const { stack } = running();
    const { context, page, errors } = await openCall();
    const phone = '+32470777002';
    try {
      await page.getByTestId('phone').fill(phone);
      // Keyboard only: Enter in the number field calls; digit keys press the keypad.
      await next(page, () => page.getByTestId('phone').press('Enter'));
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('key-1');
      expect((await next(page, () => page.keyboard.press('2'))).text).toContain(text('consent', 'fr'));
      const energy = await next(page, () => page.keyboard.press('1'));
      expect(energy.text).toContain(fr.call.scale);

      await page.getByTestId('call-hangup').focus();
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('call-ended').textContent()).toBe('Call ended — you hung up');
      expect(await status(page)).toBe('Call ended');
      expect(await page.getByTestId('key-1').isDisabled()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('call-start');

      // A new call (a new CallSid): the survey goes on where it stopped, in French.
      const resumed = await next(page, () => page.keyboard.press('Enter'));
      expect(resumed.langs).toEqual(['fr-BE']);
      expect(resumed.text).toContain(fr.start.confirmed);
      expect(resumed.text).toContain(fr.call.scale);
      expect(await page.getByTestId('call-ended').isVisible()).toBe(false);
      await page.screenshot({ path: '/tmp/call-resumed.png' });
      expect((await next(page, () => page.keyboard.press('3'))).text).toContain(text('respected', 'fr'));
      expect((await answersOf(phone)).find((a) => a.questionId === 'energy')).toMatchObject({ value: 3 });

      // The simulator signs only turns of our own voice webhook; and only for its own page.
      const refused = await page.evaluate(async (ph) => {
        const post = (url: string) =>
          fetch('/simulator/api/call', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ phone: ph, callSid: `CA${'0'.repeat(32)}`, url, digits: '1' }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: Array<{ field: string }> } }));
        return [
          await post('https://evil.example/twilio/voice?step=1&on=input'),
          await post(`${location.origin.replace('127.0.0.1', 'localhost')}/twilio/messages?step=1`),
        ];
      }, phone);
      for (const r of refused) {
        expect(r.status).toBe(400);
        expect(r.body.errors?.map((e) => e.field)).toEqual(['url']);
      }
      const crossSite = await fetch(`${stack.url}/simulator/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ phone }),
      });
      expect(crossSite.status).toBe(403);

      // A bad number: an alert naming the field.
      await page.getByTestId('call-hangup').click();
      await page.getByTestId('phone').fill('12345');
      await page.getByTestId('call-start').click();
      const note = page.locator('[data-testid="note"][data-kind="error"]').last();
      await note.waitFor({ state: 'visible' });
      expect(await note.getAttribute('role')).toBe('alert');
      expect(await note.textContent()).toMatch(/HTTP 400.*\bphone: /);
      expect(await page.getByTestId('phone').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('call-start').isVisible()).toBe(true);
      await page.screenshot({ path: '/tmp/call-errors.png' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads TwiML in document order, recorded prompts (<Play>) included, plays them in turn, and refuses verbs it does not know', async () => {
    const twiml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
    const play = 'https://stem.example/media/prompts/fa%2Fenergy.abc';
    const parsed = twimlCall(
      twiml(
        `<Gather input="dtmf" numDigits="1" timeout="7" action="https://x/twilio/voice?step=2&amp;on=input" method="POST" actionOnEmptyResult="false">` +
          `<Say voice="Polly.Amy-Neural" language="en-GB">Tom &amp; Jerry &#39;1&#39;</Say><Play>${play}</Play><Pause length="1"/><Say voice="Polly.Zeina" language="arb">اضغط 4</Say></Gather>` +
          `<Redirect method="POST">https://x/twilio/voice?step=2&amp;on=silence&amp;quiet=0</Redirect>`,
      ),
    );
    expect(parsed).toEqual({
      says: [
        { text: "Tom & Jerry '1'", language: 'en-GB', voice: 'Polly.Amy-Neural', play: null },
        { text: '', language: null, voice: null, play },
        { text: 'اضغط 4', language: 'arb', voice: 'Polly.Zeina', play: null },
      ],
      listen: {
        kind: 'keys',
        numDigits: 1,
        input: 'https://x/twilio/voice?step=2&on=input',
        silence: 'https://x/twilio/voice?step=2&on=silence&quiet=0',
        speechLanguage: null,
        finishOnKey: '#',
      },
    });
    expect(twimlCall(twiml('<Say language="fr-BE">Au revoir.</Say><Hangup/>')).listen.kind).toBe('end');
    expect(twimlCall(twiml('')).says).toEqual([]);
    expect(() => twimlCall(twiml('<Dial>+3225550199</Dial>'))).toThrow(TwimlError);
    expect(() => twimlCall('<html>no</html>')).toThrow(TwimlError);

    // In the page: say, play, say, in that order; the second text waits for the recording.
    const { stack } = running();
    const { context, page, errors } = await openCall();
    try {
      const promptUrl = `${stack.publicUrl.replace(/\/$/, '')}/media/prompts/test.wav`;
      await page.route(promptUrl, (route) => route.fulfill({ status: 200, contentType: 'audio/wav', body: readFileSync(wav) }));
      await page.route('**/simulator/api/call', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            callSid: `CA${'1'.repeat(32)}`,
            status: 200,
            says: [
              { text: 'First, in English.', language: 'en-GB', voice: 'Polly.Amy-Neural', play: null },
              { text: '', language: null, voice: null, play: promptUrl },
              { text: 'Then after the recording.', language: 'en-GB', voice: 'Polly.Amy-Neural', play: null },
            ],
            listen: {
              kind: 'keys',
              numDigits: 1,
              input: `${stack.publicUrl}/twilio/voice?step=1&on=input`,
              silence: null,
              speechLanguage: null,
              finishOnKey: '#',
            },
          }),
        }),
      );
      await next(page, () => page.getByTestId('call-start').click());
      expect(await said(page).evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('data-play')]))).toEqual([
        ['First, in English.', null],
        ['▶ recorded prompt', 'true'],
        ['Then after the recording.', null],
      ]);
      expect((await spoken(page)).map((s) => s.text)).toEqual(['First, in English.']);
      await expect.poll(async () => (await spoken(page)).map((s) => s.text), { timeout: 15_000 }).toEqual(['First, in English.', 'Then after the recording.']);
      expect(await page.getByTestId('said-audio').evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1); // the CSP let it load
      expect(await page.getByTestId('call-silence').isDisabled()).toBe(true); // no <Redirect>: nothing to fall through to
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
