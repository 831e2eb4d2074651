/**
 * The part of the Unicode bidi algorithm (UAX #9) a label needs: classes, embedding levels for one line,
 * and the visual order of runs. No explicit embeddings (text-outlines.ts strips them).
 */

const MARK = /\p{M}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** Bidi classes this module distinguishes (a reduction of Unicode's). */
export type BidiClass = 'L' | 'R' | 'EN' | 'N' | 'NSM';

function isRtlCodePoint(cp: number): boolean {
  return (
    (cp >= 0x0590 && cp <= 0x08ff) ||
    (cp >= 0xfb1d && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe) ||
    (cp >= 0x10800 && cp <= 0x10fff) ||
    (cp >= 0x1e800 && cp <= 0x1efff)
  );
}

export function bidiClass(cp: number, character: string): BidiClass {
  if (cp === 0x200c || cp === 0x200d) return 'NSM'; // joiners belong to the run around them
  if (cp === 0x200e) return 'L';
  if (cp === 0x200f || cp === 0x061c) return 'R';
  if (MARK.test(character)) return 'NSM';
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06f0 && cp <= 0x06f9)) return 'EN';
  if (isRtlCodePoint(cp)) return LETTER_OR_NUMBER.test(character) ? 'R' : 'N';
  if (LETTER_OR_NUMBER.test(character)) return 'L';
  return 'N';
}

/**
 * Embedding levels for one line (UAX #9 rules W1, W7, N1, N2, I1, I2, without explicit embeddings):
 * even = left-to-right, odd = right-to-left.
 */
export function resolveLevels(classes: readonly BidiClass[], rtl: boolean): number[] {
  const base: BidiClass = rtl ? 'R' : 'L';
  // W1: a mark takes the class of what it follows.
  const types: BidiClass[] = [];
  for (const [i, c] of classes.entries()) types.push(c === 'NSM' ? (i === 0 ? 'N' : (types[i - 1] ?? 'N')) : c);
  // W7: a number after left-to-right text (or at the start of a left-to-right line) is left-to-right.
  let lastStrong: BidiClass = base;
  for (const [i, t] of types.entries()) {
    if (t === 'L' || t === 'R') lastStrong = t;
    else if (t === 'EN' && lastStrong === 'L') types[i] = 'L';
  }
  // N1, N2: neutrals between two like directions take it (numbers count as R), else the line's.
  const strength = (t: BidiClass | undefined): BidiClass => (t === 'EN' ? 'R' : (t ?? base));
  let i = 0;
  while (i < types.length) {
    if (types[i] !== 'N') {
      i++;
      continue;
    }
    let j = i;
    while (j < types.length && types[j] === 'N') j++;
    const before = strength(i === 0 ? base : types[i - 1]);
    const after = strength(j === types.length ? base : types[j]);
    const resolved = before === after ? before : base;
    for (let k = i; k < j; k++) types[k] = resolved;
    i = j;
  }
  // I1, I2.
  const paragraph = rtl ? 1 : 0;
  return types.map((t) => {
    if (paragraph === 0) return t === 'L' ? 0 : t === 'R' ? 1 : 2;
    return t === 'R' ? 1 : 2;
  });
}

/** Rule L2 on whole runs: from the highest level down to the lowest odd one, reverse runs at or above it. */
export function visualOrder<T extends { readonly level: number }>(runs: readonly T[]): T[] {
  const ordered = [...runs];
  if (ordered.length === 0) return ordered;
  const highest = Math.max(...ordered.map((r) => r.level));
  const lowestOdd = Math.min(...ordered.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < ordered.length) {
      if ((ordered[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < ordered.length && (ordered[j]?.level ?? 0) >= level) j++;
      const reversed = ordered.slice(i, j).reverse();
      ordered.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return ordered;
}
