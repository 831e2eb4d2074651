/**
 * Which languages AWS Transcribe can transcribe as a batch job, as data (DESIGN.md "Languages",
 * FACTS.md "AWS Transcribe"). A language with `transcribe: null` goes straight to the human
 * transcription queue. Checked against the AWS "Supported languages" page, November 2026.
 */
export interface TranscribeCoverage {
  /** Our language code (as in locales/ and survey definitions). */
  code: string;
  englishName: string;
  /** The Transcribe batch LanguageCode, or null: not covered. */
  transcribe: string | null;
  note: string;
}

export const TRANSCRIBE_COVERAGE: readonly TranscribeCoverage[] = [
  { code: 'nl', englishName: 'Dutch', transcribe: 'nl-NL', note: 'No nl-BE model; nl-NL understands Flemish speech.' },
  { code: 'fr', englishName: 'French', transcribe: 'fr-FR', note: 'No fr-BE model; fr-CA exists but fr-FR is closer to Belgian French.' },
  {
    code: 'en',
    englishName: 'English',
    transcribe: 'en-GB',
    note: 'en-GB: European spelling; most speakers here are second-language speakers, for whom no variant is closer.',
  },
  {
    code: 'ar',
    englishName: 'Arabic',
    transcribe: 'ar-SA',
    note: 'Modern Standard Arabic; ar-AE (Gulf) also exists. No Maghrebi or Levantine model: dialect speech may transcribe poorly.',
  },
  { code: 'fa', englishName: 'Persian', transcribe: 'fa-IR', note: 'Iranian Persian; fa-AF (Dari) is streaming-only and in some regions.' },
  { code: 'uk', englishName: 'Ukrainian', transcribe: 'uk-UA', note: '' },
  { code: 'ru', englishName: 'Russian', transcribe: 'ru-RU', note: '' },
  { code: 'ro', englishName: 'Romanian', transcribe: 'ro-RO', note: '' },
  { code: 'pl', englishName: 'Polish', transcribe: 'pl-PL', note: '' },
  { code: 'es', englishName: 'Spanish', transcribe: 'es-ES', note: '' },
  { code: 'so', englishName: 'Somali', transcribe: 'so-SO', note: '' },
  {
    code: 'tr',
    englishName: 'Turkish',
    transcribe: null,
    note: 'tr-TR is offered only in some regions (and for streaming): treated as not covered until confirmed for batch in our region.',
  },
  {
    code: 'ps',
    englishName: 'Pashto',
    transcribe: null,
    note: 'ps-AF is offered only in some regions: treated as not covered until confirmed for batch in our region.',
  },
  { code: 'ti', englishName: 'Tigrinya', transcribe: null, note: 'No Transcribe model.' },
  { code: 'ku', englishName: 'Kurdish (Kurmanji)', transcribe: null, note: 'No Kurmanji model (Transcribe has Sorani, ckb, which is a different variety).' },
  { code: 'kmr', englishName: 'Kurmanji', transcribe: null, note: 'No Kurmanji model.' },
  { code: 'ary', englishName: 'Moroccan Arabic (Darija)', transcribe: null, note: 'No Darija model; ar-SA does not understand Darija reliably.' },
  { code: 'ber', englishName: 'Berber (Tamazight)', transcribe: null, note: 'No Tamazight model.' },
  { code: 'zgh', englishName: 'Standard Moroccan Tamazight', transcribe: null, note: 'No Tamazight model.' },
];

const BY_CODE: ReadonlyMap<string, TranscribeCoverage> = new Map(TRANSCRIBE_COVERAGE.map((row) => [row.code, row]));
const BY_TRANSCRIBE: ReadonlyMap<string, string> = new Map(
  TRANSCRIBE_COVERAGE.flatMap((row) => (row.transcribe ? [[row.transcribe.toLowerCase(), row.code] as const] : [])),
);

/** The Transcribe LanguageCode for one of our languages, or null when not covered (or unknown). */
export function transcribeLanguage(code: string): string | null {
  return BY_CODE.get(code)?.transcribe ?? null;
}

export function isCovered(code: string): boolean {
  return transcribeLanguage(code) !== null;
}

/** Back from a Transcribe LanguageCode (e.g. the identified one) to our code; other dialects by their prefix. */
export function fromTranscribeLanguage(transcribe: string): string | null {
  const exact = BY_TRANSCRIBE.get(transcribe.toLowerCase());
  if (exact) return exact;
  const base = transcribe.split('-')[0]?.toLowerCase() ?? '';
  return BY_CODE.has(base) ? base : null;
}

/** IdentifyLanguage needs 2–5 LanguageOptions: the first five covered candidates, or null if fewer than two. */
export function identifyOptions(candidates: readonly string[]): string[] | null {
  const options = [...new Set(candidates.flatMap((code) => transcribeLanguage(code) ?? []))].slice(0, 5);
  return options.length >= 2 ? options : null;
}

export interface LanguageCoverage {
  code: string;
  covered: boolean;
  transcribe: string | null;
  /** Why not, or the caveat; for the dashboard. */
  note: string;
}

/** Coverage per project language, in the project's order, for the dashboard. */
export function coverageFor(languages: readonly string[]): LanguageCoverage[] {
  return languages.map((code) => {
    const row = BY_CODE.get(code);
    if (!row) return { code, covered: false, transcribe: null, note: 'Not in the coverage table: answers go to the human transcription queue.' };
    return { code, covered: row.transcribe !== null, transcribe: row.transcribe, note: row.note };
  });
}
