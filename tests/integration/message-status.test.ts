import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { sealTicket } from '../../core/calls/outbound.js';
import { feedbackReport } from '../../core/feedback/send-feedback.js';
import type { Invitation } from '../../core/model.js';
import { auditGroup } from '../../core/disclosure/audit.js';
import { discloseProgress, roundProgress } from '../../core/rounds/progress.js';
import * as z from '../../kernel/zod.js';
import { MESSAGE_STATUS_PATH, messageStatusUrl } from '../../http/message-status-routes.js';
import { AUTH_TOKEN, PUBLIC_URL, startHarness, type Harness } from './support/harness.js';

/**
 * Twilio's message status callbacks (tests/fixtures/twilio/message-status.json: every MessageStatus,
 * with ErrorCodes) at POST /twilio/messages/status, signed over the exact URL Stem gave Twilio, over
 * DynamoDB Local: each reaches the invitation (reminder, feedback copy) its ticket names; a delivery only
 * moves forward whatever order reports come in; a replay changes nothing; a bad signature is 403 and
 * stores nothing; a report Stem cannot place is 204 and logged without any provider id. Staff then see
 * how many were not delivered and why, through disclosure control.
 */

const Case = z.object({ name: z.string(), source: z.url(), params: z.record(z.string(), z.string()), state: z.string(), reason: z.optional(z.string()) });
const cases = z
  .object({ cases: z.array(Case) })
  .parse(JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/twilio/message-status.json'), 'utf8'))).cases;
const byName = (name: string) => {
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no fixture ${name}`);
  return c.params;
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const ROUND = { projectId: 'demo', roundId: 'demo-start' };
async function invited(): Promise<string> {
  const contactKey = `k-${randomBytes(6).toString('hex')}`;
  const inv: Invitation = {
    ...ROUND,
    contactKey,
    language: 'fr',
    channel: 'sms',
    status: 'invited',
    failure: null,
    invitedAt: '2026-11-23T10:00:00.000Z',
    remindedAt: null,
    progress: 'none',
    reachedBy: 'sms',
  };
  await h.deps.participants.putInvitations([inv]);
  return contactKey;
}
const urlFor = (contactKey: string, type: 'invite' | 'remind' | 'feedback' = 'invite') =>
  messageStatusUrl(PUBLIC_URL, sealTicket(h.deps.protector, { ...ROUND, contactKey, type }));
/** Twilio's request: signed over the URL it was given, with a fresh MessageSid unless told. */
async function report(url: string, params: Record<string, string>, signature?: string): Promise<number> {
  return (await h.callWebhook(url, params, signature === undefined ? {} : { signature })).status;
}
const deliveryOf = async (contactKey: string) => (await h.deps.participants.getInvitation(ROUND.projectId, ROUND.roundId, contactKey))?.delivery ?? null;

describe('a message status callback', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s reaches the invitation', async (_name, c) => {
    const contactKey = await invited();
    const params: Record<string, string> = { ...c.params, MessageSid: `SM${randomBytes(16).toString('hex')}` };
    expect(await report(urlFor(contactKey), params)).toBe(204);
    expect(await deliveryOf(contactKey)).toEqual({ state: c.state, reason: c.reason ?? null, at: h.clock.now().toISOString() });
    // Neither the MessageSid nor the numbers are kept or logged.
    const dump = JSON.stringify(await h.dump());
    for (const secret of [params.MessageSid ?? 'SM', '+32470123456', params.AccountSid ?? 'AC']) {
      expect(dump.includes(secret), secret).toBe(false);
      expect(h.logger.lines.join('\n').includes(secret), secret).toBe(false);
    }
  });

  it('never moves back: sent after delivered, delivered after read, undelivered after delivered, queued at the end', async () => {
    const contactKey = await invited();
    const url = urlFor(contactKey);
    for (const name of ['MessageStatus read', 'MessageStatus delivered', 'MessageStatus sent', 'undelivered, ErrorCode 30003', 'MessageStatus queued']) {
      expect(await report(url, byName(name))).toBe(204);
    }
    expect((await deliveryOf(contactKey))?.state).toBe('read');
    // Not delivered, then a late "delivered": the later truth wins; a report of the failure again does not undo it.
    const other = await invited();
    for (const name of ['MessageStatus sent', 'undelivered, ErrorCode 30005', 'MessageStatus delivered', 'undelivered, ErrorCode 30005'])
      await report(urlFor(other), byName(name));
    expect(await deliveryOf(other)).toMatchObject({ state: 'delivered', reason: null });
  });

  it('reports racing each other (concurrent invocations) end at the latest state', async () => {
    const contactKey = await invited();
    const url = urlFor(contactKey);
    const names = ['MessageStatus queued', 'MessageStatus sending', 'MessageStatus sent', 'MessageStatus delivered', 'MessageStatus read'];
    await Promise.all([...names, ...names].map((name) => report(url, byName(name))));
    expect((await deliveryOf(contactKey))?.state).toBe('read');
  });

  it('a replay of the same signed request changes nothing', async () => {
    const contactKey = await invited();
    const url = urlFor(contactKey);
    const params = byName('undelivered, ErrorCode 30007');
    const signature = twilioSignature(AUTH_TOKEN, url, params);
    expect(await report(url, params, signature)).toBe(204);
    const first = await deliveryOf(contactKey);
    h.clock.current = new Date(h.clock.current.getTime() + 60_000);
    expect(await report(url, params, signature)).toBe(204);
    expect(await deliveryOf(contactKey)).toEqual(first);
  });

  it('a bad signature is 403 and stores nothing; a ticket moved to another message is refused by its signature', async () => {
    const contactKey = await invited();
    const url = urlFor(contactKey);
    const elsewhere = urlFor(await invited());
    const params = byName('failed, ErrorCode 63016 (WhatsApp outside the 24-hour window)');
    const before = JSON.stringify(await h.dump());
    for (const signature of ['', 'AAAA', twilioSignature('another-token-0123456789abcdef', url, params), twilioSignature(AUTH_TOKEN, elsewhere, params)]) {
      expect(await report(url, params, signature)).toBe(403);
    }
    expect(await report(url, { ...params, ErrorCode: '30003' }, twilioSignature(AUTH_TOKEN, url, params))).toBe(403);
    expect(JSON.stringify(await h.dump())).toBe(before);
    expect(await deliveryOf(contactKey)).toBeNull();
  });

  it('a report Stem cannot place (no ticket, a ticket not ours, an erased invitation, a status it does not know) is 204, logged without ids', async () => {
    const params = byName('undelivered, ErrorCode 30003');
    const lines = h.logger.lines.length;
    expect(await report(`${PUBLIC_URL}${MESSAGE_STATUS_PATH}`, params)).toBe(204);
    expect(await report(`${PUBLIC_URL}${MESSAGE_STATUS_PATH}?t=not-a-ticket`, params)).toBe(204);
    expect(await report(urlFor('k-nobody'), params)).toBe(204);
    expect(await report(urlFor(await invited()), { ...params, MessageStatus: 'some_future_status', SmsStatus: 'some_future_status' })).toBe(204);
    const logged = h.logger.lines.slice(lines).join('\n');
    expect(logged).toContain('message-status');
    expect(logged.includes(params.MessageSid ?? 'SM')).toBe(false);
    expect(await h.dump().then((items) => items.some((i) => i.contactKey === 'k-nobody'))).toBe(false); // nothing created
  });

  it("a reminder's report goes to the reminder, a feedback copy's to the copy", async () => {
    const contactKey = await invited();
    await report(urlFor(contactKey, 'remind'), byName('undelivered, ErrorCode 30003'));
    const inv = await h.deps.participants.getInvitation(ROUND.projectId, ROUND.roundId, contactKey);
    expect(inv?.delivery).toBeNull();
    expect(inv?.reminderDelivery?.reason).toBe('not delivered: the phone was off or out of reach (error 30003)');

    await h.deps.feedback.addRecipients(ROUND.projectId, ROUND.roundId, [contactKey], '2026-11-23T10:00:00.000Z');
    await report(urlFor(contactKey, 'feedback'), byName('undelivered, ErrorCode 30006'));
    const copies = [];
    for await (const page of h.deps.feedback.deliveries(ROUND.projectId, ROUND.roundId)) copies.push(...page);
    expect(copies.find((d) => d.contactKey === contactKey)?.delivery?.reason).toBe('not delivered: a landline, or a carrier that cannot take it (error 30006)');
  });
});

describe('what staff see', () => {
  it('how many were not delivered and why, small groups hidden by disclosure control', async () => {
    const round = { projectId: 'demo', roundId: `r-${randomBytes(3).toString('hex')}` };
    const keys = Array.from({ length: 14 }, (_, i) => `k-${round.roundId}-${i}`);
    await h.deps.participants.putInvitations(
      keys.map((contactKey) => ({
        ...round,
        contactKey,
        language: 'fr',
        channel: 'whatsapp' as const,
        status: 'invited' as const,
        failure: null,
        invitedAt: '2026-11-23T10:00:00.000Z',
        remindedAt: null,
        progress: 'none' as const,
      })),
    );
    const ticket = (contactKey: string) => messageStatusUrl(PUBLIC_URL, sealTicket(h.deps.protector, { ...round, contactKey, type: 'invite' }));
    // Six phones off, six numbers gone, one outside the WhatsApp window, one delivered.
    for (const k of keys.slice(0, 6)) await report(ticket(k), byName('undelivered, ErrorCode 30003'));
    for (const k of keys.slice(6, 12)) await report(ticket(k), byName('undelivered, ErrorCode 30005'));
    await report(ticket(keys[12] ?? ''), byName('failed, ErrorCode 63016 (WhatsApp outside the 24-hour window)'));
    await report(ticket(keys[13] ?? ''), byName('MessageStatus delivered'));

    const live = await roundProgress(h.deps.participants.invitations(round.projectId, round.roundId));
    const counts = {
      'not delivered: the phone was off or out of reach (error 30003)': 6,
      'not delivered: the number does not exist or is no longer in use (error 30005)': 6,
      'not delivered: WhatsApp: outside the 24-hour window a template is needed (error 63016)': 1,
    };
    expect(live.report.notDelivered).toEqual(counts);
    // Through the disclosure module, as failures and reach are: the one below k hidden, and with it
    // whatever would let it be worked out from the total; nothing shown below k.
    const staff = discloseProgress(live.report, {}, 'staff', 5).notDelivered ?? {};
    const audited = auditGroup(counts, 5);
    expect(staff).toEqual(Object.fromEntries(Object.entries(audited).map(([key, n]) => [key, n ?? { suppressed: true }])));
    expect(staff['not delivered: WhatsApp: outside the 24-hour window a template is needed (error 63016)']).toEqual({ suppressed: true });
    expect(Object.values(staff).some((n) => typeof n === 'number')).toBe(true);
    expect(Object.values(staff).every((n) => typeof n !== 'number' || n >= 5)).toBe(true);
    expect(discloseProgress(live.report, {}, 'coordinator', 5).notDelivered).toBeUndefined();

    // The feedback report counts its copies the same way, never showing a total of who asked to hear back.
    const project = await h.deps.catalog.project('demo');
    const r = (await h.deps.catalog.rounds('demo')).find((x) => x.roundId === 'demo-start');
    if (!project || !r) throw new Error('no demo round');
    const fb = await feedbackReport(h.deps, project, r, {});
    expect(Object.keys(fb.deliveries.notDelivered)).toContain('not delivered: a landline, or a carrier that cannot take it (error 30006)');
  });
});
