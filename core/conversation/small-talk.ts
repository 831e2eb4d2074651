import { normalizeText } from '../../flows/normalize.js';
import { isWord, type WordKind } from '../../flows/vocabulary.js';

/**
 * What a newcomer texts before (or instead of) a join code: a greeting, a thank-you, "ok", a 👍 (read as
 * "yes"). Such a word is still looked up as a code (a project may be called HALLO), but a miss is not
 * counted against the sender or the service by the join limiter (join-limit.ts): the list is fixed and
 * short, so looking its words up teaches a guesser nothing, while counting them would lock out people who
 * greet first — and, service-wide, everyone after a busy hour of greetings. Words in scripts without
 * Latin letters are never read as codes at all (codes are A–Z and digits).
 */
const GREETINGS = [
  // nl
  'hallo',
  'hoi',
  'hey',
  'dag',
  'goeiedag',
  'goedendag',
  'goedemorgen',
  'goedemiddag',
  'goedenavond',
  'dank u',
  'dank je',
  'dankjewel',
  'dank u wel',
  'bedankt',
  'merci',
  // fr
  'bonjour',
  'bonsoir',
  'salut',
  'coucou',
  'allo',
  'merci beaucoup',
  // en
  'hi',
  'hello',
  'good morning',
  'good afternoon',
  'good evening',
  'thanks',
  'thank you',
  // tr
  'merhaba',
  'selam',
  'selamlar',
  'gunaydin',
  'iyi gunler',
  'tesekkurler',
  'tesekkur ederim',
  'sagol',
  // Arabic, Persian, Ukrainian, Tigrinya greetings as people type them in Latin letters
  'salam',
  'salaam',
  'salam alaikum',
  'salamalaikum',
  'assalamualaikum',
  'marhaba',
  'marhaban',
  'shukran',
  'mersi',
  'privit',
  'pryvit',
  'dyakuyu',
  'selam new',
].map(normalizeText);
const GREETING_SET = new Set(GREETINGS);

/** Replies that mean yes, no, skip, true… in any supported language (locales `words`). */
const ANSWER_WORDS: readonly WordKind[] = ['yes', 'no', 'skip', 'true', 'not_true', 'dont_know'];

/** Is this whole message small talk rather than a try at a code? */
export function isSmallTalk(text: string): boolean {
  const n = normalizeText(text)
    .replace(/[!?.,;:'"¡¿…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return n !== '' && (GREETING_SET.has(n) || ANSWER_WORDS.some((kind) => isWord(kind, n)));
}
