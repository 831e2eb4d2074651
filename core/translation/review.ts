import type { LanguageReview, ReviewerRole, SurveyDefinition } from '../../flows/definition.js';
import { surveyUnits } from './units.js';

/** A language's review state; one never recorded is a person's draft (typed in the editor, or uploaded). */
export function reviewOf(def: Pick<SurveyDefinition, 'reviews'>, language: string): LanguageReview {
  return def.reviews?.[language] ?? { state: 'draft' };
}

/** Every language of the survey with its state, in the survey's order. */
export function reviewsOf(def: Pick<SurveyDefinition, 'reviews' | 'languages'>): Array<{ language: string } & LanguageReview> {
  return def.languages.map((language) => ({ language, ...reviewOf(def, language) }));
}

/**
 * The review states after an edit outside the translation workflow (the editor, an upload): a language
 * whose participant texts changed becomes a `draft` by whoever edited it. A changed source text (the main
 * language, `languages[0]`) also makes every other language's text of that unit stale: those languages
 * become drafts too, for a translator to look at again. Nothing becomes `reviewed` here.
 */
export function reviewsAfterEdit(
  before: Pick<SurveyDefinition, 'title' | 'about' | 'questions' | 'languages' | 'reviews'>,
  after: Pick<SurveyDefinition, 'title' | 'about' | 'questions' | 'languages'>,
  by: ReviewerRole,
  at: Date,
): Record<string, LanguageReview> {
  const old = new Map(
    surveyUnits(before)
      .filter((u) => !u.staffOnly)
      .map((u) => [u.id, u.text]),
  );
  const source = after.languages[0];
  const changed = new Set<string>();
  for (const unit of surveyUnits(after).filter((u) => !u.staffOnly)) {
    const was = old.get(unit.id);
    old.delete(unit.id);
    for (const lng of after.languages) {
      if (was?.[lng] !== unit.text[lng]) changed.add(lng);
    }
    if (source !== undefined && was?.[source] !== unit.text[source]) for (const lng of after.languages) changed.add(lng);
  }
  // A removed text changes nothing anyone reads in the other languages: no language becomes a draft for it.
  const out: Record<string, LanguageReview> = {};
  for (const lng of after.languages) {
    out[lng] = changed.has(lng) ? { state: 'draft', by, at: at.toISOString() } : reviewOf(before, lng);
  }
  return out;
}
