import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { OPENING_GRACE_MS, sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 7: people who join with the code after the rounds were planned are invited to each later round
 * when it opens, by the scheduler's sweep, once, in their language; the opted out never. Against
 * DynamoDB Local, through signed webhooks. The test clock stands at 2026-11-23 10:00 UTC.
 */

let h: Harness;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let token = '';

const P = { fr: '+32470500001', stopped: '+32470500002', early: '+32470500003' };
const PROJECT = 'later-samen';
const START = { roundId: 'start-2026-12-01', opensAt: '2026-12-01T08:00:00.000Z' };
const END = { roundId: 'end-2027-02-01', opensAt: '2027-02-01T08:00:00.000Z' };

const sweepNow = () =>
  sweep({ projects: () => h.deps.directory.listProjects(), rounds: h.deps.directory, participants: h.deps.participants, queue, clock: h.clock });

async function entries(roundId: string): Promise<Array<{ contactKey: string; status: string; language: string | null }>> {
  const out: Array<{ contactKey: string; status: string; language: string | null }> = [];
  for await (const page of h.deps.participants.invitations(PROJECT, roundId))
    out.push(...page.map((i) => ({ contactKey: i.contactKey, status: i.status, language: i.language })));
  return out;
}

const roundOf = async (roundId: string) => (await h.deps.directory.listRounds(PROJECT)).find((r) => r.roundId === roundId);

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  token = await h.deps.users.issueToken({ role: 'staff', userId: 's', organisationId: 'org-later' });
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('a person who joins with the code before a planned round opens', () => {
  it('is invited by the sweep when the round opens: once, in the language they chose; the opted out are not', async () => {
    const created = await api.request('/api/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        projectId: PROJECT,
        name: 'Later Samen',
        languages: ['nl', 'fr'],
        joinCode: 'LATER1',
        plan: {
          kind: 'phases',
          start: { opensAt: '2026-12-01T09:00:00+01:00', closesAt: '2026-12-15T18:00:00+01:00' },
          end: { opensAt: '2027-02-01T09:00:00+01:00', closesAt: '2027-02-15T18:00:00+01:00' },
          reminderAfterHours: null,
        },
      }),
    });
    expect(created.status).toBe(201);
    // Launched ahead of their opening: each waits to invite, on opening, those who join meanwhile.
    expect((await h.deps.directory.listRounds(PROJECT)).map((r) => [r.roundId, r.opensAt, r.inviteAtOpening])).toEqual([
      [END.roundId, END.opensAt, true],
      [START.roundId, START.opensAt, true],
    ]);

    // Both join by text while no round is open, and choose a language from the menu.
    expect((await h.send({ channel: 'sms', phone: P.fr, text: 'JOIN LATER1' })).replies.join('\n')).toContain('Français');
    const chosen = await h.send({ channel: 'sms', phone: P.fr, text: '2' });
    expect(chosen.replies.join('\n')).toContain('Later Samen');
    await h.send({ channel: 'sms', phone: P.stopped, text: 'JOIN LATER1' });
    await h.send({ channel: 'sms', phone: P.stopped, text: '1' });
    expect((await h.send({ channel: 'sms', phone: P.stopped, text: 'STOP' })).status).toBe(200);
    await h.send({ channel: 'sms', phone: P.early, text: 'JOIN LATER1' });
    await h.send({ channel: 'sms', phone: P.early, text: 'nederlands' });
    // Nothing planned for them yet: the join wrote their enrolments only.
    expect(await entries(START.roundId)).toEqual([]);

    const now = h.clock.current;
    try {
      // A sweep before the opening invites nobody.
      h.clock.current = new Date(Date.parse(START.opensAt) - 60_000);
      expect((await sweepNow()).invites).toBe(0);
      expect(await entries(START.roundId)).toEqual([]);

      // One writes as soon as the round opens, before the sweep: their survey begins at once.
      h.clock.current = new Date(Date.parse(START.opensAt) + 10_000);
      expect((await h.send({ channel: 'sms', phone: P.early, text: 'hallo' })).replies.join('\n')).toMatch(/We vragen je naam niet/);

      // The first pass after the opening gives the other two a queued invitation and sends it; the
      // entry of the one already answering is left as it is, and they get no invitation.
      h.clock.current = new Date(Date.parse(START.opensAt) + 30_000);
      expect((await sweepNow()).invites).toBe(2);
      await queue.drained();
      const fr = outbox.list(P.fr);
      expect(fr).toHaveLength(1);
      expect(fr[0]?.text).toContain('Later Samen aimerait savoir comment vous allez');
      expect(outbox.list(P.stopped)).toEqual([]);
      expect(outbox.list(P.early)).toEqual([]);
      const byStatus = (await entries(START.roundId)).map((e) => e.status).sort();
      expect(byStatus).toEqual(['invited', 'joined', 'opted-out']);
      const early = await h.deps.participants.getInvitation(PROJECT, START.roundId, h.deps.protector.contactKey(P.early));
      expect(early).toMatchObject({ status: 'joined', progress: 'started', language: 'nl' });
      // Still within the grace after the opening: the round is not marked yet, so a late join would be seen.
      expect((await roundOf(START.roundId))?.inviteAtOpening).toBe(true);

      // Later passes send nothing again, and once past the grace the round is marked.
      h.clock.current = new Date(Date.parse(START.opensAt) + OPENING_GRACE_MS + 60_000);
      expect((await sweepNow()).invites).toBe(0);
      await queue.drained();
      expect(outbox.list(P.fr)).toHaveLength(1);
      expect((await roundOf(START.roundId))?.inviteAtOpening).toBe(false);
      expect(await entries(END.roundId)).toEqual([]); // the next round waits for its own opening

      // A reply to the invitation opens the survey in French.
      const reply = await h.send({ channel: 'sms', phone: P.fr, text: 'bonjour' });
      expect(reply.replies.join('\n')).toMatch(/On ne demande pas votre nom/);

      // The next round, when it opens: invited again, in French; the opted out still not.
      h.clock.current = new Date(Date.parse(END.opensAt) + 60_000);
      expect((await sweepNow()).invites).toBe(3);
      await queue.drained();
      expect(outbox.list(P.early).map((m) => m.text)).toEqual([expect.stringContaining('Later Samen wil graag weten hoe het met je gaat')]);
      const later = outbox.list(P.fr);
      expect(later).toHaveLength(2);
      expect(later[1]?.text).toContain('Later Samen aimerait savoir comment vous allez');
      expect(outbox.list(P.stopped)).toEqual([]);
      expect((await entries(END.roundId)).map((e) => e.status).sort()).toEqual(['invited', 'invited', 'opted-out']);
    } finally {
      h.clock.current = now;
    }
  });
});
