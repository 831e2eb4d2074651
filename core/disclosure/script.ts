/**
 * The writing systems someone's own words are in. A column can say `other` for a rare language, but a
 * story typed in Ge'ez or Arabic script still says it (issue 16: "filtering the CSV on ar gives all their
 * answers and stories"), so the export withholds the words of people who wrote in a script fewer than k
 * used — in any of their answers: one Arabic answer among Latin ones is as telling as all of them.
 */
const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['latin', /\p{Script=Latin}/gu],
  ['arabic', /\p{Script=Arabic}/gu],
  ['ethiopic', /\p{Script=Ethiopic}/gu],
  ['cyrillic', /\p{Script=Cyrillic}/gu],
];
const LETTERS = /\p{L}/gu;

/** Every script these texts hold a letter of, sorted (letters of unnamed scripts as `other`). */
export function scriptsOf(texts: ReadonlyArray<string | null>): string[] {
  const joined = texts.filter((t): t is string => typeof t === 'string').join(' ');
  let named = 0;
  const found: string[] = [];
  for (const [name, letters] of SCRIPTS) {
    const n = joined.match(letters)?.length ?? 0;
    named += n;
    if (n > 0) found.push(name);
  }
  if ((joined.match(LETTERS)?.length ?? 0) > named) found.push('other');
  return found.sort();
}
