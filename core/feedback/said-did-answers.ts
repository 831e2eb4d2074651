import type { Principal } from '../access/principal.js';
import type { AnswerLookup, CodingStore } from '../coding/ports.js';
import { codingSheet, type SheetAnswer } from '../coding/coding-sheet.js';
import { releasedRound, type ReleasedRound, type ReleasedRoundDeps } from '../coding/released-round.js';
import { releasedAnswer } from '../coding/tags.js';
import type { Catalog } from '../conversation/catalog.js';
import type { Project } from '../model.js';
import type { AnswerSource } from '../results/ports.js';
import { questionsOf, type QuestionInfo } from '../results/questions.js';
import type { AnswerLink, AnswerRef } from './said-did.js';

/**
 * Linked answers go in and come out through the coding page's rules, never around them:
 * - linking one takes the reference the coding page shows (round, respondent code as results show it,
 *   question) and accepts it only where tagging would (core/coding/tags.ts `releasedAnswer`: released,
 *   codable, in this project); anything else — unreleased, erased, of another project, made up — is refused
 *   alike, so linking is no oracle;
 * - showing one builds that question's coding sheet for the caller (core/coding/coding-sheet.ts) and takes
 *   the answer from it: released respondents only, withheld words withheld, and nothing at all when the
 *   sheet is refused (fewer than k answered). An answer the sheet no longer has — erased since, the
 *   erasure having missed the link — is a dead link: shown as "not available", with no code or words.
 * Only staff of the organisation get here (core/feedback/visibility.ts): coordinators never read linked answers.
 */

export interface SaidDidAnswerDeps extends ReleasedRoundDeps {
  catalog: Pick<Catalog, 'survey'>;
  answers: Pick<AnswerSource, 'records'>;
  coding: Pick<CodingStore, 'taggings'>;
  answerLookup: AnswerLookup;
}

export type LinkedAnswer =
  | {
      available: true;
      roundId: string;
      roundLabel: string;
      questionId: string;
      questionText: string;
      respondentCode: string;
      text: string | null;
      transcript: string | null;
      translation: string | null;
    }
  /** Not shown (the sheet does not show it now): no respondent code, no words. */
  | { available: false; roundId: string; roundLabel: string; questionId: string; questionText: string };

interface RoundView {
  round: ReleasedRound;
  questions: Map<string, QuestionInfo>;
}

/** Rounds read once per request. */
function roundCache(deps: SaidDidAnswerDeps, project: Project): (roundId: string) => Promise<RoundView | null> {
  const cache = new Map<string, Promise<RoundView | null>>();
  const load = async (roundId: string): Promise<RoundView | null> => {
    const round = await releasedRound(deps, project, roundId);
    if (!round) return null;
    const survey = await deps.catalog.survey(round.round.surveyId, round.round.surveyVersion);
    if (!survey) throw new Error(`survey ${round.round.surveyId}@${round.round.surveyVersion} of round ${roundId} is missing`);
    return { round, questions: questionsOf(survey) };
  };
  return (roundId) => {
    let found = cache.get(roundId);
    if (!found) {
      found = load(roundId);
      cache.set(roundId, found);
    }
    return found;
  };
}

/**
 * The stored links behind the references, or the positions of those that are no released, codable answer
 * of this project (all refused alike).
 */
export async function resolveRefs(
  deps: SaidDidAnswerDeps,
  principal: Principal,
  project: Project,
  refs: readonly AnswerRef[],
): Promise<{ ok: true; links: Array<Omit<AnswerLink, 'itemId' | 'at'>> } | { ok: false; missing: number[] }> {
  const roundOf = roundCache(deps, project);
  const links: Array<Omit<AnswerLink, 'itemId' | 'at'>> = [];
  const missing: number[] = [];
  for (const [i, ref] of refs.entries()) {
    const view = await roundOf(ref.roundId);
    const found = view
      ? await releasedAnswer({ answers: deps.answerLookup }, principal, {
          round: view.round,
          questions: view.questions,
          respondent: ref.respondentCode,
          questionId: ref.questionId,
        })
      : null;
    if (!found) missing.push(i);
    else links.push({ projectId: project.projectId, roundId: ref.roundId, respondentCode: found.key.respondentCode, questionId: ref.questionId });
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, links };
}

/** The linked answers as the caller's coding sheets show them, in the order of `links`. */
export async function linkedAnswers(deps: SaidDidAnswerDeps, principal: Principal, project: Project, links: readonly AnswerLink[]): Promise<LinkedAnswer[]> {
  const roundOf = roundCache(deps, project);
  const sheets = new Map<string, Promise<Map<string, SheetAnswer> | null>>();
  const sheetOf = (view: RoundView, questionId: string): Promise<Map<string, SheetAnswer> | null> => {
    const key = `${view.round.round.roundId}#${questionId}`;
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = codingSheet(deps, principal, 'staff', view.round, view.questions, questionId).then((s) =>
        s.ok ? new Map(s.answers.map((a) => [a.respondentCode, a])) : null,
      );
      sheets.set(key, sheet);
    }
    return sheet;
  };
  const out: LinkedAnswer[] = [];
  for (const link of links) {
    const view = await roundOf(link.roundId);
    const heading = {
      roundId: link.roundId,
      roundLabel: view?.round.round.label ?? link.roundId,
      questionId: link.questionId,
      questionText: view?.questions.get(link.questionId)?.text ?? link.questionId,
    };
    const sheet = view ? await sheetOf(view, link.questionId) : null;
    const shownCode = view?.round.shownCode(link.respondentCode);
    const answer = shownCode === undefined ? undefined : sheet?.get(shownCode);
    out.push(
      answer && shownCode !== undefined
        ? { available: true, ...heading, respondentCode: shownCode, text: answer.text, transcript: answer.transcript, translation: answer.translation }
        : { available: false, ...heading },
    );
  }
  return out;
}
