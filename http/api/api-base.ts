import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, onApiError, withSharing, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import type { OpenApiSource } from './openapi-file.js';

/**
 * What every part of the API under /api shares: problem bodies for errors, the public description, a
 * bound on bodies, and one authentication. The parts (staff API, voice queue) mount their routes on it;
 * in AWS they are separate functions behind the one HTTP API, locally one app.
 *
 * `openApi` gives the description (http/api/openapi.ts): made at run time locally, read from the file shipped
 * beside the bundle in AWS (functions/commons/openapi-beside.ts); `null` where the gateway never routes
 * /api/openapi.json (the voice queue's function).
 */
export function apiBase(
  deps: Pick<ApiDeps, 'logger' | 'authenticator' | 'users'> & Partial<Pick<ApiDeps, 'sharing'>>,
  openApi: OpenApiSource | null,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.onError(onApiError(deps.logger));
  // The description of the API is public; everything else needs a token.
  if (openApi) app.get('/api/openapi.json', async (c) => c.json(await openApi()));
  // Bodies are bounded before anything reads them (a participant list is the largest: 2 MB).
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 2_500_000,
      onError: (c) =>
        c.json({ type: 'about:blank', title: 'Too large', status: 413, detail: 'at most 2.5 MB', errors: [{ field: '(body)', message: 'too large' }] }, 413, {
          'Content-Type': 'application/problem+json',
        }),
    }),
  );
  app.use('/api/*', authenticate(deps.authenticator ?? deps.users));
  // What each project shares with the network, for `projectFor` to judge coordinators by
  // (core/access/sharing.ts); absent where no route reads a project (the voice queue's function).
  if (deps.sharing) app.use('/api/*', withSharing(deps.sharing));
  return app;
}

/** After the routes: anything else under /api is a 404 problem. */
export function withNotFound(app: Hono<ApiEnv>): Hono<ApiEnv> {
  app.all('/api/*', (c) =>
    c.json({ type: 'about:blank', title: 'Not found', status: 404, detail: `no route ${c.req.method} ${c.req.path}` }, 404, {
      'Content-Type': 'application/problem+json',
    }),
  );
  return app;
}
