/**
 * E-mail addresses, written ("jan.peeters@telenet.be") or spoken as a speech-to-text engine writes them
 * ("jan punt peeters apenstaartje gmail punt com", "fatima arobase hotmail point fr", "jan dot peeters at
 * gmail dot com", "احمد ات جيميل دوت كوم"), or disguised against spam robots ("name[at]mail[dot]com",
 * "aminata.sow (at) yahoo (point) fr"). A spoken address needs a known top-level domain at its end, so
 * "I was at home" stays.
 */
import { alternatives, keyOf, type Span } from './redact-text.js';

const LABEL = String.raw`[\p{L}\p{N}_-]{1,40}`;
/** Nothing that could continue an address (or a redaction token) right before its first character. */
const NOT_AFTER = String.raw`(?<![\p{L}\p{M}\p{N}._%+\-\[@])`;

const WRITTEN = new RegExp(String.raw`${NOT_AFTER}[\p{L}\p{N}._%+-]{1,64} ?@ ?[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,4}`, 'gu');

const DOT_WORDS = ['punt', 'point', 'dot', 'nokta', 'крапка', 'точка', 'نقطة', 'نقطه', 'نقطه‌ای', 'ነጥቢ', 'دوت', 'دات'];
const JOIN_WORDS = [...DOT_WORDS, 'underscore', 'tiret', 'tiret bas', 'streepje', 'liggend streepje', 'dash', 'hyphen', 'minus', 'koppelteken'];
const AT_WORDS = [
  'at',
  'apenstaartje',
  'apestaartje',
  'aapje',
  'at-teken',
  'arobase',
  'arrobase',
  'arobas',
  'arroba',
  'et commercial',
  'ät',
  'آت',
  'ات',
  'إت',
  'ايت',
  'собака',
  'равлик',
  'ет',
];
const TLDS = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'be',
  'brussels',
  'vlaanderen',
  'gent',
  'fr',
  'nl',
  'eu',
  'de',
  'uk',
  'co',
  'io',
  'me',
  'edu',
  'gov',
  'es',
  'it',
  'pl',
  'ro',
  'ma',
  'dz',
  'tn',
  'tr',
  'ir',
  'ua',
  'ru',
  'af',
  'sy',
  'iq',
  'ps',
  'lb',
  'eg',
  'sd',
  'so',
  'er',
  'et',
  'cd',
  'cm',
  'sn',
  'gn',
  'live',
  'online',
  'email',
  'mail',
  'ch',
  'lu',
  'at',
  'ca',
  'us',
  // as Arabic and Persian transcripts write them
  'كوم',
  'كام',
  'نت',
  'اورج',
  'اورغ',
];
/** Turkish says "et" for @; in French it is "and", so only there. */
const AT_WORDS_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = { tr: ['et', 'et işareti'] };

/** "[at]", "(dot)", "{point}": a word in brackets, spaces allowed around and inside. */
const bracketed = (words: readonly string[]): string => String.raw` {0,2}[\[({<] {0,2}(?:${alternatives(words)}) {0,2}[\])}>] {0,2}`;
/** A written dot only without spaces ("gmail.com"): "at school. Com on" is no address. */
const DOT = String.raw`(?:\.|${bracketed(DOT_WORDS)}| {1,2}(?:${alternatives(DOT_WORDS)}) {1,2})`;
const JOIN = String.raw`(?:[._-]|${bracketed(DOT_WORDS)}| {1,2}(?:${alternatives(JOIN_WORDS)}) {1,2})`;
const at = (words: readonly string[]): string => String.raw`(?: {0,2}@ {0,2}|${bracketed([...words, '@'])}| {1,2}(?:${alternatives(words)}) {1,2})`;

/** Digits said after the name ("hamid ninety at gmail dot com" is hamid90@gmail.com). */
const SAID_DIGITS = [
  'zero',
  'oh',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'nul',
  'een',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
  'twintig',
  'dertig',
  'veertig',
  'vijftig',
  'zestig',
  'zeventig',
  'tachtig',
  'negentig',
  'zéro',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'sept',
  'huit',
  'neuf',
  'dix',
  'vingt',
  'trente',
  'quarante',
  'cinquante',
  'soixante',
  'septante',
  'nonante',
];
const NUMBER_TAIL = String.raw`(?: {1,2}(?:\d{1,4}|${alternatives(SAID_DIGITS)})(?![\p{L}\p{M}\p{N}])){0,4}`;

const spoken = (atWords: readonly string[]): RegExp =>
  new RegExp(
    String.raw`${NOT_AFTER}${LABEL}(?:${JOIN}${LABEL}){0,3}${NUMBER_TAIL}${at(atWords)}${LABEL}(?:${DOT}${LABEL}){0,2}${DOT}(?:${alternatives(TLDS)})(?![\p{L}\p{M}\p{N}])`,
    'giu',
  );
const SPOKEN = spoken(AT_WORDS);
const SPOKEN_BY_LANGUAGE: ReadonlyMap<string, RegExp> = new Map(
  Object.entries(AT_WORDS_BY_LANGUAGE).map(([language, words]) => [language, spoken([...AT_WORDS, ...words])]),
);

/** Every address has an "@" or a word for it: without either (most messages), no pattern needs to run. */
const AT_KEYS: ReadonlySet<string> = new Set([...AT_WORDS, ...Object.values(AT_WORDS_BY_LANGUAGE).flat()].flatMap((w) => w.split(/[ -]/)).map(keyOf));
const mayHoldAddress = (view: string): boolean => view.includes('@') || (view.match(/[\p{L}\p{M}]+/gu) ?? []).some((w) => AT_KEYS.has(keyOf(w)));

export function findEmails(view: string, language: string): Span[] {
  if (!mayHoldAddress(view)) return [];
  const spans: Span[] = [];
  for (const m of view.matchAll(WRITTEN)) {
    const tld = m[0].slice(m[0].lastIndexOf('.') + 1);
    if (/\p{L}{2,}/u.test(tld)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of view.matchAll(SPOKEN_BY_LANGUAGE.get(language) ?? SPOKEN)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
