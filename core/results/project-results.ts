import { kOf, shown, type Cell } from '../disclosure/cells.js';
import { releasedRespondents } from '../disclosure/release.js';
import type { Project } from '../model.js';
import { lifecycleOf, notLinked, returningPeople, type Lifecycle } from './compare.js';
import type { RoundOfSurvey } from './questions.js';
import { roundReleases, type ReleaseDeps, type SummaryRelease } from './releases.js';
import { pooledResults, type PooledQuestion } from './small-groups-pooled.js';
import { hasMean, unreleasedSummary, type MeanKind, type RoundSummary } from './summary.js';
import { stableJson } from '../stable-json.js';

/**
 * A project's results as readers see them: each round as of its latest release (made first if one is
 * due), the means compared across rounds, and the project's life (core/results/compare.ts).
 */

export interface MeanComparison {
  questionId: string;
  kind: MeanKind;
  text: string;
  /** Every round that asked the question, oldest first; `difference` is against the first of them. */
  rounds: Array<{ roundId: string; label: string; mean: Cell; difference: number | null }>;
}

export interface ProjectSummary {
  projectId: string;
  name: string;
  k: number;
  /** Respondent codes link the rounds (the project compares the same people across rounds). */
  linkRounds: boolean;
  rounds: RoundSummary[];
  /** Means of questions asked in more than one round (start vs end). */
  comparison: MeanComparison[];
  lifecycle: Lifecycle;
  /** Per question asked in two released rounds or more: all those rounds pooled (core/results/small-groups-pooled.ts). */
  pooled: PooledQuestion[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Means of the same question id across rounds; a difference only where both means are shown. */
export function compareMeans(rounds: readonly RoundSummary[]): MeanComparison[] {
  const byQuestion = new Map<string, MeanComparison>();
  for (const r of rounds) {
    for (const q of r.questions) {
      if (!hasMean(q.kind) || q.mean === undefined) continue;
      let c = byQuestion.get(q.questionId);
      if (!c) byQuestion.set(q.questionId, (c = { questionId: q.questionId, kind: q.kind, text: q.text, rounds: [] }));
      const base = c.rounds[0]?.mean;
      const difference = c.rounds.length > 0 && shown(base) && shown(q.mean) ? round2(q.mean - base) : null;
      c.rounds.push({ roundId: r.roundId, label: r.label, mean: q.mean, difference });
    }
  }
  return [...byQuestion.values()].filter((c) => c.rounds.length > 1);
}

/** The summary a release froze, with the round's own fields as they are now (a round closed early…). */
export function summaryOf(roundOfSurvey: RoundOfSurvey, releases: readonly SummaryRelease[]): RoundSummary {
  const latest = releases.at(-1);
  if (!latest) return unreleasedSummary(roundOfSurvey);
  const { round } = roundOfSurvey;
  return { ...latest.summary, roundId: round.roundId, label: round.label, opensAt: round.opensAt, closesAt: round.closesAt };
}

/** All rounds of a project (oldest first) as released, compared. */
export async function projectResults(deps: ReleaseDeps, project: Project, rounds: readonly RoundOfSurvey[]): Promise<ProjectSummary> {
  const k = kOf(project);
  const linkRounds = project.disclosure?.linkRounds === true;
  const released: Array<{ roundOfSurvey: RoundOfSurvey; releases: SummaryRelease[] }> = [];
  for (const r of rounds) released.push({ roundOfSurvey: r, releases: await roundReleases(deps, project, r) });
  const summaries = released.map((r) => summaryOf(r.roundOfSurvey, r.releases));
  let returning = notLinked();
  // Returning people and the pooled rounds are kept as one publication of the project, each audited against all kept before.
  const earlier = await deps.releases.comparisons(project.projectId);
  let kept: Record<string, number> = {};
  if (linkRounds) {
    const linked = released.map((r) => ({ ...r.roundOfSurvey, released: releasedRespondents(r.releases) }));
    const result = await returningPeople(linked, deps.answers, k, earlier);
    kept = { ...result.published };
    returning = result.returning;
  }
  const pooled = await pooledResults(released, deps.answers, k, earlier);
  kept = { ...kept, ...pooled.published };
  const last = earlier.at(-1);
  if ((linkRounds || Object.keys(kept).length > 0) && (!last || stableJson(last) !== stableJson(kept)))
    await deps.releases.addComparison(project.projectId, kept);
  return {
    projectId: project.projectId,
    name: project.name,
    k,
    linkRounds,
    rounds: summaries,
    comparison: compareMeans(summaries),
    lifecycle: lifecycleOf(summaries, k, returning),
    pooled: pooled.pooled,
  };
}
