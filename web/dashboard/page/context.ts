import type { Context } from 'hono';
import type { ApiClient } from '../api/api-client.js';
import type { Me } from '../api/api-shapes.js';
import { dashboardT, feedbackT, UI_LOCALES, type DashboardT, type FeedbackT, type UiLanguage } from './i18n.js';

/** What every page knows: the UI language and its texts, the address asked for, the centre's time zone. */
export interface Ui {
  lang: UiLanguage;
  /** The dashboard's texts, fixed to `lang`: `t('navProjects')`, `t('voiceCount', { count })`. */
  t: DashboardT;
  /** The texts of "you said, we did", fixed to `lang`. */
  feedback: FeedbackT;
  locale: string;
  url: URL;
  timeZone: string;
  /** The dashboard's script file, when it has one (page/script.ts): every page names it. */
  script?: { src: string; integrity: string } | undefined;
}

/** The page context of one request in `lang`. */
export function uiFor(lang: UiLanguage, url: URL, timeZone: string): Ui {
  return { lang, t: dashboardT(lang), feedback: feedbackT(lang), locale: UI_LOCALES[lang], url, timeZone };
}

/** The signed-in user: their token (from the HttpOnly cookie), who the API says they are, and the API on their behalf. */
export interface Session {
  me: Me;
  api: ApiClient;
}

/**
 * `session` is set by the sign-in check on every page but the sign-in page itself; `language` is what
 * Hono's language detector found (routes.ts turns it into `ui`).
 */
export type DashboardEnv = { Variables: { ui: Ui; session: Session | undefined; language: string } };
export type DashboardContext = Context<DashboardEnv>;

export const DASHBOARD = '/dashboard';

/** The session of a page behind the sign-in check. */
export function sessionOf(c: DashboardContext): Session {
  const session = c.get('session');
  if (!session) throw new Error('a dashboard page behind the sign-in check ran without a session');
  return session;
}
