import type { LanguageReview, ReviewerRole, SurveyDefinition } from '../../flows/definition.js';

/**
 * The review states of an uploaded definition as the server keeps them: a `machine` or `draft` state it
 * claims is kept (it says less than a review), a claimed `reviewed` becomes a draft by the uploader, now.
 * A language becomes reviewed only through the translation workflow (issue 22), never by writing it in JSON.
 */
export function withoutClaimedReviews(def: SurveyDefinition, by: ReviewerRole, at: Date): SurveyDefinition {
  if (!def.reviews) return def;
  const reviews: Record<string, LanguageReview> = {};
  for (const [language, review] of Object.entries(def.reviews)) {
    reviews[language] = review.state === 'reviewed' ? { state: 'draft', by, at: at.toISOString() } : review;
  }
  return { ...def, reviews };
}
