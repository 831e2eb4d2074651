import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import type { Principal } from '../../core/access/principal.js';
import type { Project } from '../../core/model.js';
import { deliver } from '../../core/rounds/deliver.js';
import { apiApp } from '../../http/api/api-app.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };
import { PUBLIC_URL, startHarness, type Harness } from './support/harness.js';

/**
 * Recorded prompts for a language no Polly voice speaks (Tigrinya): what is missing, uploads through the
 * API (real WAV audio from espeak-ng), the call playing them with <Play>, the Play URL Twilio fetches,
 * and a phone invitation that waits until every prompt is there.
 */

const work = mkdtempSync(join(tmpdir(), 'stem-prompts-'));
const CALL_NUMBER = '+3225550111';
const PROJECT: Project = {
  projectId: 'ti-project',
  organisationId: 'demo-ocmw',
  name: 'Eritrese gemeenschap',
  languages: ['nl', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode: 'TIGRINYA',
  whatsappTemplates: {},
  callNumber: CALL_NUMBER,
};

let h: Harness;
let api: ReturnType<typeof apiApp>;
let dialer: LocalDialer;
let queue: LocalJobQueue;
const tokens: Record<string, string> = {};
let wav: Buffer;

function speechWav(text: string): Buffer {
  const file = join(work, 'prompt.wav');
  // Amharic shares Tigrinya's script and much of its sound; espeak-ng has no Tigrinya voice.
  execFileSync('espeak-ng', ['-v', 'am', '-w', file, text]);
  return readFileSync(file);
}

beforeAll(async () => {
  h = await startHarness();
  wav = speechWav('ሰላም');
  await h.deps.directory.putProject(PROJECT);
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: PROJECT.projectId, roundId: 'ti-start' });
  dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue(
    (job) => deliver({ ...h.deps, messenger: { send: async () => ({ ok: true }) }, dialer }, job),
    { sms: 500, whatsapp: 500, voice: 500 },
    h.logger,
  );
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  const accounts: Record<string, Principal> = {
    staff: { role: 'staff', userId: 's', organisationId: 'demo-ocmw' },
    interpreter: { role: 'interpreter', userId: 'i', organisationId: 'demo-ocmw' },
    otherStaff: { role: 'staff', userId: 'o', organisationId: 'cpas-exemple' },
    coordinator: { role: 'coordinator', userId: 'c' },
  };
  for (const [name, principal] of Object.entries(accounts)) tokens[name] = await h.deps.users.issueToken(principal);
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function call(token: string, method: string, path: string, body?: Uint8Array, type = 'audio/wav') {
  const res = await api.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) },
    ...(body ? { body: Buffer.from(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* audio or empty */
  }
  return { status: res.status, json, text };
}

interface PromptList {
  survey: { id: string; version: number };
  languages: Array<{
    language: string;
    voice: string | null;
    required: number;
    missing: number;
    prompts: Array<{ promptId: string; read: string; recorded: unknown }>;
  }>;
}

async function callTurn(sid: string, from: string, step: number, extra: Record<string, string> = {}) {
  const url = `${PUBLIC_URL}/twilio/voice${step === 0 ? '' : `?step=${step}&on=input`}`;
  const res = await h.callWebhook(url, { CallSid: sid, From: from, To: CALL_NUMBER, ...extra });
  expect(res.status).toBe(200);
  return res.body;
}

describe('recorded prompts for a language without a voice', () => {
  it('lists what to record for Tigrinya, read out in Dutch; Dutch needs nothing (Polly speaks it)', async () => {
    const res = await call(tokens.staff ?? '', 'GET', `/api/projects/${PROJECT.projectId}/prompts`);
    expect(res.status).toBe(200);
    const list = res.json as unknown as PromptList;
    expect(list.survey).toEqual({ id: h.seeded.round.surveyId, version: h.seeded.round.surveyVersion });
    const [dutch, tigrinya] = list.languages;
    expect(dutch).toMatchObject({ language: 'nl', voice: 'Polly.Lisa-Neural', required: 0, prompts: [] });
    expect(tigrinya).toMatchObject({ language: 'ti', voice: null });
    expect(tigrinya?.missing).toBe(tigrinya?.required);
    const ids = tigrinya?.prompts.map((p) => p.promptId) ?? [];
    expect(ids).toEqual(
      expect.arrayContaining([
        'text.call.language',
        'text.join.welcome',
        'text.thanks.completed',
        'question.consent',
        'question.energy',
        'question.respected.probe',
      ]),
    );
    const consent = tigrinya?.prompts.find((p) => p.promptId === 'question.consent');
    expect(consent?.read).toContain(nl.consent.promise); // what to say, in the main language
    // Hearing back is one question prompt too, and reads what the call says: the note, "yes please / no thanks".
    const hearBack = tigrinya?.prompts.find((p) => p.promptId === 'question.hear_back');
    expect(hearBack?.read).toContain(nl.consent.hearBackNote);
    expect(hearBack?.read).toContain(nl.call.press.replace('{{option}}', nl.answer.yesPlease).replace('{{key}}', '1'));
    expect(hearBack?.read).not.toContain(nl.consent.promise);
    expect(tigrinya?.prompts.find((p) => p.promptId === 'text.call.language')?.read).toBe(
      nl.call.language.replace('{{language}}', 'ትግርኛ').replace('{{key}}', '2'),
    );
  });

  it('before the recordings, a call offers only Dutch, and a phone invitation in Tigrinya waits instead of calling', async () => {
    const menu = await callTurn(`CA${'1'.repeat(32)}`, '+32470444001', 0);
    expect(menu).toContain('Polly.Lisa-Neural');
    expect(menu).not.toContain('<Play');
    expect((menu.match(/<Say /g) ?? []).length).toBe(1);

    // Imported by staff as a phone participant who speaks Tigrinya, then invited.
    const imported = await api.request(`/api/projects/${PROJECT.projectId}/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.staff}`, 'content-type': 'text/csv' },
      body: 'phone;language;channel\r\n0470 44 40 02;ti;voice',
    });
    expect(imported.status).toBe(200);
    const contactKey = h.deps.protector.contactKey('+32470444002');
    await h.deps.participants.putInvitations([
      {
        projectId: PROJECT.projectId,
        roundId: 'ti-start',
        contactKey,
        language: 'ti',
        channel: 'voice',
        status: 'queued',
        failure: null,
        invitedAt: null,
        remindedAt: null,
        progress: 'none',
      },
    ]);
    await queue.enqueue([{ type: 'invite', projectId: PROJECT.projectId, roundId: 'ti-start', contactKey, channel: 'voice' }]);
    await queue.drained();
    expect(dialer.list('+32470444002')).toEqual([]);
    expect(await h.deps.participants.getInvitation(PROJECT.projectId, 'ti-start', contactKey)).toMatchObject({
      status: 'queued',
      failure: 'waiting for the phone prompts in ti to be recorded',
    });
  });

  it('uploads: MP3 or WAV only, at most two minutes, by staff or an interpreter of the organisation', async () => {
    const path = `/api/projects/${PROJECT.projectId}/prompts/ti/question.consent`;
    expect((await call(tokens.staff ?? '', 'PUT', path, new Uint8Array(wav))).status).toBe(201);
    const ogg = await call(tokens.staff ?? '', 'PUT', path, new Uint8Array(wav), 'audio/ogg');
    expect(ogg.status).toBe(415);
    expect(ogg.json.errors).toEqual([{ field: 'content-type', message: 'got "audio/ogg"' }]);
    const notAudio = await call(tokens.staff ?? '', 'PUT', path, new TextEncoder().encode('hello'), 'audio/wav');
    expect(notAudio.status).toBe(415);
    const long = join(work, 'long.wav');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=130', '-ar', '8000', '-ac', '1', long]);
    expect((await call(tokens.staff ?? '', 'PUT', path, new Uint8Array(readFileSync(long)))).status).toBe(400);
    expect((await call(tokens.staff ?? '', 'PUT', `/api/projects/${PROJECT.projectId}/prompts/nl/question.consent`, new Uint8Array(wav))).status).toBe(409);
    expect((await call(tokens.staff ?? '', 'PUT', `/api/projects/${PROJECT.projectId}/prompts/ti/question.nope`, new Uint8Array(wav))).json.errors).toEqual([
      { field: 'promptId', message: 'text.<key> or question.<id>' },
    ]);
    expect((await call(tokens.otherStaff ?? '', 'PUT', path, new Uint8Array(wav))).status).toBe(404);
    expect((await call(tokens.coordinator ?? '', 'GET', `/api/projects/${PROJECT.projectId}/prompts`)).status).toBe(404);
    // Listening back gives the same audio; the interpreter records the rest.
    const back = await api.request(`${path}/audio`, { headers: { authorization: `Bearer ${tokens.interpreter}` } });
    expect(Buffer.from(await back.arrayBuffer()).equals(wav)).toBe(true);
    const list = (await call(tokens.interpreter ?? '', 'GET', `/api/projects/${PROJECT.projectId}/prompts`)).json as unknown as PromptList;
    for (const prompt of list.languages[1]?.prompts ?? []) {
      if (prompt.recorded) continue;
      expect(
        (await call(tokens.interpreter ?? '', 'PUT', `/api/projects/${PROJECT.projectId}/prompts/ti/${prompt.promptId}`, new Uint8Array(wav))).status,
      ).toBe(201);
    }
    const after = (await call(tokens.staff ?? '', 'GET', `/api/projects/${PROJECT.projectId}/prompts`)).json as unknown as PromptList;
    expect(after.languages[1]?.missing).toBe(0);
  });

  it('with every prompt recorded, Tigrinya is offered and played; Twilio can fetch the recording, nobody can guess another', async () => {
    const sid = `CA${'2'.repeat(32)}`;
    const menu = await callTurn(sid, '+32470444003', 0);
    const plays = [...menu.matchAll(/<Play>([^<]+)<\/Play>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
    expect(plays).toHaveLength(1); // "for Tigrinya press 2", recorded; Dutch is said by Lisa
    expect(menu).toContain('Polly.Lisa-Neural');
    const consent = await callTurn(sid, '+32470444003', 1, { Digits: '2' });
    expect(consent).not.toContain('<Say');
    expect(consent).toMatch(/<Gather[^>]*input="dtmf"[^>]*>(<Play>[^<]+<\/Play>)+<\/Gather>/);
    const played = await h.fetchPublic(plays[0] ?? '');
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await played.arrayBuffer()).equals(wav)).toBe(true);
    const forged = await h.fetchPublic((plays[0] ?? '').replace(/\.[^.]+$/, '.AAAA'));
    expect(forged.status).toBe(404);
    await callTurn(sid, '+32470444003', 2, { Digits: '1' });
    expect((await h.deps.store.answersOfRound(PROJECT.projectId, 'ti-start')).find((a) => a.questionId === 'consent')).toMatchObject({
      value: 'yes',
      language: 'ti',
      channel: 'voice',
    });
  });

  it('the waiting phone invitation is called once its time comes round', async () => {
    h.clock.current = new Date(h.clock.current.getTime() + 61 * 60_000);
    const contactKey = h.deps.protector.contactKey('+32470444002');
    await queue.enqueue([{ type: 'invite', projectId: PROJECT.projectId, roundId: 'ti-start', contactKey, channel: 'voice' }]);
    await queue.drained();
    expect(dialer.list('+32470444002')).toHaveLength(1);
    expect(await h.deps.participants.getInvitation(PROJECT.projectId, 'ti-start', contactKey)).toMatchObject({ status: 'invited', callAttempts: 1 });
  });
});
