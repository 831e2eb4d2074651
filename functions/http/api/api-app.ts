import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, onApiError, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { projectsRoutes } from './projects-routes.js';
import { resultsRoutes } from './results-routes.js';
import { roundsRoutes } from './rounds-routes.js';
import { surveysRoutes } from './surveys-routes.js';
import { feedbackRoutes } from './feedback-routes.js';
import { promptsRoutes } from './prompts-routes.js';
import { voiceRoutes } from './voice-routes.js';
import { FfmpegVoiceDisguiser } from '../../../adapters/audio/ffmpeg-voice-disguiser.js';

/** The staff and coordinator API under /api: one authentication, one authorization, problem bodies. */
export function apiApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.onError(onApiError(deps.logger));
  // The description of the API is public; everything else needs a token.
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  // Bodies are bounded before anything reads them (a participant list is the largest: 2 MB).
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 2_500_000,
      onError: (c) => c.json({ type: 'about:blank', title: 'Too large', status: 413, detail: 'at most 2.5 MB', errors: [{ field: '(body)', message: 'too large' }] }, 413, { 'Content-Type': 'application/problem+json' }),
    }),
  );
  app.use('/api/*', authenticate(deps.authenticator ?? deps.users));
  app.route('/', projectsRoutes(deps));
  app.route('/', surveysRoutes(deps));
  app.route('/', roundsRoutes(deps));
  app.route('/', feedbackRoutes(deps));
  app.route('/', resultsRoutes(deps));
  const disguiser = deps.disguiser ?? new FfmpegVoiceDisguiser();
  const interpreters = deps.interpreters ?? (deps.authenticator ? null : deps.users);
  app.route('/', voiceRoutes({ ...deps.voice, settings: deps.users, disguiser }, interpreters));
  app.route('/', promptsRoutes(deps));
  app.all('/api/*', (c) => c.json({ type: 'about:blank', title: 'Not found', status: 404, detail: `no route ${c.req.method} ${c.req.path}` }, 404, { 'Content-Type': 'application/problem+json' }));
  return app;
}
