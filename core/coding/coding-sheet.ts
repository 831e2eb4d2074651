import type { Principal } from '../access/principal.js';
import type { AnswerSource } from '../results/ports.js';
import { ownWords, WITHHELD } from '../results/csv.js';
import type { QuestionInfo } from '../results/questions.js';
import { byRespondent } from '../results/respondents.js';
import { answerKey, codable } from './codable.js';
import { codesLanguage, coderOf, type CodingRole } from './coders.js';
import type { CodingStore } from './ports.js';
import type { ReleasedRound } from './released-round.js';
import { byCoder } from './tag-index.js';

/**
 * The answers to code: one question's released answers in the respondents' own words (typed, transcribed,
 * translated — redacted when stored), with the caller's codes; staff also see every coder's. Nothing else
 * of the respondent (no language, channel or day: the export has those, generalised). Words in a script
 * fewer than k respondents used are withheld here as in the export.
 *
 * A question is a filter: when fewer than k released respondents answered it (in the languages an
 * interpreter covers), the sheet is refused rather than shown.
 */

export interface SheetAnswer {
  /** As results show it. */
  respondentCode: string;
  text: string | null;
  transcript: string | null;
  translation: string | null;
  /** The caller's codes on it. */
  codes: string[];
  /** Staff only: every coder's codes (coder id → codes). */
  coders?: Record<string, string[]>;
}

export type SheetResult =
  | { ok: true; answers: SheetAnswer[] }
  | { ok: false; refusal: 'not-found' }
  /** 1..k−1 answers would be shown. */
  | { ok: false; refusal: 'too-few'; k: number };

export interface SheetDeps {
  answers: Pick<AnswerSource, 'records'>;
  coding: Pick<CodingStore, 'taggings'>;
}

export async function codingSheet(
  deps: SheetDeps,
  principal: Principal,
  role: CodingRole,
  round: ReleasedRound,
  questions: ReadonlyMap<string, QuestionInfo>,
  questionId: string,
): Promise<SheetResult> {
  const question = questions.get(questionId);
  if (!question || role === 'reader') return { ok: false, refusal: 'not-found' };
  const { projectId } = round.project;
  const { roundId } = round.round;
  const tags = byCoder(await deps.coding.taggings(projectId, roundId));
  const me = coderOf(principal);
  const answers: SheetAnswer[] = [];
  for await (const r of byRespondent(deps.answers.records(projectId, roundId), questions)) {
    const released = round.released.get(r.respondentCode);
    if (!released) continue;
    const a = r.answers.find((x) => x.questionId === questionId && codable(x, question));
    if (!a || !codesLanguage(principal, a.language)) continue;
    const withhold = released.withholdText;
    const coders = tags.get(answerKey(r.respondentCode, questionId));
    answers.push({
      respondentCode: round.shownCode(r.respondentCode),
      text: a.value === null ? null : withhold && ownWords(question) ? WITHHELD : String(a.value),
      transcript: a.transcript !== null && withhold ? WITHHELD : a.transcript,
      translation: a.translation,
      codes: coders?.get(me) ?? [],
      ...(role === 'staff' ? { coders: Object.fromEntries(coders ?? []) } : {}),
    });
  }
  if (answers.length > 0 && answers.length < round.k) return { ok: false, refusal: 'too-few', k: round.k };
  // In the order of the codes shown, not of the stored ones.
  answers.sort((x, y) => x.respondentCode.localeCompare(y.respondentCode));
  return { ok: true, answers };
}
