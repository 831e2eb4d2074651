import { Hono } from 'hono';
import type { SharingLevel } from '../../core/access/sharing.js';
import { allCodes, emptyCodebook } from '../../core/coding/codebook.js';
import { roundCodeCounts } from '../../core/coding/round-counts.js';
import { networkProject, newestReleased, type NetworkProject, type NetworkThemes } from '../../core/results/network-compare.js';
import { projectResults, type ProjectSummary } from '../../core/results/project-results.js';
import type { Project } from '../../core/model.js';
import { oldestFirst } from '../../core/results/questions.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, mayDo, notFound, projectFor, queryParams, type ApiContext, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { withSurveys } from './results-routes.js';

const PROJECT_ID = '[a-z][a-z0-9-]{1,39}';
export const MAX_COMPARED = 12;

export const CompareQuery = z.object({
  /** Project ids, comma-separated: two or more to compare (one is allowed, to look at it alone). */
  projects: z.string().check(z.regex(new RegExp(`^${PROJECT_ID}(,${PROJECT_ID}){0,${MAX_COMPARED - 1}}$`), `1–${MAX_COMPARED} project ids, comma-separated`)),
});

type NetworkDeps = Pick<ApiDeps, 'directory' | 'catalog' | 'users' | 'sharing' | 'releases' | 'answers' | 'participants' | 'clock' | 'coding'>;

/**
 * The network view's data (core/results/network-compare.ts): a coordinator's chosen projects side by side,
 * each as far as its organisation shares it. A project not shared with the network (or not there) is a 404
 * like everywhere else; a project shared as `summary` comes without themes. Coordinators only: staff
 * compare their own rounds on their project's page.
 */
export function networkRoutes(deps: NetworkDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function themesOf(c: ApiContext, project: Project, summary: ProjectSummary): Promise<NetworkThemes | null> {
    if (!(await mayDo(c, project, 'themes:read'))) return null;
    const newest = newestReleased(summary);
    if (!newest) return null;
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === newest.roundId);
    if (!round) return null;
    const [roundOfSurvey] = await withSurveys(deps.catalog, [round]);
    if (!roundOfSurvey) return null;
    const codebook = (await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId);
    const counts = await roundCodeCounts(deps, roundOfSurvey, codebook, summary.k);
    return {
      round: { roundId: round.roundId, label: round.label },
      codes: allCodes(codebook).map(({ id, label }) => ({ id, label })),
      questions: counts.questions,
    };
  }

  app.get('/api/network/compare', async (c) => {
    if (c.get('principal').role !== 'coordinator')
      throw new ApiProblem(403, 'Forbidden', "only the network's coordinators compare projects of several organisations");
    const ids = [...new Set(queryParams(c, CompareQuery).projects.split(','))];
    const names = new Map<string, string>();
    const projects: NetworkProject[] = [];
    for (const id of ids) {
      const project = await projectFor(c, deps.directory, id, 'summary:read');
      const level: SharingLevel = (await deps.sharing.sharingOf(project.projectId)).level;
      // Taken out of the network between the two reads: as missing as projectFor would have said a moment later.
      if (level === 'nothing') throw notFound(`project "${id}"`);
      const rounds = await withSurveys(deps.catalog, oldestFirst(await deps.directory.listRounds(project.projectId)));
      const summary = await projectResults(deps, project, rounds);
      if (!names.has(project.organisationId))
        names.set(project.organisationId, (await deps.users.getOrganisation(project.organisationId))?.name ?? project.organisationId);
      const owner = { organisationId: project.organisationId, organisationName: names.get(project.organisationId) ?? project.organisationId, sharing: level };
      projects.push(networkProject(summary, owner, await themesOf(c, project, summary)));
    }
    return c.json({ projects });
  });

  return app;
}
