import type { Answer } from '../model.js';
import { givenAnswer } from '../results/answered.js';
import type { QuestionInfo } from '../results/questions.js';

/**
 * Which answers can carry codes: people's own words — open questions, stories, a statement's "why" (the
 * voice of the group; a closed answer already is a count, and codes on it would only add combinations of
 * counts to guard) — among the answers the results summary counts (core/results/answered.ts), those with
 * words to read: typed, or a voice note's transcript. So the code counts of a question are parts of the
 * people the summary says answered it, and disclosure control can treat them as such.
 */
export function codable(answer: Answer, question: QuestionInfo | undefined): boolean {
  if (!question || (question.kind !== 'open' && question.kind !== 'story')) return false;
  return givenAnswer(answer, question) && (answer.value !== null || answer.transcript !== null);
}

/** Where a respondent's codes for one question are kept, in maps keyed by answer. */
export const answerKey = (respondentCode: string, questionId: string): string => `${respondentCode}#${questionId}`;
