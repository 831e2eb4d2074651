import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import type { ConversationStore } from '../../core/ports.js';
import { deliver, TransientDeliveryError } from '../../core/rounds/deliver.js';
import type { DeliveryJob, Messenger, Outbound } from '../../core/rounds/ports.js';
import { startHarness, type Harness } from './support/harness.js';

/** Invitations and reminders are never lost to a crash or a temporary failure, and never sent twice. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function invitee(phone: string, status: 'queued' | 'invited' = 'queued') {
  const contactKey = h.deps.protector.contactKey(phone);
  await h.deps.participants.enrol({
    projectId: 'demo',
    contactKey,
    phoneSealed: h.deps.protector.seal(phone),
    language: 'nl',
    channel: 'sms',
    day: '2026-11-23',
  });
  await h.deps.participants.putInvitations([
    {
      projectId: 'demo',
      roundId: 'demo-start',
      contactKey,
      language: 'nl',
      channel: 'sms',
      status,
      failure: null,
      invitedAt: status === 'invited' ? '2026-11-20T10:00:00.000Z' : null,
      remindedAt: null,
      progress: 'none',
    },
  ]);
  const job = (type: DeliveryJob['type']): DeliveryJob => ({ type, projectId: 'demo', roundId: 'demo-start', contactKey, channel: 'sms' });
  return { contactKey, job };
}

/** A messenger that is down for the first `failures` sends. */
class FlakyMessenger implements Messenger {
  readonly sent: Outbound[] = [];
  constructor(private failures: number) {}
  async send(message: Outbound) {
    if (this.failures-- > 0) return { ok: false as const, permanent: false, reason: 'Twilio answered 503' };
    this.sent.push(message);
    return { ok: true as const };
  }
}

describe('delivery recovery', () => {
  it('a temporary failure gives the invitation back; the retry sends it once', async () => {
    const { contactKey, job } = await invitee('+32470888001');
    const messenger = new FlakyMessenger(1);
    await expect(deliver({ ...h.deps, messenger, dialer: null }, job('invite'))).rejects.toBeInstanceOf(TransientDeliveryError);
    expect((await h.deps.participants.getInvitation('demo', 'demo-start', contactKey))?.status).toBe('queued');
    expect(await deliver({ ...h.deps, messenger, dialer: null }, job('invite'))).toBe(true);
    expect(await deliver({ ...h.deps, messenger, dialer: null }, job('invite'))).toBe(false); // a duplicate job sends nothing
    expect(messenger.sent).toHaveLength(1);
  });

  it('a crash after the claim (store failure) gives the claim back', async () => {
    const { contactKey, job } = await invitee('+32470888002');
    let fail = true;
    const store: ConversationStore = {
      ...h.deps.store,
      claimInbound: (r) => h.deps.store.claimInbound(r),
      commit: (c) => h.deps.store.commit(c),
      loadParticipant: async (k) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        }
        return h.deps.store.loadParticipant(k);
      },
    };
    const outbox = new LocalOutbox();
    await expect(deliver({ ...h.deps, store, messenger: outbox, dialer: null }, job('invite'))).rejects.toThrow('throttled');
    expect((await h.deps.participants.getInvitation('demo', 'demo-start', contactKey))?.status).toBe('queued');
    expect(await deliver({ ...h.deps, store, messenger: outbox, dialer: null }, job('invite'))).toBe(true);
    expect(outbox.list('+32470888002')).toHaveLength(1);
  });

  it('a claim left by a process that died is taken over after five minutes, not before', async () => {
    const { contactKey, job } = await invitee('+32470888003');
    expect(await h.deps.participants.claimInvitation('demo', 'demo-start', contactKey, h.clock.now().toISOString())).toBe(true); // then the worker dies
    const outbox = new LocalOutbox();
    expect(await deliver({ ...h.deps, messenger: outbox, dialer: null }, job('invite'))).toBe(false);
    h.clock.current = new Date(h.clock.current.getTime() + 6 * 60 * 1000);
    expect(await deliver({ ...h.deps, messenger: outbox, dialer: null }, job('invite'))).toBe(true);
    expect(outbox.list('+32470888003')).toHaveLength(1);
  });

  it('a reminder that fails for now is sent on the retry, and only once', async () => {
    const { contactKey, job } = await invitee('+32470888004', 'invited');
    const messenger = new FlakyMessenger(1);
    await expect(deliver({ ...h.deps, messenger, dialer: null }, job('remind'))).rejects.toBeInstanceOf(TransientDeliveryError);
    expect((await h.deps.participants.getInvitation('demo', 'demo-start', contactKey))?.remindedAt).toBeNull();
    expect(await deliver({ ...h.deps, messenger, dialer: null }, job('remind'))).toBe(true);
    expect(await deliver({ ...h.deps, messenger, dialer: null }, job('remind'))).toBe(false);
    expect(messenger.sent.map((m) => ('text' in m ? m.text : ''))).toEqual([expect.stringContaining('Een herinnering')]);
  });

  it('a reminder that fails for good keeps the invitation counted as invited', async () => {
    const { contactKey, job } = await invitee('+32470888005', 'invited');
    const refusing: Messenger = { send: async () => ({ ok: false, permanent: true, reason: 'the person unsubscribed at the carrier (STOP)' }) };
    expect(await deliver({ ...h.deps, messenger: refusing, dialer: null }, job('remind'))).toBe(false);
    const after = await h.deps.participants.getInvitation('demo', 'demo-start', contactKey);
    expect(after).toMatchObject({ status: 'invited', failure: 'reminder: the person unsubscribed at the carrier (STOP)' });
  });
});
