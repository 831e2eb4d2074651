import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLIED_TTL_SECONDS } from '../../core/conversation/handle-inbound.js';
import { expireItems } from '../support/expire-items.js';
import { newSid, startHarness, type Harness } from './support/harness.js';

/**
 * A signed webhook carries no time: whoever holds a copy (a log, a proxy, a leaked capture) can post it
 * again weeks later, and its signature is still good. The inbound ledger forgets a message after a day
 * (enough for every Twilio retry: all within 15 s); the applied id itself, as its keyed hash, is kept 30
 * days. Here a STOP and an answer are replayed after the ledger entry has expired — DynamoDB's TTL is
 * played by the test clock (tests/support/expire-items.ts) — and nothing is applied twice.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const DAY = 24 * 3600_000;
const phone = '+32470610001';
const later = async (ms: number) => {
  h.clock.current = new Date(h.clock.current.getTime() + ms);
  return expireItems(h.dynamoDb, h.tableName, h.clock.now());
};
const participant = () => h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));

describe('replaying a signed webhook after the ledger forgot it', () => {
  it('a STOP and an answer replayed at day 2 and day 29 are refused: 200 with nothing said, nothing applied', async () => {
    const sent = async (text: string) => {
      const s = await h.send({ channel: 'sms', phone, text });
      expect(s.status).toBe(200);
      return s;
    };
    await sent('JOIN DEMO');
    const language = await sent('3'); // English: the consent question follows
    const stop = await sent('STOP');
    expect(stop.replies.join(' ')).toContain('no more messages');
    await sent('START'); // changed their mind: takes part again
    const settled = await participant();
    expect(settled.contact).toMatchObject({ optedOut: false, language: 'en' });
    const replay = (sid: string, text: string) => h.send({ channel: 'sms', phone, text, messageSid: sid });

    // Within the day, a duplicate gets the first reply again (a Twilio retry) and changes nothing.
    expect((await replay(stop.messageSid, 'STOP')).replies).toEqual(stop.replies);
    expect((await participant()).contact).toEqual(settled.contact);

    for (const [wait, day] of [
      [2 * DAY, 2],
      [27 * DAY, 29],
    ] as const) {
      const removed = await later(wait);
      if (day === 2) expect(removed).toBeGreaterThanOrEqual(4); // the four ledger entries are gone
      expect((await h.dump()).filter((i) => i.kind === 'inbound')).toHaveLength(0); // the ledger forgot them all (day 29: the day-2 replays' entries too)
      for (const [sid, text] of [
        [stop.messageSid, 'STOP'],
        [language.messageSid, '3'],
      ] as const) {
        const again = await replay(sid, text);
        expect(again.status, `day ${day}`).toBe(200);
        expect(again.replies, `day ${day}: ${text}`).toEqual([]);
        // And once more: now refused at the claim, by the entry the replay left (done, nothing in it).
        expect((await replay(sid, text)).replies).toEqual([]);
      }
      // Still taking part, same version: not one of the replays was applied.
      expect(await participant()).toEqual(settled);
      expect(h.logger.lines.filter((l) => l.includes('"replay":true')).length).toBeGreaterThan(0);
    }
    const leftByReplays = (await h.dump()).filter((i) => i.kind === 'inbound');
    for (const entry of leftByReplays) expect(Object.keys(entry).sort()).toEqual(['expiresAt', 'kind', 'pk', 'sk', 'status']);
  });

  it('what stays 30 days is the keyed hash and its expiry only: no message, no reply, no number', async () => {
    const other = '+32470610002';
    const at = h.clock.now();
    const sid = newSid();
    expect((await h.send({ channel: 'whatsapp', phone: other, text: 'JOIN DEMO', messageSid: sid })).status).toBe(200);
    const applied = (await h.dump()).filter((i) => i.sk === 'T');
    const mine = applied.find((i) => i.pk === `IN#${h.deps.protector.ledgerKey(sid)}`);
    expect(mine).toEqual({ pk: `IN#${h.deps.protector.ledgerKey(sid)}`, sk: 'T', expiresAt: Math.floor(at.getTime() / 1000) + APPLIED_TTL_SECONDS });
    expect(APPLIED_TTL_SECONDS).toBeGreaterThanOrEqual(30 * 24 * 3600);
    const text = JSON.stringify(applied);
    for (const secret of [sid, other, other.slice(1), h.deps.protector.contactKey(other)]) expect(text).not.toContain(secret);
    // A day on, its ledger entry (the sealed reply) is gone; the tombstone alone remains.
    await later(DAY + 1000);
    expect((await h.dump()).filter((i) => String(i.pk) === `IN#${h.deps.protector.ledgerKey(sid)}`).map((i) => i.sk)).toEqual(['T']);
  });
});
