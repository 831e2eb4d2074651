import type { Published } from './audit.js';
import { generaliseBatch, type QuasiIdentifiers } from './generalise.js';

/**
 * Release points. A round's results are not recomputed live: they are frozen releases, each adding a
 * batch of at least k respondents whose participation is final (finished, declined, or stopped when the
 * round closed) to the ones before. Someone still answering is in no release; what a release published
 * never changes. Two downloads of a round therefore differ by a whole batch or not at all — except that
 * a person who asks for erasure is gone from the next download.
 */

export interface ReleasedRespondent {
  /** The stored respondent code: never shown as such (exports show a round- or project-scoped code). */
  code: string;
  qi: QuasiIdentifiers;
  /** Their own words are in a script fewer than k of the batch wrote in: the export withholds them. */
  withholdText: boolean;
}

export interface RoundRelease<Summary = unknown> {
  projectId: string;
  roundId: string;
  /** 1, 2, …: a release adds `batch` to the ones with lower numbers. */
  number: number;
  createdAt: string;
  batch: ReleasedRespondent[];
  /** What the round's summary published (count ids → numbers): later releases are audited against it. */
  published: Published;
  /** The frozen summary of the round as of this release. */
  summary: Summary;
  /** What progress and the feedback audience published at this release. */
  progress: Published;
}

export interface ReleaseStore {
  /** The round's releases, oldest first. */
  list(projectId: string, roundId: string): Promise<RoundRelease[]>;
  /** Store a new release; false when that number exists already (someone else released first). */
  add(release: RoundRelease): Promise<boolean>;
  /** What the comparisons of a project's rounds published so far (people in several rounds), oldest first. */
  comparisons(projectId: string): Promise<Published[]>;
  /** Keep what a comparison published, when it differs from the last one kept. */
  addComparison(projectId: string, published: Published): Promise<void>;
}

/** A respondent whose participation is final and who is in no release yet. */
export interface Candidate {
  code: string;
  qi: QuasiIdentifiers;
  complete: boolean;
  /** Every script of their own words (core/disclosure/script.ts scriptsOf); empty when they typed or said none. */
  scripts: readonly string[];
}

/**
 * A release stays one item of a few hundred kilobytes at most: a larger backlog (the first read after a
 * big round) is released as several batches, each of at least k.
 */
export const MAX_BATCH = 4000;

/**
 * The next batch, or null when none is due: at least k candidates, and while the round runs, for its first
 * release at least k who finished (its results should not open on refusals and drop-outs alone); at the
 * close, k whose participation is final are enough. Deterministic: candidates in code order, so two readers
 * planning at once plan the same batch.
 */
export function nextBatch(candidates: readonly Candidate[], k: number, needsCompleted: boolean): ReleasedRespondent[] | null {
  if (candidates.length < k) return null;
  if (needsCompleted && candidates.filter((c) => c.complete).length < k) return null;
  const ordered = [...candidates].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // Never leave a remainder of 1..k−1 behind a capped batch when it could have joined it.
  const size = ordered.length <= MAX_BATCH + k ? ordered.length : MAX_BATCH;
  const batch = ordered.slice(0, size);
  const qis = generaliseBatch(
    batch.map((c) => c.qi),
    k,
  );
  // How many of the batch wrote in each script; a person's words are withheld when any script they used is rare.
  const writers = new Map<string, number>();
  for (const c of batch) for (const script of c.scripts) writers.set(script, (writers.get(script) ?? 0) + 1);
  const rare = (c: Candidate) => c.scripts.some((script) => (writers.get(script) ?? 0) < k);
  return batch.map((c, i) => ({ code: c.code, qi: qis[i] ?? c.qi, withholdText: rare(c) }));
}

/** What an export needs of a released respondent. */
export type Released = Omit<ReleasedRespondent, 'code'>;

/** Everyone released so far, by stored code. */
export function releasedRespondents(releases: readonly RoundRelease[]): Map<string, Released> {
  const out = new Map<string, Released>();
  for (const r of releases) for (const b of r.batch) out.set(b.code, { qi: b.qi, withholdText: b.withholdText });
  return out;
}
