/**
 * Dates of birth. Rule: a date with at least a day and a month (12/03/1985, 12 maart 1985, 3rd of March,
 * ١٢ مارس ١٩٨٥) is a date of birth when a birth word (geboren, né, born, date of birth, ولدت, تاريخ الميلاد,
 * doğum, تولد, народився …) stands at most five words before it or three words after it, in the same
 * sentence, with no other number in between. Transcripts say the day and the year in words ("twaalf maart
 * negentien vijfentachtig", "the third of March nineteen ninety"): those count as numbers too (nl, fr, en).
 * Every other date stays: appointments, arrivals, payments.
 * A year alone ("geboren in 1985") stays too: it does not single anyone out.
 */
import { alternatives, START, type Span } from './redact-text.js';
import { BIRTH_WORDS, EN_1_99, FR_1_99, MONTHS, NL_1_99, NL_ORDINALS } from './date-words.js';

const MONTH = `(?:${alternatives(MONTHS)})`;

/** Number words said in dates (nl, fr, en), as folded lower-case keys: looked up, not put in a regex (a regex of
 * hundreds of alternatives repeated for day and year takes V8 over a second to compile). */
const SAID: ReadonlySet<string> = new Set([...NL_1_99, ...NL_ORDINALS, ...FR_1_99, ...EN_1_99, 'honderd', 'hundred', 'cent', 'mille', 'mil']);
/** Words that start a year in words: "negentien vijfentachtig", "tweeduizend drie", "nineteen ninety", "mille neuf cent …". */
const YEAR_START: ReadonlySet<string> = new Set(['negentienhonderd', 'negentien', 'tweeduizend', 'nineteen', 'twenty', 'two', 'mille', 'mil', 'deux']);
const JOINERS: ReadonlySet<string> = new Set(['en', 'and', 'et', 'thousand']);

const YEAR = String.raw`(?:\d{4}|'\d{2})(?!\d)`;
const DAY = String.raw`(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|ste|de|e|ème|eme|-?го|-?е)?\.?`;
const NUMERIC = String.raw`(?<![\d./-])(?:\d{1,2} ?[./-] ?\d{1,2} ?[./-] ?(?:\d{4}|\d{2})|\d{4} ?[./-] ?\d{1,2} ?[./-] ?\d{1,2})(?![\d])`;
const DAY_MONTH = String.raw`${DAY} {1,3}(?:of {1,3}|de {1,3}|من {1,3})?${MONTH}(?![\p{L}\p{M}])\.?(?:,? {1,3}${YEAR})?`;
const MONTH_DAY = String.raw`${START}${MONTH}\.? {1,3}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\p{L}\p{N}])(?:,? {1,3}${YEAR})?`;

const DATE = new RegExp(`${NUMERIC}|${DAY_MONTH}|${MONTH_DAY}`, 'giu');
const MONTH_WORD = new RegExp(`${START}${MONTH}(?![\\p{L}\\p{M}])`, 'giu');
const BIRTH = new RegExp(`${START}و?(?:${alternatives(BIRTH_WORDS)})(?![\\p{L}\\p{M}])`, 'giu');

const WORD = /[\p{L}\p{M}]+/gu;
const said = (word: string): boolean => SAID.has(word.toLowerCase());

/**
 * Dates said in words: one to three number words before a month ("twaalf maart", "the third of March",
 * "vingt et un mai"), maybe a year in words after it ("negentien vijfentachtig", "nineteen ninety").
 */
function spokenDates(view: string): Span[] {
  const spans: Span[] = [];
  for (const m of view.matchAll(MONTH_WORD)) {
    const before = [...view.slice(Math.max(0, m.index - 60), m.index).matchAll(WORD)].map((w) => ({
      word: w[0],
      start: m.index - Math.min(60, m.index) + w.index,
    }));
    let i = before.length - 1;
    if (i >= 0 && ['of', 'de'].includes(before[i]?.word.toLowerCase() ?? '')) i--;
    let start = -1;
    for (let taken = 0; i >= 0 && taken < 4; i--, taken++) {
      const w = before[i];
      if (!w || !(said(w.word) || (JOINERS.has(w.word.toLowerCase()) && start >= 0))) break;
      if (said(w.word)) start = w.start;
    }
    // Only spaces and dashes between the words taken: "twaalf, maart" is a list, not a date.
    if (start < 0 || /[^\p{L}\p{M} -]/u.test(view.slice(start, m.index))) continue;
    let end = m.index + m[0].length;
    const after = [...view.slice(end, end + 80).matchAll(WORD)].map((w) => ({ word: w[0], end: end + w.index + w[0].length, start: end + w.index }));
    if (after[0] && YEAR_START.has(after[0].word.toLowerCase()) && /^[ ,]{1,3}$/.test(view.slice(end, after[0].start))) {
      let yearEnd = after[0].end;
      for (const w of after.slice(1, 5)) {
        if (!(said(w.word) || JOINERS.has(w.word.toLowerCase())) || /[^ -]/.test(view.slice(yearEnd, w.start))) break;
        if (said(w.word)) yearEnd = w.end;
      }
      end = yearEnd;
    }
    spans.push({ start, end });
  }
  return spans;
}

/** What may stand between a birth word and its date: a few words, no sentence end, no other number. */
function closeEnough(gap: string, maxWords: number): boolean {
  if (/[.!?؟;\n\d\uFFFC]/.test(gap)) return false;
  return (gap.match(/[\p{L}\p{M}]+/gu) ?? []).length <= maxWords;
}

export function findDatesOfBirth(view: string): Span[] {
  const births = [...view.matchAll(BIRTH)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (births.length === 0) return [];
  const spans: Span[] = [];
  let next = 0; // the first birth word that does not end before the current date
  const dates = [...[...view.matchAll(DATE)].map((m) => ({ start: m.index, end: m.index + m[0].length })), ...spokenDates(view)].sort(
    (a, b) => a.start - b.start,
  );
  for (const { start, end } of dates) {
    while (next < births.length && (births[next]?.end ?? 0) <= start) next++;
    const before = births[next - 1];
    let a = next;
    while (a < births.length && (births[a]?.start ?? 0) < end) a++;
    const after = births[a];
    const near =
      (before !== undefined && start - before.end <= 80 && closeEnough(view.slice(before.end, start), 5)) ||
      (after !== undefined && after.start - end <= 60 && closeEnough(view.slice(end, after.start), 3));
    if (near) {
      spans.push({ start, end });
    }
  }
  return spans;
}
