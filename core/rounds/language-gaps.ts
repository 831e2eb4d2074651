import { questionLanguage } from '../conversation/question-language.js';
import { FieldError } from '../errors.js';
import type { Project } from '../model.js';
import { languageChain } from '../texts.js';

/**
 * A launch checks languages: a project language the survey lacks means those participants read (or hear)
 * the questions in another language. Staff see which, and what they would get, before anyone is invited.
 */

export interface LanguageGap {
  /** A language of the project the survey has no texts in. */
  language: string;
  /** What those participants get instead: the first of their chain (the project's fallbacks, then English) the survey has. */
  getsLanguage: string;
}

export function languageGaps(project: Pick<Project, 'languages' | 'fallbackLanguages'>, surveyLanguages: readonly string[]): LanguageGap[] {
  return project.languages
    .filter((language) => !surveyLanguages.includes(language))
    .map((language) => ({ language, getsLanguage: questionLanguage(languageChain(language, project.fallbackLanguages), surveyLanguages) }));
}

/** The launch was not confirmed for every missing language: `field` is where the confirmation goes. */
export class MissingLanguagesError extends FieldError {
  readonly code = 'MISSING_LANGUAGES';
  constructor(readonly gaps: LanguageGap[]) {
    super(
      'acceptMissingLanguages',
      `the survey has no texts in ${gaps.map((g) => g.language).join(', ')}: ${gaps
        .map((g) => `people who speak ${g.language} would get the questions in ${g.getsLanguage}`)
        .join('; ')}. Launch again with acceptMissingLanguages: [${gaps.map((g) => `"${g.language}"`).join(', ')}] to go ahead`,
    );
  }
}

/** Refuses a launch whose gaps are not all accepted. */
export function checkLanguages(
  project: Pick<Project, 'languages' | 'fallbackLanguages'>,
  surveyLanguages: readonly string[],
  accepted: readonly string[] = [],
): LanguageGap[] {
  const gaps = languageGaps(project, surveyLanguages);
  if (gaps.some((g) => !accepted.includes(g.language))) throw new MissingLanguagesError(gaps);
  return gaps;
}
