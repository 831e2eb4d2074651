import type { Answer } from '../model.js';
import type { QuestionInfo } from '../results/questions.js';

/**
 * Which answers can carry codes: what the results summary counts as answering the question (the rule of
 * RoundTally.add in core/results/summary.ts) — an answer record, not skipped nor passed over, with a value
 * the question counts. So the code counts of a question split exactly the people the summary says answered
 * it, and disclosure control can treat them as parts of that published number.
 */
export function codable(answer: Answer, question: QuestionInfo | undefined): boolean {
  if (!question || answer.status !== 'answered' || answer.value === null) return false;
  return question.values.length === 0 || question.values.includes(String(answer.value));
}

/** Where a respondent's codes for one question are kept, in maps keyed by answer. */
export const answerKey = (respondentCode: string, questionId: string): string => `${respondentCode}#${questionId}`;
