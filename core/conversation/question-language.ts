import type { LanguageChain } from '../texts.js';

/**
 * Which language a question is asked in: the first language of the person's chain (their own, then the
 * project's fallbacks, then English) that the survey has, else the survey's main language. One message
 * never mixes languages: the question, its options and the hints around it all come in this language
 * (a survey has every text in each of its languages: flows/definition.ts), even where the system texts
 * exist in the person's own (a Tigrinya participant of an English-only survey gets the question, its
 * answers and "reply with a number" in English, not English options under Tigrinya hints).
 */
export function questionLanguage(chain: LanguageChain, surveyLanguages: readonly string[]): string {
  return chain.find((language) => surveyLanguages.includes(language)) ?? surveyLanguages[0] ?? chain[0] ?? 'en';
}

/** The chain a question is rendered with: its language first, then the rest of the person's chain. */
export function questionChain(chain: LanguageChain, surveyLanguages: readonly string[]): LanguageChain {
  const language = questionLanguage(chain, surveyLanguages);
  return [language, ...chain.filter((l) => l !== language)];
}
