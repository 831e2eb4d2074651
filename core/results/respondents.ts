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
  const consent = consentId === null ? undefined : respondent.answers.find((a) => a.questionId === consentId && isAnswer(a));
  // A "yes" given again after START replaces the stored "no" (same key): the latest word counts.
  if (consent && !(consent.status === 'answered' && consent.value === 'yes')) return 'declined';
  return round.expiredAt ? 'incomplete' : 'in-progress';
}

/** An answer record the engine wrote (answered, skipped, passed over): not a comment, not a continued part. */
export const isAnswer = (a: Answer): boolean => a.status !== 'comment' && a.status !== 'continued';

/**
 * One respondent's records as staff read them: the parts of an open answer sent in a burst (`continued`)
 * joined to it on new lines, in their order; comments and everything else as they are. A part whose answer
 * is missing stands as the answer; a voice answer keeps its transcript, the typed parts becoming its text.
 */
export function joinParts(records: readonly Answer[]): Answer[] {
  const parts = records.filter((a) => a.status === 'continued').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  if (parts.length === 0) return [...records];
  const out: Answer[] = [];
  const joined = new Map<string, Answer>();
  const keyOf = (a: Answer) => `${a.projectId}#${a.roundId}#${a.respondentCode}#${a.questionId}`;
  for (const a of records) {
    if (a.status === 'continued') continue;
    const copy = { ...a };
    if (a.status === 'answered' && !joined.has(keyOf(a))) joined.set(keyOf(a), copy);
    out.push(copy);
  }
  for (const part of parts) {
    const answer = joined.get(keyOf(part));
    if (!answer) {
      const alone: Answer = { ...part, status: 'answered', seq: undefined };
      joined.set(keyOf(part), alone);
      out.push(alone);
      continue;
    }
    answer.value = typeof answer.value === 'string' && answer.value !== '' ? `${answer.value}\n${String(part.value)}` : part.value;
  }
  return out;
}

/**
 * Regroup a round's pages into one respondent at a time, answers in survey order (a question's comments
 * after its answer, in the order they came; burst parts joined: `joinParts`). The source yields a
 * respondent's records adjacently (key order), so only one respondent is ever held: memory stays bounded
 * by the number of questions, not by the round. A marker without answers (they were erased) is no
 * respondent, nor is someone with nothing but comments (words before any answer, not even the consent).
 */
export async function* byRespondent(pages: AsyncIterable<RoundRecord[]>, questions: ReadonlyMap<string, QuestionInfo>): AsyncGenerator<Respondent> {
  const position = (a: Answer) => questions.get(a.questionId)?.position ?? Number.MAX_SAFE_INTEGER;
  const ordered = (answers: Answer[]) =>
    joinParts(answers).sort((a, b) => position(a) - position(b) || a.questionId.localeCompare(b.questionId) || (a.seq ?? -1) - (b.seq ?? -1));
  const answered = (r: Respondent) => r.answers.some(isAnswer);
  let current: Respondent | null = null;
  for await (const page of pages) {
    for (const record of page) {
      if (current && current.respondentCode !== record.respondentCode) {
        if (answered(current)) yield { ...current, answers: ordered(current.answers) };
        current = null;
      }
      current ??= { respondentCode: record.respondentCode, answers: [], completed: false };
      if (isCompletion(record)) current.completed = true;
      else current.answers.push(record);
    }
  }
  if (current && answered(current)) yield { ...current, answers: ordered(current.answers) };
}
