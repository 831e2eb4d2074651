import { Hono } from 'hono';
import * as z from '../../../kernel/zod.js';
import { Progress, ProjectWithRounds, Round } from '../api/api-shapes.js';
import { seg } from '../api/api-client.js';
import { kOfProject } from '../page/cells.js';
import { DASHBOARD, sessionOf, type DashboardEnv } from '../page/context.js';
import { failure } from '../page/respond.js';
import { progressBars } from './progress-bars.js';
import { roundState } from './rounds-view.js';

const RoundProgress = z.object({ round: Round, progress: Progress });

/**
 * One round's progress block alone (progress-bars.ts), as the project page shows it: what the page's
 * script asks for to refresh the bars in place. The numbers are the API's, for this user, exactly as on the
 * page (GET /api/projects/:id/rounds/:roundId/progress). Not a page: without the script, people reload the
 * project page (the link under the bars). Not signed in any more: the sign-in redirect, which the script
 * takes as a sign to stop.
 */
export function progressRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get(`${DASHBOARD}/projects/:projectId/rounds/:roundId/progress`, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const base = `/api/projects/${seg(projectId)}`;
    const [project, found] = await Promise.all([
      api.get(base, ProjectWithRounds),
      api.get(`${base}/rounds/${seg(c.req.param('roundId'))}/progress`, RoundProgress),
    ]);
    if (!project.ok) return failure(c, project.status, project.problem);
    if (!found.ok) return failure(c, found.status, found.problem);
    const { round, progress } = found.data;
    const now = new Date();
    const live = roundState(round, now) !== 'closed';
    return c.html(progressBars(c.get('ui'), projectId, round, progress, { k: kOfProject(project.data.project), live, now }));
  });
  return app;
}
