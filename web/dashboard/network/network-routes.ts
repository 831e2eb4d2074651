import { Hono } from 'hono';
import { ProjectList } from '../api/api-shapes.js';
import { NetworkCompare } from '../api/network-shapes.js';
import { DASHBOARD, sessionOf, type DashboardEnv } from '../page/context.js';
import { failure, message, render } from '../page/respond.js';
import { networkPage } from './network-page.js';

/** At most as many as the API compares at once (http/api/network-routes.ts). */
const MAX_COMPARED = 12;

/** The network page: a coordinator picks projects (GET form, `?projects=a&projects=b`) and sees them side by side. */
export function networkRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/network`, async (c) => {
    const { me, api } = sessionOf(c);
    const { t } = c.get('ui');
    if (me.role !== 'coordinator') return message(c, 403, t('forbiddenTitle'), t('forbiddenText'));
    const list = await api.get('/api/projects', ProjectList);
    if (!list.ok) return failure(c, list.status, list.problem);
    const listed = new Set(list.data.projects.map((p) => p.projectId));
    // Only projects on the list (shared with the network) are asked for; anything else in the address is dropped.
    const picked = [...new Set(c.req.queries('projects') ?? [])].filter((id) => listed.has(id)).slice(0, MAX_COMPARED);
    let compared = null;
    if (picked.length >= 2) {
      const answer = await api.get(`/api/network/compare?projects=${picked.map(encodeURIComponent).join(',')}`, NetworkCompare);
      if (!answer.ok) return failure(c, answer.status, answer.problem);
      compared = answer.data.projects;
    }
    return render(c, networkPage(c.get('ui'), { projects: list.data.projects, picked, compared }));
  });

  return app;
}
