import type { Published } from '../disclosure/audit.js';
import type { Answer } from '../model.js';
import type { Codebook } from './codebook.js';

/** What coding needs from a store (adapters/dynamodb/coding-store.ts). */

/** One answer of a round, by its stored respondent code (never shown as such). */
export interface AnswerKey {
  projectId: string;
  roundId: string;
  respondentCode: string;
  questionId: string;
}

/** The codes one coder gave one answer. */
export interface Tagging {
  respondentCode: string;
  questionId: string;
  /** `staff:<userId>` or `interpreter:<userId>` (core/coding/coders.ts): shown to the organisation's staff only. */
  coder: string;
  codes: string[];
  at: string;
}

export interface CodingStore {
  codebook(projectId: string): Promise<Codebook | null>;
  /** Save on condition that the stored version is still `codebook.version − 1`; false when someone saved first. */
  saveCodebook(codebook: Codebook): Promise<boolean>;
  /** Every tagging of a round (one partition). */
  taggings(projectId: string, roundId: string): Promise<Tagging[]>;
  /** Add codes to what this coder gave the answer; the codes the coder has on it after. */
  addCodes(answer: AnswerKey, coder: string, codes: readonly string[], at: string): Promise<string[]>;
  /** Take one code of this coder's off the answer; the codes left. */
  removeCode(answer: AnswerKey, coder: string, code: string, at: string): Promise<string[]>;
  /** What the round's code counts published so far, oldest first (core/coding/counts.ts audits against it). */
  publishedCounts(projectId: string, roundId: string): Promise<Published[]>;
  /** Keep what was published as number `number` (1, 2, …); false when that number is taken (someone published at once). */
  addPublishedCounts(projectId: string, roundId: string, number: number, published: Published): Promise<boolean>;
}

/** One answer read by its key. */
export interface AnswerLookup {
  answer(key: AnswerKey): Promise<Answer | null>;
}
