/**
 * The writing system someone's own words are in. A column can say `other` for a rare language, but a
 * story typed in Ge'ez or Arabic script still says it (issue 16: "filtering the CSV on ar gives all their
 * answers and stories"), so the export withholds the words of people whose script fewer than k used.
 */
const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['latin', /\p{Script=Latin}/gu],
  ['arabic', /\p{Script=Arabic}/gu],
  ['ethiopic', /\p{Script=Ethiopic}/gu],
  ['cyrillic', /\p{Script=Cyrillic}/gu],
];
const LETTERS = /\p{L}/gu;

/** The script most letters of these texts are in; null when they hold no letter. */
export function dominantScript(texts: ReadonlyArray<string | null>): string | null {
  let best: string | null = null;
  let most = 0;
  const joined = texts.filter((t): t is string => typeof t === 'string').join(' ');
  let named = 0;
  for (const [name, letters] of SCRIPTS) {
    const n = joined.match(letters)?.length ?? 0;
    named += n;
    if (n > most) [best, most] = [name, n];
  }
  // Letters of any other script (Han, Devanagari, Georgian…) count as one more group.
  const others = (joined.match(LETTERS)?.length ?? 0) - named;
  return others > most ? 'other' : best;
}
