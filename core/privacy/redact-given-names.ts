/**
 * Given names, to tell a name from a word where the sentence only hints at one: "ik ben ahmed" (a name)
 * but "ik ben moe" (tired), "أنا أحمد" but "أنا سوري", "ኣነ ዳዊት እየ" but "ኣነ ኤርትራዊ እየ". Scripts without
 * capitals (Arabic, Persian, Ge'ez) and lower-case transcripts have nothing else to go by.
 *
 * The list is generated from maintained lists (see given-names/given-names.json and the test that builds
 * it) and holds folded keys (keyOf). It is read into a set on first use, not at module load: most messages
 * have no cue and never need it.
 */
import names from './given-names/given-names.json' with { type: 'json' };
import { keyOf } from './redact-text.js';

export const GIVEN_NAME_SCRIPTS = ['latin', 'arabic', 'cyrillic', 'ethiopic'] as const;

let set: ReadonlySet<string> | undefined;

function given(): ReadonlySet<string> {
  set ??= new Set(GIVEN_NAME_SCRIPTS.flatMap((script) => names[script].split(' ')).filter((n) => n !== ''));
  return set;
}

export function isGivenName(word: string): boolean {
  return given().has(keyOf(word));
}
