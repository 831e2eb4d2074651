/**
 * E-mail addresses, written ("jan.peeters@telenet.be") or spoken as a speech-to-text engine writes them
 * ("jan punt peeters apenstaartje gmail punt com", "fatima arobase hotmail point fr", "jan dot peeters at
 * gmail dot com"). A spoken address needs a known top-level domain at its end, so "I was at home" stays.
 */
import { alternatives, type Span } from './redact-text.js';

const LABEL = String.raw`[\p{L}\p{N}_-]{1,40}`;
/** Nothing that could continue an address (or a redaction token) right before its first character. */
const NOT_AFTER = String.raw`(?<![\p{L}\p{M}\p{N}._%+\-\[@])`;

const WRITTEN = new RegExp(
  String.raw`${NOT_AFTER}[\p{L}\p{N}._%+-]{1,64} ?@ ?[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,4}`,
  'gu',
);

const DOT_WORDS = ['punt', 'point', 'dot', 'nokta', 'крапка', 'точка', 'نقطة', 'نقطه', 'نقطه‌ای', 'ነጥቢ'];
const JOIN_WORDS = [...DOT_WORDS, 'underscore', 'tiret', 'tiret bas', 'streepje', 'liggend streepje', 'dash', 'hyphen', 'minus', 'koppelteken'];
const AT_WORDS = ['at', 'apenstaartje', 'apestaartje', 'aapje', 'at-teken', 'arobase', 'arrobase', 'arobas', 'arroba', 'et commercial',
  'ät', 'آت', 'ات', 'إت', 'ايت', 'собака', 'равлик', 'ет'];
const TLDS = ['com', 'net', 'org', 'info', 'biz', 'be', 'brussels', 'vlaanderen', 'gent', 'fr', 'nl', 'eu', 'de', 'uk', 'co', 'io', 'me',
  'edu', 'gov', 'es', 'it', 'pl', 'ro', 'ma', 'dz', 'tn', 'tr', 'ir', 'ua', 'ru', 'af', 'sy', 'iq', 'ps', 'lb', 'eg', 'sd', 'so', 'er',
  'et', 'cd', 'cm', 'sn', 'gn', 'live', 'online', 'email', 'mail', 'ch', 'lu', 'at', 'ca', 'us'];

/** A written dot only without spaces ("gmail.com"): "at school. Com on" is no address. */
const DOT = String.raw`(?:\.| {1,2}(?:${alternatives(DOT_WORDS)}) {1,2})`;
const JOIN = String.raw`(?:[._-]| {1,2}(?:${alternatives(JOIN_WORDS)}) {1,2})`;
const AT = String.raw`(?: {0,2}@ {0,2}| {1,2}(?:${alternatives(AT_WORDS)}) {1,2})`;

const SPOKEN = new RegExp(
  String.raw`${NOT_AFTER}${LABEL}(?:${JOIN}${LABEL}){0,3}${AT}${LABEL}(?:${DOT}${LABEL}){0,2}${DOT}(?:${alternatives(TLDS)})(?![\p{L}\p{M}\p{N}])`,
  'giu',
);

export function findEmails(view: string): Span[] {
  const spans: Span[] = [];
  for (const m of view.matchAll(WRITTEN)) {
    const tld = m[0].slice(m[0].lastIndexOf('.') + 1);
    if (/\p{L}{2,}/u.test(tld)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of view.matchAll(SPOKEN)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
