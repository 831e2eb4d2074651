/**
 * Given names, to tell a name from a word where the sentence only hints at one: "ik ben ahmed" (a name)
 * but "ik ben moe" (tired), "أنا أحمد" but "أنا سوري", "ኣነ ዳዊት እየ" but "ኣነ ኤርትራዊ እየ". Scripts without
 * capitals (Arabic, Persian, Ge'ez) and lower-case transcripts have nothing else to go by.
 *
 * The list is generated from maintained lists (given-names/given-names.json, built and checked by
 * tests/unit/redaction-names.test.ts) and holds folded keys (keyOf), front-coded. It is decoded into a set
 * on first use, not at module load: most messages have no cue and never need it.
 */
import names from './given-names/given-names.json' with { type: 'json' };
import { keyOf } from './redact-text.js';

export const GIVEN_NAME_SCRIPTS = ['latin', 'arabic', 'cyrillic', 'ethiopic'] as const;

/** Sorted names, each as one digit (characters shared with the one before, at most 9) and the rest. */
export function encodeNames(sorted: readonly string[]): string {
  let previous = '';
  return sorted
    .map((name) => {
      let shared = 0;
      while (shared < 9 && shared < previous.length && shared < name.length && previous[shared] === name[shared]) shared++;
      previous = name;
      return `${shared}${name.slice(shared)}`;
    })
    .join(' ');
}

export function decodeNames(encoded: string): string[] {
  let previous = '';
  return encoded
    .split(' ')
    .filter((entry) => entry !== '')
    .map((entry) => {
      previous = previous.slice(0, Number(entry.charAt(0))) + entry.slice(1);
      return previous;
    });
}

let set: ReadonlySet<string> | undefined;

export function isGivenName(word: string): boolean {
  set ??= new Set(GIVEN_NAME_SCRIPTS.flatMap((script) => decodeNames(names[script])));
  return set.has(keyOf(word));
}
