import type { Answer } from '../model.js';
import type { QuestionInfo } from './questions.js';

/**
 * Whether an answer counts as given, wherever answers are counted (the summary, the pooled views, coding):
 * answered with a value, or — for a question in people's own words — told in a voice note, whatever became
 * of its transcript. Someone who tells their story by voice has answered it, before a transcript comes and
 * even if none ever does; the people Stem is for answer by voice more than anyone.
 */
export function givenAnswer(answer: Answer, question: QuestionInfo): boolean {
  if (answer.status !== 'answered') return false;
  if (answer.value !== null) return true;
  return answer.voice !== null && question.values.length === 0 && (question.kind === 'open' || question.kind === 'story');
}
