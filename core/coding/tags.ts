import type { Principal } from '../access/principal.js';
import type { Answer } from '../model.js';
import type { QuestionInfo } from '../results/questions.js';
import { applicable, type Codebook } from './codebook.js';
import { codable } from './codable.js';
import { codesLanguage, coderOf } from './coders.js';
import type { AnswerKey, AnswerLookup, CodingStore } from './ports.js';
import type { ReleasedRound } from './released-round.js';

/**
 * Tagging: a coder applies one or more codes to one released answer, or takes one of theirs off. Each
 * coder's codes are their own (two coders of one answer are compared, never merged, until counted).
 *
 * An answer that is not released — its respondent still answering, or in no release yet — is refused
 * exactly like one that does not exist (`not-found`, with the same reads), so tagging is no oracle that
 * tells who answered what before results may show it. So is an answer in a language an interpreter does
 * not cover.
 */

export interface TaggingDeps {
  coding: Pick<CodingStore, 'addCodes' | 'removeCode'>;
  answers: AnswerLookup;
}

export type TagResult =
  | { ok: true; codes: string[] }
  | { ok: false; refusal: 'not-found' }
  | { ok: false; refusal: 'unknown-code' | 'archived-code'; ids: string[] };

export interface TagTarget {
  round: ReleasedRound;
  questions: ReadonlyMap<string, QuestionInfo>;
  /** The respondent code as results show it. */
  respondent: string;
  questionId: string;
}

/** The released, codable answer behind a target, or null (whatever the reason). */
export async function releasedAnswer(
  deps: Pick<TaggingDeps, 'answers'>,
  principal: Principal,
  target: TagTarget,
): Promise<{ key: AnswerKey; answer: Answer } | null> {
  const stored = target.round.storedCode(target.respondent);
  if (stored === null || !target.round.released.has(stored)) return null;
  const key: AnswerKey = {
    projectId: target.round.project.projectId,
    roundId: target.round.round.roundId,
    respondentCode: stored,
    questionId: target.questionId,
  };
  const answer = await deps.answers.answer(key);
  if (!answer || !codable(answer, target.questions.get(target.questionId)) || !codesLanguage(principal, answer.language)) return null;
  return { key, answer };
}

export async function tagAnswer(
  deps: TaggingDeps,
  principal: Principal,
  codebook: Codebook,
  target: TagTarget,
  codes: readonly string[],
  at: string,
): Promise<TagResult> {
  const found = await releasedAnswer(deps, principal, target);
  if (!found) return { ok: false, refusal: 'not-found' };
  const check = applicable(codebook, codes);
  if (!check.ok) return { ok: false, refusal: check.code, ids: check.ids };
  return { ok: true, codes: await deps.coding.addCodes(found.key, coderOf(principal), [...new Set(codes)], at) };
}

/** Take a code off (archived or not: taking off is always allowed); the coder's codes left on the answer. */
export async function untagAnswer(deps: TaggingDeps, principal: Principal, target: TagTarget, code: string, at: string): Promise<TagResult> {
  const found = await releasedAnswer(deps, principal, target);
  if (!found) return { ok: false, refusal: 'not-found' };
  return { ok: true, codes: await deps.coding.removeCode(found.key, coderOf(principal), code, at) };
}
