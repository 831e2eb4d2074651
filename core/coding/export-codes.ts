import type { RoundCodes } from '../results/csv.js';
import type { CodingStore } from './ports.js';

/**
 * What an export writes of coding: for each released answer, the codes it carries (any coder's, ids in
 * order; the codebook, core/coding/codebook.ts `allCodes`, names them in nl/fr/en). Coders are never
 * exported. Only respondents in `released` are kept: a tag on anyone else (there should be none: tagging
 * refuses them, and erasure removes a person's tags) yields nothing.
 */
export async function answerCodes(
  coding: Pick<CodingStore, 'taggings'>,
  projectId: string,
  roundId: string,
  released: ReadonlyMap<string, unknown>,
): Promise<RoundCodes> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const t of await coding.taggings(projectId, roundId)) {
    if (t.codes.length === 0 || !released.has(t.respondentCode)) continue;
    let byQuestion = out.get(t.respondentCode);
    if (!byQuestion) out.set(t.respondentCode, (byQuestion = new Map()));
    let codes = byQuestion.get(t.questionId);
    if (!codes) byQuestion.set(t.questionId, (codes = new Set()));
    for (const c of t.codes) codes.add(c);
  }
  return new Map([...out].map(([respondent, byQuestion]) => [respondent, new Map([...byQuestion].map(([q, codes]) => [q, [...codes].sort()]))]));
}
