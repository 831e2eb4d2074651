import type { Hono } from 'hono';
import type { ApiEnv } from './context.js';
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
import { voiceNotesRoutes } from './voice-notes-routes.js';
import { networkRoutes } from './network-routes.js';
import { sharingRoutes } from './sharing-routes.js';

/**
 * Projects, rounds, results, coding, "you said, we did", prompts and the network: every route but the
 * voice queue's (http/api/voice-api-app.ts) and authoring's (http/api/authoring-api-app.ts).
 */
export function mountStaffRoutes(app: Hono<ApiEnv>, deps: ApiDeps): Hono<ApiEnv> {
  app.route('/', projectsRoutes(deps));
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
