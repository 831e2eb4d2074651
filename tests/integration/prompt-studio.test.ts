import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import type { Project } from '../../core/model.js';
import { apiApp } from '../../http/api/api-app.js';
import { AUTH_TOKEN, PUBLIC_URL, startHarness, type Harness } from './support/harness.js';

/**
 * The phone studio: an interpreter calls, types the dashboard's one-time code, hears each missing prompt
 * in Dutch, records it, hears it back, keeps or redoes it. Twilio's recordings are served by a local
 * server (Basic auth, DELETE) standing in for Twilio's API, with real WAV audio from espeak-ng.
 */

const ACCOUNT = `AC${'1'.repeat(32)}`;
const PROJECT: Project = {
  projectId: 'studio-project',
  organisationId: 'demo-ocmw',
  name: 'Studio test',
  languages: ['nl', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode: 'STUDIO',
  whatsappTemplates: {},
  callNumber: '+3225550122',
};

const work = mkdtempSync(join(tmpdir(), 'stem-studio-'));
const recordings = new Map<string, Buffer>();
const requests: string[] = [];
let server: Server;
let twilio = '';
let h: Harness;
let api: ReturnType<typeof apiApp>;
let staffToken = '';

beforeAll(async () => {
  const wav = join(work, 'take.wav');
  execFileSync('espeak-ng', ['-v', 'am', '-w', wav, 'ሰላም ከመይ ኣለኹም']);
  recordings.set('RE01', readFileSync(wav));
  recordings.set('RE02', readFileSync(wav));
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Basic ${Buffer.from(`${ACCOUNT}:${AUTH_TOKEN}`).toString('base64')}`) return void res.writeHead(401).end();
    const id = (req.url ?? '').split('/').pop() ?? '';
    if (req.method === 'DELETE') return void res.writeHead(recordings.delete(id) ? 204 : 404).end();
    const bytes = recordings.get(id);
    if (!bytes) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  twilio = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/2010-04-01/Accounts/${ACCOUNT}/Recordings`;

  h = await startHarness();
  await h.deps.directory.putProject(PROJECT);
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: PROJECT.projectId, roundId: 'studio-start' });
  const queue = new LocalJobQueue(async () => false, { sms: 1, whatsapp: 1, voice: 1 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staffToken = await h.deps.users.issueToken({ role: 'interpreter', userId: 'interpreter-1', organisationId: 'demo-ocmw' });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

const STUDIO = `${PUBLIC_URL}/twilio/voice/studio`;
const sids = { n: 0 };
const newSid = () => `CA${String(++sids.n).padStart(32, '0')}`;

/** Follow the studio as Twilio would: the action of the last <Gather> or <Record>. */
async function turn(url: string, sid: string, extra: Record<string, string> = {}) {
  const res = await h.callWebhook(url, { CallSid: sid, From: '+32470555001', To: '+3225550199', ...extra });
  expect(res.status, res.body).toBe(200);
  const action = /(?:<Gather|<Record)[^>]*action="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&') ?? null;
  const says = [...res.body.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1] ?? '');
  const plays = [...res.body.matchAll(/<Play>([^<]*)<\/Play>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
  return { body: res.body, action, says, plays, hangup: res.body.includes('<Hangup/>') };
}

async function listPrompts() {
  const res = await api.request(`/api/projects/${PROJECT.projectId}/prompts`, { headers: { authorization: `Bearer ${staffToken}` } });
  return (await res.json()) as {
    languages: Array<{ language: string; missing: number; prompts: Array<{ promptId: string; read: string; recorded: { source: string } | null }> }>;
  };
}

describe('the phone studio', () => {
  it('refuses wrong codes, and hangs up after three', async () => {
    const sid = newSid();
    const welcome = await turn(STUDIO, sid);
    expect(welcome.body).toMatch(/<Gather[^>]*finishOnKey="#"/);
    let next = await turn(welcome.action ?? '', sid, { Digits: '12345678#' });
    expect(next.says[0]).toContain('Die code klopt niet');
    next = await turn(next.action ?? '', sid, { Digits: '00000000#' });
    next = await turn(next.action ?? '', sid, { Digits: '99999999#' });
    expect(next.hangup).toBe(true);
  });

  it('with a code from the dashboard: hear the Dutch text, record, hear it back, redo, keep; the next prompt follows', async () => {
    const issued = await api.request(`/api/projects/${PROJECT.projectId}/prompts/studio-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string; expiresAt: string };
    expect(code).toMatch(/^\d{8}$/);
    expect(JSON.stringify(await h.dump())).not.toContain(code); // only its keyed hash is stored

    const before = await listPrompts();
    const first = before.languages[1]?.prompts[0];
    const sid = newSid();
    const welcome = await turn(STUDIO, sid);
    // Only Tigrinya needs recordings: straight to its first prompt, in Dutch, then <Record>.
    const prompt = await turn(welcome.action ?? '', sid, { Digits: `${code}#` });
    expect(prompt.says.join(' ')).toContain(`Zin 1 van ${first ? before.languages[1]?.prompts.length : 0}`);
    expect(prompt.says.join(' ')).toContain(first?.read.replace(/&/g, '&amp;') ?? 'x');
    expect(prompt.body).toMatch(/<Record[^>]*finishOnKey="#"/);

    // The take: copied from Twilio, deleted there, played back from our store.
    const review = await turn(prompt.action ?? '', sid, { RecordingUrl: `${twilio}/RE01`, RecordingDuration: '3' });
    expect(requests).toEqual(
      expect.arrayContaining([`GET /2010-04-01/Accounts/${ACCOUNT}/Recordings/RE01`, `DELETE /2010-04-01/Accounts/${ACCOUNT}/Recordings/RE01`]),
    );
    expect(review.says).toEqual(['Je zei:', 'Om te bewaren, druk 1. Om opnieuw op te nemen, druk 2.']);
    expect(review.plays).toHaveLength(1);
    const heard = await h.fetchPublic(review.plays[0] ?? '');
    expect(heard.status).toBe(200);
    expect(
      Buffer.from(await heard.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');

    // Redo: the same prompt again; the take is gone.
    const again = await turn(review.action ?? '', sid, { Digits: '2' });
    expect(again.says.join(' ')).toContain('Zin 1 van');
    expect((await h.fetchPublic(review.plays[0] ?? '')).status).toBe(404);

    // A second take, kept: saved as a prompt recorded by phone, and the next prompt comes.
    const review2 = await turn(again.action ?? '', sid, { RecordingUrl: `${twilio}/RE02`, RecordingDuration: '3' });
    const kept = await turn(review2.action ?? '', sid, { Digits: '1' });
    expect(kept.says[0]).toBe('Bewaard.');
    expect(kept.says.join(' ')).toContain('Zin 2 van');
    const after = await listPrompts();
    expect(after.languages[1]?.missing).toBe((before.languages[1]?.missing ?? 0) - 1);
    expect(after.languages[1]?.prompts.find((p) => p.promptId === first?.promptId)?.recorded).toMatchObject({ source: 'phone' });
  });

  it("on the participants' number, * at the language menu leads to the studio", async () => {
    const sid = newSid();
    const menu = await h.callWebhook(`${PUBLIC_URL}/twilio/voice`, { CallSid: sid, From: '+32470555002', To: PROJECT.callNumber ?? '' });
    const action = /<Gather[^>]*action="([^"]+)"/.exec(menu.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(action).toContain('menu=1');
    const star = await h.callWebhook(action, { CallSid: sid, From: '+32470555002', To: PROJECT.callNumber ?? '', Digits: '*' });
    expect(star.body).toContain(`<Redirect method="POST">${STUDIO}</Redirect>`);
  });
});
