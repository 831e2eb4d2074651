import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';
import nl from '../../locales/nl/translation.json' with { type: 'json' };

/**
 * Issue 20 (7): an always-open door. A project that keeps a suggestion box takes what an enrolled person
 * writes when no survey waits for them as spontaneous feedback — redacted, anonymous, released like any
 * answer — instead of "no survey open". Written as an adversary: staff read the box after each message
 * to single someone out, a replayed webhook, a phone number typed into the message, small talk, a
 * stranger, a project without a box. Against DynamoDB Local, through the signed webhook and the staff API.
 */

let h: Harness;
let api: ReturnType<typeof apiApp>;
let staff = '';
let coordinator = '';
const PROJECT = 'box-samen';
const P = ['+32470700001', '+32470700002', '+32470700003', '+32470700004', '+32470700005', '+32470700006'] as const;
const stranger = '+32470700099';

async function call(method: string, path: string, body?: string, type = 'application/json', token = staff) {
  const res = await api.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) }, body });
  const text = await res.text();
  return { status: res.status, text, json: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
const say = async (phone: string, text: string, messageSid?: string) => {
  const sent = await h.send({ channel: 'sms', phone, text, ...(messageSid ? { messageSid } : {}) });
  expect(sent.status).toBe(200);
  return sent.replies;
};
const boxRecords = async () => (await h.dump()).filter((i) => i.kind === 'answer' && String(i.pk).startsWith(`A#${PROJECT}#box`));
type Suggestions = { open: boolean; releases: unknown[]; suggestions: Array<Record<string, string | null>> };
const suggestions = async (token = coordinator) =>
  (await call('GET', `/api/projects/${PROJECT}/suggestions`, undefined, undefined, token)).json as unknown as Suggestions;

beforeAll(async () => {
  h = await startHarness();
  api = apiApp({ ...h.deps, queue: { enqueue: async () => {} }, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-box' });
  coordinator = await h.deps.users.issueToken({ role: 'coordinator', userId: 'c' });
  const created = await call(
    'POST',
    '/api/projects',
    JSON.stringify({ projectId: PROJECT, name: 'Box Samen', languages: ['nl'], joinCode: 'BOX001', suggestionBox: true }),
  );
  expect(created.status).toBe(201);
  // The organisation shares the rows with the network: the coordinator reads the box's messages.
  expect((await call('PUT', `/api/projects/${PROJECT}/sharing`, JSON.stringify({ level: 'rows' }))).status).toBe(200);
  const csv = ['phone,language,channel', ...P.map((p) => `${p},nl,sms`)].join('\n');
  expect((await call('POST', `/api/projects/${PROJECT}/participants`, csv, 'text/csv')).json).toMatchObject({ enrolled: P.length });
});
afterAll(async () => {
  await h?.stop();
});

describe('the suggestion box', () => {
  it('takes a message when no round is open, redacted, and thanks the person in their language', async () => {
    const replies = await say(P[0], 'De wachtrij aan het loket is veel te lang. Bel me op 0470 12 34 56.');
    expect(replies).toEqual([nl.box.thanks]);
    const [record, ...more] = await boxRecords();
    expect(more).toEqual([]);
    expect(record).toMatchObject({ roundId: 'box', questionId: 'suggestion', status: 'answered', language: 'nl', channel: 'sms' });
    expect(String(record?.value)).toContain('De wachtrij aan het loket is veel te lang.');
    const stored = JSON.stringify(await h.dump());
    for (const digits of ['0470 12 34 56', '0470123456', '470123456']) expect(stored).not.toContain(digits);
    // Nothing in the record leads back to the person: not their contact key, not their respondent code.
    expect(JSON.stringify(record)).not.toContain(h.deps.protector.contactKey(P[0]));
    expect(JSON.stringify(record)).not.toContain(h.deps.protector.respondentCode(PROJECT, P[0]));
    expect(record?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps nothing of a greeting or a thank-you, and says the door is open', async () => {
    for (const text of ['Dank je', 'ok', 'hallo', '👍']) expect(await say(P[1], text)).toEqual([nl.box.open]);
    expect(await boxRecords()).toHaveLength(1);
  });

  it('writes a replayed webhook once', async () => {
    const sid = `SM${'b'.repeat(32)}`;
    await say(P[1], 'Kunnen de openingsuren ook na vijf uur?', sid);
    await say(P[1], 'Kunnen de openingsuren ook na vijf uur?', sid);
    expect(await boxRecords()).toHaveLength(2);
  });

  it('shows staff nothing before five messages, then five at once; the sixth waits for four more', async () => {
    // A reader polling after every message must not be able to tell which message is whose.
    expect(await suggestions()).toMatchObject({ open: true, releases: [], suggestions: [] });
    await say(P[2], 'De brieven zijn moeilijk om te lezen.');
    expect((await suggestions()).suggestions).toEqual([]);
    await say(P[3], 'Mijn begeleider is heel vriendelijk.');
    expect((await suggestions()).suggestions).toEqual([]);
    await say(P[4], 'Graag meer uitleg over de energiepremie.');
    const first = await suggestions();
    expect(first.releases).toHaveLength(1);
    expect(first.suggestions).toHaveLength(5);
    // Five codes, one per message: two messages of one person cannot be read together.
    expect(new Set(first.suggestions.map((s) => s.code)).size).toBe(5);
    for (const s of first.suggestions) for (const phone of P) expect(JSON.stringify(s)).not.toContain(phone.slice(3));
    await say(P[5], 'Waarom duurt mijn dossier zo lang?');
    const after = await suggestions();
    expect(after.suggestions).toHaveLength(5);
    expect(after.suggestions.map((s) => s.text)).not.toContain('Waarom duurt mijn dossier zo lang?');
  });

  it('exports the released messages as CSV, nothing identifying in it', async () => {
    const res = await call('GET', `/api/projects/${PROJECT}/suggestions.csv`, undefined, undefined, coordinator);
    expect(res.status).toBe(200);
    const rows = res.text.trim().split('\r\n');
    expect(rows).toHaveLength(1 + 5);
    expect(res.text).toContain('De brieven zijn moeilijk om te lezen.');
    expect(res.text).not.toContain('Waarom duurt mijn dossier');
    for (const phone of P) expect(res.text).not.toContain(phone.slice(3));
  });

  it('takes a WhatsApp voice note too: acknowledged, its transcript to follow, the URL sealed in its job', async () => {
    const mediaUrl = `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages/MM${'0'.repeat(32)}/Media/ME${'7'.repeat(32)}`;
    const sent = await h.send({ channel: 'whatsapp', phone: P[3], text: '', extra: { NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: 'audio/ogg' } });
    expect(sent.replies).toEqual([nl.box.thanks]);
    const voiceRecords = (await boxRecords()).filter((r) => r.voice === 'received');
    expect(voiceRecords).toHaveLength(1);
    expect(voiceRecords[0]).toMatchObject({ value: null, channel: 'whatsapp', transcript: null });
    const jobs = (await h.deps.voiceJobs.unfinished()).filter((j) => j.answer?.roundId === 'box');
    expect(jobs.map((j) => j.answer?.respondentCode)).toEqual([voiceRecords[0]?.respondentCode]);
    expect(JSON.stringify(await h.dump())).not.toContain(`ME${'7'.repeat(32)}`);
    // Seven messages: still the first five released.
    expect((await suggestions()).suggestions).toHaveLength(5);
  });

  it('tells someone who joins with the code that the door is open, rather than "no survey open"', async () => {
    const joiner = '+32470700050';
    await say(joiner, 'JOIN BOX001');
    const afterLanguage = await say(joiner, '1');
    expect(afterLanguage.join('\n')).toContain(nl.box.open);
    expect(afterLanguage.join('\n')).not.toContain(nl.round.none);
    const before = (await boxRecords()).length;
    expect(await say(joiner, 'Een vraag over de schuldbemiddeling.')).toEqual([nl.box.thanks]);
    expect(await boxRecords()).toHaveLength(before + 1);
  });

  it('is not for strangers, and a closed box says "no survey open" again', async () => {
    const strangerReplies = await say(stranger, 'Ik heb een klacht over de wachttijd.');
    expect(strangerReplies.join('\n')).not.toContain(nl.box.thanks);
    const before = (await boxRecords()).length;
    expect((await call('PUT', `/api/projects/${PROJECT}/suggestion-box`, JSON.stringify({ open: false }))).status).toBe(200);
    // Only staff of the organisation change it; a coordinator may not.
    expect((await call('PUT', `/api/projects/${PROJECT}/suggestion-box`, JSON.stringify({ open: true }), 'application/json', coordinator)).status).toBe(404);
    expect((await call('PUT', `/api/projects/${PROJECT}/suggestion-box`, JSON.stringify({ open: 'yes' }))).status).toBe(400);
    h.deps.catalog.forget(PROJECT);
    expect(await say(P[0], 'Nog een idee: een koffiehoek.')).toEqual([nl.round.none]);
    expect(await boxRecords()).toHaveLength(before);
  });
});
