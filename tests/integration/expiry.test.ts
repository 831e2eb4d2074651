import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { EXPIRY_GRACE_MS, sweep } from '../../core/rounds/sweep.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { apiApp } from '../../http/api/api-app.js';
import { parseCsv } from '../support/rfc4180.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 7, part 6 and the data of part 4, end to end against DynamoDB Local through the staff API and
 * signed webhooks: the one reminder counts from a person's last activity; at the close the scheduler
 * expires unfinished sessions (their answers stay, marked incomplete in the CSV), a late message hears
 * that the round is closed; a "yes" to the hear-back question is noted on the invitation, a "no" is not
 * and the survey goes on.
 */

let h: Harness;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let staff = '';
let roundId = '';
const HOUR = 3600 * 1000;
let T0 = 0;

/** A answers two questions and goes quiet; B too, but writes again later; C never replies; D finishes and wants to hear back; E says no to that and finishes; F declines. */
const P = { a: '+32470400001', b: '+32470400002', c: '+32470400003', d: '+32470400004', e: '+32470400005', f: '+32470400006' };

const SURVEY = parseSurveyDefinition({
  id: 'expiry_check',
  version: 1,
  title: { nl: 'Check', en: 'Check' },
  languages: ['nl', 'en'],
  questions: [
    { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', en: 'Will you take part?' } },
    { id: 'energy', kind: 'scale', text: { nl: 'Hoeveel energie heb je?', en: 'How much energy do you have?' } },
    {
      id: 'hear_back',
      kind: 'consent',
      hearBack: true,
      optional: true,
      text: { nl: 'Wil je later horen wat we deden?', en: 'Would you like to hear what we did?' },
    },
    { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', en: 'What would help?' } },
  ],
});

async function call(method: string, path: string, body?: unknown, type = 'application/json') {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${staff}`, ...(body === undefined ? {} : { 'content-type': type }) } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await api.request(path, init);
  return { status: res.status, text: await res.text() };
}

const at = (hours: number) => (h.clock.current = new Date(T0 + hours * HOUR));
const sweepNow = () =>
  sweep({ projects: () => h.deps.directory.listProjects(), rounds: h.deps.directory, participants: h.deps.participants, queue, clock: h.clock });
const invitation = (phone: string) => h.deps.participants.getInvitation('expiry', roundId, h.deps.protector.contactKey(phone));
const session = (phone: string) => h.deps.participants.getSession(h.deps.protector.contactKey(phone), 'expiry', roundId);
const reminders = (phone: string) => outbox.list(phone).filter((m) => m.text.includes('herinnering') || m.text.toLowerCase().includes('reminder'));

async function say(phone: string, ...texts: string[]): Promise<string[]> {
  let replies: string[] = [];
  for (const text of texts) {
    const r = await h.send({ channel: 'sms', phone, text });
    expect(r.status).toBe(200);
    replies = r.replies;
  }
  return replies;
}

/** The CSV of the round: respondent code → the `completed` column, and the questions each one answered. */
/** Per exported respondent: their outcome and the questions they have an answer record for (comments: `comments`). */
async function csvByRespondent(comments?: Map<string, string[]>): Promise<Map<string, { completed: string; questions: string[] }>> {
  const res = await call('GET', `/api/projects/expiry/rounds/${roundId}/results.csv`);
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''));
  const completed = header?.indexOf('completed') ?? -1;
  const status = header?.indexOf('status') ?? -1;
  expect(completed).toBeGreaterThan(0);
  const out = new Map<string, { completed: string; questions: string[] }>();
  for (const row of rows) {
    const code = row[0] ?? '';
    const entry = out.get(code) ?? { completed: row[completed] ?? '', questions: [] };
    expect(row[completed]).toBe(entry.completed); // one value per respondent
    // Words that were no answer but real words (a sentence, not an "x") are kept as comments, rows of their own.
    if (row[status] === 'comment') comments?.set(code, [...(comments.get(code) ?? []), row[4] ?? '']);
    else entry.questions.push(row[4] ?? '');
    out.set(code, entry);
  }
  return out;
}
const codeOf = (phone: string) => h.deps.protector.respondentCode('expiry', phone);

beforeAll(async () => {
  h = await startHarness();
  T0 = h.clock.now().getTime();
  outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 'x', organisationId: 'org-x' });
  await h.deps.directory.saveSurvey(SURVEY, 'org-x');

  expect(
    (
      await call('POST', '/api/projects', {
        projectId: 'expiry',
        name: 'Buurtwerk',
        languages: ['nl', 'en'],
        fallbackLanguages: ['nl'],
        joinCode: 'exp1',
        whatsappTemplates: {},
        // The reminder's timing is tested at every hour, night too: quiet hours have tests of their own.
        quietHours: { timeZone: 'Europe/Brussels', blocks: [] },
      })
    ).status,
  ).toBe(201);
  const csv = ['phone;language;channel', ...Object.values(P).map((p) => `0${p.slice(3)};nl;sms`)].join('\n');
  expect((await call('POST', '/api/projects/expiry/participants', csv, 'text/csv')).status).toBe(200);
  const launched = await call('POST', '/api/projects/expiry/rounds', {
    label: 'start',
    surveyId: SURVEY.id,
    surveyVersion: SURVEY.version,
    opensAt: new Date(T0).toISOString(),
    closesAt: new Date(T0 + 7 * 24 * HOUR).toISOString(),
    reminderAfterHours: 24,
  });
  expect(launched.status).toBe(201);
  roundId = (JSON.parse(launched.text) as { round: { roundId: string } }).round.roundId;
  await queue.drained();
  for (const phone of Object.values(P)) expect(outbox.list(phone), phone).toHaveLength(1);
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('answers, and consent to hear back', () => {
  it('a "yes" to the hear-back question is noted on the invitation; a "no" is not, and the survey goes on', async () => {
    at(10);
    await say(P.a, 'hallo', 'ja', '3'); // two questions answered, then quiet
    await say(P.b, 'hallo', 'ja', '4');
    await say(P.f, 'hallo', 'nee');
    expect(await say(P.d, 'hallo', 'ja', '5', 'ja')).toEqual([expect.stringContaining('Wat zou helpen?')]);
    expect((await say(P.d, 'Meer uren'))[0]).toContain('Dank je');
    const afterNo = await say(P.e, 'hallo', 'ja', '2', 'nee');
    expect(afterNo).toEqual([expect.stringContaining('Wat zou helpen?')]); // no decline: the next question
    expect((await say(P.e, 'Niets'))[0]).toContain('Dank je');

    expect(await invitation(P.d)).toMatchObject({ progress: 'completed', hearBack: true });
    expect(await invitation(P.e)).toMatchObject({ progress: 'completed', hearBack: false });
    expect(await invitation(P.a)).toMatchObject({ progress: 'started', hearBack: false, lastActivityAt: new Date(T0 + 10 * HOUR).toISOString() });
    // The anonymous answers hold both words, as for any question.
    const stored = (await h.dump()).filter((i) => i.kind === 'answer' && i.questionId === 'hear_back').map((i) => i.value);
    expect(stored.sort()).toEqual(['no', 'yes']);
    const progress = JSON.parse((await call('GET', '/api/projects/expiry/rounds')).text) as { rounds: Array<{ progress: { total: Record<string, number> } }> };
    // Live: started and completed. Declined and asked to hear back come from a release: none yet (2 finished).
    expect(progress.rounds[0]?.progress.total).toMatchObject({ started: 5, completed: 2, declined: { suppressed: true }, hearBack: { suppressed: true } });
  });

  it('the completion marker and the hear-back note carry nothing that links a contact to its answers', async () => {
    const items = await h.dump();
    const contactKeys = Object.values(P).map((p) => h.deps.protector.contactKey(p));
    const markers = items.filter((i) => i.kind === 'completion');
    expect(markers.map((m) => m.respondentCode).sort()).toEqual([codeOf(P.d), codeOf(P.e)].sort());
    for (const m of markers) expect(Object.keys(m).sort()).toEqual(['kind', 'pk', 'projectId', 'respondentCode', 'roundId', 'sk']);
    for (const item of items.filter((i) => i.kind === 'answer' || i.kind === 'completion')) {
      const json = JSON.stringify(item);
      for (const key of contactKeys) expect(json).not.toContain(key);
      expect(json).not.toMatch(/hearBack|lastActivityAt/);
    }
  });
});

describe('the one reminder counts from the last activity', () => {
  it('quiet for 30 hours: reminded; active an hour ago: not yet; never replied: reminded; nobody twice', async () => {
    at(39);
    expect(await say(P.b, 'x')).toEqual([expect.stringContaining('Dat begreep ik niet')]); // B writes again (not understood: asked again)
    at(40);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 2, expired: 0 });
    await queue.drained();
    expect(reminders(P.a)).toHaveLength(1); // answered two questions 30 h ago
    expect(reminders(P.c)).toHaveLength(1); // invited 40 h ago, never replied
    expect(reminders(P.b)).toHaveLength(0); // active an hour ago
    for (const done of [P.d, P.e, P.f]) expect(reminders(done)).toHaveLength(0); // completed, completed, declined
    at(41);
    expect(await sweepNow()).toMatchObject({ reminders: 0 });

    at(64); // B has been quiet for 25 hours now
    expect(await sweepNow()).toMatchObject({ reminders: 1 });
    await queue.drained();
    at(100);
    expect(await sweepNow()).toMatchObject({ reminders: 0 });
    await queue.drained();
    for (const phone of [P.a, P.b, P.c]) expect(reminders(phone), phone).toHaveLength(1);
    for (const phone of [P.d, P.e, P.f]) expect(outbox.list(phone), phone).toHaveLength(1); // the invitation only
  });
});

describe('expiry at the close', () => {
  it('an expiry never overwrites a message committed after the session was read', async () => {
    const read = await session(P.a);
    if (!read) throw new Error('A has a session');
    await say(P.a, 'x'); // not understood: the session's reprompt count changes
    const expired = { ...read, status: 'expired' as const };
    expect(await h.deps.participants.saveExpired(expired, read.version)).toBe(false);
    expect(await session(P.a)).toMatchObject({ status: 'active', version: read.version + 1, flow: { value: 'hear_back', context: { reprompts: 1 } } });
  });

  it('while the round runs, nothing is released: three have finished or declined, fewer than five', async () => {
    const csv = await csvByRespondent();
    expect(csv.size).toBe(0);
  });

  it('a message after the close, before the sweep, hears that the round is closed', async () => {
    at(120);
    expect((await call('POST', `/api/projects/expiry/rounds/${roundId}/close`)).status).toBe(200);
    expect(await say(P.a, '5')).toEqual([h.deps.texts.t('round.closed', ['nl'])]);
    expect(await session(P.a)).toMatchObject({ status: 'active', flow: { value: 'hear_back' } }); // the late answer was not taken
  });

  it('the sweep expires the unfinished sessions; their answers stay, marked incomplete, the finished ones complete', async () => {
    at(120 + 1 / 60);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 2 });
    for (const phone of [P.a, P.b]) {
      expect(await session(phone), phone).toMatchObject({ status: 'expired', flow: { value: 'expired', done: true, context: { answers: {}, reprompts: 0 } } });
    }
    expect(await session(P.d)).toMatchObject({ status: 'completed' });
    expect(await session(P.f)).toMatchObject({ status: 'declined' });
    expect(await session(P.c)).toBeNull();
    const rounds = await h.deps.directory.listRounds('expiry');
    expect(rounds[0]?.expiredAt).toBe(h.clock.now().toISOString());

    // At the close the five whose participation is final are released: two finished, two stopped, one declined.
    // Each of those groups is smaller than five, so the export writes their outcome as "other".
    const comments = new Map<string, string[]>();
    const csv = await csvByRespondent(comments);
    const exported = (phone: string) => h.deps.protector.exportCode(`round:expiry:${roundId}`, codeOf(phone));
    // The "x" each of A and B sent at the question they stopped at was only a misunderstanding (one letter, no
    // remark): asked again, and kept nowhere.
    expect(comments).toEqual(new Map());
    expect(csv.get(exported(P.a))).toEqual({ completed: 'other', questions: ['consent', 'energy'] }); // partial answers kept
    expect(csv.get(exported(P.b))).toEqual({ completed: 'other', questions: ['consent', 'energy'] });
    expect(csv.get(exported(P.d))).toEqual({ completed: 'other', questions: ['consent', 'energy', 'hear_back', 'change'] });
    expect(csv.get(exported(P.e))?.completed).toBe('other');
    expect(csv.get(exported(P.f))).toEqual({ completed: 'other', questions: ['consent'] });
    expect(csv.has(exported(P.c))).toBe(false);
    expect(csv.has(codeOf(P.a))).toBe(false); // the stored code never leaves
    // The summary counts them the same way.
    const summary = JSON.parse((await call('GET', '/api/projects/expiry/summary')).text) as { rounds: Array<Record<string, unknown>> };
    expect(summary.rounds[0]).toMatchObject({ release: { number: 1 }, respondents: 5, otherOutcome: 5, complete: 0, incomplete: 0, declined: 0 });
  });

  it('a late message to an expired session gets the closed-round reply and changes nothing', async () => {
    const before = await session(P.b);
    for (const [phone, text] of [
      [P.b, 'ja'],
      [P.a, 'hallo'],
      [P.d, 'hallo'],
    ] as const) {
      const expected = phone === P.d ? 'round.none' : 'round.closed';
      expect(await say(phone, text), phone).toEqual([h.deps.texts.t(expected, ['nl'])]);
    }
    expect(await session(P.b)).toEqual(before);
  });

  it('is idempotent: later sweeps expire nothing more, and after the grace time pass the round by', async () => {
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    const versions = await Promise.all([P.a, P.b].map(async (p) => (await session(p))?.version));
    h.clock.current = new Date(h.clock.now().getTime() + EXPIRY_GRACE_MS);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    expect(await Promise.all([P.a, P.b].map(async (p) => (await session(p))?.version))).toEqual(versions);
    for (const phone of Object.values(P)) expect(reminders(phone).length, phone).toBeLessThanOrEqual(1); // nothing goes out after the close
  });
});
