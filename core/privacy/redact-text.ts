/**
 * Text tools shared by the redaction detectors: a folded view of the same length as the text (so a span
 * found in the view is a span of the text), word lists turned into regex alternatives, and span application.
 */

export const REDACTION_KINDS = ['phone', 'email', 'iban', 'national-number', 'case-number', 'date-of-birth', 'address', 'name'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** A half-open range [start, end) of UTF-16 code units. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A detector reads the folded view and returns what to replace; the text itself is there for the few
 * distinctions folding erases (Arabic "على" "on" and "علي" Ali). It never throws and never sees a clock.
 */
export type Detector = (view: string, language: string, text: string) => readonly Span[];

function tokenOf(kind: RedactionKind): string {
  return `[${kind}]`;
}

const TOKEN = /\[(?:phone|email|iban|national-number|case-number|date-of-birth|address|name)\]/g;

/** Not preceded by a letter, mark or digit of any script: a word starts here. */
export const START = String.raw`(?<![\p{L}\p{M}\p{N}])`;

/**
 * One code unit for one code unit: Arabic-Indic, Persian, Devanagari, Bengali and full-width digits become
 * ASCII; Arabic letter variants become one spelling (أإآٱ→ا, ة→ه, ى/ي→ی, ك→ک); typographic apostrophes
 * become '; no-break, narrow and thin spaces become a space and typographic dashes a hyphen (phones format
 * numbers as "0470 12 34 56" with U+202F, word processors as "0470–12–34–56"). Every replacement has the
 * length of what it replaces, so offsets are shared with the text.
 */
const FOLD_MAP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const base of [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10]) {
    for (let d = 0; d < 10; d++) map.set(String.fromCharCode(base + d), String(d));
  }
  for (const ch of 'أإآٱ') map.set(ch, 'ا');
  map.set('ة', 'ه');
  map.set('ى', 'ی');
  map.set('ي', 'ی');
  map.set('ك', 'ک');
  for (const ch of '’‘ʼ`´') map.set(ch, "'");
  for (const ch of '\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000') map.set(ch, ' ');
  for (const ch of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') map.set(ch, '-');
  return map;
})();

const FOLD_CHARS = new RegExp(`[${[...FOLD_MAP.keys()].join('')}]`, 'g');

export function fold(text: string): string {
  return text.replace(FOLD_CHARS, (ch) => FOLD_MAP.get(ch) ?? ch);
}

/** Stands in the view for every character of a token already in the text: no detector reads it. */
const MASK = '\uFFFC';

/** What detectors read: the folded text with existing tokens masked, so "[date-of-birth]" is no birth word. */
export function viewOf(text: string): string {
  return fold(text).replace(TOKEN, (token) => MASK.repeat(token.length));
}

/** A word as a lookup key: folded, lower case, without diacritics (é→e, ü→u, Turkish İ→i). */
export function keyOf(word: string): string {
  return fold(word).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Words (folded) as one regex alternative, longest first so "mevr." wins over "mevr". */
export function alternatives(words: readonly string[]): string {
  const folded = [...new Set(words.map(fold))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return folded.map(escape).join('|');
}

/** "rue" → "[Rr]ue": the first letter in either case, for words that may start a sentence. */
export function capitalOptional(word: string): string {
  const first = word.charAt(0);
  const rest = escape(fold(word.slice(1)));
  const upper = first.toUpperCase();
  return upper === first || upper.length !== 1 ? escape(fold(first)) + rest : `[${upper}${first}]${rest}`;
}

/** Ranges of tokens already in the text: nothing may be redacted across them. */
function tokenRanges(text: string): Span[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return { start, end };
}

/**
 * Replace spans with the kind's token. Overlapping spans merge into one; spans touching an existing token
 * are dropped (a token is never cut or swallowed, which keeps redaction idempotent).
 */
export function applySpans(text: string, spans: readonly Span[], kind: RedactionKind): { text: string; count: number } {
  const tokens = tokenRanges(text);
  const sorted = spans
    .map((s) => trim(text, { start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let t = 0;
  for (const s of sorted) {
    while (t < tokens.length && (tokens[t]?.end ?? 0) <= s.start) t++;
    const next = tokens[t];
    if (next && next.start < s.end) continue;
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else merged.push(s);
  }
  if (merged.length === 0) return { text, count: 0 };
  const token = tokenOf(kind);
  const parts: string[] = [];
  let at = 0;
  for (const s of merged) {
    parts.push(text.slice(at, s.start), token);
    at = s.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), count: merged.length };
}
