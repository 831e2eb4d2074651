import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../core/day.js';
import type { Project } from '../../core/model.js';
import en from '../../locales/en/translation.json' with { type: 'json' };
import { PhoneCall } from './support/phone-call.js';
import { newSid, PUBLIC_URL, SERVICE_NUMBER, SHARED_NUMBER, startHarness, twilioParams, type Harness } from './support/harness.js';

/**
 * Stem answers only on its own numbers. Twilio sends a number's messages to whatever webhook URL its
 * owner configured, so our URL can sit on numbers we do not own (another account's trial number, a number
 * given up and bought by someone else). Requests here are signed with our token as Twilio would sign them;
 * only `To` differs. A message or call to a number that is neither a service number nor a project's own is
 * acknowledged, counted, and changes nothing; on a project's own number, that project applies.
 */

let h: Harness;
const FOREIGN = '+3225559999';
/** A second project with a number of its own (SMS and calls). */
const OWN: Project = {
  projectId: 'buurt',
  organisationId: 'demo-ocmw',
  name: 'Buurtwerk',
  languages: ['nl', 'fr', 'en'],
  fallbackLanguages: ['nl'],
  joinCode: 'BUURT',
  whatsappTemplates: {},
  callNumber: '+3225550142',
};

beforeAll(async () => {
  h = await startHarness();
  await h.deps.directory.putProject(OWN);
  // Its own round open, with the demo's survey.
  const { round } = h.seeded;
  await h.deps.directory.putRound({ ...round, projectId: OWN.projectId, roundId: 'buurt-start' });
});
afterAll(async () => h?.stop());

const foreignCount = (channel: 'sms' | 'whatsapp' | 'voice') => h.deps.foreignNumbers.foreignCount(channel, serviceDay(h.clock.now()));
const contactOf = async (phone: string) => (await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone))).contact;
const xml = new XMLParser({ ignoreAttributes: false, allowBooleanAttributes: true });

describe('messages to a number that is not ours', () => {
  it('JOIN with a real code, by SMS and by WhatsApp, to a foreign number: acknowledged with empty TwiML, nobody joins, counted', async () => {
    const before = (await h.dump()).length;
    const sms = await h.send({ channel: 'sms', phone: '+32470600001', text: `JOIN ${h.seeded.project.joinCode}`, extra: { To: FOREIGN } });
    const wa = await h.send({ channel: 'whatsapp', phone: '+32470600002', text: `JOIN ${h.seeded.project.joinCode}`, extra: { To: `whatsapp:${FOREIGN}` } });
    for (const r of [sms, wa]) {
      expect(r.status).toBe(200);
      expect(r.replies).toEqual([]);
    }
    expect(await contactOf('+32470600001')).toBeNull();
    expect(await contactOf('+32470600002')).toBeNull();
    expect(await foreignCount('sms')).toBe(1);
    expect(await foreignCount('whatsapp')).toBe(1);
    // Only the two counters were written: no ledger entry, no contact, no text.
    const added = (await h.dump()).slice(0).filter((i) => String(i.pk).startsWith('FN#'));
    expect((await h.dump()).length - before).toBe(added.length);
    expect(JSON.stringify(added)).not.toContain('JOIN');
    expect(h.logger.lines.filter((l) => l.includes('inbound.foreign-number'))).toHaveLength(2);
    expect(h.logger.lines.join('\n')).not.toContain('600001');
  });

  it('an enrolled person answering to a foreign number: nothing stored, the survey does not move; the same answer to our number is taken', async () => {
    const phone = '+32470600003';
    expect((await h.send({ channel: 'sms', phone, text: `JOIN ${h.seeded.project.joinCode}` })).status).toBe(200);
    const menu = await h.send({ channel: 'sms', phone, text: '3' }); // English
    expect(menu.replies.join('\n')).not.toBe('');
    const before = await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));
    const answersBefore = (await h.dump()).filter((i) => i.kind === 'answer').length;

    const elsewhere = await h.send({ channel: 'sms', phone, text: '1', extra: { To: FOREIGN } });
    expect(elsewhere.replies).toEqual([]);
    const after = await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));
    expect(after.contact?.version).toBe(before.contact?.version);
    expect(JSON.stringify(after.sessions)).toBe(JSON.stringify(before.sessions));
    expect((await h.dump()).filter((i) => i.kind === 'answer').length).toBe(answersBefore);

    const ours = await h.send({ channel: 'sms', phone, text: '1' });
    expect(ours.replies.length).toBeGreaterThan(0);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone))).contact?.version).toBe((before.contact?.version ?? 0) + 1);
  });

  it("on a service number that is no project's, every join code works and nobody is moved to a project", async () => {
    const phone = '+32470600011';
    const hello = await h.send({ channel: 'sms', phone, text: 'Hallo', extra: { To: SHARED_NUMBER } });
    expect(hello.replies.join('\n')).toContain(en.intro.notEnrolled.slice(0, 20));
    expect(await contactOf(phone)).toBeNull();
    await h.send({ channel: 'sms', phone, text: `JOIN ${OWN.joinCode}`, extra: { To: SHARED_NUMBER } });
    expect((await contactOf(phone))?.projects).toEqual([OWN.projectId]);
  });

  it('our number written with the whatsapp: prefix is ours', async () => {
    const r = await h.send({
      channel: 'whatsapp',
      phone: '+32470600004',
      text: `JOIN ${h.seeded.project.joinCode}`,
      extra: { To: `whatsapp:${SERVICE_NUMBER}` },
    });
    expect(r.replies.length).toBeGreaterThan(0);
    expect(await contactOf('+32470600004')).not.toBeNull();
  });
});

describe("a project's own number", () => {
  it('a stranger who writes anything to it joins that project (its languages are offered), not the demo', async () => {
    const phone = '+32470600005';
    const r = await h.send({ channel: 'sms', phone, text: 'Hallo', extra: { To: OWN.callNumber ?? '' } });
    expect(r.status).toBe(200);
    expect(r.replies.length).toBeGreaterThan(0);
    const contact = await contactOf(phone);
    expect(contact?.projects).toEqual([OWN.projectId]);
    expect(contact?.activeProjectId).toBe(OWN.projectId);
  });

  it('someone in another project who writes to it joins it too, and it becomes the project they answer', async () => {
    const phone = '+32470600006';
    await h.send({ channel: 'sms', phone, text: `JOIN ${h.seeded.project.joinCode}` });
    await h.send({ channel: 'sms', phone, text: '3' });
    expect((await contactOf(phone))?.projects).toEqual([h.seeded.project.projectId]);
    await h.send({ channel: 'sms', phone, text: 'hello', extra: { To: OWN.callNumber ?? '' } });
    const contact = await contactOf(phone);
    expect(contact?.projects).toEqual([h.seeded.project.projectId, OWN.projectId]);
    expect(contact?.activeProjectId).toBe(OWN.projectId);
    // Back on the service number, STOP still works as everywhere.
    const stop = await h.send({ channel: 'sms', phone, text: 'STOP' });
    expect(stop.replies.join('\n')).toContain(en.stop.confirmed.slice(0, 20));
  });
});

describe('calls', () => {
  it('a call to a foreign number is rejected before it is answered (<Reject/>), counted, and nothing is stored', async () => {
    const before = await foreignCount('voice');
    const call = new PhoneCall(h, '+32470600007', FOREIGN);
    const answer = await h.callWebhook(`${PUBLIC_URL}/twilio/voice`, {
      AccountSid: `AC${'1'.repeat(32)}`,
      CallSid: call.sid,
      From: call.from,
      To: FOREIGN,
      Caller: call.from,
      Called: FOREIGN,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    });
    expect(answer.status).toBe(200);
    const parsed = xml.parse(answer.body) as { Response?: Record<string, unknown> };
    expect(Object.keys(parsed.Response ?? {})).toEqual(['Reject']);
    expect(await foreignCount('voice')).toBe(before + 1);
    expect(JSON.stringify(await h.dump())).not.toContain(h.deps.protector.contactKey('+32470600007'));
  });

  it('a call to the project number joins that project, a call to the service number is answered as before', async () => {
    const own = await new PhoneCall(h, '+32470600008', OWN.callNumber ?? '').start();
    expect(own.says.length + (own.gather ? 1 : 0)).toBeGreaterThan(0);
    expect((await contactOf('+32470600008'))?.projects).toEqual([OWN.projectId]);
    const service = await new PhoneCall(h, '+32470600009', SERVICE_NUMBER).start();
    expect(service.says.length).toBeGreaterThan(0);
  });
});

it('twilioParams sends to our service number unless told otherwise (the other tests rely on it)', () => {
  expect(twilioParams({ channel: 'sms', phone: '+32470600010', text: 'x' }, newSid()).To).toBe(SERVICE_NUMBER);
});
