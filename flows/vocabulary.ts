import { translations, type Translation } from '../locales/index.js';
import { normalizeText } from './normalize.js';

export type WordKind = keyof Translation['words'];

/**
 * Words recognised in every supported language at once: a participant who chose Arabic may still type
 * "yes" or "stop". Built once from `locales/<lng>/translation.json` → `words`.
 */
const SETS: ReadonlyMap<WordKind, ReadonlySet<string>> = (() => {
  const sets = new Map<WordKind, Set<string>>();
  for (const translation of Object.values(translations)) {
    for (const [kind, words] of Object.entries(translation.words) as Array<[WordKind, string[]]>) {
      const set = sets.get(kind) ?? new Set<string>();
      for (const w of words) set.add(normalizeText(w));
      sets.set(kind, set);
    }
  }
  return sets;
})();

export function isWord(kind: WordKind, normalized: string): boolean {
  return SETS.get(kind)?.has(normalized) ?? false;
}

/** The longest word of `kind` the normalized text starts with, followed by a space or the end. */
export function leadingWord(kind: WordKind, normalized: string): string | undefined {
  let best: string | undefined;
  for (const w of SETS.get(kind) ?? []) {
    if ((normalized === w || normalized.startsWith(`${w} `)) && (best === undefined || w.length > best.length)) best = w;
  }
  return best;
}
