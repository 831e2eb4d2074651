/**
 * Redaction of a transcript before it is stored (DESIGN.md, "Privacy by construction"): phone numbers,
 * e-mail addresses, IBANs, Belgian national register numbers, file and case numbers, dates of birth, street
 * addresses and names become `[phone]`, `[email]`, `[iban]`, `[national-number]`, `[case-number]`,
 * `[date-of-birth]`, `[address]`, `[name]`. How well, per kind and language, is a bench figure
 * (bench/redaction.ts, on the corpus in tests/unit/redaction-corpus/cases/).
 *
 * Pure, deterministic and total: no clock, no I/O, every string gives a string. Idempotent: tokens are never
 * matched or cut, and the detectors run again until nothing changes. Every pattern is bounded, so time
 * grows with the length of the text and not faster.
 *
 * All rules run whatever the language: participants mix languages, and transcripts carry Belgian street
 * names and French or Dutch numbers into Arabic or Tigrinya speech. The language only turns on words that
 * mean something else elsewhere (Turkish "on" = 10, "ben" = I) and the words that are no names in it.
 */
import { findAddresses } from './redact-addresses.js';
import { findCaseNumbers } from './redact-case-numbers.js';
import { findDatesOfBirth } from './redact-dates.js';
import { findEmails } from './redact-email.js';
import { findNames } from './redact-names.js';
import { findIbans, findNationalNumbers, findWrittenPhones } from './redact-numbers.js';
import { findSpokenPhones } from './redact-spoken-digits.js';
import { applySpans, REDACTION_KINDS, viewOf, type Detector, type RedactionKind } from './redact-text.js';

export { REDACTION_KINDS, type RedactionKind } from './redact-text.js';

export interface Redaction {
  readonly kind: RedactionKind;
  /** How many values of this kind were replaced. The values themselves are never returned. */
  readonly count: number;
}

export interface RedactedTranscript {
  readonly text: string;
  /** Kinds that were found, in the order of REDACTION_KINDS; kinds with no finding are left out. */
  readonly redactions: Redaction[];
}

/**
 * Order matters: checksummed and most specific first, so an IBAN is not read as a phone number and a
 * national number (which holds a birth date) is not read as a date.
 */
const DETECTORS: ReadonlyArray<readonly [RedactionKind, Detector]> = [
  ['email', findEmails],
  ['iban', findIbans],
  ['national-number', findNationalNumbers],
  ['date-of-birth', findDatesOfBirth],
  ['case-number', findCaseNumbers], // before phones: "mijn nummer bij de DVZ is 8.123.456" names a file
  ['phone', findSpokenPhones], // before written phones: "nul 470 12 34 56" is one number
  ['phone', findWrittenPhones],
  ['address', findAddresses],
  ['name', findNames],
];

/** One pass nearly always suffices; a second only when a redaction brought two parts of a value together. */
const MAX_PASSES = 4;

export function redactTranscript(text: string, language: string): RedactedTranscript {
  const counts = new Map<RedactionKind, number>();
  let current = typeof text === 'string' ? text : '';
  const lang = typeof language === 'string' ? language.toLowerCase() : '';
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = current;
    for (const [kind, detect] of DETECTORS) {
      const spans = detect(viewOf(current), lang, current);
      if (spans.length === 0) continue;
      const result = applySpans(current, spans, kind);
      current = result.text;
      if (result.count > 0) counts.set(kind, (counts.get(kind) ?? 0) + result.count);
    }
    if (current === before) break;
  }
  const redactions = REDACTION_KINDS.flatMap((kind) => {
    const count = counts.get(kind) ?? 0;
    return count > 0 ? [{ kind, count }] : [];
  });
  return { text: current, redactions };
}
