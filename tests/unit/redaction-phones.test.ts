import { getExampleNumber, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';

import { redactTranscript } from '../../core/privacy/redact.js';

/**
 * Written phone numbers, checked against a maintained numbering-plan library instead of numbers we made up:
 * libphonenumber-js (Google's metadata) gives a valid mobile number of every country participants call,
 * in the formats phones and people write (E.164, international, with 00, national). The redactor itself
 * does not ship the library (60 KB of code and metadata in a webhook bundle near its budget); it must take
 * every one of these numbers out, digits included, in the language the participant writes.
 */

const COUNTRIES: readonly CountryCode[] = [
  'BE',
  'NL',
  'FR',
  'DE',
  'LU',
  'GB',
  'ES',
  'IT',
  'PL',
  'RO',
  'BG',
  'GR',
  'AL',
  'XK',
  'RS',
  'MA',
  'DZ',
  'TN',
  'LY',
  'EG',
  'SD',
  'SY',
  'IQ',
  'JO',
  'LB',
  'PS',
  'SA',
  'YE',
  'TR',
  'IR',
  'AF',
  'PK',
  'TJ',
  'UZ',
  'ER',
  'ET',
  'SO',
  'CD',
  'CM',
  'GN',
  'SN',
  'ML',
  'CI',
  'NG',
  'GH',
  'BI',
  'RW',
  'UA',
  'RU',
  'GE',
  'AM',
  'US',
];

/** "My number is" as each language writes it before a number. */
const MY_NUMBER: ReadonlyArray<readonly [string, string]> = [
  ['nl', 'mijn nummer is'],
  ['fr', 'mon numéro est le'],
  ['en', 'my number is'],
  ['ar', 'رقمي'],
  ['fa', 'شماره‌ام'],
  ['ti', 'ቁጽረይ'],
  ['uk', 'мій номер'],
  ['tr', 'numaram'],
];

const digits = (s: string): string => s.replace(/\D/g, '');
/** The subscriber's part: what identifies, whatever prefix is written in front of it. */
const subscriber = (national: string): string => national.slice(-6);

function leaks(output: string, national: string): boolean {
  return digits(output).includes(subscriber(national));
}

const cases = COUNTRIES.map((country) => {
  const n = getExampleNumber(country, examples);
  if (!n) throw new Error(`no example number for ${country}`);
  return { country, n };
});

describe('written phone numbers of every country participants call (libphonenumber-js examples)', () => {
  it.each(cases)('$country in international formats, in every language', ({ n }) => {
    const national = String(n.nationalNumber);
    const written = [
      n.number,
      n.formatInternational(),
      `00${n.countryCallingCode}${national}`,
      n.formatInternational().replace(/ /g, '\u202F'),
      n.formatInternational().replace(/ /g, '-'),
    ];
    for (const [language, cue] of MY_NUMBER) {
      for (const form of written) {
        const output = redactTranscript(`${cue} ${form}, merci`, language).text;
        expect(leaks(output, national), `${language}: ${form} → ${output}`).toBe(false);
      }
    }
  });

  it.each(cases)('$country in its national format after "my number", in every language', ({ n }) => {
    const national = String(n.nationalNumber);
    const form = n.formatNational();
    for (const [language, cue] of MY_NUMBER) {
      const output = redactTranscript(`${cue} ${form}`, language).text;
      expect(leaks(output, national), `${language}: ${form} → ${output}`).toBe(false);
    }
  });

  it.each(cases.filter(({ n }) => /^0/.test(n.formatNational()) && digits(n.formatNational()).length >= 9))(
    '$country in its national format without a word before it (a leading 0 and nine digits or more)',
    ({ n }) => {
      const output = redactTranscript(`ok ${n.formatNational()} ok`, 'en').text;
      expect(leaks(output, String(n.nationalNumber)), output).toBe(false);
    },
  );
});
