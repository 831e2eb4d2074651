/**
 * The staff dashboard's texts (namespace `dashboard`) and those of "you said, we did" (namespace
 * `feedback`), in the dashboard's three languages. English is the reference: every language has exactly its
 * keys, with the plural forms its CLDR rules need (fr: _one, _many, _other), and the same {{variables}}
 * (tests/unit/dashboard-locales.test.ts). The i18next instance is web/dashboard/page/i18n.ts.
 *
 * Read from files, once, when the dashboard starts (~1 ms), not bundled: the six files are ~160 KB, which
 * with the survey editor took the dashboard's bundle over its 500 KB budget. In the repository (source,
 * tests, local stack) they are read beside this file; in Lambda from `dashboard-texts/<language>/` beside
 * the bundle, where the deploy copies them (cdk/stack/staff-functions.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DashboardJson = typeof import('./en/dashboard.json', { with: { type: 'json' }});
export type FeedbackJson = typeof import('./en/feedback.json', { with: { type: 'json' }});
export type DashboardResources = {
  dashboard: DashboardJson;
  feedback: FeedbackJson;
};

export const DASHBOARD_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];
export const DASHBOARD_TEXT_FILES = ['dashboard.json', 'feedback.json'] as const;
/** The folder beside a Lambda bundle that holds `<language>/<file>`. */
export const DASHBOARD_TEXT_DIR = 'dashboard-texts';

/** Where one file is: beside this module in the repository, else beside the bundle. */
export function dashboardTextPath(language: DashboardLanguage, file: (typeof DASHBOARD_TEXT_FILES)[number]): string {
  const here = fileURLToPath(new URL(`./${language}/${file}`, import.meta.url));
  return existsSync(here) ? here : fileURLToPath(new URL(`./${DASHBOARD_TEXT_DIR}/${language}/${file}`, import.meta.url));
}

function read(language: DashboardLanguage, file: (typeof DASHBOARD_TEXT_FILES)[number]): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(dashboardTextPath(language, file), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${language}/${file}: not a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * Per language, both namespaces: i18next's `resources`. Typed by the English files; that every language
 * has exactly their keys and variables is checked by tests/unit/dashboard-locales.test.ts.
 */
export const dashboardResources = Object.fromEntries(
  DASHBOARD_LANGUAGES.map((language) => [language, { dashboard: read(language, 'dashboard.json'), feedback: read(language, 'feedback.json') }]),
) as Record<DashboardLanguage, DashboardResources>;

/** The files as a deploy copies them beside the bundle: `dashboard-texts/<language>/<file>` from this folder. */
export function dashboardTextFiles(): Array<{ dir: string; sources: string[] }> {
  return DASHBOARD_LANGUAGES.map((language) => ({
    dir: `${DASHBOARD_TEXT_DIR}/${language}`,
    sources: DASHBOARD_TEXT_FILES.map((file) => fileURLToPath(new URL(`./${language}/${file}`, import.meta.url))),
  }));
}
