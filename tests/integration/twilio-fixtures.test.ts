import { XMLParser } from 'fast-xml-parser';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../locales/fr/translation.json' with { type: 'json' };
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { sealTicket } from '../../core/calls/outbound.js';
import * as z from '../../kernel/zod.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import { twimlMessages } from '../../local/simulator/routes.js';
import { AUTH_TOKEN, PUBLIC_URL, startHarness, type Harness } from './support/harness.js';

/**
 * Twilio's requests as Twilio documents them (tests/fixtures/twilio/*.json: every parameter, every
 * documented value, each case with the page it comes from), signed with the `twilio` helper over the
 * exact public URL and posted to the real routes over DynamoDB Local. Each is answered as Twilio expects
 * — TwiML (parsed as XML) where TwiML is due, 204 where not — never a 4xx; nothing is lost (a message is
 * in the ledger; a participant who sends what a survey cannot use is told so in their language); no
 * phone number, profile name, provider id or media URL reaches an answer or a log line.
 */

const Case = z.object({
  name: z.string(),
  source: z.url(),
  query: z.optional(z.string()),
  params: z.record(z.string(), z.string()),
  expect: z.optional(z.string()),
  state: z.optional(z.string()),
  reason: z.optional(z.string()),
});
const FixtureFile = z.object({ description: z.string(), route: z.string(), channel: z.optional(z.enum(['sms', 'whatsapp'])), cases: z.array(Case) });
type FixtureFile = z.infer<typeof FixtureFile>;
const fixture = (name: string): FixtureFile =>
  FixtureFile.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/twilio', `${name}.json`), 'utf8')));

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: 'text', parseTagValue: false, parseAttributeValue: false });
/** The body is TwiML: XML whose root is <Response>. */
function expectTwiml(body: string): Record<string, unknown> {
  expect(body.startsWith('<?xml')).toBe(true);
  const parsed = xml.parse(body) as { Response?: Record<string, unknown> | '' };
  expect(parsed.Response, body.slice(0, 200)).toBeDefined();
  return parsed.Response === '' || parsed.Response === undefined ? {} : parsed.Response;
}

let h: Harness;
let n = 0;
const uniquePhone = () => `+324709${String(++n).padStart(5, '0')}`;
const sidLike = (sid: string) => `${sid.slice(0, 2)}${randomBytes(16).toString('hex')}`;
/** What the documented values were replaced by in a case: every one must stay out of answers and logs. */
const secretsOf = (params: Record<string, string>): string[] =>
  [
    'From',
    'ProfileName',
    'WaId',
    'MessageSid',
    'CallSid',
    'RecordingSid',
    'RecordingUrl',
    'MediaUrl0',
    'ReferralMediaUrl',
    'ReferralCtwaClid',
    'Latitude',
    'Address',
  ]
    .map((k) => params[k])
    .filter((v): v is string => v !== undefined && v.length > 6);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

function expectNothingLeaked(secrets: readonly string[], ...texts: string[]): void {
  const logs = h.logger.lines.join('\n');
  for (const secret of secrets) {
    expect(logs.includes(secret), `${secret} in a log line`).toBe(false);
    for (const text of texts) expect(text.includes(secret), `${secret} in an answer or the table`).toBe(false);
  }
}

describe.each(['messages-sms', 'messages-whatsapp'])('the messaging webhook: %s', (file) => {
  const f = fixture(file);
  it.each(f.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const prefix = f.channel === 'whatsapp' ? 'whatsapp:' : '';
    const phone = uniquePhone();
    const params: Record<string, string> = { ...c.params, MessageSid: sidLike(c.params.MessageSid ?? 'SM'), SmsSid: '', SmsMessageSid: '' };
    params.SmsSid = params.SmsMessageSid = params.MessageSid ?? '';
    if (c.expect !== 'no-reply-address') {
      // A participant of the demo survey who chose French: at the consent question (a choice).
      params.From = `${prefix}${phone}`;
      if (params.WaId) params.WaId = phone.slice(1);
      expect((await h.send({ channel: f.channel ?? 'sms', phone, text: 'JOIN DEMO' })).status).toBe(200);
      expect((await h.send({ channel: f.channel ?? 'sms', phone, text: '2' })).replies[0]).toContain('OCMW Demo');
    }
    const before = (await h.dump()).length;
    const { status, body } = await h.post(params, twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params));
    expect(status, body.slice(0, 300)).toBe(200);
    expectTwiml(body);
    const replies = twimlMessages(body);
    // The ledger entry (IN: the sealed reply) and the applied marker (T) of this MessageSid, by its keyed hash.
    const ledger = (await h.dump()).filter((item) => item.pk === `IN#${h.deps.protector.ledgerKey(params.MessageSid ?? '')}` && item.sk === 'IN');
    switch (c.expect) {
      case 'no-reply-address':
        // Nobody to answer: empty TwiML, and nothing kept of a carrier's or a bank's message.
        expect(replies).toEqual([]);
        expect((await h.dump()).length).toBe(before);
        break;
      case 'reply':
        expect(replies.length).toBeGreaterThan(0);
        expect(ledger.length, 'recorded in the ledger').toBe(1);
        break;
      case 'unusable':
        expect(replies[0]?.startsWith(fr.media.unusableMessage)).toBe(true);
        expect(replies[0]).toContain('1. Oui'); // and the question again
        expect(ledger.length).toBe(1);
        break;
      case 'media-unsupported':
        expect(replies[0]?.startsWith(fr.media.unsupported)).toBe(true);
        expect(ledger.length).toBe(1);
        break;
      case 'voice-not-here':
        expect(replies[0]?.startsWith(fr.voice.notHere)).toBe(true);
        expect(ledger.length).toBe(1);
        break;
      default:
        throw new Error(`unknown expectation ${c.expect ?? ''}`);
    }
    expectNothingLeaked([...secretsOf(params), phone.slice(1)], body, JSON.stringify(await h.dump()));
  });
});

describe('the voice webhook and its <Gather>/<Record> actions', () => {
  const f = fixture('voice');
  it.each(f.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const params: Record<string, string> = { ...c.params, CallSid: sidLike('CA') };
    if (params.From?.startsWith('+32')) params.From = params.Caller = uniquePhone();
    const { status, body } = await h.callWebhook(`${PUBLIC_URL}${f.route}${c.query ?? ''}`, params);
    expect(status, body.slice(0, 300)).toBe(200);
    const twiml = expectTwiml(body);
    if (params.AnsweredBy && /^(machine|fax)/.test(params.AnsweredBy)) expect(Object.keys(twiml)).toEqual(['Hangup']); // no survey on a machine
    expectNothingLeaked(secretsOf(params), body, JSON.stringify(await h.dump()));
  });
});

describe('the call status callback', () => {
  const f = fixture('voice-status');
  it.each(f.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const ticket = sealTicket(h.deps.protector, {
      projectId: 'demo',
      roundId: 'demo-start',
      contactKey: `k-${randomBytes(4).toString('hex')}`,
      type: 'invite',
    });
    const params = { ...c.params, CallSid: sidLike('CA') };
    const { status, body } = await h.callWebhook(`${PUBLIC_URL}${f.route}?t=${encodeURIComponent(ticket)}`, params);
    expect(status, body).toBe(204);
  });

  it('a status callback set on a number in the console (no ticket of ours) is 204, not 400', async () => {
    const c = f.cases[0];
    if (!c) throw new Error('no fixture');
    expect((await h.callWebhook(`${PUBLIC_URL}${f.route}`, c.params)).status).toBe(204);
  });
});

describe('the "you said, we did" call', () => {
  const f = fixture('voice-message');
  it.each(f.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await h.deps.feedback.saveDraft({
      projectId: 'demo',
      roundId: 'demo-start',
      texts: { fr: 'Vous avez dit : plus de temps. Nous ouvrons le mercredi.' },
      audio: {},
      updatedAt: '2026-11-23T10:00:00.000Z',
    });
    const ticket = sealTicket(h.deps.protector, { projectId: 'demo', roundId: 'demo-start', contactKey: 'k-message', type: 'feedback', language: 'fr' });
    const { status, body } = await h.callWebhook(`${PUBLIC_URL}${f.route}?t=${encodeURIComponent(ticket)}`, { ...c.params, CallSid: sidLike('CA') });
    expect(status, body).toBe(200);
    const twiml = expectTwiml(body);
    if (c.expect === 'hangup') expect(Object.keys(twiml)).toEqual(['Hangup']);
    else expect(body).toContain('Nous ouvrons le mercredi.');
  });
});

describe('the prompt studio', () => {
  const f = fixture('voice-studio');
  it.each(f.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { status, body } = await h.callWebhook(`${PUBLIC_URL}${f.route}${c.query ?? ''}`, { ...c.params, CallSid: sidLike('CA') });
    expect(status, body).toBe(200);
    expectTwiml(body);
  });
});
