import { audit, type Published, type Table } from '../disclosure/audit.js';
import type { ReleaseStore } from '../disclosure/release.js';
import { stableJson } from '../stable-json.js';
import type { AnswerSource } from '../results/ports.js';
import { questionsOf, type RoundOfSurvey } from '../results/questions.js';
import { byRespondent } from '../results/respondents.js';
import { ids } from '../results/summary.js';
import { allCodes, type Codebook } from './codebook.js';
import { answerKey } from './codable.js';
import { CodeTally, type QuestionCodeCounts } from './counts.js';
import type { CodingStore } from './ports.js';
import { unionOfCoders } from './tag-index.js';

/**
 * A round's code counts as anyone may see them (staff and coordinators alike): computed over the
 * respondents of its releases as they stand, audited against what the round's code counts published
 * before, and what is published now kept for the next audit. Costs one pass over the round's answers and
 * one read of its tags, like the summary.
 */

export interface RoundCountsDeps {
  releases: Pick<ReleaseStore, 'list'>;
  answers: Pick<AnswerSource, 'records'>;
  coding: Pick<CodingStore, 'taggings' | 'publishedCounts' | 'addPublishedCounts'>;
}

export interface RoundCodeCounts {
  roundId: string;
  label: string;
  /** The release the counts are over (0: nothing released yet, so nothing counted). */
  release: number;
  questions: QuestionCodeCounts[];
}

/** Publish `table`'s counts: audited against every earlier publication; a change is kept (someone publishing at once: audit again). */
export async function publishCounts(coding: RoundCountsDeps['coding'], projectId: string, roundId: string, table: Table, k: number): Promise<Published> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const history = await coding.publishedCounts(projectId, roundId);
    const published = audit(table, k, history);
    const last = history.at(-1);
    // Nothing shown adds nothing to check later ones against; the same as last time needs no new entry.
    if ((last === undefined && Object.keys(published).length === 0) || (last !== undefined && stableJson(last) === stableJson(published))) return published;
    if (await coding.addPublishedCounts(projectId, roundId, history.length + 1, published)) return published;
  }
  throw new Error(`code counts of round ${roundId} kept being published by someone else`);
}

export async function roundCodeCounts(deps: RoundCountsDeps, roundOfSurvey: RoundOfSurvey, codebook: Codebook, k: number): Promise<RoundCodeCounts> {
  const { round, survey } = roundOfSurvey;
  const releases = await deps.releases.list(round.projectId, round.roundId);
  const latest = releases.at(-1);
  const base = { roundId: round.roundId, label: round.label, release: latest?.number ?? 0 };
  if (!latest) return { ...base, questions: [] };
  const released = new Set(releases.flatMap((r) => r.batch.map((b) => b.code)));
  const questions = questionsOf(survey);
  const codesOf = unionOfCoders(await deps.coding.taggings(round.projectId, round.roundId));
  const tally = new CodeTally(questions, (code, q) => codesOf.get(answerKey(code, q)));
  for await (const r of byRespondent(deps.answers.records(round.projectId, round.roundId), questions)) {
    if (released.has(r.respondentCode)) tally.add(r.respondentCode, r.answers);
  }
  const codes = allCodes(codebook).map((c) => c.id);
  // A total counts as known when the round's summary shows it at this very value (an erasure since makes it differ: unknown).
  const table = tally.table(codes, (q, answered) => latest.published[ids.answered(q)] === answered);
  const published = await publishCounts(deps.coding, round.projectId, round.roundId, table, k);
  return { ...base, questions: tally.render(codes, published) };
}
