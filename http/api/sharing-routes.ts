import { Hono } from 'hono';
import { mayChangeSharing } from '../../core/access/authorize.js';
import { SHARING_LEVELS, SharingInput, type ProjectSharing } from '../../core/access/sharing.js';
import type { Principal } from '../../core/access/principal.js';
import type { Project } from '../../core/model.js';
import { ApiProblem, jsonBody, projectFor, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

type SharingDeps = Pick<ApiDeps, 'directory' | 'sharing' | 'clock'>;

/** The setting as the caller may see it: a coordinator is told the level, not when it last changed. */
function view(principal: Principal, project: Project, sharing: ProjectSharing) {
  const owner = mayChangeSharing(principal, project);
  return {
    projectId: project.projectId,
    level: sharing.level,
    isDefault: sharing.changed === null,
    levels: SHARING_LEVELS,
    canChange: owner,
    ...(owner ? { changed: sharing.changed } : {}),
  };
}

/**
 * What the learning network's coordinators see of a project (core/access/sharing.ts): read by whoever may
 * read the project, changed only by staff of its organisation. Every other path enforces it through
 * `projectFor` / `authorize`.
 */
export function sharingRoutes(deps: SharingDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/projects/:projectId/sharing', async (c) => {
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:read');
    return c.json(view(c.get('principal'), project, await deps.sharing.sharingOf(project.projectId)));
  });

  app.put('/api/projects/:projectId/sharing', async (c) => {
    // Anyone but the owning organisation's staff is answered as for a missing project.
    const project = await projectFor(c, deps.directory, c.req.param('projectId'), 'project:manage');
    const principal = c.get('principal');
    if (!mayChangeSharing(principal, project)) throw new ApiProblem(403, 'Forbidden', 'only staff of the organisation decide what the network sees');
    const { level } = await jsonBody(c, SharingInput);
    const saved = await deps.sharing.setSharing(project.projectId, { level, at: deps.clock.now().toISOString(), by: 'staff' });
    return c.json(view(principal, project, saved));
  });

  return app;
}
