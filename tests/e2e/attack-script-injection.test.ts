import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { audioDurationSeconds } from '../../adapters/audio/audio-duration.js';
import { FfmpegVoiceDisguiser } from '../../adapters/audio/ffmpeg-voice-disguiser.js';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { ensureTable } from '../../adapters/dynamodb/table.js';
import { LocalAudioStore } from '../../adapters/local/local-audio-store.js';
import { LOCAL_MEDIA_PATH, LocalMediaHost } from '../../adapters/local/local-media-host.js';
import { twilioMediaHosts } from '../../adapters/twilio/media-hosts.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { TwilioMediaSource } from '../../adapters/twilio/twilio-media.js';
import { processVoice, type VoiceDeps } from '../../core/voice/process-voice.js';
import { composeConversation, composeStaffApi } from '../../functions/commons/compose.js';
import { composeVoice } from '../../functions/commons/compose-voice.js';
import { apiApp } from '../../http/api/api-app.js';
import { messagingRoutes } from '../../http/messaging-routes.js';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { LOCAL_ACCOUNTS, seedOrganisations } from '../../local/seed.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { buildDashboardScript } from '../../cdk/dashboard-script.js';
import { silentWav } from '../integration/support/wav.js';
import { launchChromium, newPage } from './support/chromium.js';

/**
 * Script injection in a real browser against the local stack's HTTP apps: a project named with markup, a survey
 * whose texts carry script (title, question, dyad poles, triad corners), a participant's answer and a
 * transcript and translation typed into the transcription queue, all with `alert(...)` payloads. Staff
 * and the coordinator open every page that shows them: no dialog opens, no script error or CSP
 * violation is reported (nothing even tried to run), and the payloads are on the page as text.
 * (Escaping page by page, in-process: tests/integration/attack-injection.test.ts.)
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PROJECT_NAME = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const ANSWER = '<script>alert(3)</script><img src=x onerror=alert(3)>';
const TRANSCRIPT = '</td><script>alert(4)</script><img src=x onerror=alert(4)>';
const TRANSLATION = '"><svg onload=alert(5)>';
const SURVEY = {
  id: 'xss_e2e',
  version: 1,
  title: { en: '<script>alert(6)</script>' },
  languages: ['en'],
  questions: [
    { id: 'consent', kind: 'consent', text: { en: 'Take part? <img src=x onerror=alert(7)>' } },
    { id: 'story', kind: 'story', text: { en: 'Tell us <svg onload=alert(8)>' } },
    {
      id: 'felt',
      kind: 'dyad',
      text: { en: 'Felt <script>alert(9)</script>' },
      left: { en: '<img src=x onerror=alert(10)>' },
      right: { en: '</text><script>alert(11)</script>' },
    },
    {
      id: 'where',
      kind: 'triad',
      text: { en: 'Where?' },
      corners: [{ en: '<a href=javascript:alert(12)>A</a>' }, { en: 'B<script>alert(13)</script>' }, { en: "C' onmouseover='alert(14)" }],
    },
  ],
};

/**
 * The HTTP apps of the local stack (webhook, API, dashboard, the local "Twilio media" host) over one
 * DynamoDB Local, without the demo's three seeded rounds: `npm start` replays those, which takes long.
 */
async function startStack() {
  const dynamoDb: RunningDynamoDb = await startDynamoDbLocal();
  const twilioAuthToken = `token-${randomBytes(12).toString('hex')}`;
  const mediaDir = await mkdtemp(join(tmpdir(), 'stem-xss-'));
  let origin = '';
  const mediaUrls = twilioMediaHosts({ extra: () => (origin ? [`${origin}${LOCAL_MEDIA_PATH}`] : []) });
  const audio = new LocalAudioStore(mediaDir, randomBytes(32));
  const deps = composeConversation({ dynamoDb: dynamoDb.client, tableName: 'stem', keys: generateProtectorKeys(), logger: silent, mediaUrls, audio });
  await ensureTable(dynamoDb.client, 'stem');
  const tokens = Object.fromEntries(Object.keys(LOCAL_ACCOUNTS).map((name) => [name, randomBytes(24).toString('base64url')])) as Record<
    keyof typeof LOCAL_ACCOUNTS,
    string
  >;
  await seedOrganisations(deps.directory, deps.users, tokens);
  const mediaHost = new LocalMediaHost(twilioAuthToken);
  const voice: VoiceDeps = composeVoice(deps, {
    media: new TwilioMediaSource(mediaHost.accountSid, twilioAuthToken, mediaUrls),
    audio,
    transcribers: [],
    messenger: null,
    audioDuration: audioDurationSeconds,
  });
  const api = apiApp({ ...deps, ...composeStaffApi(), queue: { enqueue: async () => undefined }, voice, disguiser: new FfmpegVoiceDisguiser() });
  const app = new Hono();
  const server = await new Promise<{ server: ServerType; url: string }>((ready) => {
    const s: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready({ server: s, url: `http://127.0.0.1:${info.port}` }));
  });
  origin = server.url;
  const publicUrl = server.url;
  app.route('/', messagingRoutes(deps, { publicUrl, twilioAuthToken, serviceNumbers: new Set(['+3225550100']) }));
  app.route('/', mediaHost.routes());
  app.route('/', api);
  // With its one script file, as deployed: the only script on any page.
  const script = buildDashboardScript();
  app.route('/', dashboardRoutes(api, { script: () => Promise.resolve(script) }));
  return {
    url: server.url,
    publicUrl,
    twilioAuthToken,
    tokens,
    deps,
    voice,
    mediaHost,
    stop: async () => {
      await new Promise<void>((done) => server.server.close(() => done()));
      await dynamoDb.stop();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

let stack: Awaited<ReturnType<typeof startStack>> | undefined;
let browser: Browser | undefined;
let roundId = '';

function running(): Awaited<ReturnType<typeof startStack>> {
  if (!stack) throw new Error('the stack did not start');
  return stack;
}

async function api(
  method: string,
  path: string,
  body?: unknown,
  as: keyof typeof LOCAL_ACCOUNTS = 'staffDemo',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const s = running();
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.tokens[as]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A message as Twilio posts it, signed over the public URL; its MessageSid. */
async function text(phone: string, body: string, extra: Record<string, string> = {}): Promise<string> {
  const s = running();
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, AccountSid: `AC${'1'.repeat(32)}`, From: phone, To: '+3225550100', Body: body, NumMedia: '0', ...extra };
  const response = await fetch(`${s.url}/twilio/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(s.twilioAuthToken, `${s.publicUrl}/twilio/messages`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
  return sid;
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  expect((await api('POST', '/api/surveys', SURVEY)).status).toBe(201);
  expect((await api('POST', '/api/projects', { projectId: 'xss-e2e', name: PROJECT_NAME, languages: ['en'], joinCode: 'XSSE2E' })).status).toBe(201);
  // Shared with the network as rows: the coordinator opens its voice answers too.
  expect((await api('PUT', '/api/projects/xss-e2e/sharing', { level: 'rows' })).status).toBe(200);
  const now = Date.now();
  const launched = await api('POST', '/api/projects/xss-e2e/rounds', {
    label: '<b onclick=alert(15)>start</b>',
    surveyId: SURVEY.id,
    surveyVersion: 1,
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + 7 * 86_400_000).toISOString(),
  });
  expect(launched.status).toBe(201);
  roundId = (launched.json.round as { roundId: string }).roundId;
  for (const body of ['JOIN XSSE2E', '1', 'yes', ANSWER, '2', '7']) await text('+32470740001', body);
  // A voice note goes to the transcription queue (no speech model here); an interpreter of the network types it with markup.
  for (const body of ['JOIN XSSE2E', '1', 'yes']) await text('+32470740002', body);
  const note = running().mediaHost.add(running().url, silentWav(1), 'audio/wav');
  const sid = await text('+32470740002', '', { NumMedia: '1', MediaUrl0: note, MediaContentType0: 'audio/wav' });
  const jobId = running().deps.protector.ledgerKey(`${sid}#media0`);
  await processVoice(running().voice, jobId);
  expect((await api('POST', `/api/voice/${jobId}/transcript`, { transcript: TRANSCRIPT, translation: TRANSLATION }, 'interpreterExemple')).status).toBe(200);
  // They finish (dyad, triad), and three more do: results are shown once five have finished.
  for (const body of ['2', '7']) await text('+32470740002', body);
  for (const phone of ['+32470740003', '+32470740004', '+32470740005'])
    for (const body of ['JOIN XSSE2E', '1', 'yes', 'A plain story', '3', '1']) await text(phone, body);
}, 90_000);

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await stack?.stop();
  }
}, 60_000);

describe('script written by participants and staff never runs in the dashboard (Chromium)', () => {
  it('no dialog, no script error, no CSP violation on any page; the payloads are shown as text', async () => {
    const s = running();
    for (const [role, token] of [
      ['staff', s.tokens.staffDemo],
      ['coordinator', s.tokens.coordinator],
    ] as const) {
      const { context, page, errors } = await newPage(browser as Browser);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      // The listener works: a page that does run script opens a dialog it sees.
      await page.setContent('<script>alert("control")</script>');
      expect(dialogs).toEqual(['control']);
      dialogs.length = 0;
      await context.addCookies([{ name: 'stem_token', value: token, url: s.url }]);
      const pages = [
        '/dashboard',
        '/dashboard/projects/xss-e2e',
        '/dashboard/projects/xss-e2e/summary',
        `/dashboard/projects/xss-e2e/rounds/${encodeURIComponent(roundId)}/voice`,
      ];
      if (role === 'staff') pages.push(`/dashboard/surveys/${SURVEY.id}/versions/1`);
      for (const path of pages) {
        const response = await page.goto(`${s.url}${path}`);
        expect(response?.status(), `${role} ${path}`).toBe(200);
        // Hovering and clicking what the payloads would have become: nothing to trigger.
        await page.mouse.move(200, 200);
        // The dashboard's own file, nothing inline, nothing else.
        const scripts = await page.locator('script').evaluateAll((all) => all.map((e) => [e.getAttribute('src') ?? '', e.textContent ?? '']));
        expect(scripts, `${role} ${path}`).toEqual([[expect.stringMatching(/^\/dashboard\/assets\/glance-[0-9a-f]{16}\.js$/), '']]);
        expect(await page.locator('[onerror], [onload], [onclick], [onmouseover]').count(), `${role} ${path}`).toBe(0);
      }
      const body = async (path: string) => {
        await page.goto(`${s.url}${path}`);
        return (await page.locator('main').textContent()) ?? '';
      };
      expect(await body('/dashboard')).toContain(PROJECT_NAME);
      const voice = await body(`/dashboard/projects/xss-e2e/rounds/${encodeURIComponent(roundId)}/voice`);
      expect(voice).toContain(TRANSCRIPT);
      expect(voice).toContain(TRANSLATION);
      expect(dialogs, role).toEqual([]);
      expect(errors, role).toEqual([]);
      await context.close();
    }
  });
});
