import { translations, type Translation } from '../locales/index.js';
import { normalizeText } from './normalize.js';

export type WordKind = keyof Translation['words'];

/**
 * Words recognised in every supported language at once: a participant who chose Arabic may still type
 * "yes" or "stop". Built once from `locales/<lng>/translation.json` → `words`.
 */
const SETS: ReadonlyMap<WordKind, ReadonlyMap<string, readonly string[]>> = (() => {
  // kind → normalized word → the languages it belongs to
  const sets = new Map<WordKind, Map<string, string[]>>();
  for (const [language, translation] of Object.entries(translations)) {
    for (const [kind, words] of Object.entries(translation.words) as Array<[WordKind, string[]]>) {
      const set = sets.get(kind) ?? new Map<string, string[]>();
      for (const w of words) {
        const key = normalizeText(w);
        const known = set.get(key) ?? [];
        if (!known.includes(language)) set.set(key, [...known, language]);
      }
      sets.set(kind, set);
    }
  }
  return sets;
})();

export function isWord(kind: WordKind, normalized: string): boolean {
  return SETS.get(kind)?.has(normalized) ?? false;
}

/** The languages in which `normalized` is a word of `kind` ("stoppen" → ["nl"], "stop" → ["nl", "fr", "en", …]). */
export function wordLanguages(kind: WordKind, normalized: string): readonly string[] {
  return SETS.get(kind)?.get(normalized) ?? [];
}

/** The longest word of `kind` the normalized text starts with, followed by a space or the end. */
export function leadingWord(kind: WordKind, normalized: string): string | undefined {
  let best: string | undefined;
  for (const w of SETS.get(kind)?.keys() ?? []) {
    if ((normalized === w || normalized.startsWith(`${w} `)) && (best === undefined || w.length > best.length)) best = w;
  }
  return best;
}

/** The fixed answers whose labels the conversation shows ("1. Yes, I agree"), by the `answer.*` keys that say them. */
const LABEL_KEYS = {
  yes: ['yes', 'yesPlease'],
  no: ['no', 'noThanks'],
  true: ['true'],
  not_true: ['not_true'],
  dont_know: ['dont_know'],
} as const satisfies Record<string, ReadonlyArray<keyof Translation['answer']>>;
export type LabelledAnswer = keyof typeof LABEL_KEYS;

/**
 * Labels recognised in every supported language: a participant who types back the label they were shown
 * ("نعم، أوافق", "Ja, ik ga akkoord") means that answer, even when the label is not one of the short words.
 */
const LABELS: ReadonlyMap<LabelledAnswer, ReadonlySet<string>> = new Map(
  (Object.entries(LABEL_KEYS) as Array<[LabelledAnswer, ReadonlyArray<keyof Translation['answer']>]>).map(([answer, keys]) => [
    answer,
    new Set(Object.values(translations).flatMap((t) => keys.map((k) => normalizeText(t.answer[k])))),
  ]),
);

export function isAnswerLabel(answer: LabelledAnswer, normalized: string): boolean {
  return LABELS.get(answer)?.has(normalized) ?? false;
}
