/**
 * Person names, where the sentence hints that a name follows (the cues of redact-name-cues.ts):
 * introductions ("mijn naam is", "je m'appelle", "اسمي", "мене звати", "ስመይ"), "I am" ("ik ben ahmed",
 * "أنا أحمد", "من زهرا هستم", "Я Олена", "Ben Mehmet", "ኣነ ዳዊት እየ"), family ("my son Dawit", "ابني يوسف",
 * "ወደይ ዳዊት", "la maman de Grace"), "this is" ("Hier is Ahmad", "c'est Aminata", "معك فاطمة", "це Андрій"),
 * greetings and signatures ("groetjes Yusuf", "Thanks, Yonas Tesfay", "مع تحياتي\nسارة"), titles and staff
 * roles ("mevrouw Van den Broeck", "السيد", "mijn maatschappelijk werker Sofie", "Ayşe Hanım").
 *
 * Whether the word after a cue is a name: never when it is a common word, nationality, place or feast
 * (redact-name-words.ts); yes when it is a known given name (redact-given-names.ts), or capitalised in a
 * cased script; after an introduction any other word too. Scripts without capitals (Arabic, Persian, Ge'ez)
 * and lower-case transcripts have only the given-name list to go by, except after an introduction and on a
 * signature line. A second word joins as the family name when it is capitalised, a given name, an Arabic
 * "ال…" name, or, in a lower-case introduction, any word that is no common word ("ik ben yonas tesfay").
 */
import { CUES, NAME_END_WORDS, TURKISH_COPULA, ULLAH_FORMULAS, ULLAH_NAME, type CueKind } from './redact-name-cues.js';
import { isCommonWord, isWordName, UNCASED_STOP, WRITTEN_STOP } from './redact-name-words.js';
import { isGivenName } from './redact-given-names.js';
import { alternatives, capitalOptional, keyOf, START, type Span } from './redact-text.js';

interface Cue {
  readonly kind: CueKind;
  readonly re: RegExp;
  readonly only?: readonly string[];
  readonly clauseStart: boolean;
}

const COMPILED: readonly Cue[] = CUES.map((c) => ({
  kind: c.kind,
  // A cue ending in an apostrophe ("papa d'") runs into the name: no word boundary after it.
  re: new RegExp(`${START}(?:${alternatives(c.words)})(?:(?<=')|(?![\\p{L}\\p{M}]))`, 'giu'),
  clauseStart: c.clauseStart ?? false,
  ...(c.only ? { only: c.only } : {}),
}));

/** A word: letters, with hyphens and apostrophes inside (Jean-Pierre, Türk'üm, d'Souza). */
const WORD = String.raw`[\p{L}\p{M}](?:[\p{L}\p{M}]|['-](?=[\p{L}\p{M}])){0,40}`;
const PARTICLE_WORDS = [
  'van',
  'de',
  'der',
  'den',
  'da',
  'di',
  'du',
  'le',
  'la',
  'el',
  'al',
  'ben',
  'bin',
  'ibn',
  'abu',
  'von',
  'ter',
  'ten',
  'dos',
  'das',
  'del',
  'vande',
  'vanden',
];
const PARTICLES = String.raw`(?:(?:${PARTICLE_WORDS.map(capitalOptional).join('|')}) {1,2}){0,3}`;

/** After a cue: a separator (":", ",", a dash, spaces), then up to three name parts, each maybe with particles. */
const PART = String.raw`( {1,2})(${PARTICLES})(${WORD})`;
const AFTER_CUE = new RegExp(String.raw`[ \t]{0,3}(?:[:,،፣-][ \t]{0,3})?(${PARTICLES})(${WORD})(?:${PART}(?:${PART})?)?`, 'uy');
const NAME_END = new RegExp(String.raw` (?:${alternatives(NAME_END_WORDS)})(?![\p{L}\p{M}])`, 'uy');

const hasCase = (word: string): boolean => word.toLowerCase() !== word.toUpperCase();
const FORMULAS: ReadonlySet<string> = new Set(ULLAH_FORMULAS.map(keyOf));
/** On the given-name list, or an Afghan "…ullah" name (حمیدالله) that is no religious formula (انشاءالله). */
const isKnownName = (word: string): boolean => isGivenName(word) || (ULLAH_NAME.test(keyOf(word)) && !FORMULAS.has(keyOf(word)));
/** Capital then small letter: Jan, Jean-Pierre, Олена; not "I", not "OCMW". */
const isCapitalised = (word: string): boolean => /^\p{Lu}\p{Ll}/u.test(word);

/**
 * No name whatever the cue: a common word, a stop word of the uncased scripts, a word-name in lower case,
 * or, as written before folding, "على" (on) rather than "علي" (Ali).
 */
const notAName = (word: string, language: string, written: string = word): boolean =>
  isCommonWord(word, language) || UNCASED_STOP.has(keyOf(word)) || WRITTEN_STOP.has(written) || (!isCapitalised(word) && isWordName(word));

function isNameWord(word: string, written: string, kind: CueKind, language: string, withParticles: boolean): boolean {
  if (notAName(word, language, written)) return false;
  const cased = hasCase(word);
  if (kind === 'self' && language === 'tr' && TURKISH_COPULA.test(keyOf(word)) && !isGivenName(word)) return false;
  if (withParticles) return cased && isCapitalised(word); // "ik ben van Marokko" is decided by Marokko being a place
  if (isKnownName(word)) return true;
  if (cased) {
    if (isCapitalised(word)) return true;
    return kind === 'intro' && word === word.toLowerCase();
  }
  return kind === 'intro' || kind === 'title';
}

/** Whether the second word after a name belongs to it (a family name). */
function isFamilyName(first: string, second: string, written: string, kind: CueKind, language: string, view: string, end: number): boolean {
  if (notAName(second, language, written)) return false;
  // Who writes the first name with a capital writes the family name with one: "Peeters said" ends at Peeters.
  if (hasCase(second) && !isCapitalised(second) && isCapitalised(first)) return false;
  if (isKnownName(second)) return true;
  if (hasCase(second)) {
    if (isCapitalised(second)) return true;
    const lowerTranscript = first === first.toLowerCase() && second === second.toLowerCase();
    return lowerTranscript && (kind === 'intro' || kind === 'self' || kind === 'said');
  }
  const key = keyOf(second);
  NAME_END.lastIndex = end;
  return key.startsWith('ال') || ['عبد', 'ابو', 'بن', 'ولد'].includes(keyOf(first)) || NAME_END.test(view) || (kind === 'intro' && !/^[وف]/.test(key));
}

/** English possessive: "this is yusuf's mom" names yusuf. */
const POSSESSIVE = /'s$/u;

/** The name right after a cue that ends at `from`, if the words there are one: one to three parts. */
function nameAfter(view: string, text: string, from: number, kind: CueKind, language: string): Span | undefined {
  AFTER_CUE.lastIndex = from;
  const m = AFTER_CUE.exec(view);
  if (!m) return undefined;
  const turkish = language === 'tr'; // "Ben de Kürt'üm": "de" is "too", no particle
  const parts: Array<{ particles: string; word: string; end: number }> = [];
  let at = m.index + m[0].indexOf(`${m[1] ?? ''}${m[2] ?? ''}`);
  const start = at;
  for (let i = 1; i < 10; i += 3) {
    const [gap, particles = '', word] = i === 1 ? ['', m[1], m[2]] : [m[i - 1], m[i], m[i + 1]];
    if (word === undefined || gap === undefined) break;
    at += gap.length + particles.length + word.length;
    parts.push({ particles, word, end: at });
  }
  const [first, ...rest] = parts;
  if (!first) return undefined;
  if (turkish && first.particles !== '') return undefined;
  const own = POSSESSIVE.test(first.word) ? first.word.slice(0, -2) : first.word;
  const ownEnd = first.end - (first.word.length - own.length);
  if (!isNameWord(own, text.slice(ownEnd - own.length, ownEnd), kind, language, first.particles !== '')) return undefined;
  let end = ownEnd;
  let previous = own;
  if (own !== first.word) return { start, end };
  for (const part of rest) {
    const written = text.slice(part.end - part.word.length, part.end);
    const joins =
      part.particles !== ''
        ? !turkish && isCapitalised(part.word) && !isCommonWord(part.word, language)
        : isFamilyName(previous, part.word, written, kind, language, view, part.end);
    if (!joins) break;
    end = part.end;
    previous = part.word;
  }
  return { start, end };
}

/** Start of the text, of a line or of a clause, spaces aside: where greetings and signatures stand. */
function atClauseStart(view: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (view[i] === ' ' || view[i] === '\t')) i--;
  return i < 0 || /[\n.,!?;:،؛።፣…]/u.test(view.charAt(i));
}

const WORDS = new RegExp(WORD, 'gu');
/** The most characters a signature may take: "Met vriendelijke groeten, Jean-Baptiste Mukendi Tshibangu". */
const SIGNATURE_SPAN = 120;

/**
 * A signature after a closing formula: the rest of its line, or else the next line when it is the last.
 * Common words in front ("mevrouw", "bisous") are passed over; then one to three words, the first a given
 * name or capitalised, or on a line of its own (a signature: "مع تحياتي\nسارة"). No digits, no tokens.
 */
function signatureAfter(view: string, text: string, from: number, language: string): Span | undefined {
  const lineEnd = view.indexOf('\n', from);
  const restEnd = lineEnd < 0 ? view.length : lineEnd;
  // A signature is short: a longer rest of the line is none (and scanning it per cue would grow with its square).
  if (restEnd - from > SIGNATURE_SPAN && (lineEnd < 0 || view.length - lineEnd > SIGNATURE_SPAN + 1)) return undefined;
  // The last clause of the rest of the line: "thank you so much! Hawa", "merci pour tout, bisous Mariam".
  let clause = from;
  for (let i = restEnd - 1; i >= from && restEnd - from <= SIGNATURE_SPAN; i--) {
    if (/[.,!?;:،؛።፣]/u.test(view.charAt(i)) && view.slice(i + 1, restEnd).trim() !== '') {
      clause = i + 1;
      break;
    }
  }
  const lines = restEnd - from > SIGNATURE_SPAN ? [] : [{ start: clause, end: restEnd, ownLine: false }];
  if (lineEnd >= 0 && view.length - lineEnd <= SIGNATURE_SPAN + 1) {
    const nextEnd = view.indexOf('\n', lineEnd + 1);
    if (nextEnd < 0 || view.slice(nextEnd).trim() === '') lines.push({ start: lineEnd + 1, end: nextEnd < 0 ? view.length : nextEnd, ownLine: true });
  }
  for (const line of lines) {
    const part = view.slice(line.start, line.end);
    if (/[\p{N}\uFFFC@]/u.test(part)) continue;
    const words = [...part.matchAll(WORDS)].map((m) => ({ word: m[0], start: line.start + m.index }));
    const isNot = (w: { word: string; start: number }): boolean => notAName(w.word, language, text.slice(w.start, w.start + w.word.length));
    let i = 0;
    while (i < words.length && isNot(words[i] ?? { word: '', start: 0 })) i++;
    const name = words.slice(i);
    const first = name[0];
    if (!first || name.length > 3) continue;
    const nameLike = isKnownName(first.word) || (hasCase(first.word) ? isCapitalised(first.word) : line.ownLine);
    if (!nameLike) continue;
    let last = first;
    for (const w of name.slice(1)) {
      if (isNot(w)) break;
      last = w;
    }
    return { start: first.start, end: last.start + last.word.length };
  }
  return undefined;
}

/** Turkish titles after the name: Ahmet Bey, Ayşe Hanım. */
const NAME_WORD = String.raw`\p{Lu}\p{Ll}[\p{L}\p{M}]{0,30}`;
const TR_POSTFIX = new RegExp(String.raw`${START}(?:(${NAME_WORD}) )?(${NAME_WORD}) (?:Bey|Hanım|Hanim|Hoca|Abla|Abi)(?![\p{L}\p{M}])`, 'gu');

export function findNames(view: string, language: string, text: string = view): Span[] {
  const spans: Span[] = [];
  for (const cue of COMPILED) {
    if (cue.only && !cue.only.includes(language)) continue;
    for (const m of view.matchAll(cue.re)) {
      if (cue.clauseStart && !atClauseStart(view, m.index)) continue;
      const end = m.index + m[0].length;
      const span = cue.kind === 'closing' ? signatureAfter(view, text, end, language) : nameAfter(view, text, end, cue.kind, language);
      if (span) spans.push(span);
    }
  }
  for (const m of view.matchAll(TR_POSTFIX)) {
    const [given, last] = [m[1], m[2]];
    if (!last || notAName(last, language)) continue;
    const lastStart = m.index + (given ? given.length + 1 : 0);
    spans.push({ start: given && !notAName(given, language) ? m.index : lastStart, end: lastStart + last.length });
  }
  return spans;
}
