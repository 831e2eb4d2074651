import * as z from '../../kernel/zod.js';
import { LanguageReview } from '../../flows/definition.js';

/**
 * What a translator gets and gives back, whatever the file format (adapters/translation-files/): the texts
 * of one thing (a survey version, or a set of system texts) in a source language and one target language.
 * A unit's `id` names it for good (core/translation/units.ts): the file's order and layout mean nothing.
 */

/** A unit id: `title`, `q.<question id>.option.<value>`, or a system text key such as `consent.promise`. */
export const UnitId = z.string().check(z.regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/, 'letters, digits, ".", "_" and "-", at most 200 characters'));

export const TranslationUnit = z.strictObject({
  id: UnitId,
  /** The text the translator translated from, as it was when the file was written. */
  source: z.string().check(z.maxLength(10_000)),
  /** null: not translated (yet). */
  target: z.nullable(z.string().check(z.maxLength(10_000))),
  /** For the translator: where the text is used, what a placeholder means. */
  note: z.optional(z.string().check(z.maxLength(2_000))),
});
export type TranslationUnit = z.infer<typeof TranslationUnit>;

const Language = z.string().check(z.regex(/^[a-z]{2,3}$/, 'a lowercase ISO 639 language code such as "nl" or "ar"'));

export const TranslationBundle = z.strictObject({
  kind: z.enum(['survey', 'system']),
  /** The survey id with its version (`checkin@3`), or the system texts' name (`translation`, `dashboard`). */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  sourceLanguage: Language,
  targetLanguage: Language,
  /** The target language's state when the file was written (for the translator; an import decides anew). */
  review: LanguageReview,
  units: z.array(TranslationUnit).check(z.maxLength(5_000)),
});
export type TranslationBundle = z.infer<typeof TranslationBundle>;

export type TranslationFormat = 'xliff' | 'po' | 'csv';
export const TRANSLATION_FORMATS: readonly TranslationFormat[] = ['xliff', 'po', 'csv'];
export const TranslationFormatSchema = z.enum(['xliff', 'po', 'csv']);

/** A file's body, at most this many UTF-16 code units: a built-in template's file is under 6,000; a survey of 100 long questions stays far below. */
export const MAX_TRANSLATION_FILE_CHARS = 1_000_000;

/** Where a file could not be read, line or unit named, for the person who edits it. */
export interface TranslationFileIssue {
  /** `line 12`, `unit q.mood.text`, `(file)`. */
  at: string;
  message: string;
}

/** A file that is not a well-formed translation file of its format; expected, so a value the edge maps to 422. */
export class TranslationFileError extends Error {
  readonly code = 'TRANSLATION_FILE_INVALID';
  constructor(readonly issues: TranslationFileIssue[]) {
    super(`Invalid translation file: ${issues.map((i) => `${i.at}: ${i.message}`).join('; ')}`);
    this.name = 'TranslationFileError';
  }
}
