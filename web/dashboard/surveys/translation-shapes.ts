import * as z from '../../../kernel/zod.js';
import { LanguageReviewRow, Review } from '../api/translation-shapes.js';

/** What the dashboard reads of a survey's translations (http/api/translation-routes.ts). */

export const TranslationList = z.object({
  surveyId: z.string(),
  version: z.number(),
  title: z.record(z.string(), z.string()),
  frozen: z.boolean(),
  template: z.boolean(),
  sourceLanguage: z.optional(z.string()),
  languages: z.array(LanguageReviewRow),
});
export type TranslationList = z.infer<typeof TranslationList>;

export const TranslationImported = z.object({
  version: z.number(),
  language: z.string(),
  changed: z.boolean(),
  newVersion: z.boolean(),
  review: Review,
});

export const TranslationProblemShape = z.object({
  unit: z.nullable(z.string()),
  check: z.string(),
  message: z.string(),
  values: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});
export type TranslationProblemShape = z.infer<typeof TranslationProblemShape>;

/** A refused file (422): the problems of its texts, or (a file that cannot be read) only `errors`. */
export const TranslationRefusal = z.object({
  title: z.string(),
  status: z.number(),
  detail: z.optional(z.string()),
  errors: z._default(z.array(z.object({ field: z.string(), message: z.string() })), []),
  problems: z._default(z.array(TranslationProblemShape), []),
});
export type TranslationRefusal = z.infer<typeof TranslationRefusal>;

/** 200 (imported) or 422 (refused), both data to the page. */
export const TranslationUpload = z.union([TranslationImported, TranslationRefusal]);
