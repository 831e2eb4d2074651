import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { backfillDueIndex } from '../../adapters/dynamodb/due-index.js';
import { documentClient, ensureTable, keys } from '../../adapters/dynamodb/table.js';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DueInvitation } from '../../core/rounds/due.js';
import { deliver } from '../../core/rounds/deliver.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 19 (4): the sweep reads only what is due — the due index (core/rounds/due.ts) — and does exactly
 * what it did when it read everything. Written as an adversary: a round launched ahead, a worker that
 * crashed holding a claim, a reminder checked a millisecond early and exactly on time, a person whose
 * reply moves their reminder, people who finish, decline or opt out, and passes run twice at once.
 * Against DynamoDB Local; the test clock stands at 2026-11-23 10:00 UTC.
 */

let h: Harness;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let token = '';
const jobs: DeliveryJob[] = [];

const HOUR = 3600 * 1000;
const PROJECT = 'due-samen';
const OPENS = '2026-11-24T08:00:00.000Z';
const ROUND = `start-${OPENS.slice(0, 10)}`;
const P = {
  a: '+32470600001',
  b: '+32470600002',
  c: '+32470600003',
  d: '+32470600004',
  crash: '+32470600005',
  done: '+32470600006',
  no: '+32470600007',
};
const at = (iso: string, plusMs = 0) => (h.clock.current = new Date(Date.parse(iso) + plusMs));
const key = (phone: string) => h.deps.protector.contactKey(phone);

const sweepNow = () =>
  sweep({ projects: () => h.deps.directory.listProjects(), rounds: h.deps.directory, participants: h.deps.participants, queue, clock: h.clock });

/** The index as the sweep sees it, up to `until` (everything by default). */
async function indexed(until = '9999-12-31T00:00:00.000Z'): Promise<DueInvitation[]> {
  const out: DueInvitation[] = [];
  for await (const page of h.deps.participants.dueInvitations(until)) out.push(...page.filter((i) => i.projectId === PROJECT));
  return out;
}
const dueNow = () => indexed(h.clock.now().toISOString());
const entryOf = async (phone: string) => (await indexed()).find((i) => i.contactKey === key(phone));
const invitation = async (phone: string) => h.deps.participants.getInvitation(PROJECT, ROUND, key(phone));

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue(
    (job) => {
      jobs.push(job);
      return deliver({ ...h.deps, messenger: outbox, dialer }, job);
    },
    { sms: 500, whatsapp: 500, voice: 500 },
    h.logger,
  );
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  token = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-due' });
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

async function call(method: string, path: string, body: string, type = 'application/json') {
  const res = await api.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the sweep reads only what is due', () => {
  it('a queued invitation of a round launched ahead is not sent before the opening; the first pass after sends it', async () => {
    expect((await call('POST', '/api/projects', JSON.stringify({ projectId: PROJECT, name: 'Due Samen', languages: ['nl'], joinCode: 'DUE001' }))).status).toBe(
      201,
    );
    const csv = ['phone,language,channel', ...Object.values(P).map((p) => `${p},nl,sms`)].join('\n');
    expect((await call('POST', `/api/projects/${PROJECT}/participants`, csv, 'text/csv')).json).toMatchObject({ enrolled: 7 });
    const launched = await call(
      'POST',
      `/api/projects/${PROJECT}/rounds`,
      JSON.stringify({
        label: 'start',
        surveyId: 'energy_checkin',
        surveyVersion: 2,
        opensAt: OPENS,
        closesAt: '2026-12-08T18:00:00.000Z',
        reminderAfterHours: 24,
      }),
    );
    expect(launched.status).toBe(201);
    expect(launched.json.invitations).toBe(7);

    // Queued at launch: in the index at once (a lower bound). A pass before the opening sends nothing and
    // moves every entry to the opening, so the next passes before it read nothing at all.
    expect(await dueNow()).toHaveLength(7);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    expect((await indexed()).map((i) => i.dueAt)).toEqual(Array(7).fill(OPENS));
    at(OPENS, -1);
    expect(await dueNow()).toEqual([]);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    expect(outbox.count()).toBe(0);

    // A worker claims one invitation at the opening and crashes before sending.
    at(OPENS);
    expect(await h.deps.participants.claimInvitation(PROJECT, ROUND, key(P.crash), OPENS)).toBe(true);
    // Two passes at once (a doubled schedule, a restart mid-pass): every job twice, every message once.
    // (The second may find some already sent: the queue delivers while the passes run.)
    const [first, second] = await Promise.all([sweepNow(), sweepNow()]);
    expect(Math.max(first.invites, second.invites)).toBe(7); // the fresh claim too: offered, not taken
    await queue.drained();
    for (const phone of [P.a, P.b, P.c, P.d, P.done, P.no]) expect(outbox.list(phone)).toHaveLength(1);
    expect(outbox.list(P.crash)).toEqual([]); // its claim is fresh: not taken over yet
    expect(await sweepNow()).toEqual({ invites: 1, reminders: 0, expired: 0 }); // a third: only the fresh claim, offered and refused
    await queue.drained();
    expect(outbox.count()).toBe(6);
  });

  it('a stale claim is taken over, not before', async () => {
    // A claim stays due (offered on every pass, as the full scan did); the worker refuses it while fresh.
    expect((await entryOf(P.crash))?.dueAt).toBe(OPENS);
    at(OPENS, 5 * 60 * 1000);
    expect((await sweepNow()).invites).toBe(1);
    await queue.drained();
    expect(outbox.list(P.crash)).toEqual([]);
    at(OPENS, 5 * 60 * 1000 + 1);
    expect((await sweepNow()).invites).toBe(1);
    await queue.drained();
    expect(outbox.list(P.crash)).toHaveLength(1);
    expect((await invitation(P.crash))?.status).toBe('invited');
    expect((await sweepNow()).invites).toBe(0);
  });

  it('once everyone is invited, a pass reads nothing until a reminder is due', async () => {
    // The sending marks left entries at the invitation time (the reminder's lower bound); one pass moves
    // each to its reminder time, and from then on a pass reads nothing.
    await sweepNow();
    expect(await dueNow()).toEqual([]);
    const reminders = new Set((await indexed()).map((i) => i.dueAt));
    expect([...reminders].sort()).toEqual([
      new Date(Date.parse(OPENS) + 24 * HOUR).toISOString(),
      new Date(Date.parse(OPENS) + 5 * 60 * 1000 + 1 + 24 * HOUR).toISOString(),
    ]);
  });

  it('finishing, declining or opting out takes a person out of the index; answering moves the reminder', async () => {
    // A writes in the survey two hours after the invitation: their reminder counts from then.
    at(OPENS, 2 * HOUR);
    expect((await h.send({ channel: 'sms', phone: P.a, text: 'hallo' })).status).toBe(200);
    expect((await invitation(P.a))?.lastActivityAt).toBe(new Date(Date.parse(OPENS) + 2 * HOUR).toISOString());
    // D opts out with STOP.
    expect((await h.send({ channel: 'sms', phone: P.d, text: 'STOP' })).status).toBe(200);
    // Finished and declined (as the conversation's commit records them).
    await h.deps.participants.markInvitation(PROJECT, ROUND, key(P.done), { status: 'invited', progress: 'completed' });
    await h.deps.participants.markInvitation(PROJECT, ROUND, key(P.no), { status: 'invited', progress: 'declined' });

    // A millisecond before the reminders: nothing.
    at(OPENS, 24 * HOUR - 1);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    // Exactly on time: B and C only (A answered later, D opted out, the others finished or declined).
    at(OPENS, 24 * HOUR);
    const jobsBefore = jobs.length;
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 2, expired: 0 });
    await queue.drained();
    expect(
      jobs
        .slice(jobsBefore)
        .map((j) => j.contactKey)
        .sort(),
    ).toEqual([key(P.b), key(P.c)].sort());
    for (const phone of [P.b, P.c]) expect(outbox.list(phone)).toHaveLength(2);
    // Those who finished, declined, opted out or were reminded are out of the index; A waits.
    const left = await indexed();
    for (const phone of [P.b, P.c, P.d, P.done, P.no]) expect(left.find((i) => i.contactKey === key(phone))).toBeUndefined();
    expect((await entryOf(P.a))?.dueAt).toBe(new Date(Date.parse(OPENS) + 26 * HOUR).toISOString());

    // The invitation taken over from the crashed worker went out five minutes later: so does its reminder.
    at(OPENS, 24 * HOUR + 5 * 60 * 1000);
    expect((await sweepNow()).reminders).toBe(0);
    at(OPENS, 24 * HOUR + 5 * 60 * 1000 + 1);
    expect((await sweepNow()).reminders).toBe(1);
    await queue.drained();
    expect(outbox.list(P.crash)).toHaveLength(2);

    at(OPENS, 26 * HOUR - 1);
    expect((await sweepNow()).reminders).toBe(0);
    at(OPENS, 26 * HOUR);
    expect((await sweepNow()).reminders).toBe(1);
    await queue.drained();
    expect(outbox.list(P.a).at(-1)?.text).toBeTruthy();
    expect(outbox.list(P.d)).toHaveLength(1); // the invitation only
  });

  it('a restart or a doubled pass after all of that sends nothing again', async () => {
    const sent = outbox.count();
    at(OPENS, 30 * HOUR);
    const passes = await Promise.all([sweepNow(), sweepNow()]);
    await queue.drained();
    expect(passes.map((p) => p.invites + p.reminders)).toEqual([0, 0]);
    expect(outbox.count()).toBe(sent);
    expect(await dueNow()).toEqual([]);
  });

  it('people who join with the code never cost a pass a read; saying no, then START, brings the reminder back', async () => {
    at(OPENS, 30 * HOUR);
    // Two strangers join with the project's code and answer: they are never reminded (nobody invited them),
    // so they never enter the index, however many messages they send.
    const joiners = ['+32470600011', '+32470600012'];
    for (const phone of joiners) for (const text of ['JOIN DUE001', '1', 'ja', '3']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
    for (const phone of joiners) expect(await invitation(phone)).toMatchObject({ status: 'joined', progress: 'started' });
    for (const phone of joiners) expect(await entryOf(phone)).toBeUndefined();
    expect(await dueNow()).toEqual([]);

    // An invited person who never wrote says no at the consent question: out of the index at the next pass.
    const late = '+32470600013';
    await h.deps.participants.putInvitations([
      {
        projectId: PROJECT,
        roundId: ROUND,
        contactKey: key(late),
        language: 'nl',
        channel: 'sms',
        status: 'invited',
        failure: null,
        invitedAt: new Date(Date.parse(OPENS) + 30 * HOUR).toISOString(),
        remindedAt: null,
        progress: 'none',
      },
    ]);
    for (const text of ['JOIN DUE001', '1', 'nee']) expect((await h.send({ channel: 'sms', phone: late, text })).status).toBe(200);
    expect((await invitation(late))?.progress).toBe('declined');
    at(OPENS, 31 * HOUR);
    expect(await sweepNow()).toEqual({ invites: 0, reminders: 0, expired: 0 });
    expect(await entryOf(late)).toBeUndefined();
    // A change of mind: START begins the survey afresh, and 24 quiet hours later the one reminder comes.
    at(OPENS, 32 * HOUR);
    expect((await h.send({ channel: 'sms', phone: late, text: 'START' })).status).toBe(200);
    expect((await invitation(late))?.progress).toBe('started');
    expect((await entryOf(late))?.dueAt).toBe(new Date(Date.parse(OPENS) + 32 * HOUR).toISOString());
    at(OPENS, 56 * HOUR - 1);
    expect((await sweepNow()).reminders).toBe(0);
    at(OPENS, 56 * HOUR);
    expect((await sweepNow()).reminders).toBe(1);
    await queue.drained();
    expect(await entryOf(late)).toBeUndefined();

    // Opted out with STOP, back with START: reminded again too (the stop had taken them out of the index).
    const back = P.d;
    expect((await invitation(back))?.progress).toBe('opted-out');
    expect(await entryOf(back)).toBeUndefined();
    expect((await h.send({ channel: 'sms', phone: back, text: 'START' })).status).toBe(200);
    expect((await invitation(back))?.progress).toBe('started');
    at(OPENS, 80 * HOUR);
    const before = outbox.list(back).length;
    expect((await sweepNow()).reminders).toBe(1);
    await queue.drained();
    expect(outbox.list(back)).toHaveLength(before + 1);
    // The joiners were never read by any of these passes, and are still not in the index.
    for (const phone of joiners) expect(await entryOf(phone)).toBeUndefined();
  });

  it('invitations written before the due index are put into it once by the backfill, never twice', async () => {
    const db = documentClient(h.dynamoDb);
    const old = (contactKey: string, status: 'invited' | 'failed') => ({
      ...keys.invitation(PROJECT, ROUND, contactKey),
      kind: 'invitation',
      projectId: PROJECT,
      roundId: ROUND,
      contactKey,
      language: 'nl',
      channel: 'sms',
      status,
      failure: null,
      invitedAt: new Date(Date.parse(OPENS) + HOUR).toISOString(),
      remindedAt: null,
      progress: 'none',
    });
    await db.send(new PutCommand({ TableName: h.tableName, Item: old('before-the-index', 'invited') }));
    await db.send(new PutCommand({ TableName: h.tableName, Item: old('failed-before-the-index', 'failed') }));
    expect((await indexed()).some((i) => i.contactKey.endsWith('before-the-index'))).toBe(false);
    expect(await backfillDueIndex(db, h.tableName, PROJECT, ROUND)).toBe(1);
    expect((await indexed()).find((i) => i.contactKey === 'before-the-index')?.dueAt).toBe(new Date(Date.parse(OPENS) + HOUR).toISOString());
    expect(await backfillDueIndex(db, h.tableName, PROJECT, ROUND)).toBe(0);
    // Its reminder was due 25 hours after the opening: the next pass offers it.
    expect((await sweepNow()).reminders).toBe(1);
    await queue.drained();
    expect((await indexed()).find((i) => i.contactKey === 'before-the-index')).toBeUndefined();
  });

  it('a table made before the due index (a local .data directory) gets it from ensureTable', async () => {
    const name = `old${Date.now()}`;
    await h.dynamoDb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    await ensureTable(h.dynamoDb, name, { expireItems: false });
    const { Table } = await h.dynamoDb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)])).toEqual([['due', ['dueShard', 'dueAt']]]);
    await ensureTable(h.dynamoDb, name, { expireItems: false }); // and again: nothing to do
    await h.dynamoDb.send(new DeleteTableCommand({ TableName: name }));
  });
});
