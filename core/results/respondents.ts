import type { Answer } from '../model.js';
import type { QuestionInfo } from './questions.js';

/**
 * Regroup a round's pages into one respondent's answers at a time, in survey order. The source yields a
 * respondent's answers adjacently (key order), so only one respondent is ever held: memory stays bounded
 * by the number of questions, not by the round.
 */
export async function* byRespondent(pages: AsyncIterable<Answer[]>, questions: ReadonlyMap<string, QuestionInfo>): AsyncGenerator<Answer[]> {
  const position = (a: Answer) => questions.get(a.questionId)?.position ?? Number.MAX_SAFE_INTEGER;
  const ordered = (answers: Answer[]) => answers.sort((a, b) => position(a) - position(b) || a.questionId.localeCompare(b.questionId));
  let current: Answer[] = [];
  for await (const page of pages) {
    for (const answer of page) {
      if (current.length > 0 && current[0]?.respondentCode !== answer.respondentCode) {
        yield ordered(current);
        current = [];
      }
      current.push(answer);
    }
  }
  if (current.length > 0) yield ordered(current);
}
