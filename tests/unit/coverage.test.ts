import { describe, expect, it } from 'vitest';
import { coverageFor, fromTranscribeLanguage, identifyOptions, isCovered, TRANSCRIBE_COVERAGE, transcribeLanguage } from '../../core/voice/coverage.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';

describe('AWS Transcribe language coverage (data)', () => {
  it('maps the covered languages to Transcribe batch codes', () => {
    expect(Object.fromEntries(['nl', 'fr', 'en', 'ar', 'fa', 'uk', 'ru', 'ro', 'pl', 'es', 'so'].map((c) => [c, transcribeLanguage(c)]))).toEqual({
      nl: 'nl-NL',
      fr: 'fr-FR',
      en: 'en-GB',
      ar: 'ar-SA',
      fa: 'fa-IR',
      uk: 'uk-UA',
      ru: 'ru-RU',
      ro: 'ro-RO',
      pl: 'pl-PL',
      es: 'es-ES',
      so: 'so-SO',
    });
  });

  it('does not cover Tigrinya, Turkish (region-only), Pashto, Kurmanji, Darija or Tamazight', () => {
    for (const code of ['ti', 'tr', 'ps', 'ku', 'kmr', 'ary', 'ber', 'zgh']) {
      expect(isCovered(code), code).toBe(false);
      expect(transcribeLanguage(code), code).toBeNull();
    }
    expect(isCovered('xx')).toBe(false);
  });

  it('has one row per code, a note for every uncovered language, and a row for every project language', () => {
    const codes = TRANSCRIBE_COVERAGE.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const row of TRANSCRIBE_COVERAGE.filter((r) => r.transcribe === null)) expect(row.note, row.code).not.toBe('');
    for (const code of SUPPORTED_LANGUAGES) expect(codes, code).toContain(code);
    // IdentifyLanguage refuses two dialects of one language: one Transcribe code per language.
    const bases = TRANSCRIBE_COVERAGE.flatMap((r) => (r.transcribe ? [r.transcribe.split('-')[0]] : []));
    expect(new Set(bases).size).toBe(bases.length);
  });

  it('maps identified languages back to our codes, other dialects by prefix', () => {
    expect(fromTranscribeLanguage('ar-SA')).toBe('ar');
    expect(fromTranscribeLanguage('ar-AE')).toBe('ar');
    expect(fromTranscribeLanguage('nl-NL')).toBe('nl');
    expect(fromTranscribeLanguage('en-US')).toBe('en');
    expect(fromTranscribeLanguage('de-DE')).toBeNull();
  });
});

describe('identifyOptions (IdentifyLanguage takes 2–5 LanguageOptions)', () => {
  it('keeps the covered candidates, in order, as Transcribe codes', () => {
    expect(identifyOptions(['nl', 'ti', 'ar', 'tr'])).toEqual(['nl-NL', 'ar-SA']);
  });

  it('is null with fewer than two covered candidates', () => {
    expect(identifyOptions(['nl', 'ti', 'tr'])).toBeNull();
    expect(identifyOptions(['ti'])).toBeNull();
    expect(identifyOptions([])).toBeNull();
  });

  it('caps at five and ignores duplicates', () => {
    expect(identifyOptions(['nl', 'nl', 'fr', 'en', 'ar', 'fa', 'uk', 'ru'])).toEqual(['nl-NL', 'fr-FR', 'en-GB', 'ar-SA', 'fa-IR']);
  });
});

describe('coverageFor (dashboard)', () => {
  it('answers per project language, in the project order, unknown codes as not covered', () => {
    const rows = coverageFor(['nl', 'ti', 'ar', 'xx']);
    expect(rows.map((r) => [r.code, r.covered, r.transcribe])).toEqual([
      ['nl', true, 'nl-NL'],
      ['ti', false, null],
      ['ar', true, 'ar-SA'],
      ['xx', false, null],
    ]);
    expect(rows[3]?.note).toMatch(/human transcription queue/);
  });

  it('covers every project language except Tigrinya and Turkish', () => {
    expect(
      coverageFor(SUPPORTED_LANGUAGES)
        .filter((r) => !r.covered)
        .map((r) => r.code),
    ).toEqual(['tr', 'ti']);
  });
});
