import fc from 'fast-check';
import TwilioMessaging from 'twilio/lib/twiml/MessagingResponse.js';
import TwilioVoice from 'twilio/lib/twiml/VoiceResponse.js';
import { describe, expect, it } from 'vitest';
import { MessagingResponse, VoiceResponse } from '../../adapters/twilio/twiml-writer.js';

/**
 * Stem's TwiML writer against the `twilio` helper it stands in for: the same calls on both must give the
 * same bytes — for the verbs Stem uses, every attribute shape (strings, numbers, booleans, arrays, absent
 * ones), and any text or URL, escaping included.
 */

type Verb = 'say' | 'play' | 'redirect' | 'pause' | 'record' | 'hangup' | 'reject' | 'gather';
interface Step {
  verb: Verb;
  attributes: Record<string, string | number | boolean | string[] | undefined>;
  text: string;
  inside: Step[];
}

// Any text XML can hold (the helper throws on the rest): letters of every script, emoji, quotes, ampersands, line breaks.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const xmlText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", '\n', '\r', '\t', ' ', 'é', 'ع', 'ሀ', '😀', '👩‍👩‍👧'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((g) => !NOT_XML.test(g)),
  ),
});
const attributes = fc.dictionary(
  fc.constantFrom('action', 'method', 'numDigits', 'input', 'timeout', 'language', 'voice', 'playBeep', 'trim', 'length', 'speechTimeout'),
  fc.oneof(xmlText, fc.integer(), fc.boolean(), fc.array(fc.constantFrom('dtmf', 'speech')), fc.constant(undefined)),
);
const leafOf = (verbs: Verb[]): fc.Arbitrary<Step> =>
  fc.record({ verb: fc.constantFrom(...verbs), attributes, text: xmlText }).map((r) => ({ ...r, inside: [] }));
// <Gather> nests <Say>, <Play> and <Pause> only (the helper's Gather has no other verbs).
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: leafOf(['say', 'play', 'redirect', 'pause', 'record', 'hangup', 'reject']), weight: 4 },
  {
    arbitrary: fc
      .record({ attributes, inside: fc.array(leafOf(['say', 'play', 'pause']), { maxLength: 3 }) })
      .map((r) => ({ verb: 'gather' as const, text: '', ...r })),
    weight: 1,
  },
);

function apply(into: unknown, steps: Step[]): void {
  const node = into as Record<string, (a?: unknown, b?: unknown) => unknown>;
  for (const s of steps) {
    const call = node[s.verb];
    if (!call) throw new Error(s.verb);
    if (s.verb === 'gather') apply(call.call(node, s.attributes), s.inside);
    else if (s.verb === 'hangup') call.call(node);
    else if (s.verb === 'pause' || s.verb === 'record' || s.verb === 'reject') call.call(node, s.attributes);
    else call.call(node, s.attributes, s.text);
  }
}

describe('the TwiML writer', () => {
  it('writes voice TwiML byte for byte as the twilio helper does', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        const ours = new VoiceResponse();
        const theirs = new TwilioVoice();
        apply(ours, steps);
        apply(theirs, steps);
        expect(ours.toString()).toBe(theirs.toString());
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it('writes messaging TwiML byte for byte as the twilio helper does: plain messages, and Body with Media', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(xmlText, fc.option(xmlText, { nil: undefined }), fc.boolean()), { maxLength: 4 }), (messages) => {
        const ours = new MessagingResponse();
        const theirs = new TwilioMessaging();
        for (const [text, media, plain] of messages) {
          if (plain) {
            ours.message(text);
            theirs.message(text);
            continue;
          }
          const [a, b] = [ours.message({}, ''), theirs.message({}, '')];
          a.body(text);
          b.body(text);
          if (media !== undefined) {
            a.media(media);
            b.media(media);
          }
        }
        expect(ours.toString()).toBe(theirs.toString());
      }),
      { numRuns: 300, seed: 20261124 },
    );
    expect(new MessagingResponse().toString()).toBe(new TwilioMessaging().toString());
  });

  it('drops what XML cannot hold instead of throwing, so an odd message is still answered', () => {
    const response = new MessagingResponse();
    response.message('a\u0000b\uD800c\uFFFEd\u000Be');
    expect(response.toString()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>abcde</Message></Response>');
    expect(() => {
      const theirs = new TwilioMessaging();
      theirs.message('a\u0000b');
      return theirs.toString();
    }).toThrow();
  });
});
