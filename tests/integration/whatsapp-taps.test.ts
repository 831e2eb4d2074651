import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../kernel/zod.js';
import en from '../../locales/en/translation.json' with { type: 'json' };
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import { startFakeTwilioRest, TWILIO_ERRORS, type FakeTwilioRest } from './support/fake-twilio-rest.js';
import { SERVICE_NUMBER, newSid, startHarness, type Harness, type Sent } from './support/harness.js';

/**
 * WhatsApp answers to tap, end to end: signed webhooks (the real Twilio signing) into the real conversation
 * over DynamoDB Local; Twilio's REST APIs — the Content API that makes the templates and the Messages API
 * that sends them — mocked by a loopback server answering with the recorded, documented shapes
 * (support/fake-twilio-rest.ts). Taps come back as Twilio posts them: a button with ButtonPayload and
 * ButtonText (MessageType "button"), a list item with ListId and ListTitle (MessageType "interactive"),
 * the title as Body (tests/fixtures/twilio/messages-whatsapp.json).
 */

const ACCOUNT = `AC${'5'.repeat(32)}`;
const REST_TOKEN = 'taps-rest-token-4d1e8a0b6c2f';

let twilio: FakeTwilioRest;
let h: Harness;
beforeAll(async () => {
  twilio = await startFakeTwilioRest(ACCOUNT, REST_TOKEN);
  h = await startHarness({ taps: { accountSid: ACCOUNT, authToken: REST_TOKEN, base: twilio.base } });
});
afterAll(async () => {
  await h?.stop();
  await twilio?.stop();
});

/** The content types Stem sends, read as Twilio's Content API documents them (twilio/quick-reply, twilio/list-picker). */
const Types = z.union([
  z.object({
    'twilio/quick-reply': z.object({ body: z.string(), actions: z.array(z.object({ type: z.literal('QUICK_REPLY'), title: z.string(), id: z.string() })) }),
  }),
  z.object({
    'twilio/list-picker': z.object({
      body: z.string(),
      button: z.string(),
      items: z.array(z.object({ item: z.string(), id: z.string(), description: z.optional(z.string()) })),
    }),
  }),
]);

interface Shown {
  kind: 'buttons' | 'list';
  body: string;
  options: Array<{ id: string; title: string }>;
  button?: string;
  contentSid: string;
}

/** What the person last got to tap: the last message with a ContentSid sent to them, and its template. */
function lastShown(phone: string): Shown {
  const sent = twilio.requests(phone).filter((r) => r.resource === 'Messages' && r.form.has('ContentSid') && r.answered === 201);
  const contentSid = sent.at(-1)?.form.get('ContentSid') ?? '';
  const made = twilio.contents().find((c) => c.sid === contentSid);
  if (!made) throw new Error(`no template ${contentSid} sent to ${phone}`);
  const types = Types.parse(made.request.types);
  if ('twilio/quick-reply' in types) {
    const q = types['twilio/quick-reply'];
    return { kind: 'buttons', body: q.body, options: q.actions.map((a) => ({ id: a.id, title: a.title })), contentSid };
  }
  const l = types['twilio/list-picker'];
  return { kind: 'list', body: l.body, button: l.button, options: l.items.map((i) => ({ id: i.id, title: i.item })), contentSid };
}

const messagesTo = (phone: string) => twilio.requests(phone).filter((r) => r.resource === 'Messages');
const say = (phone: string, text: string, messageSid?: string): Promise<Sent> =>
  h.send({ channel: 'whatsapp', phone, text, ...(messageSid ? { messageSid } : {}) });

/** Tap a button or pick a list item, as Twilio posts it. */
function tap(phone: string, option: { id: string; title: string }, how: 'buttons' | 'list', messageSid?: string): Promise<Sent> {
  const extra: Record<string, string> =
    how === 'buttons'
      ? { MessageType: 'button', ButtonPayload: option.id, ButtonText: option.title }
      : { MessageType: 'interactive', ListId: option.id, ListTitle: option.title };
  return h.send({ channel: 'whatsapp', phone, text: option.title, extra, ...(messageSid ? { messageSid } : {}) });
}

/** Tap the option whose id ends with `:<value>` on what was shown last; the webhook must answer with empty TwiML. */
async function choose(phone: string, value: string): Promise<Sent> {
  const shown = lastShown(phone);
  const option = shown.options.find((o) => o.id.endsWith(`:${value}`));
  if (!option) throw new Error(`no option ${value} in ${JSON.stringify(shown.options)}`);
  return tap(phone, option, shown.kind);
}

const answersOf = async (phone: string) =>
  (await h.dump()).filter((i) => i.kind === 'answer' && i.respondentCode === h.deps.protector.respondentCode('demo', phone) && i.status !== 'comment');

async function joinInEnglish(phone: string): Promise<void> {
  // The language menu goes to tap (its own languages, each in its script); typing its number still works.
  expect(await say(phone, 'JOIN DEMO')).toMatchObject({ status: 200, replies: [] });
  const menu = lastShown(phone);
  expect(menu.body.startsWith('🌐')).toBe(true);
  expect(menu.options.find((o) => o.id === 'l1:en')?.title).toBe('English');
  const consent = await say(phone, '3');
  expect(consent).toMatchObject({ status: 200, replies: [] });
}

describe('WhatsApp answers to tap (Twilio REST mocked with recorded Content API and Messages API payloads)', () => {
  it('a whole check-in is answered by taps: buttons for consent and statements, a list for the scale', async () => {
    const phone = '+32470700001';
    await joinInEnglish(phone);
    // The welcome and the consent in ONE message, in order, with the numbered text kept in its body.
    const consent = lastShown(phone);
    expect(consent.kind).toBe('buttons');
    expect(consent.body.indexOf('Welcome to the survey of OCMW Demo.')).toBe(0);
    expect(consent.body).toContain('1. Yes, I agree\n2. No');
    expect(consent.options).toEqual([
      { id: 't1:demo_checkin:2:consent:yes', title: 'Yes, I agree' },
      { id: 't1:demo_checkin:2:consent:no', title: 'No' },
    ]);
    const sent = messagesTo(phone).at(-1);
    expect(sent?.form.get('From')).toBe(`whatsapp:${SERVICE_NUMBER}`);
    expect(sent?.form.get('To')).toBe(`whatsapp:${phone}`);
    expect(sent?.form.has('Body')).toBe(false);

    expect(await choose(phone, 'yes')).toMatchObject({ status: 200, replies: [] });
    const energy = lastShown(phone);
    expect(energy).toMatchObject({ kind: 'list', button: 'Choose' });
    expect(energy.options.map((o) => o.title)).toEqual(['1 😞', '2 🙁', '3 😐', '4 🙂', '5 😄']);
    expect(await choose(phone, '4')).toMatchObject({ replies: [] });
    expect(lastShown(phone).options.map((o) => o.title)).toEqual(['True', 'Not true', "I don't know"]);
    const before = messagesTo(phone).length;
    // The statement's probe is an open question: nothing to tap, so it goes as TwiML text, as before.
    expect((await choose(phone, 'true')).replies).toEqual([expect.stringContaining('Can you tell us why?')]);
    expect(messagesTo(phone)).toHaveLength(before);
    expect(await say(phone, 'Friendly staff')).toMatchObject({ replies: [] });
    expect(lastShown(phone).options.map((o) => o.id)).toEqual(['true', 'not_true', 'dont_know'].map((v) => `t1:demo_checkin:2:understood:${v}`));
    const open = await choose(phone, 'true');
    expect(open.replies).toEqual([expect.stringContaining('What would help you most?')]);
    expect(await say(phone, 'More evening hours')).toMatchObject({ replies: [] });
    expect(lastShown(phone).options.map((o) => o.title)).toEqual(['Yes, please', 'No, thank you']);
    const done = await choose(phone, 'no');
    expect(done.replies).toEqual([expect.stringContaining(en.thanks.completed)]);

    const answers = Object.fromEntries((await answersOf(phone)).map((a) => [a.questionId, a.value]));
    expect(answers).toEqual({
      consent: 'yes',
      energy: 4,
      respected: 'true',
      'respected.probe': 'Friendly staff',
      understood: 'true',
      change: 'More evening hours',
      hear_back: 'no',
    });
    const code = h.deps.protector.respondentCode('demo', phone);
    expect((await h.dump()).filter((i) => i.kind === 'completion' && i.respondentCode === code)).toHaveLength(1);
  });

  it("every template keeps WhatsApp's limits, holds no number, and is made once per content", async () => {
    const made = twilio.contents();
    expect(made.length).toBeGreaterThan(0);
    for (const { request } of made) {
      const types = Types.parse(request.types);
      const json = JSON.stringify(request);
      expect(json).not.toMatch(/\+?32470\d{6}/);
      if ('twilio/quick-reply' in types) {
        const q = types['twilio/quick-reply'];
        expect(q.body.length).toBeLessThanOrEqual(1024);
        expect(q.actions.length).toBeLessThanOrEqual(3);
        for (const a of q.actions) expect(a.title.length).toBeLessThanOrEqual(20);
        expect(new Set(q.actions.map((a) => a.title)).size).toBe(q.actions.length);
      } else {
        const l = types['twilio/list-picker'];
        expect(l.body.length).toBeLessThanOrEqual(1024);
        expect(l.button.length).toBeLessThanOrEqual(20);
        expect(l.items.length).toBeLessThanOrEqual(10);
        for (const i of l.items) expect([i.item.length <= 24, i.id.length <= 200, (i.description ?? '').length <= 72]).toEqual([true, true, true]);
      }
    }
    // A second person through the same messages: every template is found again (memory, then the table), none made anew.
    const count = made.length;
    const phone = '+32470700002';
    await joinInEnglish(phone);
    for (const value of ['yes', '4', 'true']) await choose(phone, value);
    await say(phone, 'Quick answers');
    await choose(phone, 'true');
    expect(twilio.contents()).toHaveLength(count);
    // The table holds each template's SID under its content hash, and nothing else.
    const kept = (await h.dump()).filter((i) => i.kind === 'content-sid');
    expect(kept).toHaveLength(count);
    for (const item of kept) expect(Object.keys(item).sort()).toEqual(['contentSid', 'kind', 'pk', 'sk']);
  });

  it('a tap on an earlier question is not read as the answer to the waiting one: it is said so and the question asked again', async () => {
    const phone = '+32470700003';
    await joinInEnglish(phone);
    const consentYes = lastShown(phone).options[0] ?? { id: '', title: '' };
    await choose(phone, 'yes');
    await choose(phone, '2'); // energy → the respected statement waits
    const waiting = lastShown(phone);
    // The consent button again ("Yes, I agree"), then a button of another version of the survey for this very question.
    for (const stale of [consentYes, { id: 't1:demo_checkin:1:respected:true', title: 'True' }]) {
      expect(await tap(phone, stale, 'buttons')).toMatchObject({ status: 200, replies: [] });
      const again = lastShown(phone);
      expect(again.body.indexOf('That button is for an earlier question.')).toBe(0);
      expect(again.body).toContain('I feel treated with respect by the welfare centre.');
      expect(again.options).toEqual(waiting.options);
    }
    const answers = await answersOf(phone);
    expect(answers.map((a) => [a.questionId, a.value])).toEqual([
      ['consent', 'yes'],
      ['energy', 2],
    ]);
    // The right button still answers (then the statement's probe, as text), and no re-prompt was spent on the stale taps.
    expect((await choose(phone, 'not_true')).replies).toEqual([expect.stringContaining('Can you tell us why?')]);
    expect((await answersOf(phone)).find((a) => a.questionId === 'respected')).toMatchObject({ value: 'not_true', status: 'answered' });
  });

  it('a list item is read by its ListId, not by the words of its title', async () => {
    const phone = '+32470700004';
    await joinInEnglish(phone);
    await choose(phone, 'yes');
    const energy = lastShown(phone);
    const five = energy.options[4] ?? { id: '', title: '' };
    // The title says "5 😄"; a title in another language or wording changes nothing: the id answers.
    expect(await h.send({ channel: 'whatsapp', phone, text: 'x', extra: { MessageType: 'interactive', ListId: five.id, ListTitle: 'x' } })).toMatchObject({
      replies: [],
    });
    expect((await answersOf(phone)).find((a) => a.questionId === 'energy')?.value).toBe(5);
  });

  it('when the Content API fails, the question goes as numbered text by TwiML, and nothing is lost', async () => {
    const phone = '+32470700005';
    await say(phone, 'JOIN DEMO');
    const menuSent = messagesTo(phone).length; // the language menu, to tap
    // French: a welcome and consent no template holds yet, so one must be made — and the Content API answers 500.
    twilio.failContent(TWILIO_ERRORS.internalError());
    const fallback = await say(phone, '2');
    twilio.failContent(null);
    expect(fallback.status).toBe(200);
    expect(fallback.replies).toEqual([expect.stringMatching(/^Bienvenue dans le questionnaire de OCMW Demo\./)]);
    expect(fallback.replies[0]).toContain(`\n1. ${fr.answer.yes}\n2. ${fr.answer.no}`);
    expect(messagesTo(phone)).toHaveLength(menuSent); // nothing more went by REST beside the TwiML
    expect(h.logger.lines.some((l) => l.includes('"taps.as-text"') && l.includes('template: Twilio error 20500'))).toBe(true);
    // Typed, the number answers; with the Content API back, the next closed question is tappable again.
    expect(await say(phone, '1')).toMatchObject({ replies: [] });
    expect(lastShown(phone)).toMatchObject({ kind: 'list', button: 'Choisir' });
    expect(lastShown(phone).body).toContain("Combien d'énergie cette semaine ?");
    await choose(phone, '5');
    expect((await answersOf(phone)).map((a) => [a.questionId, a.value])).toEqual([
      ['consent', 'yes'],
      ['energy', 5],
    ]);
  });

  it('when the Messages API refuses the template (deleted at Twilio, error 21655), that turn goes as text and the template is made again', async () => {
    const first = '+32470700006';
    await joinInEnglish(first);
    const { contentSid } = lastShown(first);
    twilio.deleteContent(contentSid);
    const second = '+32470700007';
    await say(second, 'JOIN DEMO');
    const asText = await say(second, '3');
    expect(asText.replies).toEqual([expect.stringContaining('Welcome to the survey of OCMW Demo.')]);
    expect(messagesTo(second).at(-1)?.answered).toBe(400);
    const third = '+32470700008';
    await joinInEnglish(third);
    const remade = lastShown(third);
    expect(remade.contentSid).not.toBe(contentSid);
    expect(remade.body).toBe(lastShown(first).body);
    // A Messages API outage for one person: text for them, nothing lost.
    twilio.fail(third, TWILIO_ERRORS.serviceUnavailable());
    const outage = await choose(third, 'yes');
    twilio.recover(third);
    expect(outage.replies).toEqual([expect.stringContaining('How is your energy this week?')]);
    expect((await answersOf(third)).map((a) => a.questionId)).toEqual(['consent']);
  });

  it('a duplicate webhook of a tap is applied once; the repeat is answered from the ledger by TwiML and sends nothing by REST', async () => {
    const phone = '+32470700009';
    await joinInEnglish(phone);
    const yes = lastShown(phone).options[0] ?? { id: '', title: '' };
    const messageSid = newSid();
    expect(await tap(phone, yes, 'buttons', messageSid)).toMatchObject({ replies: [] });
    const sent = messagesTo(phone).length;
    const repeat = await tap(phone, yes, 'buttons', messageSid);
    expect(repeat.status).toBe(200);
    expect(repeat.replies).toEqual([expect.stringContaining('How is your energy this week?\n1 😞')]);
    expect(messagesTo(phone)).toHaveLength(sent);
    expect((await answersOf(phone)).map((a) => [a.questionId, a.value])).toEqual([['consent', 'yes']]);
    const { sessions } = await h.deps.store.loadParticipant(h.deps.protector.contactKey(phone));
    expect(sessions[0]?.flow.value).toBe('energy');
  });

  it('two people reaching a new message at once make it twice at most once: the first SID is kept, the other template deleted', async () => {
    const phones = ['+32470700010', '+32470700011'];
    for (const phone of phones) {
      await say(phone, 'JOIN DEMO');
      await say(phone, '4'); // Arabic: a consent no one has been shown yet
    }
    // Both were shown the consent in Arabic with one template: the first reached it alone. Now both at once:
    const energyFirst = new Set(twilio.contents().map((c) => c.sid));
    twilio.delayContent(300);
    const taps = await Promise.all(phones.map((phone) => choose(phone, 'yes')));
    twilio.delayContent(0);
    for (const t of taps) expect(t).toMatchObject({ status: 200, replies: [] });
    const fresh = twilio.contents().filter((c) => !energyFirst.has(c.sid));
    expect(fresh).toHaveLength(2);
    expect(fresh.filter((c) => c.deleted)).toHaveLength(1);
    const used = phones.map((phone) => lastShown(phone).contentSid);
    expect(used[0]).toBe(used[1]);
    expect(fresh.find((c) => !c.deleted)?.sid).toBe(used[0]);
    expect(fresh.map((c) => c.request.language)).toEqual(['ar', 'ar']);
  });

  it('SMS is unaffected: numbered text by TwiML, no REST call, no template', async () => {
    const phone = '+32470700012';
    const made = twilio.contents().length;
    const replies: string[][] = [];
    for (const text of ['JOIN DEMO', '3', 'yes', '4', '1']) {
      const r = await h.send({ channel: 'sms', phone, text });
      expect(r.status).toBe(200);
      replies.push(r.replies);
    }
    expect(replies[1]).toEqual([expect.stringContaining('1. Yes, I agree\n2. No')]);
    expect(replies[3]).toEqual([expect.stringContaining('I feel treated with respect by the welfare centre.\n1. True')]);
    expect(replies[4]).toEqual([expect.stringContaining('Can you tell us why?')]);
    expect(twilio.requests(phone)).toHaveLength(0);
    expect(twilio.contents()).toHaveLength(made);
  });
});
