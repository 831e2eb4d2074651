import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createItem, editItem, setStatus, staffItems, type SaidDidRefusal, type SaidDidResult } from '../../core/feedback/said-did-items.js';
import { networkProject, networkSaidDid } from '../../core/feedback/said-did-network.js';
import { SAID_DID_STATUSES, SaidDidInput, StatusInput } from '../../core/feedback/said-did.js';
import type { SharingLevel } from '../../core/access/sharing.js';
import { saidDidVisibility, type SaidDidVisibility } from '../../core/feedback/visibility.js';
import type { Project } from '../../core/model.js';
import { ApiProblem, jsonBody, notFound, type ApiContext, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

type SaidDidRouteDeps = Pick<
  ApiDeps,
  'directory' | 'users' | 'catalog' | 'releases' | 'answers' | 'answerLookup' | 'coding' | 'protector' | 'clock' | 'saidDid' | 'sharing'
>;

/** A refusal as HTTP: only the edge knows statuses. */
function problemOf(refusal: SaidDidRefusal): ApiProblem {
  switch (refusal.code) {
    case 'not-found':
      return notFound('item');
    case 'unknown-code':
      return new ApiProblem(
        400,
        'Bad request',
        'not a code of this codebook',
        refusal.ids.map((id) => ({ field: 'codes', message: `unknown: "${id}"` })),
      );
    case 'answer-not-found':
      // The same words whatever the reason (unreleased, erased, another project's, made up): no oracle.
      return new ApiProblem(
        422,
        'Unprocessable content',
        'no released answer to code there',
        refusal.positions.map((i) => ({ field: `answers[${i}]`, message: 'no released answer here' })),
      );
    case 'invalid-status':
      return new ApiProblem(422, 'Unprocessable content', `a status is one of ${SAID_DID_STATUSES.join(', ')}`, [
        { field: 'status', message: `not one of ${SAID_DID_STATUSES.join(', ')}` },
      ]);
    case 'stale':
      return new ApiProblem(409, 'Conflict', 'someone changed this item since you read it: read it again', [{ field: 'version', message: 'stale' }], {
        version: refusal.version,
      });
    case 'version-missing':
      return new ApiProblem(400, 'Bad request', 'say which version of the item you change', [{ field: 'version', message: 'required' }]);
  }
}

/**
 * "You said, we did" items (core/feedback/said-did.ts): staff of the organisation list, make, change and
 * re-status a project's items; coordinators read them across the network as core/feedback/visibility.ts
 * lets them (never linked answers). Anyone else: as if nothing were there (404).
 */
export function saidDidRoutes(deps: SaidDidRouteDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const base = '/api/projects/:projectId/we-did';

  async function access(c: ApiContext, need: keyof SaidDidVisibility): Promise<{ project: Project; see: SaidDidVisibility; sharing?: SharingLevel }> {
    const projectId = c.req.param('projectId') ?? '';
    const project = await deps.directory.getProject(projectId);
    // A coordinator sees what the organisation shares of the project (core/access/sharing.ts); others, by their role.
    const sharing = project && c.get('principal').role === 'coordinator' ? (await deps.sharing.sharingOf(project.projectId)).level : undefined;
    const see = project ? saidDidVisibility(c.get('principal'), project, sharing) : null;
    if (!project || !see?.[need]) throw notFound(`project "${projectId}"`);
    return { project, see, ...(sharing ? { sharing } : {}) };
  }

  /** The item as staff see it after a write: with its codes and answers. */
  async function staffItem(c: ApiContext, project: Project, result: SaidDidResult): Promise<Response> {
    if (!result.ok) throw problemOf(result.refusal);
    const item = (await staffItems(deps, c.get('principal'), project)).find((i) => i.itemId === result.item.itemId);
    if (!item) throw notFound('item');
    return c.json(item, result.created ? 201 : 200);
  }

  app.get(base, async (c) => {
    const { project, see, sharing } = await access(c, 'items');
    if (see.answers) return c.json({ projectId: project.projectId, items: await staffItems(deps, c.get('principal'), project) });
    // A coordinator: the network view of this one project.
    const seen = await networkProject(deps, c.get('principal'), project, sharing);
    return c.json({ projectId: project.projectId, items: seen?.items ?? [], codeCounts: seen?.codeCounts ?? null });
  });

  app.post(base, async (c) => {
    const { project } = await access(c, 'manage');
    const input = await jsonBody(c, SaidDidInput);
    return staffItem(c, project, await createItem(deps, c.get('principal'), project, randomUUID(), input));
  });

  app.put(`${base}/:itemId`, async (c) => {
    const { project } = await access(c, 'manage');
    const input = await jsonBody(c, SaidDidInput);
    return staffItem(c, project, await editItem(deps, c.get('principal'), project, c.req.param('itemId'), input));
  });

  app.post(`${base}/:itemId/status`, async (c) => {
    const { project } = await access(c, 'manage');
    const input = await jsonBody(c, StatusInput);
    return staffItem(c, project, await setStatus(deps, project, c.req.param('itemId'), input.status, input.version));
  });

  /** The network page: coordinators only (staff see their own projects' items on each project). */
  app.get('/api/we-did', async (c) => {
    if (c.get('principal').role !== 'coordinator') throw new ApiProblem(403, 'Forbidden', "the network's view is for its coordinators");
    const levels = async (ids: readonly string[]) => new Map([...(await deps.sharing.sharingOfMany(ids))].map(([id, s]) => [id, s.level]));
    return c.json({ organisations: await networkSaidDid(deps, c.get('principal'), levels) });
  });

  return app;
}
