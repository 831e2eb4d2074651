import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { languageDetector } from 'hono/language';
import type { ApiHandler } from './api/api-client.js';
import { DASHBOARD, uiFor, type DashboardEnv } from './page/context.js';
import { feedbackRoutes, tooLargeFeedbackUpload } from './feedback/feedback-routes.js';
import { isUiLanguage, UI_LANGUAGES } from './page/i18n.js';
import { projectRoutes } from './projects/project-routes.js';
import { projectsRoutes } from './projects/projects-routes.js';
import { promptsRoutes, tooLargeUpload } from './prompts/prompts-routes.js';
import { message, notFoundPage } from './page/respond.js';
import { isHttps, sameSiteForms, securityHeaders } from './page/security.js';
import { requireSession, SESSION_PATHS, sessionRoutes, type CognitoSignIn } from './session/session-routes.js';
import { surveysRoutes } from './surveys/surveys-routes.js';
import { editorRoutes } from './surveys/editor/editor-routes.js';
import { translationRoutes } from './surveys/translation-routes.js';
import { boxRoutes } from './suggestions/box-routes.js';
import { codingRoutes } from './coding/coding-routes.js';
import { saidDidRoutes } from './feedback/said-did-routes.js';
import { answersRoutes } from './answers/answers-routes.js';
import { voiceRoutes } from './voice/transcription-queue-routes.js';
import { progressRoutes } from './projects/progress-routes.js';
import { scriptLoader, scriptRoute, type DashboardScriptSource, type ScriptTag } from './page/script.js';
import { networkRoutes } from './network/network-routes.js';
import { libraryRoutes } from './library/library-routes.js';
import { translationsRoutes } from './translations/translations-routes.js';

export interface DashboardOptions {
  /** The centre's time zone: round times are typed and shown in it. */
  timeZone?: string;
  /** Sign-in with the Cognito hosted UI (the cloud); without it, a pasted token (local). */
  cognito?: CognitoSignIn;
  /**
   * The origin browsers see (`https://stem.example.be`): form posts must come from it. Behind CloudFront
   * the function sees API Gateway's host, not this one. Locally: the request's own origin.
   */
  publicOrigin?: string;
  /**
   * The text of the dashboard's script (web/dashboard/client/glance.ts, bundled): the progress bars refresh
   * themselves with it. Without it the pages name no script and the CSP allows none; they work the same,
   * with a link to reload.
   */
  script?: DashboardScriptSource;
  /**
   * Where the pictures sent over WhatsApp are served, on the service's own URL (the survey preview shows
   * them). By default the API's handler: in AWS that is HTTPS to the public URL, which serves both.
   */
  media?: ApiHandler;
}

export type { ApiHandler };

const LANG_COOKIE = 'stem_lang';
/** A participant CSV or a recording (prompt, "you said, we did") may be 2 MB (the API's limits); a little more for the multipart envelope. */
const MAX_BODY = 2_500_000;

/**
 * UI language with Hono's detector: `?lang=`, else the cookie, else the browser's Accept-Language (by
 * weight, `nl-BE` counts as `nl`), else English. Only an explicit `?lang=` is remembered (a year).
 */
function language(timeZone: string, script: () => Promise<ScriptTag | null>): MiddlewareHandler<DashboardEnv> {
  const detect = languageDetector({
    supportedLanguages: [...UI_LANGUAGES],
    fallbackLanguage: 'en',
    order: ['querystring', 'cookie', 'header'],
    lookupQueryString: 'lang',
    lookupCookie: LANG_COOKIE,
    caches: false,
  });
  return (c, next) =>
    detect(c, async () => {
      const detected = c.get('language');
      const lang = isUiLanguage(detected) ? detected : 'en';
      if (isUiLanguage(c.req.query('lang'))) {
        setCookie(c, LANG_COOKIE, lang, { path: DASHBOARD, sameSite: 'Lax', httpOnly: true, secure: isHttps(c), maxAge: 365 * 24 * 3600 });
      }
      const tag = await script();
      c.set('ui', { ...uiFor(lang, new URL(c.req.url), timeZone), ...(tag ? { script: { src: tag.src, integrity: tag.integrity } } : {}) });
      await next();
    });
}

/**
 * The staff and coordinator dashboard under /dashboard: server-rendered pages over the JSON API, which
 * each handler calls in-process with the signed-in user's token, so authorization, validation and errors
 * are exactly the API's. Pass the Hono app of `apiApp(deps)` (or anything with its `request`).
 */
export function dashboardRoutes(api: ApiHandler, opts: DashboardOptions = {}): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const timeZone = opts.timeZone ?? 'Europe/Brussels';
  const all = `${DASHBOARD}/*`; // in Hono this matches /dashboard itself too
  // A form from another site gets 403 and nothing happens, in the page's language.
  const sameSitePosts = sameSiteForms<DashboardEnv>(opts.publicOrigin, (c) => {
    const { t } = c.get('ui');
    return message(c, 403, t('refusedTitle'), t('refusedText'));
  });
  const script = opts.script ? scriptLoader(opts.script) : () => Promise.resolve(null);
  // Scripts are allowed only when there is one to serve (a Lambda run without its file has none).
  const [withScript, withoutScript] = [securityHeaders({ script: true }), securityHeaders({ script: false })];
  const headers: MiddlewareHandler<DashboardEnv> = async (c, next) => ((await script()) ? withScript(c, next) : withoutScript(c, next));
  app.use(all, headers, language(timeZone, script), sameSitePosts);
  // A recording too large for the dashboard goes back to its prompt (or its message), where the page says so.
  const tooLarge = (max: number): MiddlewareHandler<DashboardEnv> =>
    bodyLimit({
      maxSize: max,
      onError: (c) => tooLargeUpload(c) ?? tooLargeFeedbackUpload(c) ?? message(c, 413, c.get('ui').t('otherProblem'), `> ${max} bytes`),
    });
  app.use(all, tooLarge(MAX_BODY));
  app.route('/', sessionRoutes(api, { cognito: opts.cognito }));
  scriptRoute(app, script);
  const signedIn = requireSession(api);
  const open = new Set(SESSION_PATHS);
  app.use(all, async (c, next) => (open.has(c.req.path) ? next() : signedIn(c, next)));
  app.route('/', projectsRoutes());
  app.route('/', projectRoutes());
  app.route('/', editorRoutes());
  app.route('/', surveysRoutes({ media: opts.media ?? api }));
  app.route('/', translationRoutes());
  app.route('/', libraryRoutes());
  app.route('/', voiceRoutes());
  app.route('/', promptsRoutes());
  app.route('/', feedbackRoutes());
  app.route('/', boxRoutes());
  app.route('/', codingRoutes());
  app.route('/', saidDidRoutes());
  app.route('/', networkRoutes());
  app.route('/', answersRoutes());
  app.route('/', progressRoutes());
  app.route('/', translationsRoutes());
  app.all(all, (c) => notFoundPage(c));
  return app;
}
