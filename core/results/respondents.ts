import type { SurveyDefinition } from '../../flows/definition.js';
import type { Answer, Completion, Round } from '../model.js';
import type { RoundRecord } from './ports.js';
import type { QuestionInfo } from './questions.js';

/** One respondent of a round: their answers in survey order, and whether they finished. */
export interface Respondent {
  respondentCode: string;
  answers: Answer[];
  /** A completion marker is stored beside their answers: they reached the end of the survey. */
  completed: boolean;
}

/**
 * Where a respondent got to. `complete`: finished. `declined`: said no to taking part (or could not be
 * understood at the consent). `incomplete`: stopped before the end and the round has closed (its
 * unfinished sessions were expired). `in-progress`: not finished while the round still runs.
 */
export type Outcome = 'complete' | 'declined' | 'incomplete' | 'in-progress';

export const isCompletion = (r: RoundRecord): r is Completion => !('questionId' in r);

/** The question that asks whether they take part (not a later hear-back consent), if the survey has one. */
export function participationConsentId(definition: SurveyDefinition): string | null {
  const first = definition.questions[0];
  return first?.kind === 'consent' && first.hearBack !== true ? first.id : null;
}

export function outcomeOf(respondent: Respondent, round: Round, consentId: string | null): Outcome {
  if (respondent.completed) return 'complete';
  const consent = consentId === null ? undefined : respondent.answers.find((a) => a.questionId === consentId);
  // A "yes" given again after START replaces the stored "no" (same key): the latest word counts.
  if (consent && !(consent.status === 'answered' && consent.value === 'yes')) return 'declined';
  return round.expiredAt ? 'incomplete' : 'in-progress';
}

/**
 * Regroup a round's pages into one respondent at a time, answers in survey order. The source yields a
 * respondent's records adjacently (key order), so only one respondent is ever held: memory stays bounded
 * by the number of questions, not by the round. A marker without answers (they were erased) is no respondent.
 */
export async function* byRespondent(pages: AsyncIterable<RoundRecord[]>, questions: ReadonlyMap<string, QuestionInfo>): AsyncGenerator<Respondent> {
  const position = (a: Answer) => questions.get(a.questionId)?.position ?? Number.MAX_SAFE_INTEGER;
  const ordered = (answers: Answer[]) => answers.sort((a, b) => position(a) - position(b) || a.questionId.localeCompare(b.questionId));
  let current: Respondent | null = null;
  for await (const page of pages) {
    for (const record of page) {
      if (current && current.respondentCode !== record.respondentCode) {
        if (current.answers.length > 0) yield { ...current, answers: ordered(current.answers) };
        current = null;
      }
      current ??= { respondentCode: record.respondentCode, answers: [], completed: false };
      if (isCompletion(record)) current.completed = true;
      else current.answers.push(record);
    }
  }
  if (current && current.answers.length > 0) yield { ...current, answers: ordered(current.answers) };
}
