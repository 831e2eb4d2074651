import { answerKey } from './codable.js';
import type { CodingStore } from './ports.js';
import { unionOfCoders } from './tag-index.js';

/**
 * What an export writes of coding: for each released answer, the codes it carries (any coder's, ids in
 * order; the codebook, core/coding/codebook.ts `allCodes`, names them in nl/fr/en). Coders are never
 * exported. Only respondents in `released` are answered: a tag on anyone else (there should be none:
 * tagging refuses them) yields nothing.
 */
export type AnswerCodes = (respondentCode: string, questionId: string) => readonly string[];

export async function answerCodes(
  coding: Pick<CodingStore, 'taggings'>,
  projectId: string,
  roundId: string,
  released: ReadonlyMap<string, unknown>,
): Promise<AnswerCodes> {
  const union = unionOfCoders((await coding.taggings(projectId, roundId)).filter((t) => released.has(t.respondentCode)));
  return (respondentCode, questionId) => [...(union.get(answerKey(respondentCode, questionId)) ?? [])].sort();
}
