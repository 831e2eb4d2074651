import { normalizeText } from '../../flows/normalize.js';

/**
 * The word lists of the system texts (`words.stop`, `words.yes`, …): what participants may send as a
 * command or an answer. A translator edits a list as one unit, one word or phrase a line (a list of
 * separate units would let a file drop a word without anything being "missing"). Read back, they are held
 * to the rules tests/unit/locales.test.ts holds the files in the repository to, with the normalization the
 * inbound matcher applies (flows/vocabulary.ts), so an import can never break a command word.
 */

/** The answers a participant gives with a word; every other list is a command. */
export const ANSWER_LISTS: ReadonlySet<string> = new Set(['yes', 'no', 'true', 'not_true', 'dont_know']);
/** Lists that must never share a word, across all languages (each answers the same kind of question). */
const EXCLUSIVE_ANSWERS: ReadonlyArray<readonly string[]> = [
  ['yes', 'no'],
  ['true', 'not_true', 'dont_know'],
];

export type WordLists = Readonly<Record<string, readonly string[]>>;

export const wordsToText = (words: readonly string[]): string => words.join('\n');

/** One word a line; blank lines (an editor's last newline) are no words. */
export const textToWords = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);

export interface WordProblem {
  /** `words.<list>` */
  unit: string;
  message: string;
}

/** One language's lists on their own: non-empty, no placeholders, capital display words, no yes/no as a command. */
export function listProblems(lists: WordLists): WordProblem[] {
  const problems: WordProblem[] = [];
  const yesNo = new Set([...(lists.yes ?? []), ...(lists.no ?? [])].map(normalizeText));
  for (const [list, words] of Object.entries(lists)) {
    const unit = `words.${list}`;
    if (words.length === 0) problems.push({ unit, message: 'the list has no word: participants could not send it' });
    for (const word of words) {
      if (normalizeText(word).length === 0) problems.push({ unit, message: `"${word}" has no letter or digit participants could type` });
      if (/\{\{|\}\}/.test(word)) problems.push({ unit, message: `"${word}": a word list holds words, no {{placeholders}}` });
    }
    if (ANSWER_LISTS.has(list)) continue;
    const shown = words[0];
    if (shown !== undefined && shown !== shown.toUpperCase())
      problems.push({ unit, message: `the first word is shown in messages and must be in capitals: "${shown.toUpperCase()}"` });
    for (const word of words)
      if (yesNo.has(normalizeText(word))) problems.push({ unit, message: `"${word}" is also a yes/no word: a "yes" would run the command` });
  }
  return problems;
}

/** normalized word → `list@language` entries */
function index(all: Readonly<Record<string, WordLists>>, lists: (list: string) => boolean): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [language, byList] of Object.entries(all))
    for (const [list, words] of Object.entries(byList)) {
      if (!lists(list)) continue;
      for (const word of words) {
        const key = normalizeText(word);
        out.set(key, (out.get(key) ?? new Set()).add(`${list}@${language}`));
      }
    }
  return out;
}

const listOf = (entry: string): string => entry.split('@')[0] ?? '';

/**
 * Clashes across languages that involve `language` (whose new lists are in `all`): participants of every
 * language may type any language's words, so a command word must mean one command everywhere and never be
 * an answer, and yes/no (true/not true/don't know) never share a word.
 */
export function clashProblems(all: Readonly<Record<string, WordLists>>, language: string): WordProblem[] {
  const problems: WordProblem[] = [];
  const mine = (entries: Set<string>) => [...entries].filter((e) => e.endsWith(`@${language}`));
  const report = (word: string, entries: Set<string>, why: string) => {
    for (const entry of mine(entries)) problems.push({ unit: `words.${listOf(entry)}`, message: `"${word}" ${why}: ${[...entries].join(', ')}` });
  };
  const commands = index(all, (l) => !ANSWER_LISTS.has(l));
  const answers = index(all, (l) => ANSWER_LISTS.has(l));
  for (const [word, entries] of commands) {
    if (new Set([...entries].map(listOf)).size > 1) report(word, entries, 'is a word of two commands');
    const asAnswer = answers.get(word);
    if (asAnswer) report(word, new Set([...entries, ...asAnswer]), 'is both a command and an answer');
  }
  for (const family of EXCLUSIVE_ANSWERS) {
    for (const [word, entries] of index(all, (l) => family.includes(l)))
      if (new Set([...entries].map(listOf)).size > 1) report(word, entries, `is in two of ${family.join('/')}`);
  }
  return problems;
}
