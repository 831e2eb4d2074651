import type { Hono } from 'hono';
import type { ApiEnv } from './context.js';
import type { AuthoringDeps } from './deps.js';
import { libraryRoutes } from './library-routes.js';
import { surveyDraftsRoutes } from './survey-drafts-routes.js';
import { surveysRoutes } from './surveys-routes.js';
import { surveyPreviewRoutes } from './survey-preview-routes.js';
import { systemTranslationRoutes } from './system-translation-routes.js';
import { translationRoutes } from './translation-routes.js';

/**
 * Authoring (issue 22): surveys, templates, their preview, editing, translation and the network's
 * library. Locally mounted beside the staff API's routes in one app (http/api/api-app.ts); in AWS a
 * function of its own (functions/authoring-api.ts), since the XLIFF and PO libraries would take the staff
 * API over its bundle budget. The gateway sends it /api/surveys, /api/templates, /api/library and
 * /api/translations (cdk/stack/staff-functions.ts): a route added here under another path needs a route there.
 */
export function mountAuthoringRoutes(app: Hono<ApiEnv>, deps: AuthoringDeps): Hono<ApiEnv> {
  app.route('/', surveysRoutes(deps));
  app.route('/', surveyPreviewRoutes(deps));
  app.route('/', libraryRoutes(deps));
  app.route('/', systemTranslationRoutes());
  app.route('/', translationRoutes(deps));
  app.route('/', surveyDraftsRoutes(deps));
  return app;
}
