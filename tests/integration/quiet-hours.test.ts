import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import type { Invitation } from '../../core/model.js';
import type { DueInvitation } from '../../core/rounds/due.js';
import { deliver } from '../../core/rounds/deliver.js';
import { sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';

/**
 * Quiet hours (issue 20, item 6), written as an adversary: a launch at 21:30, sweeps through the night
 * (22:00, 08:59:59.999) that send nothing and read each entry once, the first pass at 09:00 that sends
 * everything; a reminder falling due at night; a job a worker gets in the night (a queue backlog) that
 * sends nothing; both DST nights of 2026 (11 and 13 hours long); "you said, we did" sent by staff at 22:00
 * going out at 09:00; and a person who writes in at night answered at once. The project has no quiet
 * hours of its own: the default, 21:00–09:00 in Brussels. DynamoDB Local, the real sweep and delivery
 * worker; messages go to a local outbox (Twilio cannot be reached here).
 */

let h: Harness;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let staff = '';

const at = (iso: string) => (h.clock.current = new Date(iso));
const key = (phone: string) => h.deps.protector.contactKey(phone);
const staffApi = (method: string, path: string, body?: Record<string, unknown> | string, type?: string) => callApi(api, staff, method, path, body, type);
const sweepNow = async () => {
  const counts = await sweep({
    projects: () => h.deps.directory.listProjects(),
    rounds: h.deps.directory,
    participants: h.deps.participants,
    queue,
    clock: h.clock,
    feedback: h.deps.feedback,
  });
  await queue.drained();
  return counts;
};
async function entries(projectId: string, until = '9999-12-31T00:00:00.000Z'): Promise<DueInvitation[]> {
  const out: DueInvitation[] = [];
  for await (const page of h.deps.participants.dueInvitations(until)) out.push(...page.filter((i) => i.projectId === projectId));
  return out;
}
const sentTo = (phones: readonly string[]) => phones.map((p) => outbox.list(p).length);

/** A project with these SMS participants (Dutch) and a round open from now for a week; its round id. */
async function launchAt(iso: string, projectId: string, phones: readonly string[], reminderAfterHours: number | null = null): Promise<string> {
  at(iso);
  expect(
    (await staffApi('POST', '/api/projects', { projectId, name: `Project ${projectId}`, languages: ['nl'], joinCode: projectId.toUpperCase() })).status,
  ).toBe(201);
  const csv = ['phone;language;channel', ...phones.map((p) => `${p};nl;sms`)].join('\n');
  expect((await staffApi('POST', `/api/projects/${projectId}/participants`, csv, 'text/csv')).status).toBe(200);
  const launched = await staffApi('POST', `/api/projects/${projectId}/rounds`, {
    label: 'start',
    surveyId: 'energy_checkin',
    surveyVersion: 2,
    opensAt: iso,
    closesAt: new Date(Date.parse(iso) + 7 * 24 * 3600_000).toISOString(),
    reminderAfterHours,
  });
  expect(launched.status, launched.text).toBe(201);
  await queue.drained();
  return String((launched.json?.round as { roundId: string }).roundId);
}

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  staff = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-quiet' });
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('quiet hours: nobody is contacted at night', () => {
  const PHONES = ['+32470880001', '+32470880002', '+32470880003'];

  it('a launch at 21:30 sends nothing; a sweep at 22:00 sends nothing and moves every entry to 09:00 once; at 09:00 everything goes', async () => {
    // Monday 23 November 2026, 21:30 in Brussels (20:30 UTC).
    const launched = await launchAt('2026-11-23T20:30:00.000Z', 'nachten', PHONES, 12);
    expect(sentTo(PHONES)).toEqual([0, 0, 0]);
    const rounds = await staffApi('GET', '/api/projects/nachten/rounds');
    expect((rounds.json?.rounds as Array<{ quietUntil: string }>)[0]?.quietUntil).toBe('2026-11-24T08:00:00.000Z');

    at('2026-11-23T21:00:00.000Z'); // 22:00
    expect(await sweepNow()).toMatchObject({ invites: 0, reminders: 0 });
    expect(sentTo(PHONES)).toEqual([0, 0, 0]);
    expect((await entries('nachten')).map((e) => e.dueAt)).toEqual(Array(3).fill('2026-11-24T08:00:00.000Z'));
    // The rest of the night, a pass reads none of them.
    at('2026-11-24T03:00:00.000Z');
    expect(await entries('nachten', h.clock.now().toISOString())).toEqual([]);
    at('2026-11-24T07:59:59.999Z');
    expect(await entries('nachten', h.clock.now().toISOString())).toEqual([]);
    expect(await sweepNow()).toMatchObject({ invites: 0 });

    at('2026-11-24T08:00:00.000Z'); // 09:00
    expect(await sweepNow()).toMatchObject({ invites: 3 });
    expect(sentTo(PHONES)).toEqual([1, 1, 1]);
    expect(outbox.list(PHONES[0] ?? '')[0]?.at).toBe('2026-11-24T08:00:00.000Z');
    const inv = await h.deps.participants.getInvitation('nachten', launched, key(PHONES[0] ?? ''));
    expect(inv).toMatchObject({ status: 'invited', invitedAt: '2026-11-24T08:00:00.000Z' });
  });

  it('a reminder due at 21:00 waits for 09:00 the next morning', async () => {
    // Invited at 09:00 with a reminder after 12 hours: due at 21:00, the start of the night.
    at('2026-11-24T20:00:00.000Z');
    expect(await sweepNow()).toMatchObject({ reminders: 0 });
    expect((await entries('nachten')).map((e) => e.dueAt)).toEqual(Array(3).fill('2026-11-25T08:00:00.000Z'));
    at('2026-11-25T07:59:59.999Z');
    expect(await sweepNow()).toMatchObject({ reminders: 0 });
    at('2026-11-25T08:00:00.000Z');
    expect(await sweepNow()).toMatchObject({ reminders: 3 });
    expect(sentTo(PHONES)).toEqual([2, 2, 2]);
  });

  it('a job a worker gets at night (a backlog, a retry) sends nothing and claims nothing; the sweep sends it at 09:00', async () => {
    const late = ['+32470880011'];
    const roundId = await launchAt('2026-11-25T19:59:00.000Z', 'achterstand', late); // 20:59: not quiet yet…
    at('2026-11-25T20:00:00.000Z'); // …but the job is worked at 21:00
    // The launch handed the job to the queue; here it is worked again, as a late delivery would be.
    await queue.enqueue([{ type: 'invite', projectId: 'achterstand', roundId, contactKey: key(late[0] ?? ''), channel: 'sms' }]);
    await queue.drained();
    // The launch's own job ran at 20:59 and sent it; a second for the same person is refused by the claim anyway.
    expect(sentTo(late)).toEqual([1]);

    const night = ['+32470880012'];
    const nightRound = await launchAt('2026-11-25T21:30:00.000Z', 'nachtwerk', night);
    await queue.enqueue([{ type: 'invite', projectId: 'nachtwerk', roundId: nightRound, contactKey: key(night[0] ?? ''), channel: 'sms' }]);
    await queue.drained();
    expect(sentTo(night)).toEqual([0]);
    expect(await h.deps.participants.getInvitation('nachtwerk', nightRound, key(night[0] ?? ''))).toMatchObject({ status: 'queued', invitedAt: null });
    at('2026-11-26T08:00:00.000Z');
    await sweepNow();
    expect(sentTo(night)).toEqual([1]);
  });

  it('someone who writes in at night is answered at once: they chose the time', async () => {
    at('2026-11-26T23:30:00.000Z');
    const reply = await h.send({ channel: 'sms', phone: PHONES[1] ?? '', text: 'ja' });
    expect(reply.status).toBe(200);
    expect(reply.replies.length).toBeGreaterThan(0);
  });
});

describe('the nights of the clock changes', () => {
  it('October: 21:00 summer time to 09:00 winter time, through the hour that happens twice', async () => {
    const phones = ['+32470880021'];
    await launchAt('2026-10-24T19:30:00.000Z', 'oktober', phones); // Saturday 21:30 CEST
    for (const night of ['2026-10-24T22:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T07:59:59.999Z']) {
      at(night); // 00:00 CEST, 02:30 CEST, 02:30 CET, 08:59 CET
      await sweepNow();
    }
    expect(sentTo(phones)).toEqual([0]);
    expect((await entries('oktober')).map((e) => e.dueAt)).toEqual(['2026-10-25T08:00:00.000Z']);
    at('2026-10-25T08:00:00.000Z'); // 09:00 CET
    await sweepNow();
    expect(outbox.list(phones[0] ?? '').map((m) => m.at)).toEqual(['2026-10-25T08:00:00.000Z']);
  });

  it('March: 21:00 winter time to 09:00 summer time, over the hour that never happens', async () => {
    const phones = ['+32470880031'];
    await launchAt('2026-03-28T20:30:00.000Z', 'maart', phones); // Saturday 21:30 CET
    for (const night of ['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T06:59:59.999Z']) {
      at(night); // 01:59 CET, 03:00 CEST, 08:59 CEST
      await sweepNow();
    }
    expect(sentTo(phones)).toEqual([0]);
    at('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    await sweepNow();
    expect(outbox.list(phones[0] ?? '').map((m) => m.at)).toEqual(['2026-03-29T07:00:00.000Z']);
  });
});

describe('"you said, we did" at night', () => {
  it('sent by staff at 22:00, it goes out at 09:00; a copy a worker gets at night waits too', async () => {
    const phones = ['+32470880041', '+32470880042'];
    const roundId = await launchAt('2026-11-30T09:00:00.000Z', 'terug', phones);
    // Both said yes to hearing back, and the round closed.
    for (const phone of phones) {
      const inv = (await h.deps.participants.getInvitation('terug', roundId, key(phone))) as Invitation;
      await h.deps.participants.putInvitations([{ ...inv, progress: 'completed', hearBack: true }]);
    }
    at('2026-12-01T10:00:00.000Z');
    expect((await staffApi('POST', `/api/projects/terug/rounds/${roundId}/close`)).status).toBe(200);
    const before = sentTo(phones);
    expect((await staffApi('PUT', `/api/projects/terug/rounds/${roundId}/feedback`, { texts: { nl: 'We hebben geluisterd.' } })).status).toBe(200);

    at('2026-12-01T21:00:00.000Z'); // 22:00
    const sent = await staffApi('POST', `/api/projects/terug/rounds/${roundId}/feedback/send`);
    expect(sent.status).toBe(202);
    expect(sent.json?.heldUntil).toBe('2026-12-02T08:00:00.000Z');
    await queue.drained();
    expect(sentTo(phones)).toEqual(before);
    // A job for a copy worked at night (a retry, a backlog) leaves it queued.
    await queue.enqueue([{ type: 'feedback', projectId: 'terug', roundId, contactKey: key(phones[0] ?? ''), channel: 'sms' }]);
    await queue.drained();
    expect(sentTo(phones)).toEqual(before);

    at('2026-12-02T07:59:59.999Z');
    expect((await sweepNow()).feedback).toBeUndefined();
    at('2026-12-02T08:00:00.000Z');
    expect((await sweepNow()).feedback).toBe(2);
    expect(sentTo(phones)).toEqual(before.map((n) => n + 1));
    for (const phone of phones) expect(outbox.list(phone).at(-1)).toMatchObject({ text: 'We hebben geluisterd.', at: '2026-12-02T08:00:00.000Z' });
    // Handed on once: the hold is gone, a later pass sends nothing more.
    expect((await h.deps.directory.listRounds('terug'))[0]?.feedbackHeldUntil ?? null).toBeNull();
    at('2026-12-02T09:00:00.000Z');
    expect((await sweepNow()).feedback).toBeUndefined();
    expect(sentTo(phones)).toEqual(before.map((n) => n + 1));
  });
});
