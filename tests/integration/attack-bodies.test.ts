import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import type { Project } from '../../core/model.js';
import { apiApp } from '../../http/api/api-app.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import { VOICE_PATH } from '../../http/call-webhook-routes.js';
import { AUTH_TOKEN, newSid, PUBLIC_URL, SERVICE_NUMBER, startHarness, twilioParams, type Harness } from './support/harness.js';
import { rawRequest, type RawAnswer } from './support/raw-http.js';
import { callApi, issueRoleTokens, type ApiAnswer, type Role } from './support/staff-api.js';
import { silentWav } from './support/wav.js';

/**
 * Bodies an attacker (or a broken client) sends: over each route's size limit (the JSON API, the
 * participant CSV, recorded audio, Twilio's form) → 413 with a problem body naming the limit; malformed
 * JSON, wrong content types, invalid UTF-8, deep nesting, huge numbers of fields and numbers out of
 * range → a 4xx problem naming the field, never a 500; and afterwards the same process still serves
 * staff and participants. The API runs over real HTTP here, so lengths and chunked bodies are real.
 */

let h: Harness;
let tokens: Record<Role, string>;
let api: ReturnType<typeof apiApp>;
let server: { server: ServerType; origin: string };
const PROJECT: Project = {
  projectId: 'bodies',
  organisationId: 'demo-ocmw',
  name: 'Bodies',
  languages: ['nl', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode: 'BODIES',
  whatsappTemplates: {},
};
const MB = 1024 * 1024;
let promptPath = '';

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  api = apiApp({ ...h.deps, queue: { enqueue: async () => undefined }, voice: h.voice });
  server = await new Promise((ready) => {
    const s: ServerType = serve({ fetch: api.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready({ server: s, origin: `http://127.0.0.1:${info.port}` }));
  });
  await h.deps.directory.putProject(PROJECT);
  const now = h.clock.now().getTime();
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: PROJECT.projectId, roundId: 'open', opensAt: new Date(now - 86_400_000).toISOString() });
  await h.deps.directory.putRound({
    ...h.seeded.round,
    projectId: PROJECT.projectId,
    roundId: 'closed',
    opensAt: '2026-09-01T00:00:00.000Z',
    closesAt: '2026-09-30T00:00:00.000Z',
  });
  const prompts = await callApi(api, tokens.owner, 'GET', '/api/projects/bodies/prompts?round=open');
  const ti = (prompts.json?.languages as Array<{ language: string; prompts: Array<{ promptId: string }> }> | undefined)?.find((l) => l.language === 'ti');
  promptPath = `/api/projects/bodies/prompts/ti/${encodeURIComponent(ti?.prompts[0]?.promptId ?? 'missing')}`;
});
afterAll(async () => {
  await new Promise<void>((done) => server?.server.close(() => done()));
  await h?.stop();
});

const auth = (role: Role = 'owner') => ({ authorization: `Bearer ${tokens[role]}` });
const problemOf = (answer: { body?: string; text?: string }) =>
  JSON.parse(answer.body ?? answer.text ?? '') as { status: number; detail: string; errors?: Array<{ field: string; message: string }> };

/** A problem body (RFC 9457) with this status, naming this field first. */
function expectProblem(answer: RawAnswer | ApiAnswer, status: number, field: string, detail?: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  const problem = problemOf(answer);
  expect(problem.status).toBe(status);
  expect(problem.errors?.[0]?.field).toBe(field);
  if (detail) expect(problem.detail).toMatch(detail);
}

const projectJson = (extra: Record<string, unknown> = {}) => ({ projectId: 'bodies-x', name: 'Bodies X', languages: ['nl'], joinCode: 'BODIESX', ...extra });

describe('oversized bodies get 413 naming the limit', () => {
  it('the JSON API: over 2.5 MB, with a length or streamed without one', async () => {
    // Just past the limit: the server reads all of it before refusing, so no unread bytes race its answer.
    const big = JSON.stringify(projectJson({ name: 'x'.repeat(2.5 * 1_000_000) }));
    const headers = { ...auth(), 'content-type': 'application/json' };
    // A declared length over the limit is refused before the body is read: the headers are enough.
    const declared = await rawRequest(server.origin, 'POST', '/api/projects', { ...headers, 'content-length': String(Buffer.byteLength(big)) }, undefined, {
      unfinished: true,
    });
    expectProblem(declared, 413, '(body)', /2\.5 MB/);
    // Streamed without a length: counted as it arrives, refused once past the limit.
    const streamed = await rawRequest(server.origin, 'POST', '/api/projects', { ...headers, 'transfer-encoding': 'chunked' }, big, { unfinished: true });
    expectProblem(streamed, 413, '(body)', /2\.5 MB/);
    // Before the token is even looked at: an anonymous flood is cut off the same way.
    expectProblem(
      await rawRequest(server.origin, 'POST', '/api/projects', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big, {
        unfinished: true,
      }),
      413,
      '(body)',
    );
    expect(await h.deps.directory.getProject('bodies-x')).toBeNull();
  });

  it('the participant CSV: over 2 MB as text or as an uploaded file', async () => {
    const rows = `phone,language,channel\n${'0470 12 34 56,nl,sms\n'.repeat(Math.ceil((2.1 * MB) / 21))}`;
    expectProblem(
      await rawRequest(server.origin, 'POST', '/api/projects/bodies/participants', { ...auth(), 'content-type': 'text/csv' }, rows),
      413,
      '(body)',
      /2000000 bytes/,
    );
    const form = new FormData();
    form.append('file', new Blob([rows], { type: 'text/csv' }), 'people.csv');
    const upload = await fetch(`${server.origin}/api/projects/bodies/participants`, { method: 'POST', headers: auth(), body: form });
    expectProblem({ status: upload.status, type: upload.headers.get('content-type') ?? '', body: await upload.text() }, 413, 'file', /2000000 bytes/);
    expect((await callApi(api, tokens.owner, 'GET', '/api/projects/bodies/participants')).json?.count).toBe(0);
  });

  it('recorded audio: a prompt over 2 MB, a "you said, we did" recording over the API limit', async () => {
    const prompt = silentWav(140); // 2.2 MB of 8 kHz WAV
    expectProblem(await rawRequest(server.origin, 'PUT', promptPath, { ...auth(), 'content-type': 'audio/wav' }, prompt), 413, '(body)', /2 MB/);
    const message = silentWav(200); // 3.2 MB, refused by its declared length
    const headers = { ...auth(), 'content-type': 'audio/wav', 'content-length': String(message.length) };
    expectProblem(
      await rawRequest(server.origin, 'PUT', '/api/projects/bodies/rounds/closed/feedback/audio/nl', headers, undefined, { unfinished: true }),
      413,
      '(body)',
      /2\.5 MB/,
    );
  });

  it('a Twilio form that large is refused before its signature is computed: 413, nothing stored, nothing half-read', async () => {
    const before = await h.dump();
    const flood = `Body=${'a'.repeat(5 * MB)}`;
    const answer = await h.rawRequest('POST', MESSAGES_PATH, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' }, flood, {
      unfinished: true,
    });
    expectProblem(answer, 413, '(body)', /64 KB/);
    // Signed (a leaked token): still a 4xx naming the body, not a 500.
    const params = twilioParams({ channel: 'sms', phone: '+32470720001', text: 'x'.repeat(MB) }, newSid());
    const signed = await h.rawRequest(
      'POST',
      MESSAGES_PATH,
      { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params) },
      new URLSearchParams(params).toString(),
      { unfinished: true },
    );
    expectProblem(signed, 413, '(body)');
    // Under the limit but over what a message holds: 400 naming Body.
    const long = twilioParams({ channel: 'sms', phone: '+32470720001', text: 'x'.repeat(40 * 1024) }, newSid());
    const named = await h.rawRequest(
      'POST',
      MESSAGES_PATH,
      { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, long) },
      new URLSearchParams(long).toString(),
    );
    expectProblem(named, 400, 'Body');
    expect(await h.dump()).toEqual(before);
  });

  it('a Twilio form over 64 KB, even sent chunked, gets 413 on every webhook route', async () => {
    for (const path of [MESSAGES_PATH, VOICE_PATH, `${VOICE_PATH}/status`, `${VOICE_PATH}/message`, `${VOICE_PATH}/studio`]) {
      const answer = await h.rawRequest(
        'POST',
        path,
        { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
        `Body=${'a'.repeat(65 * 1024)}`,
        { unfinished: true },
      );
      expectProblem(answer, 413, '(body)');
    }
  });
});

describe('malformed bodies get a 4xx naming the field, never a 500', () => {
  it('JSON that is not JSON, not an object, or empty', async () => {
    for (const body of ['{"projectId":', '', 'nul', '{"a":1}}', "{'projectId':'x'}"])
      expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', body), 400, '(body)', /not valid JSON/);
    for (const body of ['null', '[]', '"text"', '42']) expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', body), 400, '(body)');
  });

  it('wrong content types: 415 naming content-type (or the body, for audio that is not audio)', async () => {
    const json = JSON.stringify(projectJson());
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', json, 'text/plain'), 415, 'content-type');
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', json, 'application/x-www-form-urlencoded'), 415, 'content-type');
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects/bodies/participants', '{"phone":"0470"}', 'application/json'), 415, 'content-type');
    expectProblem(await callApi(api, tokens.owner, 'PUT', promptPath, new Uint8Array(silentWav(1)), 'audio/ogg'), 415, 'content-type');
    expectProblem(await callApi(api, tokens.owner, 'PUT', promptPath, '<html>not audio</html>', 'audio/wav'), 415, '(body)');
    expectProblem(
      await callApi(api, tokens.owner, 'POST', '/api/voice/none/transcript', 'transcript=x', 'application/x-www-form-urlencoded'),
      415,
      'content-type',
    );
    expectProblem(await h.rawRequest('POST', MESSAGES_PATH, { 'content-type': 'application/json' }, '{"Body":"JOIN DEMO"}'), 415, 'content-type');
    expectProblem(await h.rawRequest('POST', VOICE_PATH, { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'), 415, 'content-type');
  });

  it('invalid UTF-8 where JSON syntax is expected is a 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"projectId"'), Buffer.from([0xff, 0xfe]), Buffer.from(':"x"}')]);
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', new Uint8Array(bytes)), 400, '(body)');
  });

  it('invalid UTF-8 inside a JSON string or a CSV is a 400, not silently replaced by U+FFFD', async () => {
    const json = Buffer.concat([
      Buffer.from('{"projectId":"utf-bad","name":"ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('cd","languages":["nl"],"joinCode":"UTFBAD"}'),
    ]);
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', new Uint8Array(json)), 400, '(body)');
    const csv = Buffer.concat([Buffer.from('phone,language,channel\n0470 12 34 56,n'), Buffer.from([0xe9]), Buffer.from(',sms\n')]);
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects/bodies/participants', new Uint8Array(csv), 'text/csv'), 400, '(body)');
  });

  it('deeply nested JSON (200,000 levels) is named where it does not fit', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects', `{"projectId":${deep}}`), 400, 'projectId');
    expectProblem(
      await callApi(api, tokens.owner, 'POST', '/api/surveys', `{"id":"deep","version":1,"title":{"nl":${deep}},"languages":["nl"],"questions":[]}`),
      400,
      'title.nl',
    );
    expectProblem(
      await callApi(
        api,
        tokens.owner,
        'POST',
        '/api/surveys',
        `{"id":"deep","version":1,"title":{"nl":"t"},"languages":["nl"],"questions":[{"id":"q","kind":"open","text":{"nl":"q"},"x":${deep}}]}`,
      ),
      400,
      'questions[0]',
    );
    expectProblem(await callApi(api, tokens.owner, 'PUT', '/api/projects/bodies/rounds/closed/feedback', `{"texts":{"nl":${deep}}}`), 400, 'texts.nl');
  });

  it('huge numbers of fields: unknown ones are dropped, invalid ones named', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    // With a "__proto__" key too, as JSON carries it: it must not reach any object's prototype.
    const body = `{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},${JSON.stringify({ ...unknown, ...projectJson({ projectId: 'many-keys', joinCode: 'MANYKEYS' }) }).slice(1)}`;
    const created = await callApi(api, tokens.owner, 'POST', '/api/projects', body);
    expect(created.status).toBe(201);
    const stored = await h.deps.directory.getProject('many-keys');
    expect(Object.keys(stored ?? {}).some((k) => k.startsWith('k'))).toBe(false);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const invalid = await callApi(api, tokens.owner, 'POST', '/api/projects', projectJson({ projectId: 'many-bad', languages: Array(1_000).fill('xx') }));
    expectProblem(invalid, 400, 'languages[0]');
    expect(await h.deps.directory.getProject('many-bad')).toBeNull();
    const survey = await callApi(api, tokens.owner, 'POST', '/api/surveys', {
      id: 'wide',
      version: 1,
      title: { nl: 't' },
      languages: ['nl'],
      questions: [{ id: 'q', kind: 'open', text: { nl: 'q' }, ...unknown }],
    });
    expectProblem(survey, 400, 'questions[0]');
  });

  it('a body with 100,000 invalid fields gets a bounded problem body, not one issue each', async () => {
    const invalid = await callApi(api, tokens.owner, 'POST', '/api/projects', projectJson({ projectId: 'many-bad', languages: Array(100_000).fill('xx') }));
    expectProblem(invalid, 400, 'languages[0]');
    expect(invalid.text.length).toBeLessThan(64 * 1024);
  });

  it('numbers out of range and fields too long are named', async () => {
    const launch = (extra: string) =>
      `{"label":"x","surveyId":"demo_checkin","surveyVersion":2,"opensAt":"2026-12-01T00:00:00Z","closesAt":"2026-12-09T00:00:00Z"${extra}}`;
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects/bodies/rounds', launch(',"reminderAfterHours":1e999')), 400, 'reminderAfterHours');
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/projects/bodies/rounds', launch(',"reminderAfterHours":-1')), 400, 'reminderAfterHours');
    expectProblem(
      await callApi(
        api,
        tokens.owner,
        'POST',
        '/api/projects/bodies/rounds',
        launch('').replace('"surveyVersion":2', '"surveyVersion":99999999999999999999999'),
      ),
      400,
      'surveyVersion',
    );
    expectProblem(
      await callApi(api, tokens.owner, 'POST', '/api/projects/bodies/rounds', launch('').replace('"surveyVersion":2', '"surveyVersion":1.5')),
      400,
      'surveyVersion',
    );
    expectProblem(await callApi(api, tokens.owner, 'POST', '/api/voice/none/transcript', { transcript: 'a'.repeat(5001) }), 400, 'transcript');
    expectProblem(
      await callApi(api, tokens.owner, 'PUT', '/api/projects/bodies/rounds/closed/feedback', { texts: { nl: 'a'.repeat(100_000) } }),
      400,
      'texts.nl',
    );
  });

  it('Twilio forms with malformed fields, signed, are named (and nothing is stored)', async () => {
    const before = await h.dump();
    const send = async (params: Record<string, string>, path = MESSAGES_PATH) =>
      h.rawRequest(
        'POST',
        path,
        { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params) },
        new URLSearchParams(params).toString(),
      );
    const message = twilioParams({ channel: 'sms', phone: '+32470720002', text: 'JOIN DEMO' }, newSid());
    expectProblem(await send({ ...message, MessageSid: 'SM123' }), 400, 'MessageSid');
    expectProblem(await send({ ...message, From: '+32 470 72 00 02; DROP TABLE' }), 400, 'From');
    expectProblem(await send({ ...message, NumMedia: '1e9' }), 400, 'NumMedia');
    expectProblem(await send({ ...message, NumMedia: '1' }), 400, 'MediaUrl0');
    expectProblem(await send({ ...message, NumMedia: '1', MediaUrl0: 'file:///etc/passwd' }), 400, 'MediaUrl0');
    expectProblem(await send({ ...message, NumMedia: '1', MediaUrl0: 'http://169.254.169.254/latest/meta-data/' }), 400, 'MediaUrl0');
    const call = { CallSid: `CA${'4'.repeat(32)}`, From: '+32470720003', To: SERVICE_NUMBER };
    expectProblem(await send({ ...call, Digits: '1; rm -rf' }, VOICE_PATH), 400, 'Digits');
    expectProblem(await send({ ...call, RecordingUrl: 'http://10.0.0.1/rec' }, VOICE_PATH), 400, 'RecordingUrl');
    expectProblem(await send(call, `${VOICE_PATH}?step=99999`), 400, 'step');
    expect(await h.dump()).toEqual(before);
  });

  it('after all that the process still serves staff and participants, and logged no failure', async () => {
    expect((await callApi(api, tokens.owner, 'GET', '/api/me')).status).toBe(200);
    const joined = await h.send({ channel: 'sms', phone: '+32470720009', text: 'JOIN DEMO' });
    expect(joined.status).toBe(200);
    expect(joined.replies.length).toBeGreaterThan(0);
    expect(h.logger.lines.filter((l) => (JSON.parse(l) as { level: string }).level === 'error')).toEqual([]);
  });
});
