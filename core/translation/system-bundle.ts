import type { LanguageReview, ReviewerRole } from '../../flows/definition.js';
import type { LocaleReview } from '../../locales/index.js';
import type { TranslationBundle, TranslationUnit } from './bundle.js';
import { checkBundle, type TranslationCheck, type TranslationProblem } from './checks.js';
import { leavesOf, mapLeaves, type LocaleLeaf, type LocaleTree } from './system-tree.js';
import { ANSWER_LISTS, clashProblems, listProblems, textToWords, wordsToText, type WordLists } from './system-words.js';

/**
 * The system texts (`locales/<lng>/translation.json`: what Stem itself says to participants, in every
 * survey) as a translation bundle from English, the reference, and a translated bundle applied back.
 *
 * A unit per text, named by its key path (`consent.promise`); a unit per word list (`words.stop`), one word
 * a line. Applied back, a bundle must pass the survey files' checks (checkBundle: placeholders, script,
 * nothing missing or extra) and the rules the repository's files are tested with (tests/unit/locales.test.ts):
 * each text within the SMS budget of its English text, translated (not English), trimmed; word lists that
 * keep commands and answers apart in every language. A bundle with any problem changes nothing.
 *
 * The files in `locales/` are the source: the translations CLI (scripts/translations.ts) reads and writes
 * them, and a pull request carries a review into the repository. Nothing here reads a file.
 */

/** The name of the participant texts' bundle (dashboard.json and feedback.json are staff texts, in nl/fr/en only). */
export const SYSTEM_BUNDLE_NAME = 'translation';
export const SYSTEM_SOURCE_LANGUAGE = 'en';

/** LocaleReview (locales/, a lower layer) is LanguageReview (flows/): a difference fails typecheck here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameReviewType: Same<LocaleReview, LanguageReview> = true;
void sameReviewType;

/** The SMS budget tests/unit/locales.test.ts holds every text to: about as long as the English one. */
export const smsBudget = (english: string): number => Math.ceil(english.length * 1.6) + 8;

const isWords = (id: string): boolean => id.startsWith('words.');

function noteOf(id: string, source: string): string {
  if (isWords(id)) {
    const list = id.slice('words.'.length);
    return ANSWER_LISTS.has(list)
      ? `Words a participant may send to answer "${list.replace('_', ' ')}". One word or phrase a line; no {{placeholders}}.`
      : `Words that run the command ${list.toUpperCase()} in every language. One word a line; the first line is shown in messages, in capitals. No {{placeholders}}.`;
  }
  const where = id.startsWith('call.') || id.startsWith('callBack.') ? 'Spoken on a phone call.' : 'Sent as a message (SMS, WhatsApp).';
  const holders = [...new Set(source.match(/\{\{\s*[^}\s]+\s*\}\}/g) ?? [])];
  const keep =
    holders.length === 0
      ? ''
      : ` Keep ${holders.join(', ')} as ${holders.length === 1 ? 'it is' : 'they are'}: Stem fills ${holders.length === 1 ? 'it' : 'them'} in.`;
  return `${where} At most ${smsBudget(source)} characters.${keep}`;
}

const leafText = (leaf: LocaleLeaf): string => (Array.isArray(leaf) ? wordsToText(leaf) : leaf);

/** The participant texts from English into `language` (`target` absent: nothing translated yet). */
export function systemBundle(english: LocaleTree, target: LocaleTree | undefined, language: string, review: LanguageReview): TranslationBundle {
  const current = new Map(target ? leavesOf(target) : []);
  const units: TranslationUnit[] = leavesOf(english).map(([id, leaf]) => {
    const translated = current.get(id);
    const source = leafText(leaf);
    return { id, source, target: translated === undefined ? null : leafText(translated), note: noteOf(id, source) };
  });
  return { kind: 'system', name: SYSTEM_BUNDLE_NAME, sourceLanguage: SYSTEM_SOURCE_LANGUAGE, targetLanguage: language, review, units };
}

/** checkBundle's problems, and the system texts' own: a word list, a text left in English, stray spaces, another bundle. */
export type SystemCheck = TranslationCheck | 'words' | 'untranslated' | 'spaces' | 'bundle';
export interface SystemProblem extends Omit<TranslationProblem, 'check'> {
  check: SystemCheck;
}

export interface SystemImport {
  english: LocaleTree;
  /** The language's texts as they are now (the file in the repository). */
  current: LocaleTree;
  language: string;
  review: LanguageReview;
  /** Every other language's word lists as they are now: a new word must not clash with theirs. */
  otherWords: Readonly<Record<string, WordLists>>;
}

export interface ApplySystemOptions {
  /** The person who imports says a speaker of the language checked every text. */
  reviewed: boolean;
  by: ReviewerRole;
  at: Date;
}

export type SystemImportResult = { ok: true; translation: LocaleTree; review: LanguageReview; changed: boolean } | { ok: false; problems: SystemProblem[] };

/** The SMS budget of every text but the word lists (checkBundle's `length` option). */
function budget(english: ReadonlyMap<string, LocaleLeaf>, isSource: boolean) {
  return (targets: ReadonlyMap<string, string>): TranslationProblem[] => {
    if (isSource) return [];
    return [...targets].flatMap(([unit, text]) => {
      const reference = english.get(unit);
      if (typeof reference !== 'string' || text.length <= smsBudget(reference)) return [];
      const max = smsBudget(reference);
      return [
        {
          unit,
          check: 'sms-length',
          message: `${text.length} characters: at most ${max} (the English text has ${reference.length})`,
          values: { length: text.length, max },
        },
      ];
    });
  };
}

function ownProblems(input: SystemImport, bundle: TranslationBundle, english: ReadonlyMap<string, LocaleLeaf>): SystemProblem[] {
  const problems: SystemProblem[] = [];
  if (bundle.kind !== 'system' || bundle.name !== SYSTEM_BUNDLE_NAME)
    problems.push({ unit: null, check: 'bundle', message: `this file holds "${bundle.name}" (${bundle.kind}), not the participant texts of Stem` });
  const isSource = input.language === SYSTEM_SOURCE_LANGUAGE;
  const lists: Record<string, string[]> = {};
  for (const unit of bundle.units) {
    const reference = english.get(unit.id);
    if (unit.target === null || reference === undefined) continue; // checkBundle names missing and unknown units
    if (Array.isArray(reference)) {
      lists[unit.id.slice('words.'.length)] = textToWords(unit.target);
      continue;
    }
    if (unit.target.trim() !== unit.target) problems.push({ unit: unit.id, check: 'spaces', message: 'starts or ends with a space or a new line' });
    if (!isSource && unit.target === reference) problems.push({ unit: unit.id, check: 'untranslated', message: 'left in English' });
  }
  if (Object.keys(lists).length > 0) {
    const words = [...listProblems(lists), ...clashProblems({ ...input.otherWords, [input.language]: lists }, input.language)];
    problems.push(...words.map((p) => ({ ...p, check: 'words' as const })));
  }
  return problems;
}

/**
 * A translated bundle applied to a language's texts: the new translation.json (the same keys in the same
 * order) and the language's review state. Reviewed (a speaker checked every text): `reviewed` by that role,
 * now. Otherwise changed texts make the language a `draft` by that role, and unchanged ones keep its state.
 */
export function applySystemBundle(input: SystemImport, bundle: TranslationBundle, options: ApplySystemOptions): SystemImportResult {
  const expected = systemBundle(input.english, input.current, input.language, input.review);
  const english = new Map(leavesOf(input.english));
  const problems: SystemProblem[] = [
    ...checkBundle(expected, bundle, { length: budget(english, input.language === SYSTEM_SOURCE_LANGUAGE) }),
    ...ownProblems(input, bundle, english),
  ];
  // A file for another language or of other texts: say that, not every text that then looks wrong.
  const wrongFile = problems.filter((p) => p.check === 'language' || p.check === 'bundle');
  if (wrongFile.length > 0) return { ok: false, problems: wrongFile };
  if (problems.length > 0) return { ok: false, problems };
  const targets = new Map(bundle.units.map((u) => [u.id, u.target ?? '']));
  const translation = mapLeaves(input.current, (path, old) => {
    const text = targets.get(path);
    if (text === undefined) return old;
    return Array.isArray(old) ? textToWords(text) : text.replace(/\r\n?/g, '\n'); // a spreadsheet saved on Windows: one kind of line end
  });
  const changed = JSON.stringify(translation) !== JSON.stringify(input.current);
  const at = options.at.toISOString();
  const review: LanguageReview = options.reviewed ? { state: 'reviewed', by: options.by, at } : changed ? { state: 'draft', by: options.by, at } : input.review;
  return { ok: true, translation, review, changed };
}

/**
 * Another language's state after the English texts changed: a review checked the old English, so a
 * `reviewed` language becomes a draft again (as a changed source text does in a survey, core/translation/review.ts);
 * a machine translation stays one.
 */
export function reviewAfterSourceChange(review: LanguageReview, by: ReviewerRole, at: Date): LanguageReview {
  return review.state === 'reviewed' ? { state: 'draft', by, at: at.toISOString() } : review;
}
