import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import endEvaluation from '../../flows/templates/end-evaluation.json' with { type: 'json' };
import type { LocalStack } from '../../local/stack.js';
import { scanTable } from '../support/scan-table.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { walkSurvey, type Walked } from './support/tap-walk.js';

/**
 * A person who does not read takes a whole survey on WhatsApp in the simulator, in Arabic and in
 * Tigrinya, against the real local stack: staff set the project to "voice first" and, for Tigrinya (no
 * voice speaks it), upload recorded prompts of every question through the API the dashboard uses
 * (WAV and MP3 made here with espeak-ng's Amharic voice and ffmpeg); the service sends each question by
 * "REST" (the local TapMessenger) as a voice note, then its answers to tap. In Chromium every question is
 * heard first (a voice-note bubble whose <audio> loads an Ogg/Opus file with a real duration), every
 * closed answer is a click on a WhatsApp button or list item (a keyboard walk through the list too),
 * and every open answer is a voice note sent through the simulator's upload; what went by "REST" shows with
 * each answer (in Arabic with the outbox poll cut off) and once. The one text sent is the
 * project's join code, which the poster's WhatsApp link puts in the message box. The answers stored are
 * the tapped values and the voice answers; axe finds nothing serious on the page with buttons and a list.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PROJECT = {
  projectId: 'taps-e2e',
  name: 'Nieuwkomers Noord',
  languages: ['nl', 'ar', 'ti'],
  joinCode: 'HOORNOORD',
  whatsappTemplates: { ar: 'HXtapsar01', ti: 'HXtapsti01' },
  quietHours: { timeZone: 'Europe/Brussels', blocks: [] }, // contacted at every hour: the test runs at any time
};
const PEOPLE = { ar: '+32470006601', ti: '+32470006602' } as const;
/** What each person taps, by question (the value at the end of the answer's id). */
const CHOICES: Record<keyof typeof PEOPLE, Record<string, string>> = {
  ar: { consent: 'yes', energy: '4', listened: 'true', helped: 'not_true', again: 'dont_know', future: 'change_some', hear_back: 'yes' },
  ti: { consent: 'yes', energy: '2', listened: 'dont_know', helped: 'true', again: 'true', future: 'keep', hear_back: 'no' },
};
/** The questions in the order asked: every statement has its probe, which "again" asks only after "not true" or "don't know". */
const ALL = ['consent', 'energy', 'listened', 'listened.probe', 'helped', 'helped.probe', 'again', 'again.probe', 'future', 'anything_else', 'hear_back'];
const ASKED: Record<keyof typeof PEOPLE, string[]> = { ar: ALL, ti: ALL.filter((id) => id !== 'again.probe') };
const isOpen = (id: string): boolean => id.endsWith('.probe') || id === 'anything_else';

const art = artifactsFor(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'stem-taps-e2e-'));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const spokenAnswer = { ar: join(work, 'answer-ar.ogg'), ti: join(work, 'answer-ti.ogg') };

let stack: LocalStack | undefined;
let browser: Browser | undefined;

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

async function api(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const { stack } = running();
  const raw = body instanceof Blob || body instanceof FormData;
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.tokens.staffDemo}`, ...(body === undefined || body instanceof FormData ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** espeak-ng speaking `text` (Tigrinya is read by its Amharic voice, the nearest it has), encoded by ffmpeg with `codec`. */
function speak(voice: string, text: string, file: string, codec: string[]): string {
  const wav = `${file}.wav`;
  execFileSync('espeak-ng', ['-v', voice, '-w', wav, text]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, ...codec, file]);
  return file;
}

beforeAll(async () => {
  speak('ar', 'أريد مترجما في المكتب، والانتظار طويل جدا.', spokenAnswer.ar, ['-c:a', 'libopus']);
  speak('am', 'ኣስተርጓሚ የድልየኒ።', spokenAnswer.ti, ['-c:a', 'libopus']);
  [stack, browser] = await Promise.all([
    startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: true, sweepEveryMs: 3_600_000, logger: silent }),
    launchChromium(['--autoplay-policy=no-user-gesture-required']),
  ]);
  expect((await api('POST', '/api/projects', PROJECT)).status).toBe(201);
  const now = Date.now();
  const round = {
    label: 'end',
    surveyId: endEvaluation.id,
    surveyVersion: endEvaluation.version,
    reminderAfterHours: null,
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 14 * 86_400_000).toISOString(),
  };
  expect((await api('POST', `/api/projects/${PROJECT.projectId}/rounds`, round)).status).toBe(201);

  // Staff record the Tigrinya questions (the call prompts page lists what to read), half as WAV, half as MP3.
  const prompts = await api('GET', `/api/projects/${PROJECT.projectId}/prompts`);
  const languages = prompts.json.languages as Array<{ language: string; prompts: Array<{ promptId: string }> }>;
  const questions = (languages.find((l) => l.language === 'ti')?.prompts ?? []).map((p) => p.promptId).filter((id) => id.startsWith('question.'));
  expect(questions.sort()).toEqual(ALL.map((id) => `question.${id}`).sort());
  for (const [i, promptId] of questions.entries()) {
    const q = endEvaluation.questions.find((x) => promptId === `question.${x.id}` || promptId === `question.${x.id}.probe`);
    const text = (promptId.endsWith('.probe') ? q?.probe?.text.ti : q?.text.ti) ?? '';
    expect(text).not.toBe('');
    const mp3 = i % 2 === 1;
    const file = speak('am', text, join(work, `${promptId}.${mp3 ? 'mp3' : 'wav'}`), mp3 ? ['-c:a', 'libmp3lame', '-b:a', '48k'] : ['-ar', '16000']);
    const put = await api(
      'PUT',
      `/api/projects/${PROJECT.projectId}/prompts/ti/${promptId}`,
      new Blob([new Uint8Array(readFileSync(file))]),
      mp3 ? 'audio/mpeg' : 'audio/wav',
    );
    expect(put.status, promptId).toBe(201);
  }
  // Voice first, through the staff API: Arabic by a voice, Tigrinya by the recordings.
  const mode = await api('PUT', `/api/projects/${PROJECT.projectId}/voice-notes`, { mode: 'voice-first' });
  expect(mode.status).toBe(200);
  const cover = Object.fromEntries((mode.json.languages as Array<{ language: string; cover: string }>).map((l) => [l.language, l.cover]));
  expect(cover).toEqual({ nl: 'voice', ar: 'voice', ti: 'recordings' });
  // The two people, registered at the desk with their language: they are invited on WhatsApp.
  const csv = new FormData();
  csv.set('file', new Blob([`phone,language,channel\n${PEOPLE.ar},ar,whatsapp\n${PEOPLE.ti},ti,whatsapp\n`], { type: 'text/csv' }), 'people.csv');
  expect((await api('POST', `/api/projects/${PROJECT.projectId}/participants`, csv)).status).toBe(200);
  await running().stack.queue.drained();
}, 180_000);

afterAll(() => shutDown({ browser, stack, work }), 60_000);

/** The answers stored for this person (not comments), by question. */
async function storedAnswers(phone: string): Promise<Map<string, Record<string, unknown>>> {
  const { stack } = running();
  const code = stack.deps.protector.respondentCode(PROJECT.projectId, phone);
  const items = await scanTable(stack.dynamoDb.client, stack.tableName);
  const mine = items.filter((i) => i.kind === 'answer' && i.respondentCode === code && i.status !== 'comment');
  return new Map(mine.map((a) => [String(a.questionId), a]));
}

async function axeBlocking(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document, o: unknown): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

describe('a whole survey heard, tapped and spoken in the simulator (Chromium, local stack, local TapMessenger)', () => {
  for (const language of ['ar', 'ti'] as const) {
    it(`in ${language === 'ar' ? 'Arabic' : 'Tigrinya'}: every question a voice note first, every closed answer tapped, every open answer a voice note`, async () => {
      const { stack, browser } = running();
      const phone = PEOPLE[language];
      const { context, page, errors } = await newPage(browser, { viewport: { width: 400, height: 860 } });
      try {
        const sent: Array<Record<string, unknown>> = [];
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith('/simulator/api/send')) sent.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>);
        });
        let media = 0;
        page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith('/simulator/api/send-media')) media++;
        });
        await page.goto(`${stack.url}/simulator`);
        await page.getByTestId('channel-whatsapp').check();
        await page.getByTestId('phone').fill(phone);
        // The invitation (a template) reaches them on WhatsApp; the poster's link puts the code in the box.
        await page.locator('[data-testid="bubble"][data-kind="outbox"]').waitFor({ timeout: 10_000 });
        // In Arabic the outbox is not polled any more: what went by "REST" must come with each answer itself.
        if (language === 'ar') await page.route('**/dev/outbox?**', (route) => route.abort());
        const walked: Walked = await walkSurvey(page, {
          stack,
          language,
          start: PROJECT.joinCode,
          choices: CHOICES[language],
          voiceAnswer: spokenAnswer[language],
          shot: (name) => art.shot(page, `${language}-${name}`),
          axe: language === 'ar' ? () => axeBlocking(page) : undefined,
        });

        // Every question heard, before its answers: consent to the last, in the person's language.
        const asked = ASKED[language];
        const open = asked.filter(isOpen);
        expect(walked.heard).toEqual(asked);
        expect(walked.tapped.map((t) => t.questionId)).toEqual(asked.filter((id) => !isOpen(id)));
        expect(walked.spoken).toEqual(open);
        expect(walked.axe).toEqual([]);
        // Up to three answers as buttons, more as a list: only the energy scale (5 faces) is a list.
        expect(walked.tapped.filter((t) => t.kind === 'list').map((t) => t.questionId)).toEqual(['energy']);
        // Each shown once, though the outbox poll (every 2 s) finds the same messages: one note per question, one set of answers per closed one.
        await page.waitForTimeout(2_500);
        expect(await page.getByTestId('voice-note').count()).toBe(asked.length);
        expect(await page.getByTestId('taps').count()).toBe(walked.tapped.length);

        // No typed text: the one text is the join code; every other message a tap (its title as the text) or a voice note.
        expect(sent[0]).toMatchObject({ channel: 'whatsapp', phone, text: PROJECT.joinCode });
        expect(sent[0]?.tap).toBeUndefined();
        for (const s of sent.slice(1)) {
          const tap = s.tap as { kind: string; id: string; title: string } | undefined;
          expect(tap, JSON.stringify(s)).toBeDefined();
          expect(s.text).toBe(tap?.title);
        }
        expect(sent).toHaveLength(1 + walked.tapped.length);
        expect(media).toBe(open.length);
        expect(await page.locator('[data-testid="bubble"][data-from="participant"]:not([data-tapped]):not([data-voice])').count()).toBe(1);

        // What is stored: the tapped values, and the voice answers (waiting for a person: no speech model here).
        await stack.voiceQueue.drained();
        const stored = await storedAnswers(phone);
        for (const [questionId, value] of Object.entries(CHOICES[language])) {
          const answer = stored.get(questionId);
          expect(answer, questionId).toMatchObject({ language, channel: 'whatsapp', status: 'answered', voice: null });
          expect(String(answer?.value), questionId).toBe(value);
        }
        for (const questionId of open) {
          const answer = stored.get(questionId);
          expect(answer?.voice, questionId).not.toBeNull();
          expect(answer?.transcript ?? null, questionId).toBeNull();
        }
        expect([...stored.keys()].sort()).toEqual([...asked].sort());
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 240_000);
  }
});
