/**
 * How Stem speaks and listens in a phone call, per language, as data (DESIGN.md "Languages", FACTS.md
 * "Twilio voice"). `say`: the Polly voice Twilio's <Say> uses (neural where Polly has one); null: no
 * voice, so prompts must be recorded (<Play>). `speech`: the <Gather> speech-recognition language
 * where spoken answers ("twee", "oui") help; elsewhere answers are by keypad only. Voices and languages
 * are checked against the twilio helper's own lists (tests/unit/call-voices.test.ts).
 */
export interface SpokenLanguage {
  code: string;
  say: { voice: string; language: string } | null;
  speech: string | null;
  note: string;
}

export const SPOKEN_LANGUAGES: readonly SpokenLanguage[] = [
  { code: 'nl', say: { voice: 'Polly.Lisa-Neural', language: 'nl-BE' }, speech: 'nl-BE', note: 'Lisa speaks Belgian Dutch (Flemish).' },
  {
    code: 'fr',
    say: { voice: 'Polly.Isabelle-Neural', language: 'fr-BE' },
    speech: 'fr-FR',
    note: 'Isabelle speaks Belgian French; speech recognition has no fr-BE.',
  },
  { code: 'en', say: { voice: 'Polly.Amy-Neural', language: 'en-GB' }, speech: 'en-GB', note: '' },
  {
    code: 'ar',
    say: { voice: 'Polly.Zeina', language: 'arb' },
    speech: null,
    note: 'Modern Standard Arabic (standard voice; the neural Hala is Gulf Arabic). Keypad only.',
  },
  { code: 'tr', say: { voice: 'Polly.Burcu-Neural', language: 'tr-TR' }, speech: 'tr-TR', note: '' },
  { code: 'ru', say: { voice: 'Polly.Tatyana', language: 'ru-RU' }, speech: null, note: 'Keypad only.' },
  { code: 'pl', say: { voice: 'Polly.Ola-Neural', language: 'pl-PL' }, speech: null, note: 'Keypad only.' },
  { code: 'ro', say: { voice: 'Polly.Carmen', language: 'ro-RO' }, speech: null, note: 'Keypad only.' },
  { code: 'es', say: { voice: 'Polly.Lucia-Neural', language: 'es-ES' }, speech: null, note: 'Keypad only.' },
  { code: 'fa', say: null, speech: null, note: 'No Polly voice for Persian: recorded prompts.' },
  { code: 'uk', say: null, speech: null, note: 'No Polly voice for Ukrainian: recorded prompts.' },
  { code: 'ti', say: null, speech: null, note: 'No Polly voice for Tigrinya: recorded prompts.' },
  { code: 'ps', say: null, speech: null, note: 'No Polly voice for Pashto: recorded prompts.' },
  { code: 'so', say: null, speech: null, note: 'No Polly voice for Somali: recorded prompts.' },
  { code: 'ku', say: null, speech: null, note: 'No Polly voice for Kurdish: recorded prompts.' },
];

const BY_CODE: ReadonlyMap<string, SpokenLanguage> = new Map(SPOKEN_LANGUAGES.map((row) => [row.code, row]));

export function spoken(code: string): SpokenLanguage {
  return BY_CODE.get(code) ?? { code, say: null, speech: null, note: 'Not in the table: recorded prompts.' };
}

export const canSay = (code: string): boolean => spoken(code).say !== null;
