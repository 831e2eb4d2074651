import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_SURVEY } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';

/**
 * Voices heard by strangers, attacked as the people around a participant would: a social worker of the
 * participant's own centre and its interpreter want to hear a client's voice note; an interpreter of
 * another centre and an independent one want to learn which centre, project or person it came from.
 * Real DynamoDB Local, a real voice note (espeak-ng as WAV) through the voice pipeline, the API in-process.
 */

let h: Harness;
let notes: VoiceNotes;
let api: ReturnType<typeof apiApp>;
let tokens: Record<Role, string>;
let speech: Buffer;
let phone = 0;
const work = mkdtempSync(join(tmpdir(), 'stem-attack-voices-'));

/** A participant of the demo project at an open question, who answers by voice note (waiting for a person). */
async function voiceAnswer(): Promise<{ jobId: string; phone: string }> {
  const number = `+324707200${String(++phone).padStart(2, '0')}`;
  for (const text of ['JOIN DEMO', '3', 'yes', '4', '1']) expect((await h.send({ channel: 'whatsapp', phone: number, text })).status).toBe(200);
  return { jobId: await notes.toHumanQueue(number, speech), phone: number };
}
const call = (role: Role, method: string, path: string, body?: Record<string, unknown>) => callApi(api, tokens[role], method, path, body);
const queueOf = async (role: Role) => ((await call(role, 'GET', '/api/voice/queue')).json?.jobs ?? []) as Array<Record<string, unknown>>;
const setOwn = (body: Record<string, unknown>, role: Role = 'owner') => call(role, 'PUT', '/api/voice/own-listening', body);

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  notes = await startVoiceNotes(h);
  // Nothing here launches a round: a queue that refuses to be used.
  api = apiApp({ ...h.deps, voice: notes.voice, queue: { enqueue: () => Promise.reject(new Error('no deliveries in this test')) } });
  const wav = join(work, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'nl', '-w', wav, 'Ik wacht al drie weken op een antwoord.']);
  speech = readFileSync(wav);
}, 60_000);
afterAll(async () => {
  await notes?.stop();
  await h?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the participant's own organisation", () => {
  it('by default hears nothing: not in the queue, not the audio, no transcript it could submit', async () => {
    const { jobId } = await voiceAnswer();
    for (const role of ['owner', 'interpreter'] as const) {
      expect(
        (await queueOf(role)).map((j) => j.jobId),
        role,
      ).not.toContain(jobId);
      expect((await call(role, 'GET', `/api/voice/${jobId}/audio`)).status, role).toBe(404);
      expect((await call(role, 'POST', `/api/voice/${jobId}/transcript`, { transcript: 'I know this voice' })).status, role).toBe(404);
    }
    expect((await h.deps.voiceJobs.get(jobId))?.status).toBe('needs-human');
  });

  it('its interpreter cannot switch listening on; its staff can, only with a reason, and everyone of it sees the reason', async () => {
    expect((await setOwn({ on: true, reason: 'Our interpreters are sworn and employed by us.' }, 'interpreter')).status).toBe(403);
    // Staff of another organisation decide for theirs, never for this one.
    expect((await setOwn({ on: true, reason: 'We decide for our own centre only.' }, 'otherStaff')).status).toBe(200);
    expect((await call('owner', 'GET', '/api/voice/own-listening')).json?.ownListening).toBeNull();
    expect((await setOwn({ on: false }, 'otherStaff')).json?.ownListening).toBeNull();
    const bare = await setOwn({ on: true });
    expect(bare.status).toBe(400);
    expect(bare.json?.errors?.map((e) => e.field)).toContain('reason');
    expect((await setOwn({ on: true, reason: 'ok' })).status).toBe(400);

    const { jobId } = await voiceAnswer();
    const on = await setOwn({ on: true, reason: 'Our interpreters are sworn and employed by us.' });
    expect(on.status).toBe(200);
    const queue = await call('interpreter', 'GET', '/api/voice/queue');
    expect(queue.json?.ownListening).toMatchObject({ reason: 'Our interpreters are sworn and employed by us.' });
    const listed = (queue.json?.jobs as Array<Record<string, unknown>>).find((j) => j.jobId === jobId);
    expect(listed).toMatchObject({ access: 'own', projectId: 'demo' });
    const audio = await call('interpreter', 'GET', `/api/voice/${jobId}/audio`);
    expect(audio.status).toBe(200);
    expect(audio.type).toBe('audio/wav');
    // Heard disguised: never the participant's own file.
    expect(Buffer.from(audio.text, 'latin1').equals(speech)).toBe(false);
    expect((await call('interpreter', 'POST', `/api/voice/${jobId}/transcript`, { transcript: 'Ik wacht al drie weken.' })).status).toBe(200);

    // Switched off again: the next voice answer is the network's only.
    const next = await voiceAnswer();
    expect((await setOwn({ on: false })).json?.ownListening).toBeNull();
    expect((await call('owner', 'GET', `/api/voice/${next.jobId}/audio`)).status).toBe(404);
    expect((await queueOf('owner')).map((j) => j.jobId)).not.toContain(next.jobId);
  });
});

describe('interpreters of the network', () => {
  it('hear it disguised, and learn the language and the day: no organisation, project, question, respondent or number', async () => {
    const { jobId, phone: number } = await voiceAnswer();
    const job = await h.deps.voiceJobs.get(jobId);
    const respondent = job?.answer?.respondentCode ?? 'missing';
    for (const role of ['networkInterpreter', 'independentInterpreter'] as const) {
      const queue = await call(role, 'GET', '/api/voice/queue');
      const listed = (queue.json?.jobs as Array<Record<string, unknown>>).find((j) => j.jobId === jobId);
      expect(listed, role).toMatchObject({ access: 'network', projectId: null, roundId: null, questionId: null, language: 'en' });
      for (const secret of ['demo-ocmw', 'OCMW Demo', '"demo"', 'demo-start', DEMO_SURVEY.id, respondent, number, h.deps.protector.contactKey(number)]) {
        expect(queue.text, `${role}: ${secret}`).not.toContain(secret);
      }
      expect(queue.json?.ownListening, role).toBeNull();
    }
    const audio = await call('networkInterpreter', 'GET', `/api/voice/${jobId}/audio`);
    expect(audio.status).toBe(200);
    expect(audio.type).toBe('audio/wav');
    expect(Buffer.from(audio.text, 'latin1').equals(speech)).toBe(false);
    // One listener at a time, across organisations too.
    expect((await call('independentInterpreter', 'GET', `/api/voice/${jobId}/audio`)).status).toBe(409);
    expect((await call('networkInterpreter', 'POST', `/api/voice/${jobId}/transcript`, { transcript: 'I have been waiting three weeks.' })).status).toBe(200);
  });

  it('an account a coordinator makes works at once, sees only its languages, and stops working when removed', async () => {
    const { jobId } = await voiceAnswer(); // in English (3)
    const tigrinya = await call('coordinator', 'POST', '/api/interpreters', { label: 'Tigrinya interpreter', languages: ['ti'] });
    const english = await call('coordinator', 'POST', '/api/interpreters', { label: 'English interpreter', languages: ['en'] });
    expect(tigrinya.status).toBe(201);
    const tokenOf = (answer: typeof tigrinya) => String(answer.json?.token);
    const asTi = (method: string, path: string) => callApi(api, tokenOf(tigrinya), method, path);
    expect(((await asTi('GET', '/api/voice/queue')).json?.jobs as unknown[]).length).toBe(0);
    expect((await asTi('GET', `/api/voice/${jobId}/audio`)).status).toBe(404);
    const asEn = await callApi(api, tokenOf(english), 'GET', '/api/voice/queue');
    expect((asEn.json?.jobs as Array<{ jobId: string }>).map((j) => j.jobId)).toContain(jobId);

    const listed = await call('coordinator', 'GET', '/api/interpreters');
    expect(listed.text).not.toContain(tokenOf(tigrinya)); // the token is shown once
    const id = (tigrinya.json?.account as { userId: string }).userId;
    expect((listed.json?.interpreters as Array<{ userId: string; languages: string[] }>).find((i) => i.userId === id)?.languages).toEqual(['ti']);
    expect((await call('coordinator', 'DELETE', `/api/interpreters/${id}`)).status).toBe(204);
    expect((await asTi('GET', '/api/voice/queue')).status).toBe(401);
    expect(JSON.stringify(await h.dump())).not.toContain(tokenOf(english)); // only its hash is stored
  });

  it('staff of another organisation and coordinators are not interpreters: they hear nothing', async () => {
    const { jobId } = await voiceAnswer();
    for (const role of ['otherStaff', 'coordinator'] as const) {
      expect(await queueOf(role), role).toEqual([]);
      expect((await call(role, 'GET', `/api/voice/${jobId}/audio`)).status, role).toBe(404);
    }
  });
});
