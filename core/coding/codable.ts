import type { Answer } from '../model.js';
import type { QuestionInfo } from '../results/questions.js';

/**
 * Which answers can carry codes: people's own words — open questions, stories, a statement's "why" (the
 * voice of the group; a closed answer already is a count, and codes on it would only add combinations of
 * counts to guard) — counted as the results summary counts answering the question (RoundTally.add in
 * core/results/summary.ts): an answer record, not skipped nor passed over, with a value. So the code counts
 * of a question split exactly the people the summary says answered it, and disclosure control can treat
 * them as parts of that published number.
 */
export function codable(answer: Answer, question: QuestionInfo | undefined): boolean {
  if (!question || (question.kind !== 'open' && question.kind !== 'story')) return false;
  return answer.status === 'answered' && answer.value !== null && question.values.length === 0;
}

/** Where a respondent's codes for one question are kept, in maps keyed by answer. */
export const answerKey = (respondentCode: string, questionId: string): string => `${respondentCode}#${questionId}`;
