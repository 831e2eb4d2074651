import { kOf } from '../disclosure/cells.js';
import { linkingIsSafe } from '../disclosure/linkage.js';
import { releasedRespondents, type Released, type ReleaseStore } from '../disclosure/release.js';
import type { Project, Round } from '../model.js';
import type { Directory, Protector } from '../ports.js';

/**
 * A round as coding sees it: only its released respondents (core/disclosure/release.ts) exist, each known
 * by the code results show — per round, or per project where the project compares the same people and
 * that gives no small group away (core/disclosure/linkage.ts), as in the exports. Someone still answering,
 * or in no release yet, is not there: their answers cannot be read, tagged or counted, and asking for one
 * is answered like asking for an answer that does not exist.
 */
export interface ReleasedRound {
  project: Project;
  round: Round;
  k: number;
  /** Released respondents by stored code. */
  released: ReadonlyMap<string, Released>;
  /** The stored code behind a code as results show it, when that respondent is released in this round. */
  storedCode(shown: string): string | null;
  /** The code results show for a stored code. */
  shownCode(stored: string): string;
}

export interface ReleasedRoundDeps {
  directory: Pick<Directory, 'listRounds'>;
  releases: Pick<ReleaseStore, 'list'>;
  protector: Pick<Protector, 'exportCode'>;
}

/** The scope of a respondent's code in results: the same keyed scopes as the CSV exports (http/api/results-routes.ts). */
export const exportScope = (projectId: string, roundId: string, linked: boolean): string => (linked ? `project:${projectId}` : `round:${projectId}:${roundId}`);

/** The round with its releases as they stand (reading results makes a due release; coding only reads them); null: no such round. */
export async function releasedRound(deps: ReleasedRoundDeps, project: Project, roundId: string): Promise<ReleasedRound | null> {
  const rounds = await deps.directory.listRounds(project.projectId);
  const round = rounds.find((r) => r.roundId === roundId);
  if (!round) return null;
  const k = kOf(project);
  const released = releasedRespondents(await deps.releases.list(project.projectId, roundId));
  let linked = false;
  if (project.disclosure?.linkRounds === true) {
    const byRound = await Promise.all(rounds.map(async (r) => new Set(releasedRespondents(await deps.releases.list(project.projectId, r.roundId)).keys())));
    linked = linkingIsSafe(byRound, k);
  }
  const scope = exportScope(project.projectId, roundId, linked);
  const shownCode = (stored: string): string => deps.protector.exportCode(scope, stored);
  let byShown: Map<string, string> | null = null;
  return {
    project,
    round,
    k,
    released,
    shownCode,
    storedCode(shown) {
      // One keyed hash per released respondent, once per request: a round holds thousands at most.
      byShown ??= new Map([...released.keys()].map((stored) => [shownCode(stored), stored]));
      return byShown.get(shown) ?? null;
    },
  };
}
