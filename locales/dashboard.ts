/**
 * The staff dashboard's texts (namespace `dashboard`) and those of "you said, we did" (namespace
 * `feedback`), in the dashboard's three languages. Imported statically, like index.ts, so the dashboard's
 * Lambda bundle reads no files. English is the reference: every language has exactly its keys, with the
 * plural forms its CLDR rules need (fr: _one, _many, _other), and the same {{variables}}
 * (tests/unit/dashboard-locales.test.ts). The i18next instance is web/dashboard/page/i18n.ts.
 */
import enDashboard from './en/dashboard.json' with { type: 'json' };
import enFeedback from './en/feedback.json' with { type: 'json' };
import frDashboard from './fr/dashboard.json' with { type: 'json' };
import frFeedback from './fr/feedback.json' with { type: 'json' };
import nlDashboard from './nl/dashboard.json' with { type: 'json' };
import nlFeedback from './nl/feedback.json' with { type: 'json' };

export type DashboardJson = typeof enDashboard;
export type FeedbackJson = typeof enFeedback;
export type DashboardResources = {
  dashboard: DashboardJson;
  feedback: FeedbackJson;
};

/** Per language, both namespaces: i18next's `resources`. A language missing an English key fails to typecheck here. */
export const dashboardResources: Record<'nl' | 'fr' | 'en', DashboardResources> = {
  nl: { dashboard: nlDashboard, feedback: nlFeedback },
  fr: { dashboard: frDashboard, feedback: frFeedback },
  en: { dashboard: enDashboard, feedback: enFeedback },
};
