import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

/**
 * DESIGN.md "Privacy by construction": after real conversations, dump every item of the table and every
 * log line, and look for the phone number (in every common spelling), the WhatsApp profile name, the
 * MessageSids and the media URL that went in.
 */

const PHONE = '+32471239876';
const PHONE_SMS = '+32486554433';
const PROFILE_NAME = 'Fatima Zahra El Amrani';
const MEDIA_URL = 'https://api.twilio.com/2010-04-01/Accounts/AC1111/Messages/MM1234/Media/ME5678';

function spellings(e164: string): string[] {
  const digits = e164.slice(1); // 32471239876
  const national = `0${digits.slice(2)}`; // 0471239876
  return [e164, digits, national, digits.slice(2), `${national.slice(0, 4)} ${national.slice(4, 6)} ${national.slice(6, 8)} ${national.slice(8)}`];
}

let h: Harness;
const sids: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  // The open answer carries the person's own number and e-mail, typed as people do: redacted before it is stored.
  const whatsapp = [
    'JOIN DEMO',
    '4',
    'نعم',
    '٣',
    '2',
    'Soms lang wachten',
    '1',
    `Meer uren open. Bel me: ${spellings(PHONE)[4] ?? ''} of fatima.elamrani@example.be`,
    'نعم',
  ];
  for (const text of whatsapp) {
    const r = await h.send({ channel: 'whatsapp', phone: PHONE, text, extra: { ProfileName: PROFILE_NAME } });
    expect(r.status).toBe(200);
    sids.push(r.messageSid);
  }
  // A message with media (a photo where an answer was expected): its URL must not be kept.
  const media = await h.send({
    channel: 'whatsapp',
    phone: PHONE,
    text: '',
    extra: { ProfileName: PROFILE_NAME, NumMedia: '1', MediaUrl0: MEDIA_URL, MediaContentType0: 'image/jpeg' },
  });
  expect(media.status).toBe(200);
  sids.push(media.messageSid);
  for (const text of ['JOIN DEMO', '3', 'yes', '5', 'STOP']) {
    const r = await h.send({ channel: 'sms', phone: PHONE_SMS, text });
    expect(r.status).toBe(200);
    sids.push(r.messageSid);
  }
});
afterAll(async () => h?.stop());

describe('privacy: table dump and logs after two conversations', () => {
  it('stored contacts, sessions, answers and the inbound ledger', async () => {
    const items = await h.dump();
    // Applied provider ids, kept 30 days against replays: the keyed hash and its expiry, nothing else.
    const applied = items.filter((i) => i.kind === undefined);
    expect(applied).toHaveLength(sids.length);
    for (const item of applied) expect(Object.keys(item).sort()).toEqual(['expiresAt', 'pk', 'sk']);
    const kinds = new Set(items.filter((i) => i.kind !== undefined).map((i) => i.kind));
    expect([...kinds].sort()).toEqual(
      [
        'answer',
        'callnumber',
        'completion',
        'contact',
        'enrolment',
        'inbound',
        'invitation',
        'joincode',
        'project',
        'project-listing',
        'round',
        'session',
        'survey',
        'survey-listing',
        'survey-owner',
        'voice-job',
        'voice-open',
      ].sort(),
    );
  });

  it('no phone number in any spelling, profile name, MessageSid or media URL anywhere in the table', async () => {
    const dump = JSON.stringify(await h.dump());
    const forbidden = [...spellings(PHONE), ...spellings(PHONE_SMS), PROFILE_NAME, 'Fatima', 'fatima.elamrani', MEDIA_URL, 'MM1234', ...sids];
    for (const needle of forbidden) expect(dump, `found "${needle}" in the table`).not.toContain(needle);
  });

  it('no phone number, profile name, MessageSid, media URL or answer text in the logs', () => {
    const logs = h.logger.lines.join('\n');
    expect(h.logger.lines.length).toBeGreaterThan(10);
    const forbidden = [...spellings(PHONE), ...spellings(PHONE_SMS), PROFILE_NAME, MEDIA_URL, ...sids, 'Soms lang wachten', 'Meer uren open'];
    for (const needle of forbidden) expect(logs, `found "${needle}" in the logs`).not.toContain(needle);
  });

  it('a number or e-mail typed into an open answer is stored (and exported) redacted', async () => {
    const open = (await h.dump()).filter((i) => i.kind === 'answer' && String(i.value).startsWith('Meer uren open'));
    expect(open.map((a) => a.value)).toEqual(['Meer uren open. Bel me: [phone] of [email]']);
  });

  it('the number is kept only sealed in the contact, and opens with the key', async () => {
    const contacts = (await h.dump()).filter((i) => i.kind === 'contact');
    expect(contacts).toHaveLength(2);
    const opened = contacts.map((c) => h.deps.protector.open(String(c.phoneSealed))).sort();
    expect(opened).toEqual([PHONE, PHONE_SMS].sort());
  });

  it('answers carry a respondent code, never the contact key', async () => {
    const items = await h.dump();
    const contactKeys = items.filter((i) => i.kind === 'contact').map((c) => String(c.contactKey));
    const answers = items.filter((i) => i.kind === 'answer');
    expect(answers.length).toBeGreaterThanOrEqual(8);
    for (const a of answers) {
      expect(String(a.respondentCode)).toMatch(/^R[0-9A-HJKMNP-TV-Z]{10}$/);
      for (const key of contactKeys) expect(JSON.stringify(a)).not.toContain(key);
      expect(Object.keys(a).sort()).toEqual(
        [
          'channel',
          'day',
          'kind',
          'language',
          'pk',
          'projectId',
          'questionId',
          'respondentCode',
          'roundId',
          'sk',
          'status',
          'surveyId',
          'surveyVersion',
          'transcript',
          'translation',
          'value',
          'voice',
        ].sort(),
      );
      expect(String(a.day)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('sessions keep only answers that branching needs: no open text', async () => {
    const sessions = JSON.stringify((await h.dump()).filter((i) => i.kind === 'session'));
    expect(sessions).not.toContain('Soms lang wachten');
    expect(sessions).not.toContain('Meer uren open');
  });

  it('the inbound ledger keeps only a sealed reply once applied, and expires within a day', async () => {
    const ledger = (await h.dump()).filter((i) => i.kind === 'inbound');
    expect(ledger).toHaveLength(sids.length);
    const now = h.clock.now().getTime() / 1000;
    for (const entry of ledger) {
      expect(Object.keys(entry).sort()).toEqual(['expiresAt', 'kind', 'pk', 'sealedReplies', 'sk', 'status']);
      expect(entry.status).toBe('done');
      expect(Number(entry.expiresAt)).toBeLessThanOrEqual(now + 24 * 3600);
      expect(() => JSON.parse(String(entry.sealedReplies))).toThrow(); // not readable without the key
    }
  });

  it('nothing in the table links a contact to its answers or its projects to each other without the key', async () => {
    const items = await h.dump();
    const codes = new Set(items.filter((i) => i.kind === 'answer').map((a) => String(a.respondentCode)));
    expect(codes.size).toBe(2);
    for (const item of items.filter((i) => i.kind === 'contact' || i.kind === 'session' || i.kind === 'inbound')) {
      for (const code of codes) expect(JSON.stringify(item), `${String(item.kind)} holds a respondent code`).not.toContain(code);
    }
  });

  it('a finished session forgets the answers it kept for branching', async () => {
    const sessions = (await h.dump()).filter((i) => i.kind === 'session');
    const finished = sessions.filter((s) => s.status !== 'active');
    expect(finished.length).toBeGreaterThan(0);
    for (const s of finished) expect((s.flow as { context: { answers: object } }).context.answers).toEqual({});
  });
});
