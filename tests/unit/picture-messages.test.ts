import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { generateProtectorKeys, NodeCryptoProtector } from '../../adapters/crypto/node-protector.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { TwilioMessenger } from '../../adapters/twilio/twilio-messenger.js';
import { messagingTwiml, WHATSAPP_CAPTION_MAX } from '../../adapters/twilio/twiml.js';
import type { PictureRef } from '../../core/model.js';
import { pictureOfUrl, pictureUrl, TRIAD_PICTURE_PATH } from '../../http/picture-urls.js';
import { simulatorReplies, twimlMessages } from '../../local/simulator/routes.js';

/** A triad's picture on its way out: signed URLs, TwiML <Media>, Twilio REST MediaUrl, the local outbox, the simulator. */

const protector = new NodeCryptoProtector(generateProtectorKeys());
const REF: PictureRef = { kind: 'triad', surveyId: 'story_signifiers', surveyVersion: 2, questionId: 'difference', language: 'ar' };
const BASE = 'https://stem.example.be/';
const sign = (ref: PictureRef) => pictureUrl(protector, BASE, ref);

const parser = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media' });
type Doc = { Response: { Message: Array<string | { Body?: string; Media?: string[] }> } };
const parse = (xml: string): Doc => parser.parse(xml) as Doc;

describe('picture URLs', () => {
  it('name the picture on the public URL, with a keyed MAC that only the same key reproduces', () => {
    const url = new URL(sign(REF));
    expect(`${url.origin}${url.pathname}`).toBe(`https://stem.example.be${TRIAD_PICTURE_PATH}/story_signifiers/2/difference/ar.png`);
    const sig = url.searchParams.get('sig') ?? '';
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const parts = { surveyId: 'story_signifiers', version: '2', questionId: 'difference', file: 'ar.png' };
    expect(pictureOfUrl(protector, parts, sig)).toEqual(REF);
    expect(pictureOfUrl(new NodeCryptoProtector(generateProtectorKeys()), parts, sig)).toBeNull();
  });

  it('refuse any change to what the URL names, a missing signature and malformed parts', () => {
    const sig = new URL(sign(REF)).searchParams.get('sig') ?? '';
    const parts = { surveyId: 'story_signifiers', version: '2', questionId: 'difference', file: 'ar.png' };
    for (const changed of [
      { file: 'fa.png' },
      { version: '3' },
      { questionId: 'felt' },
      { surveyId: 'other' },
      { file: 'ar.svg' },
      { version: '02' },
      { surveyId: '../x' },
    ]) {
      expect(pictureOfUrl(protector, { ...parts, ...changed }, sig), JSON.stringify(changed)).toBeNull();
    }
    expect(pictureOfUrl(protector, parts, undefined)).toBeNull();
    expect(pictureOfUrl(protector, parts, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });
});

describe('TwiML with a picture', () => {
  it('puts the picture in the one <Message> as <Media>, the replies in <Body> as its caption', () => {
    const xml = messagingTwiml([{ text: 'شكرا' }, { text: 'من صنع الفرق؟\n1. المركز', picture: REF }], sign);
    expect(parse(xml).Response.Message).toEqual([{ Body: 'شكرا\n\nمن صنع الفرق؟\n1. المركز', Media: [sign(REF)] }]);
    expect(xml).toContain('<Media>https://stem.example.be/media/triad/story_signifiers/2/difference/ar.png?sig=');
  });

  it('sends one picture per message (WhatsApp takes one), and none without a way to sign it', () => {
    const other = { ...REF, questionId: 'second' };
    expect(
      parse(
        messagingTwiml(
          [
            { text: 'a', picture: REF },
            { text: 'b', picture: other },
          ],
          sign,
        ),
      ).Response.Message,
    ).toEqual([{ Body: 'a\n\nb', Media: [sign(REF)] }]);
    expect(parse(messagingTwiml([{ text: 'a', picture: REF }])).Response.Message).toEqual(['a']);
    expect(parse(messagingTwiml([{ text: 'no picture' }], sign)).Response.Message).toEqual(['no picture']);
  });

  it('a text too long for a caption goes alone, the picture in a message of its own after it', () => {
    const long = 'x'.repeat(WHATSAPP_CAPTION_MAX + 1);
    expect(parse(messagingTwiml([{ text: long, picture: REF }], sign)).Response.Message).toEqual([long, { Media: [sign(REF)] }]);
    const fits = 'ي'.repeat(WHATSAPP_CAPTION_MAX);
    expect(parse(messagingTwiml([{ text: fits, picture: REF }], sign)).Response.Message).toEqual([{ Body: fits, Media: [sign(REF)] }]);
  });

  it('reads back in the simulator as texts with their pictures', () => {
    const one = messagingTwiml([{ text: 'q', picture: REF }], sign);
    expect(twimlMessages(one)).toEqual(['q']);
    expect(simulatorReplies(one)).toEqual({ replies: ['q'], pictures: [sign(REF)], voiceNotes: [null] });
    const split = messagingTwiml([{ text: 'x'.repeat(WHATSAPP_CAPTION_MAX + 5), picture: REF }], sign);
    expect(twimlMessages(split)).toEqual(['x'.repeat(WHATSAPP_CAPTION_MAX + 5)]);
    expect(simulatorReplies(split).pictures).toEqual([sign(REF)]);
    expect(simulatorReplies(messagingTwiml([{ text: 'plain' }], sign))).toEqual({ replies: ['plain'], pictures: [null], voiceNotes: [null] });
  });
});

/** Twilio's REST API cannot be reached from here: fetch is replaced by one answering as Messages.create does. */
function fakeTwilio() {
  const forms: URLSearchParams[] = [];
  const fetchImpl: typeof fetch = async (_input, init) => {
    forms.push(new URLSearchParams(String(init?.body ?? '')));
    return new Response(JSON.stringify({ sid: `SM${'6'.repeat(32)}`, status: 'queued' }), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  return {
    forms,
    messenger: new TwilioMessenger(
      twilioRestClient(`AC${'4'.repeat(32)}`, 'token', 'https://api.twilio.test', fetchImpl),
      { sms: '+3225550100', whatsapp: 'whatsapp:+3225550100' },
      sign,
    ),
  };
}

describe('Twilio REST messages with a picture', () => {
  it('passes MediaUrl with the body over WhatsApp', async () => {
    const twilio = fakeTwilio();
    expect(await twilio.messenger.send({ channel: 'whatsapp', to: '+32470123456', text: 'من صنع الفرق؟', picture: REF })).toEqual({ ok: true });
    expect(twilio.forms.map((f) => [...f])).toEqual([
      [
        ['To', 'whatsapp:+32470123456'],
        ['From', 'whatsapp:+3225550100'],
        ['Body', 'من صنع الفرق؟'],
        ['MediaUrl', sign(REF)],
      ],
    ]);
  });

  it('sends no picture by SMS, and a long text first, then the picture on its own', async () => {
    const sms = fakeTwilio();
    await sms.messenger.send({ channel: 'sms', to: '+32470123456', text: 'q', picture: REF });
    expect(sms.forms[0]?.getAll('MediaUrl')).toEqual([]);
    const long = fakeTwilio();
    await long.messenger.send({ channel: 'whatsapp', to: '+32470123456', text: 'x'.repeat(WHATSAPP_CAPTION_MAX + 1), picture: REF });
    expect(long.forms.map((f) => [f.get('Body'), f.getAll('MediaUrl')])).toEqual([
      ['x'.repeat(WHATSAPP_CAPTION_MAX + 1), []],
      [null, [sign(REF)]],
    ]);
  });
});

describe('the local outbox', () => {
  it('keeps the signed URL of a WhatsApp picture, as Twilio would have fetched it', async () => {
    const outbox = new LocalOutbox(() => new Date('2026-11-23T10:00:00Z'), 10, sign);
    await outbox.send({ channel: 'whatsapp', to: '+32470123456', text: 'q', picture: REF });
    await outbox.send({ channel: 'sms', to: '+32470123456', text: 'q', picture: REF });
    await outbox.send({ channel: 'whatsapp', to: '+32470123456', text: 'plain' });
    expect(outbox.list('+32470123456').map((m) => [m.channel, m.picture])).toEqual([
      ['whatsapp', sign(REF)],
      ['sms', null],
      ['whatsapp', null],
    ]);
  });
});
