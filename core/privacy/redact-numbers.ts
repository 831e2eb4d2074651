/**
 * Numbers written with digits: IBANs and Belgian national register numbers (only when the check digits
 * hold), and phone numbers in national and international formats. Digits of every script are already
 * ASCII in the folded view.
 */
import { alternatives, START, type Span } from './redact-text.js';
import { IBAN_LENGTHS, isValidIban, isValidNationalNumber } from './redact-checksums.js';

const isAsciiAlnum = (ch: string): boolean => /^[A-Za-z0-9]$/.test(ch);
const isWordChar = (ch: string): boolean => /^[\p{L}\p{M}\p{N}]$/u.test(ch);

// ── IBAN ────────────────────────────────────────────────────────────────────────────────────────

/** Country code (its letters possibly spaced, "B E") and check digits; the rest is read by hand. */
const IBAN_START = /(?<![\p{L}\p{M}\p{N}])([A-Za-z]) ?([A-Za-z]) ?(\d) ?(\d)/gu;

/**
 * Read `needed` letters/digits from `from`, skipping single spaces, dashes and dots between them.
 * Returns where the reading ended, or undefined when the characters run out first.
 */
function readAlnum(view: string, from: number, needed: number): { end: number; value: string } | undefined {
  let value = '';
  let i = from;
  while (value.length < needed && i < view.length) {
    const ch = view.charAt(i);
    if (isAsciiAlnum(ch)) {
      value += ch;
      i++;
    } else if ((ch === ' ' || ch === '-' || ch === '.') && isAsciiAlnum(view.charAt(i + 1))) {
      i++;
    } else break;
  }
  return value.length === needed ? { end: i, value } : undefined;
}

export function findIbans(view: string): Span[] {
  const spans: Span[] = [];
  const re = new RegExp(IBAN_START.source, IBAN_START.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(view)) !== null) {
    const country = `${m[1] ?? ''}${m[2] ?? ''}`.toUpperCase();
    const length = IBAN_LENGTHS[country];
    const read = length === undefined ? undefined : readAlnum(view, m.index + m[0].length, length - 4);
    const iban = read && `${country}${m[3] ?? ''}${m[4] ?? ''}${read.value}`;
    if (read && iban && !isWordChar(view.charAt(read.end)) && isValidIban(iban)) {
      spans.push({ start: m.index, end: read.end });
      re.lastIndex = read.end;
    } else {
      re.lastIndex = m.index + 1;
    }
  }
  return spans;
}

// ── national register number ────────────────────────────────────────────────────────────────────

const NATIONAL = /(?<![\p{L}\p{M}\p{N}+])(\d{2})[ .]?(\d{2})[ .]?(\d{2})[ .\-/]?(\d{3})[ .\-/]?(\d{2})(?![\p{N}])/gu;

export function findNationalNumbers(view: string): Span[] {
  const spans: Span[] = [];
  const re = new RegExp(NATIONAL.source, NATIONAL.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(view)) !== null) {
    if (isValidNationalNumber(m.slice(1, 6).join(''))) spans.push({ start: m.index, end: m.index + m[0].length });
    else re.lastIndex = m.index + 1; // "500000000 00.01.01-001.73": the real number starts inside a failed match
  }
  return spans;
}

// ── phone numbers written with digits ───────────────────────────────────────────────────────────

/** Digit groups joined by up to three of: space, dot, slash, dash, parentheses; maybe a leading "+". */
const CANDIDATE = /(?<![\p{L}\p{M}\p{N}+])(?:\+[ \u00A0]?|\([ ]?\+?)?\d+(?:[ \u00A0.\/()\-]{1,3}\d+)*/gu;

/** Words that announce a phone number: 7–15 digits right after one are a phone number. */
const PHONE_WORDS = [
  'telefoonnummer',
  'gsm-nummer',
  'gsmnummer',
  'gsm',
  'telefoon',
  'tel',
  'tel.',
  'bel',
  'bellen',
  'gebeld',
  'belt',
  'téléphone',
  'telephone',
  'portable',
  'appeler',
  'appelez',
  'appelle',
  'phone',
  'mobile',
  'cell',
  'call',
  'whatsapp',
  'هاتف',
  'هاتفي',
  'جوال',
  'موبايل',
  'تلفون',
  'تلفوني',
  'اتصل',
  'اتصلوا',
  'telefon',
  'telefonum',
  'ara',
  'arayın',
  'تلفن',
  'موبایل',
  'همراه',
  'телефон',
  'телефону',
  'мобільний',
  'дзвоніть',
  'ስልኪ',
  'ስልከይ',
  'ተሌፎን',
  // "my number": whoever says it gives a phone number, often a foreign one of 11–13 digits without "+"
  'mijn nummer',
  'mijn gsm-nummer',
  'mon numéro',
  'mon num',
  'my number',
  'رقمي',
  'نمرتي',
  'numaram',
  'numaramı',
  'мій номер',
  'мой номер',
  'شماره‌ام',
  'شمارەام',
  'شمارم',
  'شماره من',
  'نمبرم',
  'نمبر من',
  'ቁጽረይ',
  'ቁጽሪ ስልከይ',
];
/** Words for "number": they announce a phone number only of phone size (9–10 digits, "470 12 34 56"). */
const NUMBER_WORDS = ['nummer', 'numéro', 'numero', 'number', 'رقم', 'numara', 'numarası', 'شماره', 'نمبر', 'номер', 'ቁጽሪ'];
const announcedBy = (words: readonly string[]): RegExp => new RegExp(`${START}(?:${alternatives(words)})(?![\\p{L}\\p{M}])[^.!?؟\\n\\d]{0,25}$`, 'iu');
const PHONE_WORD_BEFORE = announcedBy(PHONE_WORDS);
const NUMBER_WORD_BEFORE = announcedBy(NUMBER_WORDS);
const IBAN_PREFIX = /[A-Za-z]{2} ?\d{2}[ .-]?$/;

interface Group {
  readonly start: number;
  readonly end: number;
  /** The separator between the previous group and this one. */
  readonly before: string;
}

/**
 * dd/mm/yyyy, dd.mm.yy: three groups joined by one date separator each. Such dates are not phones; but
 * "06.12.34.56.78" (a French mobile with dots) goes on after its third group, so it is no date.
 */
function isDateAt(groups: readonly Group[], i: number): boolean {
  const [a, b, c, d] = [groups[i], groups[i + 1], groups[i + 2], groups[i + 3]];
  if (!a || !b || !c) return false;
  const len = (g: Group): number => g.end - g.start;
  const dateSeparator = /^[./-]$/;
  if (len(a) > 2 || len(b) > 2 || !dateSeparator.test(b.before) || c.before !== b.before) return false;
  return len(c) === 4 || (len(c) === 2 && d?.before !== c.before);
}

/**
 * A candidate run is scanned group by group; a phone number starts at a group that begins with "0" (9+
 * digits from there: 02 555 01 00, 0470 12 34 56, 0532 …), "00" (10+) or after a "+" (8+ digits), or at the
 * start of a run of 7–15 digits announced by a phone word ("gsm: 470 12 34 56"), or of 9–10 digits announced
 * by a word for "number" ("mijn nummer is 470 12 34 56", but "dossiernummer 2023-4567" stays). Dates inside
 * the run are stepped over. The phone number runs to the end of the candidate.
 */
function phoneIn(view: string, start: number, text: string): Span | undefined {
  const groups: Group[] = [];
  let previousEnd = start;
  for (const g of text.matchAll(/\d+/g)) {
    const gs = start + g.index;
    groups.push({ start: gs, end: gs + g[0].length, before: view.slice(previousEnd, gs) });
    previousEnd = gs + g[0].length;
  }
  const digitsFrom: number[] = new Array<number>(groups.length + 1).fill(0);
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    digitsFrom[i] = (digitsFrom[i + 1] ?? 0) + (g ? g.end - g.start : 0);
  }
  const end = start + text.length;
  for (let i = 0; i < groups.length; i++) {
    if (isDateAt(groups, i)) {
      i += 2;
      continue;
    }
    const g = groups[i];
    if (!g) break;
    const digits = digitsFrom[i] ?? 0;
    const first = view.slice(g.start, g.end);
    if (i === 0 && g.before.includes('+') && digits >= 8) return { start, end };
    if (first.startsWith('00') && digits >= 10) return { start: g.start, end };
    if (first.startsWith('0') && !first.startsWith('00') && digits >= 9) return { start: g.start, end };
    if (i === 0 && digits >= 7 && digits <= 15) {
      const before = view.slice(Math.max(0, start - 40), start);
      const announced = PHONE_WORD_BEFORE.test(before) || ((digits === 9 || digits === 10) && NUMBER_WORD_BEFORE.test(before));
      if (announced && !IBAN_PREFIX.test(before)) return { start, end };
    }
  }
  return undefined;
}

export function findWrittenPhones(view: string): Span[] {
  const spans: Span[] = [];
  for (const m of view.matchAll(CANDIDATE)) {
    const span = phoneIn(view, m.index, m[0]);
    if (span) spans.push(span);
  }
  return spans;
}
