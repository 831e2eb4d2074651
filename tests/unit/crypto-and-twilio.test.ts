import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { generateProtectorKeys, NodeCryptoProtector, ProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { parseTwilioMessage } from '../../adapters/twilio/inbound.js';
import { messagingTwiml } from '../../adapters/twilio/twiml.js';

const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const keysA: ProtectorKeys = { hmacKey: key(1), sealKey: key(2) };
const keysB: ProtectorKeys = { hmacKey: key(3), sealKey: key(4) };

const PHONE = '+32470123456';
const OTHER_PHONE = '+32470654321';
const SMS_SID = `SM${'0123456789abcdef'.repeat(2)}`;
const MMS_SID = `MM${'ABCDEF0123456789'.repeat(2)}`;

describe('NodeCryptoProtector: sealing', () => {
  const protector = new NodeCryptoProtector(keysA);

  it('seal/open round-trips, including non-ASCII text and the empty string', () => {
    for (const plain of [PHONE, 'whatsapp:+32470123456', 'مرحبا — Ελλάδα 👍', '']) {
      expect(protector.open(protector.seal(plain))).toBe(plain);
    }
  });

  it('the sealed text has the v1.<iv>.<tag>.<body> form and does not contain the phone number', () => {
    const sealed = protector.seal(PHONE);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(PHONE);
    expect(sealed).not.toContain('32470123456');
    expect(sealed).not.toContain('470123456');
    expect(sealed).not.toContain(Buffer.from(PHONE).toString('base64url'));
  });

  it('uses a fresh IV: sealing twice gives different texts that both open', () => {
    const a = protector.seal(PHONE);
    const b = protector.seal(PHONE);
    expect(a).not.toBe(b);
    expect(protector.open(a)).toBe(PHONE);
    expect(protector.open(b)).toBe(PHONE);
  });

  it('a tampered ciphertext, tag or iv fails to open', () => {
    const sealed = protector.seal(PHONE);
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string): string => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      return bytes.toString('base64url');
    };
    expect(() => protector.open([version, iv, tag, flip(body)].join('.'))).toThrow();
    expect(() => protector.open([version, iv, flip(tag), body].join('.'))).toThrow();
    expect(() => protector.open([version, flip(iv), tag, body].join('.'))).toThrow();
    expect(() => protector.open([version, iv, tag, `${body}AAAA`].join('.'))).toThrow();
  });

  it('refuses other versions and malformed input', () => {
    const sealed = protector.seal(PHONE);
    expect(() => protector.open(sealed.replace(/^v1/, 'v2'))).toThrow('not a sealed value of version v1');
    expect(() => protector.open('v1')).toThrow('not a sealed value of version v1');
    expect(() => protector.open(PHONE)).toThrow();
  });

  it('a value sealed with one key does not open with another', () => {
    const sealed = protector.seal(PHONE);
    expect(() => new NodeCryptoProtector(keysB).open(sealed)).toThrow();
    // The HMAC key plays no part in sealing.
    expect(new NodeCryptoProtector({ hmacKey: keysB.hmacKey, sealKey: keysA.sealKey }).open(sealed)).toBe(PHONE);
  });
});

describe('NodeCryptoProtector: keyed hashes', () => {
  const a = new NodeCryptoProtector(keysA);
  const aAgain = new NodeCryptoProtector({ ...keysA });
  const b = new NodeCryptoProtector(keysB);

  it('contactKey is deterministic per key, differs per phone and with another key', () => {
    const k = a.contactKey(PHONE);
    expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    expect(a.contactKey(PHONE)).toBe(k);
    expect(aAgain.contactKey(PHONE)).toBe(k);
    expect(a.contactKey(OTHER_PHONE)).not.toBe(k);
    expect(b.contactKey(PHONE)).not.toBe(k);
    expect(k).not.toContain('470123456');
  });

  it('contactKey does not depend on the seal key', () => {
    expect(new NodeCryptoProtector({ hmacKey: keysA.hmacKey, sealKey: keysB.sealKey }).contactKey(PHONE)).toBe(a.contactKey(PHONE));
  });

  it('respondentCode: R + 10 Crockford base-32 characters', () => {
    for (const [project, phone] of [
      ['p1', PHONE],
      ['p2', PHONE],
      ['p1', OTHER_PHONE],
      ['gent-2024', '+447700900123'],
    ] as const) {
      expect(a.respondentCode(project, phone)).toMatch(/^R[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
    }
  });

  it('respondentCode is stable within a project and differs across projects, phones and keys', () => {
    const code = a.respondentCode('p1', PHONE);
    expect(a.respondentCode('p1', PHONE)).toBe(code);
    expect(aAgain.respondentCode('p1', PHONE)).toBe(code);
    expect(a.respondentCode('p2', PHONE)).not.toBe(code);
    expect(a.respondentCode('p1', OTHER_PHONE)).not.toBe(code);
    expect(b.respondentCode('p1', PHONE)).not.toBe(code);
  });

  it('respondent codes over many projects are all different (no systematic collisions)', () => {
    const codes = new Set(Array.from({ length: 500 }, (_, i) => a.respondentCode(`project-${i}`, PHONE)));
    expect(codes.size).toBe(500);
  });

  it('ledgerKey is deterministic, does not contain the SID, and differs per SID and key', () => {
    const k = a.ledgerKey(SMS_SID);
    expect(a.ledgerKey(SMS_SID)).toBe(k);
    expect(k).not.toContain(SMS_SID);
    expect(k).not.toContain(SMS_SID.slice(2, 12));
    expect(k).not.toContain(Buffer.from(SMS_SID).toString('base64url').slice(0, 12));
    expect(a.ledgerKey(MMS_SID)).not.toBe(k);
    expect(b.ledgerKey(SMS_SID)).not.toBe(k);
  });

  it('hashes for different purposes are unlinkable: the same input gives different keys', () => {
    expect(a.contactKey(PHONE)).not.toBe(a.ledgerKey(PHONE));
  });
});

describe('ProtectorKeys', () => {
  it('generated keys are valid 32-byte base64 keys, different each time', () => {
    const one = generateProtectorKeys();
    const two = generateProtectorKeys();
    expect(ProtectorKeys.parse(one)).toEqual(one);
    expect(Buffer.from(one.hmacKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(one.sealKey, 'base64')).toHaveLength(32);
    expect(one.hmacKey).not.toBe(one.sealKey);
    expect(one).not.toEqual(two);
  });

  it('rejects keys that are not 32 bytes of base64', () => {
    expect(ProtectorKeys.safeParse({ hmacKey: Buffer.alloc(16).toString('base64'), sealKey: key(2) }).success).toBe(false);
    expect(ProtectorKeys.safeParse({ hmacKey: key(1) }).success).toBe(false);
    expect(ProtectorKeys.safeParse({ hmacKey: 'secret', sealKey: 'secret' }).success).toBe(false);
  });
});

// ── Twilio inbound ──────────────────────────────────────────────────────────────────────────────

describe('parseTwilioMessage', () => {
  it('reads an SMS', () => {
    const result = parseTwilioMessage({
      MessageSid: SMS_SID,
      AccountSid: `AC${'1'.repeat(32)}`,
      From: PHONE,
      To: '+3225001234',
      Body: 'JA',
      NumMedia: '0',
      FromCity: 'GENT',
    });
    expect(result).toEqual({
      ok: true,
      kind: 'message',
      to: '+3225001234',
      inbound: { channel: 'sms', from: PHONE, text: 'JA', buttonPayload: null, media: [], providerId: SMS_SID },
    });
  });

  it('reads WhatsApp: channel whatsapp, `from` without the prefix; the profile name is dropped, media kept for the voice job', () => {
    const params = {
      MessageSid: MMS_SID,
      AccountSid: `AC${'2'.repeat(32)}`,
      From: `whatsapp:${PHONE}`,
      To: 'whatsapp:+14155238886',
      Body: 'Ja graag',
      NumMedia: '1',
      ProfileName: 'Fatima El Amrani',
      WaId: '32470123456',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC2/Messages/MM1/Media/ME1',
      MediaContentType0: 'audio/ogg',
      ButtonPayload: 'consent:yes',
      ButtonText: 'Ja',
    };
    const result = parseTwilioMessage(params);
    expect(result).toEqual({
      ok: true,
      kind: 'message',
      to: '+14155238886', // without whatsapp:
      inbound: {
        channel: 'whatsapp',
        from: PHONE,
        text: 'Ja graag',
        buttonPayload: 'consent:yes',
        media: [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC2/Messages/MM1/Media/ME1', contentType: 'audio/ogg' }],
        providerId: MMS_SID,
      },
    });
    // Our own number (To) goes only as far as the edge, which decides whose number it is; core never sees it.
    const serialized = JSON.stringify(result);
    for (const leaked of ['Fatima', 'Amrani', 'whatsapp:', 'AC222']) {
      expect(serialized, leaked).not.toContain(leaked);
    }
    expect(JSON.stringify(result.ok && result.kind === 'message' && result.inbound)).not.toContain('14155238886');
    expect(result.ok && result.kind === 'message' && Object.keys(result.inbound).sort()).toEqual([
      'buttonPayload',
      'channel',
      'from',
      'media',
      'providerId',
      'text',
    ]);
  });

  it('its output is a complete Inbound with nothing else', () => {
    const result = parseTwilioMessage({ MessageSid: SMS_SID, From: ` ${PHONE} `, To: '+3225001234' });
    expect(result.ok).toBe(true);
    if (!result.ok || result.kind !== 'message') throw new Error('not a message');
    expect(result.inbound.from).toBe(PHONE); // trimmed
    expect(result.inbound.text).toBe(''); // Body defaults to ''
    expect(result.inbound.media).toEqual([]);
    expect(Object.keys(result.inbound).sort()).toEqual(['buttonPayload', 'channel', 'from', 'media', 'providerId', 'text']);
    expect(result.inbound).toEqual({ channel: 'sms', from: PHONE, text: '', buttonPayload: null, media: [], providerId: SMS_SID });
  });

  it('a bad or missing MessageSid gives an issue naming MessageSid', () => {
    for (const sid of ['SMxyz', `CA${'0'.repeat(32)}`, `SM${'g'.repeat(32)}`, `${SMS_SID}0`, '']) {
      const result = parseTwilioMessage({ MessageSid: sid, From: PHONE, To: '+3225001234', Body: 'x' });
      expect(result.ok, sid).toBe(false);
      expect(!result.ok && result.issues.map((i) => i.field), sid).toEqual(['MessageSid']);
    }
    const missing = parseTwilioMessage({ From: PHONE, To: '+3225001234' });
    expect(!missing.ok && missing.issues.map((i) => i.field)).toEqual(['MessageSid']);
  });

  it('a sender that is no phone number (a short code, an alphanumeric sender ID, a national number) is a message nobody can answer, not a bad request', () => {
    for (const from of ['0470123456', 'abc', 'PROXIMUS', '8555', '+0470123456', 'sms:+32470123456', 'whatsapp:0470123456', '+32 470 12 34 56']) {
      const result = parseTwilioMessage({ MessageSid: SMS_SID, From: from, To: '+3225001234' });
      expect(result, from).toEqual({ ok: true, kind: 'no-reply-address', channel: from.startsWith('whatsapp:') ? 'whatsapp' : 'sms' });
      expect(JSON.stringify(result)).not.toContain(from);
    }
    const empty = parseTwilioMessage({ MessageSid: SMS_SID, From: '', To: '+3225001234' });
    expect(!empty.ok && empty.issues.map((i) => i.field)).toEqual(['From']);
    // What no sender address looks like is still a bad request naming From.
    for (const from of ['+32 470 12 34 56; DROP TABLE', 'not-a-number', '<script>', 'a'.repeat(12), 'whatsapp:"x"']) {
      const bad = parseTwilioMessage({ MessageSid: SMS_SID, From: from, To: '+3225001234' });
      expect(!bad.ok && bad.issues.map((i) => i.field), from).toEqual(['From']);
    }
  });

  it('a location, a contact card without its file, a reaction or an unsupported WhatsApp type carries no text: flagged unusable, its Body not kept', () => {
    for (const type of ['location', 'contacts', 'reaction', 'unsupported']) {
      const result = parseTwilioMessage({
        MessageSid: SMS_SID,
        From: `whatsapp:${PHONE}`,
        To: 'whatsapp:+3225001234',
        MessageType: type,
        Body: 'Rue de la Loi 16, Bruxelles',
        Latitude: '50.8466',
        Longitude: '4.3528',
      });
      expect(result, type).toEqual({
        ok: true,
        kind: 'message',
        to: '+3225001234',
        inbound: { channel: 'whatsapp', from: PHONE, text: '', buttonPayload: null, media: [], providerId: SMS_SID, unusable: true },
      });
    }
    const listReply = parseTwilioMessage({
      MessageSid: SMS_SID,
      From: `whatsapp:${PHONE}`,
      To: 'whatsapp:+3225001234',
      MessageType: 'interactive',
      Body: 'Oui',
      ListId: 'consent:yes',
      ListTitle: 'Oui',
    });
    expect(listReply.ok && listReply.kind === 'message' && listReply.inbound.buttonPayload).toBe('consent:yes');
  });

  it('a bad To and a bad NumMedia name their fields', () => {
    const badTo = parseTwilioMessage({ MessageSid: SMS_SID, From: PHONE, To: '' });
    expect(!badTo.ok && badTo.issues.map((i) => i.field)).toEqual(['To']);
    const badMedia = parseTwilioMessage({ MessageSid: SMS_SID, From: PHONE, To: '+3225001234', NumMedia: '11' });
    expect(!badMedia.ok && badMedia.issues.map((i) => i.field)).toEqual(['NumMedia']);
    const several = parseTwilioMessage({ MessageSid: 'x', From: '', To: '+3225001234' });
    expect(!several.ok && several.issues.map((i) => i.field).sort()).toEqual(['From', 'MessageSid']);
  });

  it('issues never echo the rejected values', () => {
    const result = parseTwilioMessage({ MessageSid: 'SMsecret', From: '0470123456', To: '' });
    expect(JSON.stringify(result)).not.toContain('0470123456');
    expect(JSON.stringify(result)).not.toContain('SMsecret');
  });
});

// ── TwiML ───────────────────────────────────────────────────────────────────────────────────────

const parser = new XMLParser({ isArray: (name) => name === 'Message' });
const parse = (xml: string): { Response: { Message?: string[] } | '' } => parser.parse(xml) as { Response: { Message?: string[] } | '' };

describe('messagingTwiml', () => {
  it('puts all replies in one <Message>, joined by a blank line', () => {
    const xml = messagingTwiml([{ text: 'Dank je!' }, { text: 'Vraag 1: Hoe gaat het?' }, { text: 'كيف حالك؟' }]);
    const doc = parse(xml);
    expect(doc.Response).toEqual({ Message: ['Dank je!\n\nVraag 1: Hoe gaat het?\n\nكيف حالك؟'] });
    expect(xml.match(/<Message>/g)).toHaveLength(1);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('a single reply is one <Message> with that text', () => {
    expect(parse(messagingTwiml([{ text: 'Bedankt' }])).Response).toEqual({ Message: ['Bedankt'] });
  });

  it('escapes & and < (and >) so the XML stays well-formed', () => {
    const xml = messagingTwiml([{ text: 'Tom & Jerry <script>' }, { text: '1 < 2 && 3 > 2' }]);
    expect(xml).toContain('Tom &amp; Jerry &lt;script&gt;');
    expect(xml).toContain('1 &lt; 2 &amp;&amp; 3 &gt; 2');
    expect(xml).not.toContain('<script>');
    expect(parse(xml).Response).toEqual({ Message: ['Tom & Jerry <script>\n\n1 < 2 && 3 > 2'] });
  });

  it('no replies give an empty <Response/>', () => {
    const xml = messagingTwiml([]);
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(parse(xml).Response).toBe('');
    expect(xml).not.toContain('<Message');
  });
});

describe('serviceDay', () => {
  it('is the Brussels calendar day, not the UTC one', async () => {
    const { serviceDay } = await import('../../core/day.js');
    expect(serviceDay(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24'); // 00:30 in Brussels (winter, UTC+1)
    expect(serviceDay(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02'); // 00:30 in Brussels (summer, UTC+2)
    expect(serviceDay(new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-23');
  });
});
