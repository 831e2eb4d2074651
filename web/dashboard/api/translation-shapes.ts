import * as z from '../../../kernel/zod.js';

/** A language's review state as the API gives it (flows/definition.ts LanguageReview, locales/index.ts LocaleReview). */
export const Review = z.object({
  state: z.enum(['machine', 'draft', 'reviewed']),
  by: z.optional(z.enum(['staff', 'interpreter', 'coordinator', 'developer'])),
  at: z.optional(z.string()),
});
export type Review = z.infer<typeof Review>;

/** One language of a survey or template with its state (core/translation/review.ts `reviewsOf`). */
export const LanguageReviewRow = z.object({ language: z.string(), ...Review.shape });
export type LanguageReviewRow = z.infer<typeof LanguageReviewRow>;

/** GET /api/translations/system */
export const SystemTranslations = z.object({
  sourceLanguage: z.string(),
  languages: z.array(z.object({ language: z.string(), name: z.string(), englishName: z.string(), review: Review })),
});
export type SystemTranslations = z.infer<typeof SystemTranslations>;

/** GET /api/translations/surveys: the organisation's surveys to translate, the caller's languages only. */
export const SurveysToTranslate = z.object({
  surveys: z.array(
    z.object({
      surveyId: z.string(),
      version: z.number(),
      title: z.record(z.string(), z.string()),
      frozen: z.boolean(),
      sourceLanguage: z.string(),
      languages: z.array(LanguageReviewRow),
    }),
  ),
});
export type SurveysToTranslate = z.infer<typeof SurveysToTranslate>;
