/**
 * Phone numbers as a speech-to-text engine writes them: digit words, pairs ("septante", "vierendertig",
 * "thirty"), digit groups, or a mix ("nul vier zeven nul 12 34 56", "صفر أربعة سبعة …"). A run of such
 * tokens worth at least 7 digits is a phone number when it holds at least two number words, or starts with
 * a zero word or "plus". Ordinary numbers ("drie kinderen", "twee jaar", "in 2023") are far shorter.
 */
import { keyOf, type Span } from './redact-text.js';
import { DIGITS, HUNDREDS, PAIRS, WEAK } from './spoken-digit-words.js';

type Role = 'digit' | 'pair' | 'triple' | 'zero' | 'weak' | 'joiner' | 'double' | 'plus';

interface Entry {
  readonly role: Role;
  /** Only in these languages (the word means something else elsewhere). */
  readonly only?: string;
}

const LEXICON: ReadonlyMap<string, Entry> = (() => {
  const map = new Map<string, Entry>();
  const add = (word: string, entry: Entry): void => {
    const key = keyOf(word);
    if (!map.has(key)) map.set(key, entry);
  };
  for (const w of WEAK) add(w, { role: 'weak' });
  add('on', { role: 'pair', only: 'tr' }); // Turkish ten; English "on" elsewhere
  add('نه', { role: 'weak', only: 'fa' }); // Persian nine, and "no"
  for (const spellings of Object.values(DIGITS)) {
    spellings.forEach((words, value) => {
      for (const w of words) add(w, { role: value === 0 ? 'zero' : 'digit' });
    });
  }
  for (const w of PAIRS) add(w, { role: 'pair' });
  for (const w of HUNDREDS) add(w, { role: 'triple' });
  // "quatre cent septante", "four hundred seventy", "dört yüz yetmiş": the hundred word joins, the digits are around it
  for (const w of ['en', 'et', 'و', 'cent', 'cents', 'hundred', 'yüz', 'honderd']) add(w, { role: 'joiner' });
  for (const w of ['double', 'dubbel', 'triple', 'trippel', 'dubbele']) add(w, { role: 'double' });
  for (const w of ['plus', 'زائد', 'artı', 'плюс', 'به‌علاوه']) add(w, { role: 'plus' });
  return map;
})();

interface Token {
  readonly start: number;
  readonly end: number;
  readonly role: Role | 'number';
  /** Digits this token stands for. */
  readonly digits: number;
}

function classify(word: string, language: string): Token['role'] | undefined {
  if (/^\d+$/.test(word)) return 'number';
  const key = keyOf(word);
  const entry = LEXICON.get(key) ?? (key.startsWith('و') ? LEXICON.get(key.slice(1)) : undefined);
  if (!entry || (entry.only !== undefined && entry.only !== language)) return undefined;
  return entry.role;
}

const DIGIT_COUNT: Readonly<Record<Token['role'], number>> = { digit: 1, zero: 1, weak: 1, pair: 2, triple: 3, double: 1, joiner: 0, plus: 0, number: 0 };

/** What may stand between two tokens of one run: spaces, commas, dashes, a slash; a dot between digit groups. */
function joins(gap: string, a: Token, b: Token): boolean {
  if (/^[\s,،፣፡\-–—/]{1,4}$/u.test(gap)) return true;
  return gap === '.' && a.role === 'number' && b.role === 'number';
}

function spanOf(run: readonly Token[]): Span | undefined {
  let from = 0;
  let to = run.length - 1;
  const edgeOk = (t: Token | undefined, atEnd: boolean): boolean =>
    t !== undefined && t.role !== 'joiner' && (atEnd ? t.role !== 'double' && t.role !== 'plus' : t.role !== 'weak');
  while (from <= to && !edgeOk(run[from], false)) from++;
  while (to >= from && !edgeOk(run[to], true)) to--;
  const kept = run.slice(from, to + 1);
  const first = kept[0];
  const last = kept[kept.length - 1];
  if (!first || !last) return undefined;
  const digits = kept.reduce((sum, t) => sum + t.digits, 0);
  const words = kept.filter((t) => t.role !== 'number' && t.role !== 'joiner' && t.role !== 'plus').length;
  const announced = first.role === 'zero' || first.role === 'plus';
  return digits >= 7 && (words >= 2 || (words >= 1 && announced)) ? { start: first.start, end: last.end } : undefined;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

export function findSpokenPhones(view: string, language: string): Span[] {
  const spans: Span[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    const span = run.length > 0 ? spanOf(run) : undefined;
    if (span) spans.push(span);
    run = [];
  };
  for (const m of view.matchAll(WORD)) {
    const role = classify(m[0], language);
    if (role === undefined) {
      flush();
      continue;
    }
    const token: Token = { start: m.index, end: m.index + m[0].length, role, digits: role === 'number' ? m[0].length : DIGIT_COUNT[role] };
    const previous = run[run.length - 1];
    if (previous && (!joins(view.slice(previous.end, token.start), previous, token) || role === 'plus')) flush();
    run.push(token);
  }
  flush();
  return spans;
}
