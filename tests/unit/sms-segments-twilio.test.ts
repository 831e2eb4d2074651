import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../core/sms-segments.js';
import { systemMessages } from './support/participant-messages.js';
import { createTexts } from '../../core/texts.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';

/**
 * Our one SMS-part counter (core/sms-segments.ts, kept small and dependency-free for the dashboard and the
 * functions) against Twilio's own calculator (npm `sms-segments-calculator`, a test dependency only): the
 * same encoding and the same number of parts for every participant text in 8 languages, and for random
 * texts mixing GSM-7 letters, extension characters, accents outside GSM-7, Arabic, Ge'ez and emoji.
 */

const twilio = (text: string) => {
  const m = new SegmentedMessage(text, 'auto', false);
  return { encoding: m.encodingName, segments: m.segmentsCount };
};
const ours = (text: string) => {
  const s = smsSegments(text);
  return { encoding: s.encoding, segments: s.segments };
};

describe('SMS parts: our counter and Twilio’s calculator agree', () => {
  it('on every participant text, in every language', () => {
    const texts = createTexts();
    let compared = 0;
    for (const language of SUPPORTED_LANGUAGES)
      for (const m of systemMessages(texts, language)) {
        expect(ours(m.text), `${language} ${m.what}`).toEqual(twilio(m.text));
        compared++;
      }
    expect(compared).toBeGreaterThan(8 * 30);
  });

  it('on random texts around the part boundaries', () => {
    const pieces = ['a', 'Z', ' ', '\n', 'é', 'à', '€', '[', '^', '~', 'ê', 'ç', 'ğ', 'ن', 'ሰ', 'ї', '😄', '👍🏽', '…', '’'];
    const text = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 400 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(ours(t)).toEqual(twilio(t));
      }),
      { numRuns: 400 },
    );
  });
});
