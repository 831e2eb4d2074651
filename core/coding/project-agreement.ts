import { releasedRespondents, type ReleaseStore } from '../disclosure/release.js';
import { agreement, type CodedAnswer, type CoderWork, type PairAgreement } from './agreement.js';
import type { CodingStore } from './ports.js';

/** Agreement between the coders of a project (or of some of its rounds), over released answers only. */
export async function projectAgreement(
  deps: { releases: Pick<ReleaseStore, 'list'>; coding: Pick<CodingStore, 'taggings'> },
  projectId: string,
  roundIds: readonly string[],
  k: number,
): Promise<{ coders: CoderWork[]; pairs: PairAgreement[] }> {
  const coded: CodedAnswer[] = [];
  for (const roundId of roundIds) {
    const released = releasedRespondents(await deps.releases.list(projectId, roundId));
    for (const t of await deps.coding.taggings(projectId, roundId)) {
      if (released.has(t.respondentCode)) coded.push({ answer: `${roundId}#${t.respondentCode}#${t.questionId}`, coder: t.coder, codes: t.codes });
    }
  }
  return agreement(coded, k);
}
