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
import { CUES, NAME_END_WORDS, TURKISH_COPULA, type CueKind } from './redact-name-cues.js';
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
  re: new RegExp(`${START}(?:${alternatives(c.words)})(?![\\p{L}\\p{M}])`, 'giu'),
  clauseStart: c.clauseStart ?? false,
  ...(c.only ? { only: c.only } : {}),
}));

/** A word: letters, with hyphens and apostrophes inside (Jean-Pierre, Türk'üm, d'Souza). */
const WORD = String.raw`[\p{L}\p{M}](?:[\p{L}\p{M}]|['-](?=[\p{L}\p{M}])){0,40}`;
const PARTICLE_WORDS = ['van', 'de', 'der', 'den', 'da', 'di', 'du', 'le', 'la', 'el', 'al', 'ben', 'bin', 'ibn', 'abu', 'von', 'ter', 'ten',
  'dos', 'das', 'del', 'vande', 'vanden'];
const PARTICLES = String.raw`(?:(?:${PARTICLE_WORDS.map(capitalOptional).join('|')}) {1,2}){0,3}`;

/** After a cue: a separator (":", ",", a dash, spaces), then up to two name parts, each maybe with particles. */
const AFTER_CUE = new RegExp(String.raw`[ \t]{0,3}(?:[:,،፣-][ \t]{0,3})?(${PARTICLES})(${WORD})(?:( {1,2})(${PARTICLES})(${WORD}))?`, 'uy');
const NAME_END = new RegExp(String.raw` (?:${alternatives(NAME_END_WORDS)})(?![\p{L}\p{M}])`, 'uy');

const hasCase = (word: string): boolean => word.toLowerCase() !== word.toUpperCase();
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
  if (withParticles) return cased && isCapitalised(word); // "ik ben van Marokko" is decided by Marokko being a place
  if (isGivenName(word)) return true;
  if (cased) {
    if (isCapitalised(word)) return !(kind === 'self' && language === 'tr' && TURKISH_COPULA.test(keyOf(word)));
    return kind === 'intro' && word === word.toLowerCase();
  }
  return kind === 'intro' || kind === 'title';
}

/** Whether the second word after a name belongs to it (a family name). */
function isFamilyName(first: string, second: string, written: string, kind: CueKind, language: string, view: string, end: number): boolean {
  if (notAName(second, language, written)) return false;
  // Who writes the first name with a capital writes the family name with one: "Peeters said" ends at Peeters.
  if (hasCase(second) && !isCapitalised(second) && isCapitalised(first)) return false;
  if (isGivenName(second)) return true;
  if (hasCase(second)) {
    if (isCapitalised(second)) return true;
    const lowerTranscript = first === first.toLowerCase() && second === second.toLowerCase();
    return lowerTranscript && (kind === 'intro' || kind === 'self' || kind === 'said');
  }
  const key = keyOf(second);
  NAME_END.lastIndex = end;
  return key.startsWith('ال') || ['عبد', 'ابو', 'بن', 'ولد'].includes(keyOf(first)) || NAME_END.test(view) ||
    (kind === 'intro' && !/^[وف]/.test(key));
}

/** The name right after a cue that ends at `from`, if the words there are one. */
function nameAfter(view: string, text: string, from: number, kind: CueKind, language: string): Span | undefined {
  AFTER_CUE.lastIndex = from;
  const m = AFTER_CUE.exec(view);
  const [particles1 = '', first = '', gap = '', particles2 = '', second] = [m?.[1], m?.[2], m?.[3], m?.[4], m?.[5]];
  const start = m ? m.index + m[0].indexOf(`${particles1}${first}`) : 0;
  const firstEnd = start + particles1.length + first.length;
  if (!m || !isNameWord(first, text.slice(firstEnd - first.length, firstEnd), kind, language, particles1 !== '')) return undefined;
  if (second === undefined) return { start, end: firstEnd };
  const secondEnd = firstEnd + gap.length + particles2.length + second.length;
  const written = text.slice(secondEnd - second.length, secondEnd);
  const joins = particles2 !== '' ? isCapitalised(second) && !isCommonWord(second, language) : isFamilyName(first, second, written, kind, language, view, secondEnd);
  return { start, end: joins ? secondEnd : firstEnd };
}

/** Start of the text, of a line or of a clause, spaces aside: where greetings and signatures stand. */
function atClauseStart(view: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (view[i] === ' ' || view[i] === '\t')) i--;
  return i < 0 || /[\n.,!?;:،؛።፣…]/u.test(view.charAt(i));
}

const WORDS = new RegExp(WORD, 'gu');

/**
 * A signature after a closing formula: the rest of its line, or else the next line when it is the last.
 * Common words in front ("mevrouw", "bisous") are passed over; then one to three words, the first a given
 * name or capitalised, or on a line of its own (a signature: "مع تحياتي\nسارة"). No digits, no tokens.
 */
function signatureAfter(view: string, text: string, from: number, language: string): Span | undefined {
  const lineEnd = view.indexOf('\n', from);
  const lines = [{ start: from, end: lineEnd < 0 ? view.length : lineEnd, ownLine: false }];
  if (lineEnd >= 0) {
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
    const nameLike = isGivenName(first.word) || (hasCase(first.word) ? isCapitalised(first.word) : line.ownLine);
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
