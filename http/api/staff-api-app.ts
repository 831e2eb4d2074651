import type { Hono } from 'hono';
import { withSharing, type ApiEnv } from './context.js';
import { answersRoutes } from './answers-routes.js';
import { boxRoutes } from './box-routes.js';
import { codingRoutes } from './coding-routes.js';
import type { ApiDeps } from './deps.js';
import { feedbackRoutes } from './feedback-routes.js';
import { projectsRoutes } from './projects-routes.js';
import { promptsRoutes } from './prompts-routes.js';
import { resultsRoutes } from './results-routes.js';
import { roundsRoutes } from './rounds-routes.js';
import { saidDidRoutes } from './said-did-routes.js';
import { mountAuthoringRoutes } from './authoring-api-app.js';
import { voiceNotesRoutes } from './voice-notes-routes.js';
import { networkRoutes } from './network-routes.js';
import { sharingRoutes } from './sharing-routes.js';

/** Projects, surveys, rounds, results, coding, "you said, we did" and prompts: every route but the voice queue's. */
export function mountStaffRoutes(app: Hono<ApiEnv>, deps: ApiDeps): Hono<ApiEnv> {
  // What each project shares with the network, for `projectFor` to judge coordinators by (core/access/sharing.ts).
  app.use('/api/*', withSharing(deps.sharing));
  app.route('/', projectsRoutes(deps));
  mountAuthoringRoutes(app, deps);
  app.route('/', roundsRoutes(deps));
  app.route('/', feedbackRoutes(deps));
  app.route('/', resultsRoutes(deps));
  app.route('/', boxRoutes(deps));
  app.route('/', promptsRoutes(deps));
  app.route('/', voiceNotesRoutes(deps));
  app.route('/', codingRoutes(deps));
  app.route('/', saidDidRoutes(deps));
  app.route('/', sharingRoutes(deps));
  app.route('/', networkRoutes(deps));
  app.route('/', answersRoutes(deps));
  return app;
}
