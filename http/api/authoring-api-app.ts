import type { Hono } from 'hono';
import type { ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { surveyDraftsRoutes } from './survey-drafts-routes.js';
import { surveysRoutes } from './surveys-routes.js';

/**
 * Authoring (issue 22): surveys, templates, their preview, editing, translation and the network's
 * library. Mounted in the staff API locally; in AWS meant for a function of its own, since the XLIFF and
 * PO libraries would take the staff API over its bundle budget.
 */
export function mountAuthoringRoutes(app: Hono<ApiEnv>, deps: ApiDeps): Hono<ApiEnv> {
  app.route('/', surveysRoutes(deps));
  app.route('/', surveyDraftsRoutes(deps));
  return app;
}
