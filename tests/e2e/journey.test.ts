import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page, Response } from 'playwright-core';

import energyCheckin from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import { JsonLogger } from '../../adapters/logging/json-logger.js';
import { loadWhisperBinding } from '../../adapters/whisper/whisper-binding.js';
import type { LocalStack } from '../../local/stack.js';
import { parseCsv } from '../support/rfc4180.js';
import { writeTinyWhisperModel } from '../support/tiny-whisper-model.js';
import { artifactsFor } from './support/artifacts.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { contactAtAnyHour } from './support/quiet-hours.js';
import { captureOutput, fileHaystacks, findings, nameNeedles, phoneNeedles, tableHaystacks, type Haystack, type Needle } from './support/privacy-audit.js';

/**
 * One journey through the browser only, against the real local stack (DynamoDB Local on disk, the local
 * queue, whisper.cpp with a tiny programmed model when the binding is installed): staff of OCMW Demo
 * create a project in the dashboard, upload a participant list (names in it, numbers written as people
 * write them, four languages), and launch a round; Amina answers in Arabic by typing in the simulator,
 * Pieter answers the open question with a voice note recorded from Chromium's fake microphone (an
 * espeak-ng sentence); a caller rings the demo line and records an answer; the coordinator downloads the
 * CSVs. Then the privacy audit: every table item, every file of the stack's data folder, every log line,
 * every export of the API and every dashboard page seen is searched for the participants' numbers (every
 * spelling), names, WhatsApp profile names and the provider ids and media URLs the simulators made up.
 */

const SERVICE_NUMBER = '+3225550100';
const PROJECT = { id: 'wijk-noord', name: 'Wijkhuis Noord', joinCode: 'NOORD', templates: { nl: 'HXwijknoordnl1', ar: 'HXwijknoordar1' } };

interface Person {
  key: string;
  name: string;
  phone: string;
  /** As staff typed it in the spreadsheet. */
  written: string;
  language: string;
  channel: string;
  /** The WhatsApp profile name their phone sends. */
  profile?: string;
}
const AMINA: Person = {
  key: 'amina',
  name: 'Amina Zerhouni',
  phone: '+32476120301',
  written: '0476 12 03 01',
  language: 'ar',
  channel: 'whatsapp',
  profile: 'Mina Zerhouni 🌿',
};
const PIETER: Person = {
  key: 'pieter',
  name: 'Pieter Vanderbiesen',
  phone: '+32476120302',
  written: '+32 476 12 03 02',
  language: 'nl',
  channel: 'whatsapp',
  profile: 'Pieter Vdb',
};
const CAMILLE: Person = { key: 'camille', name: 'Camille Dubosquelle', phone: '+32476120303', written: '0032 476 12 03 03', language: 'fr', channel: 'sms' };
const OLENA: Person = { key: 'olena', name: 'Olena Kowalczuk', phone: '+32476120304', written: '0476/12.03.04', language: 'uk', channel: 'whatsapp' };
const PEOPLE = [AMINA, PIETER, CAMILLE, OLENA];
/** Not on the list: rings the demo line to take part by phone. */
const CALLER = { phone: '+32476120305' };

/** Belgian Excel: ";" and Dutch column names; the name column is the centre's own and is not imported. */
const PARTICIPANTS_CSV = `naam;gsm;taal;kanaal\r\n${PEOPLE.map((p) => `${p.name};${p.written};${p.language};${p.channel}`).join('\r\n')}\r\n`;

/** What Amina types: with her own number, as people do; it is redacted before it is stored. */
const AMINA_SAYS = `أحتاج إلى وقت أكثر مع أطفالي. اتصلوا بي ${AMINA.written}`;
const AMINA_STORED = 'أحتاج إلى وقت أكثر مع أطفالي. اتصلوا بي [phone]';
/** What the fake microphone plays, and what the programmed model "hears": Pieter says his own number. */
const SPOKEN = 'Meer rust thuis. Bel me op nul vier zeven zes.';
const HEARD = [' Meer', ' rust', ' thuis.', ' Bel', ' me', ' op', ' 0476', ' 12', ' 03', ' 02.'];

const binding = await loadWhisperBinding().catch(() => null);
const work = mkdtempSync(join(tmpdir(), 'stem-journey-e2e-'));
const dataDir = join(work, 'data');
const wav = join(work, 'spoken-nl.wav');
const model = join(work, 'ggml-tiny-programmed.bin');
const art = artifactsFor(import.meta.url);

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let roundId = '';
const logLines: string[] = [];
/** Anything else the process printed meanwhile (nothing should bypass the logger, but if it does, it is audited). */
const printed: string[] = [];
let stopCapture: (() => void) | undefined;
/** What the simulators made up as "Twilio": MessageSids, CallSids, RecordingSids, media URLs. */
const providerIds = new Set<string>();
const pending: Array<Promise<void>> = [];
const profilesSent = new Set<string>();
/** Every dashboard page the browser received, and every export downloaded: audited at the end. */
const pagesSeen: Haystack[] = [];
const downloads: Haystack[] = [];

beforeAll(async () => {
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, SPOKEN]);
  if (binding) writeTinyWhisperModel(model, { language: 'nl', words: HEARD });
  mkdirSync(dataDir);
  stopCapture = captureOutput(printed);
  [stack, browser] = await Promise.all([
    startSeededStack({
      dataDir,
      serviceNumber: SERVICE_NUMBER,
      simulator: true,
      sweepEveryMs: 3_600_000,
      // The stack's real log format, kept here instead of stdout: every line is audited.
      logger: new JsonLogger((line) => logLines.push(line)),
      whisperModel: binding ? model : undefined,
    }),
    launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]),
  ]);
}, 90_000);

afterAll(async () => {
  stopCapture?.();
  await shutDown({ browser, stack, work });
}, 60_000);

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

/** A fresh browser (own cookies) that records what the simulators made up and every dashboard page it gets. */
async function openBrowser(
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { stack, browser } = running();
  const opened = await newPage(browser, { ...opts, microphoneFor: stack.url });
  opened.context.on('response', (response) => pending.push(remember(response)));
  opened.context.on('request', (request) => {
    // The profile names the simulator was asked to send as WhatsApp's ProfileName (JSON, or a multipart field).
    if (!/\/simulator\/api\/send(-media)?$/.test(new URL(request.url()).pathname)) return;
    const body = request.postDataBuffer()?.toString('utf8') ?? '';
    for (const p of PEOPLE) if (p.profile && body.includes(p.profile)) profilesSent.add(p.profile);
  });
  return opened;
}

/** Close a browser once what it received is read (a body cannot be read after its context is closed). */
async function close(context: BrowserContext): Promise<void> {
  await Promise.all(pending);
  await context.close();
}

async function remember(response: Response): Promise<void> {
  const path = new URL(response.url()).pathname;
  if (/^\/simulator\/api\/(send|send-media|call)$/.test(path)) {
    const body: unknown = await response.json().catch(() => null);
    if (body && typeof body === 'object') {
      for (const field of ['messageSid', 'mediaUrl', 'callSid', 'recordingSid', 'recordingUrl']) {
        const value = (body as Record<string, unknown>)[field];
        if (typeof value === 'string') providerIds.add(value);
      }
    }
  } else if (path.startsWith('/dashboard') && response.status() < 300 && (response.headers()['content-type'] ?? '').startsWith('text/html')) {
    pagesSeen.push({ where: `dashboard page ${path}`, text: await response.text() });
  }
}

async function signIn(page: Page, token: string): Promise<void> {
  const { stack } = running();
  await page.goto(`${stack.url}/dashboard`);
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}/dashboard`);
}

/** A question's text in the energy check-in, in one language. */
function question(id: string, lang: 'nl' | 'ar'): string {
  const found = energyCheckin.questions.find((q) => q.id === id)?.text[lang];
  if (!found) throw new Error(`the energy check-in has no ${id} in ${lang}`);
  return found;
}

/** Wait until nothing is on its way and the service answered; its new bubbles, joined. */
async function repliesAfter(page: Page, before: number): Promise<string> {
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
    .map((b) => b.text)
    .join('\n');
}

async function say(page: Page, text: string): Promise<string> {
  const before = await page.getByTestId('bubble').count();
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
  return repliesAfter(page, before);
}

/** The simulator as a person's phone: WhatsApp with their profile name, their number, the invitation shown. */
async function openPhone(person: Person, locale: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { stack } = running();
  const opened = await openBrowser({ viewport: { width: 390, height: 844 }, locale });
  const { page } = opened;
  await page.goto(`${stack.url}/simulator`);
  await page.getByTestId('channel-whatsapp').check();
  await page.getByTestId('profile-name').fill(person.profile ?? '');
  await page.getByTestId('phone').fill(person.phone);
  const invitation = page.locator('[data-testid="bubble"][data-kind="outbox"]');
  await invitation.waitFor({ timeout: 15_000 });
  expect(await invitation.textContent()).toContain(PROJECT.name);
  expect(await page.getByTestId('outbox-tag').textContent()).toContain(PROJECT.templates[person.language as 'nl' | 'ar']);
  return opened;
}

/** A download through the browser: its bytes as text (the BOM taken off) and the name offered. */
async function downloaded(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  downloads.push({ where: `download ${download.suggestedFilename()}`, text });
  return { name: download.suggestedFilename(), text };
}

/** The demo organisation shares the project's rows with the network, so its coordinator may download them (the default is the summary). */
async function shareRows(url: string, token: string, projectId: string): Promise<void> {
  const shared = await fetch(`${url}/api/projects/${projectId}/sharing`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ level: 'rows' }),
  });
  if (shared.status !== 200) throw new Error(`sharing the rows: ${shared.status}`);
}

describe('a round from start to CSV, in the browser only, then the privacy audit', () => {
  it('staff sign in, create the project, import four people in four languages, and launch a round', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.staffDemo);
      await art.shot(page, 'staff-projects');

      await page.locator('#f-projectId').fill(PROJECT.id);
      await page.locator('#f-name').fill(PROJECT.name);
      for (const code of ['nl', 'fr', 'ar', 'uk']) await page.locator(`input[name="languages"][value="${code}"]`).check();
      await page.locator('#f-fallbackLanguages').fill('nl');
      await page.locator('#f-joinCode').fill(PROJECT.joinCode);
      await page.locator('#f-whatsappTemplates-nl').fill(PROJECT.templates.nl);
      await page.locator('#f-whatsappTemplates-ar').fill(PROJECT.templates.ar);
      await art.shot(page.getByTestId('create-project'), 'staff-new-project-form');
      await page.getByTestId('create-project-submit').click();
      await page.waitForURL(`${stack.url}/dashboard/projects/${PROJECT.id}?done=created`);
      expect(await page.locator('h1').textContent()).toBe(PROJECT.name);
      await contactAtAnyHour(page); // the journey runs at any hour, night too

      await page.locator('#f-file').setInputFiles({ name: 'deelnemers.csv', mimeType: 'text/csv', buffer: Buffer.from(PARTICIPANTS_CSV, 'utf8') });
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-report').waitFor();
      expect(await page.getByTestId('import-report').getAttribute('data-imported')).toBe('true');
      expect(await page.getByTestId('import-outcome').textContent()).toBe('4 of 4 rows imported.');
      expect(await page.getByTestId('participant-count').textContent()).toContain('4 participants');
      const byLanguage = await page.getByTestId('participants-by-language').locator('tbody tr').allInnerTexts();
      expect(byLanguage).toHaveLength(4);
      await art.shot(page.getByTestId('participants'), 'staff-import-report');

      await page.locator('#f-label').fill('start');
      await page.locator('#f-survey').selectOption(`${energyCheckin.id}@${energyCheckin.version}`);
      await page.getByTestId('launch-round-submit').click();
      await page.waitForURL(/done=launched/);
      roundId = (await page.getByTestId('round').first().getAttribute('data-round-id')) ?? '';
      expect(roundId).toMatch(/^start-\d{4}-\d{2}-\d{2}$/);
      expect(await page.getByTestId('round-state').first().textContent()).toBe('open');
      await art.shot(page, 'staff-round-launched');
      expect(errors).toEqual([]);
    } finally {
      await close(context);
    }
  });

  it('Amina answers in Arabic by typing, on WhatsApp with her profile name', async () => {
    const { context, page, errors } = await openPhone(AMINA, 'ar');
    try {
      await art.shot(page, 'amina-invitation');
      expect(await say(page, 'مرحبا')).toContain(question('consent', 'ar'));
      expect(await say(page, 'نعم')).toContain(question('energy', 'ar'));
      expect(await say(page, '٣')).toContain(question('energy_why', 'ar')); // 3, in Arabic-Indic digits
      expect(await say(page, AMINA_SAYS)).toContain(ar.thanks.completed);
      await art.shot(page, 'amina-done');
      expect(errors).toEqual([]);
    } finally {
      await close(context);
    }
  });

  it('Pieter answers the open question with a voice note from the microphone', async () => {
    const { stack } = running();
    const { context, page, errors } = await openPhone(PIETER, 'nl-BE');
    try {
      expect(await say(page, 'hallo')).toContain(question('consent', 'nl'));
      expect(await say(page, 'ja')).toContain(question('energy', 'nl'));
      expect(await say(page, '4')).toContain(question('energy_why', 'nl'));

      const before = await page.getByTestId('bubble').count();
      await page.getByTestId('record').click();
      await page.getByTestId('stop-record').waitFor({ state: 'visible' });
      await page.waitForTimeout(2_500);
      await art.shot(page, 'pieter-recording');
      await page.getByTestId('stop-record').click();
      const reply = await repliesAfter(page, before);
      expect(reply).toContain(nl.voice.received);
      expect(reply).toContain(nl.thanks.completed);
      expect(await page.locator('[data-testid="bubble"][data-from="participant"][data-voice="true"]').textContent()).toMatch(/^🎤 voice note \(0:0[1-4]\)$/);
      await art.shot(page, 'pieter-done');
      expect(errors).toEqual([]);
    } finally {
      await close(context);
    }
    // The transcription runs after the reply (the flow never waits for it).
    await stack.voiceQueue.drained();
  });

  it('a caller rings the demo line, answers on the keypad and records an answer', async () => {
    const { stack } = running();
    const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 }, locale: 'fr-BE' });
    try {
      await page.goto(`${stack.url}/simulator/call`);
      await page.getByTestId('phone').fill(CALLER.phone);
      const said = page.getByTestId('call-log').getByTestId('said');
      const next = async (action: () => Promise<void>): Promise<string> => {
        const before = await said.count();
        await action();
        await page.waitForFunction(
          (n) => {
            const log = document.querySelector('[data-testid="call-log"]');
            return log?.getAttribute('aria-busy') === 'false' && log.querySelectorAll('[data-testid="said"]').length > n;
          },
          before,
          { timeout: 15_000 },
        );
        return (await said.allTextContents()).slice(before).join(' ');
      };
      const press = (key: string) => () => page.getByTestId(`key-${key}`).click();
      expect(await next(() => page.getByTestId('call-start').click())).toContain('Français');
      await next(press('2')); // French
      expect(await next(press('1'))).toContain(fr.call.scale); // consent: yes
      await next(press('4')); // energy 4, then a statement
      expect(await next(press('1'))).toContain(fr.call.record); // true: its open probe, recorded
      const afterRecording = await next(async () => {
        await page.getByTestId('call-record').click();
        await page.getByTestId('call-record-stop').waitFor({ state: 'visible' });
        await page.waitForTimeout(1_500);
        await page.getByTestId('call-record-stop').click();
      });
      expect(afterRecording).toContain(fr.call.received);
      await art.shot(page, 'caller-recorded');
      await page.getByTestId('call-hangup').click();
      await page.getByTestId('call-start').waitFor({ state: 'visible' });
      expect(errors).toEqual([]);
    } finally {
      await close(context);
    }
    await stack.voiceQueue.drained();
  });

  it('the coordinator downloads the round CSV: nothing released while two of four have finished (results come once five have), nobody named', async () => {
    const { stack } = running();
    await shareRows(stack.url, stack.tokens.staffDemo, PROJECT.id);
    const { context, page, errors } = await openBrowser();
    try {
      await signIn(page, stack.tokens.coordinator);
      expect(await page.getByTestId('who').textContent()).toContain('coordinator');
      await page.getByRole('link', { name: PROJECT.name, exact: true }).click();
      await page.waitForURL(`${stack.url}/dashboard/projects/${PROJECT.id}`);
      await art.shot(page, 'coordinator-project');

      const round = await downloaded(page, `download-round-${roundId}`);
      expect(round.name).toBe('wijkhuis-noord-start-results.csv'); // named after the project and the round
      art.write('round-results.csv', round.text);
      const [header = [], ...rows] = parseCsv(round.text);
      expect(header.slice(0, 4)).toEqual(['respondent_code', 'round', 'language', 'channel']);
      // Two people answered: a release needs five, so Amina's and Pieter's answers are in no download yet.
      expect(rows).toEqual([]);
      expect(findings([{ where: 'the round CSV', text: round.text }], personalNeedles())).toEqual([]);

      // They are stored — Amina's typed number and Pieter's spoken one redacted — waiting for a release.
      const answers = (await tableHaystacks(stack.dynamoDb.client, stack.tableName)).haystacks;
      expect(findings(answers, [{ label: 'Amina, redacted', value: AMINA_STORED }])).not.toEqual([]);
      if (binding) expect(findings(answers, [{ label: 'Pieter, redacted', value: 'Meer rust thuis. Bel me op [phone].' }])).not.toEqual([]);

      const all = await downloaded(page, 'download-all');
      expect(parseCsv(all.text).length).toBe(1); // the header: nothing released in any round
      await page.getByTestId('summary-link').click();
      await page.getByTestId('summary-overview').waitFor();
      expect(await page.getByTestId('release-row').textContent()).toContain('not yet: fewer than 5 have finished');
      await art.shot(page, 'coordinator-summary');
      expect(errors).toEqual([]);
    } finally {
      await close(context);
    }
  });

  it('privacy audit: no number, name, profile name, provider id or media URL in the table, files, logs, exports or pages', async () => {
    const { stack } = running();
    await Promise.all(pending);
    await stack.queue.drained();
    await stack.voiceQueue.drained();

    // What went in: each number in every spelling, names from the list, profile names, what "Twilio" made up.
    const sids = [...providerIds];
    expect(sids.filter((s) => /^SM[0-9a-f]{32}$/.test(s))).toHaveLength(7); // Amina's four messages, Pieter's three
    expect(sids.filter((s) => /^MM[0-9a-f]{32}$/.test(s))).toHaveLength(1);
    expect(sids.filter((s) => /^CA[0-9a-f]{32}$/.test(s))).toHaveLength(1);
    expect(sids.filter((s) => /^RE[0-9a-f]{32}$/.test(s))).toHaveLength(1);
    expect(sids.filter((s) => /\/dev\/media\/ME[0-9a-f]{32}$/.test(s))).toHaveLength(2);
    expect([...profilesSent].sort()).toEqual([AMINA.profile, PIETER.profile].sort()); // texts and the voice note carried them
    const needles: Needle[] = [
      ...personalNeedles(),
      ...sids.map((s, i) => ({ label: `simulator-made ${/^[A-Z]{2}/.exec(s)?.[0] ?? 'media URL'} #${i + 1}`, value: s })),
      // A media URL's last part is the media id (ME…): on its own it points at the recording too.
      ...sids.filter((s) => s.includes('/dev/media/')).map((s, i) => ({ label: `simulator-made media id #${i + 1}`, value: s.split('/').pop() ?? s })),
    ];

    // Where data rests: every item of the table, every file of the data folder (the DynamoDB files, the media, the keys).
    const table = await tableHaystacks(stack.dynamoDb.client, stack.tableName);
    expect(table.items).toBeGreaterThan(100); // the demo's life, two projects' rounds, these people
    const files = fileHaystacks(dataDir, 'data folder');
    expect(files.files).toBeGreaterThan(0);
    expect(stack.mediaDir.startsWith(dataDir)).toBe(true);
    // The voice notes' audio is gone: at "Twilio" and, once transcribed, in our media folder too.
    expect(stack.mediaHost.count()).toBe(0);
    const mediaFiles = files.haystacks.filter((h) => h.where.startsWith(`data folder/${relative(dataDir, stack.mediaDir)}/`)).map((h) => h.where);
    if (binding) expect(mediaFiles).toEqual([]); // every voice note transcribed, so every copy deleted

    // What leaves: every log line; every GET of the API, as staff and as coordinator, with every id filled in.
    expect(logLines.length).toBeGreaterThan(10);
    const logs = [
      ...logLines.map((line, i) => ({ where: `log line ${i + 1}`, text: line })),
      ...printed.map((text, i) => ({ where: `printed output ${i + 1}`, text })),
    ];
    const exports = await apiExports(stack);
    expect(exports.some((e) => e.where.includes(`/rounds/${roundId}/results.csv`) && e.where.includes('200'))).toBe(true);
    expect(exports.some((e) => e.where.includes(`/projects/${PROJECT.id}/summary`) && e.where.includes('200'))).toBe(true);
    expect(pagesSeen.length).toBeGreaterThan(5);

    const report = {
      tableItems: table.items,
      files: files.files,
      logLines: logLines.length,
      printedLines: printed.length,
      exports: exports.map((e) => e.where),
      pages: pagesSeen.map((p) => p.where),
      downloads: downloads.map((d) => d.where),
      needles: needles.map((n) => n.label),
    };
    art.write('privacy-audit.json', JSON.stringify(report, null, 2));

    // The audit sees what is there: answers in the table and the exports, the project in the DynamoDB files, events in the logs.
    const present = (haystacks: Haystack[], value: string) => findings(haystacks, [{ label: value, value }]).length > 0;
    expect(present(table.haystacks, AMINA_STORED)).toBe(true);
    expect(present(exports, PROJECT.name)).toBe(true);
    expect(present(files.haystacks, PROJECT.name)).toBe(true);
    expect(present(logs, '"event"')).toBe(true);

    const places: Array<[string, Haystack[]]> = [
      ['table', table.haystacks],
      ['files', files.haystacks],
      ['logs', logs],
      ['exports', [...exports, ...downloads]],
      ['dashboard pages', pagesSeen],
    ];
    for (const [place, haystacks] of places) expect(findings(haystacks, needles), `personal data in the ${place}`).toEqual([]);
  });
});

/** The people's numbers in every spelling, their names from the list, and their WhatsApp profile names. */
function personalNeedles(): Needle[] {
  return [
    ...PEOPLE.flatMap((p) => [...phoneNeedles(`${p.key}'s number`, p.phone), ...nameNeedles(`${p.key}'s name`, p.name)]),
    ...phoneNeedles('the caller’s number', CALLER.phone),
    ...PEOPLE.filter((p) => p.profile).map((p) => ({ label: `${p.key}'s WhatsApp profile name`, value: p.profile ?? '', anyCase: true })),
  ];
}

/**
 * Every GET route of the API (from its OpenAPI document), for the journey's project and the demo's, with
 * the ids it takes filled in; as staff and as coordinator. Problem bodies count too: they leave as well.
 */
async function apiExports(stack: LocalStack): Promise<Haystack[]> {
  const doc: unknown = await (await fetch(`${stack.url}/api/openapi.json`)).json();
  const paths = Object.entries((doc as { paths: Record<string, Record<string, unknown>> }).paths)
    .filter(([, methods]) => 'get' in methods)
    .map(([path]) => path);
  const get = async (path: string, token: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const queue: unknown = await (await get('/api/voice/queue', stack.tokens.staffDemo)).json();
  const jobIds = ((queue as { jobs?: Array<{ jobId?: string }> }).jobs ?? []).map((j) => j.jobId ?? '').filter(Boolean);
  const projectIds: Array<Record<string, string>> = [
    { projectId: PROJECT.id, roundId, language: 'nl' },
    { projectId: PROJECT.id, roundId, language: 'ar' },
    { projectId: 'demo', roundId: 'demo-start', language: 'fr' },
  ];
  const out: Haystack[] = [];
  const seen = new Set<string>();
  for (const template of paths) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    const fills: Array<Record<string, string>> = names.includes('jobId') ? jobIds.map((jobId) => ({ jobId })) : names.length ? projectIds : [{}];
    for (const fill of fills) {
      if (names.some((n) => fill[n] === undefined)) continue; // e.g. a prompt id or a survey version: no personal data behind it
      const path = template.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(fill[n] ?? ''));
      if (seen.has(path)) continue;
      seen.add(path);
      const variants = path.endsWith('.csv') ? [path, `${path}?separator=semicolon`] : [path];
      for (const variant of variants) {
        for (const [who, token] of [
          ['staff', stack.tokens.staffDemo],
          ['coordinator', stack.tokens.coordinator],
        ] as const) {
          const response = await get(variant, token);
          const bytes = Buffer.from(await response.arrayBuffer());
          out.push({ where: `GET ${variant} as ${who} (${response.status})`, text: `${bytes.toString('utf8')}\n${bytes.toString('latin1')}` });
        }
      }
    }
  }
  return out;
}
