import type { LanguageReview, LocalizedText, ReviewerRole, SurveyDefinition, SurveyDefinitionInput } from '../../flows/definition.js';
import { reviewOf } from '../translation/review.js';

/** The template whose consent question a blank survey starts with: the plainest one ("how are you doing? will you take part?"). */
export const CONSENT_SOURCE = 'energy_checkin';

/**
 * A new survey's version 1: its title, and the consent question every survey opens with (the promise of
 * anonymity is added by the conversation itself, core/conversation/render.ts), copied from a template in
 * the survey's languages. Not validated here: the caller parses it with `SurveyDefinition`, which names a
 * title missing in a language (`title.ar`).
 *
 * Review states: a language whose consent text is the template's machine translation stays `machine`
 * (typing a title does not make the rest a person's text); the others are drafts by whoever created it.
 */
export function blankSurvey(
  input: { surveyId: string; title: LocalizedText; languages: readonly string[] },
  consentFrom: SurveyDefinition,
  by: ReviewerRole,
  at: Date,
): SurveyDefinitionInput {
  const consent = consentFrom.questions.find((q) => q.kind === 'consent' && q.hearBack !== true);
  const pick = (text: LocalizedText): LocalizedText => Object.fromEntries(input.languages.flatMap((lng) => (text[lng] ? [[lng, text[lng]]] : [])));
  const reviews: Record<string, LanguageReview> = {};
  for (const lng of input.languages) {
    const source = reviewOf(consentFrom, lng);
    reviews[lng] = source.state === 'machine' ? { state: 'machine', ...(source.by ? { by: source.by } : {}) } : { state: 'draft', by, at: at.toISOString() };
  }
  return {
    id: input.surveyId,
    version: 1,
    title: pick(input.title),
    languages: [...input.languages],
    questions: [{ id: 'consent', kind: 'consent', text: consent ? pick(consent.text) : {} }],
    reviews,
  };
}
