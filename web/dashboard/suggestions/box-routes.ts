import { Hono } from 'hono';
import { ProjectWithRounds } from '../api/api-shapes.js';
import { seg } from '../api/api-client.js';
import * as z from '../../../kernel/zod.js';
import { DASHBOARD, sessionOf, type DashboardEnv } from '../page/context.js';
import { formText } from '../page/forms.js';
import { failure, render } from '../page/respond.js';
import { boxPage, BoxSuggestions } from './box-page.js';

const BoxSetting = z.object({ projectId: z.string(), suggestionBox: z.boolean() });

/** The suggestion box: read what it released (staff and coordinators), open or close it (staff). */
export function boxRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/projects/:projectId/suggestions`, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const [project, box] = await Promise.all([
      api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds),
      api.get(`/api/projects/${seg(projectId)}/suggestions`, BoxSuggestions),
    ]);
    if (!project.ok) return failure(c, project.status, project.problem);
    if (!box.ok) return failure(c, box.status, box.problem);
    return render(c, boxPage(c.get('ui'), project.data.project.name, box.data));
  });

  app.post(`${DASHBOARD}/projects/:projectId/suggestions/setting`, async (c) => {
    const projectId = c.req.param('projectId');
    const open = formText(await c.req.parseBody(), 'open') === 'true';
    const set = await sessionOf(c).api.put(`/api/projects/${seg(projectId)}/suggestion-box`, BoxSetting, { json: { open } });
    if (!set.ok) return failure(c, set.status, set.problem);
    return c.redirect(`${DASHBOARD}/projects/${encodeURIComponent(projectId)}?done=${open ? 'box-opened' : 'box-closed'}`, 303);
  });

  return app;
}
