import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../core/conversation/handle-inbound.js';
import type { ConversationStore } from '../../core/ports.js';
import { SurveyIdTakenError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import { DEMO_SURVEY } from '../../local/seed.js';
import { newSid, startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function joinInEnglish(phone: string): Promise<void> {
  for (const text of ['JOIN DEMO', '3', 'yes']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
}

describe('webhook guarantees against DynamoDB Local', () => {
  it('five messages from one person at once are all applied, one after the other', async () => {
    const phone = '+32470600001';
    await joinInEnglish(phone);
    // energy 4, respected true (1), probe text, understood true (1 → no probe), change text → completed
    const results = await Promise.all(['4', '1', 'kind staff', '1', 'more hours'].map((text) => h.send({ channel: 'sms', phone, text })));
    for (const r of results) expect(r.status).toBe(200);
    for (const r of results) expect(r.replies.length).toBe(1);
    // Every applied message bumps the contact's version by one (that is the lock that orders them):
    // three to join and consent, then all five, whatever order they were applied in.
    const { contact } = await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));
    expect(contact?.version).toBe(3 + 5);
    const pending = (await h.dump()).filter((i) => i.kind === 'inbound' && i.status !== 'done');
    expect(pending).toHaveLength(0);
  });

  it('the same MessageSid delivered twice at the same moment is applied once and both get the same reply', async () => {
    const phone = '+32470600002';
    await joinInEnglish(phone);
    const messageSid = newSid();
    const [a, b] = await Promise.all([h.send({ channel: 'sms', phone, text: '5', messageSid }), h.send({ channel: 'sms', phone, text: '5', messageSid })]);
    expect(a?.status).toBe(200);
    expect(b?.status).toBe(200);
    expect(a?.replies).toEqual(b?.replies);
    const { sessions } = await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));
    expect(sessions[0]?.flow.value).toBe('respected');
  });

  it('a failure after the message was recorded answers 500, keeps the message, and the retry applies it once', async () => {
    const phone = '+32470600003';
    await joinInEnglish(phone);
    let fail = true;
    const flaky: ConversationStore = {
      claimInbound: (r) => h.deps.store.claimInbound(r),
      loadParticipant: (k) => h.deps.store.loadParticipant(k),
      commit: async (c) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('ProvisionedThroughputExceeded'), { name: 'ProvisionedThroughputExceededException' });
        }
        return h.deps.store.commit(c);
      },
    };
    const inbound = { channel: 'sms' as const, from: phone, text: '2', buttonPayload: null, media: [], providerId: newSid() };
    await expect(handleInbound({ ...h.deps, store: flaky }, inbound)).rejects.toThrow('ProvisionedThroughputExceeded');
    const ledger = (await h.dump()).filter((i) => i.kind === 'inbound' && i.status === 'received');
    expect(ledger).toHaveLength(1);
    // Nothing lost while it waits for the retry: the whole message is there, sealed.
    expect(JSON.parse(h.deps.protector.open(String(ledger[0]?.sealedMessage)))).toEqual(inbound);
    expect(JSON.stringify(ledger[0])).not.toContain(phone);
    const replies = await handleInbound({ ...h.deps, store: flaky }, inbound);
    expect(replies[0]?.text).toContain('I feel treated with respect');
    expect((await h.dump()).filter((i) => i.kind === 'inbound' && i.status === 'received')).toHaveLength(0);
  });

  it('unsigned requests get 403 and leave no trace', async () => {
    const before = (await h.dump()).length;
    const unsigned = await h.post({ MessageSid: newSid(), From: '+32470600004', To: '+3225550100', Body: 'JOIN DEMO' });
    expect(unsigned.status).toBe(403);
    expect((await h.dump()).length).toBe(before);
  });

  it('a survey version is frozen once a round uses it', async () => {
    const owner = h.seeded.project.organisationId;
    await expect(h.deps.directory.saveSurvey(DEMO_SURVEY, owner)).resolves.toBeUndefined(); // identical: fine
    const changed = { ...DEMO_SURVEY, maxReprompts: 4 };
    await expect(h.deps.directory.saveSurvey(changed, owner)).rejects.toBeInstanceOf(SurveyVersionFrozenError);
    await expect(h.deps.directory.saveSurvey({ ...changed, version: DEMO_SURVEY.version + 1 }, owner)).resolves.toBeUndefined();
    // A survey id belongs to the organisation that saved it first.
    await expect(h.deps.directory.saveSurvey({ ...changed, version: DEMO_SURVEY.version + 2 }, 'another-org')).rejects.toBeInstanceOf(SurveyIdTakenError);
  });
});
