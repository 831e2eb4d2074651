/**
 * The dashboard's languages and its i18next instance. The texts themselves are JSON under locales/
 * (locales/<lng>/dashboard.json and feedback.json, see locales/dashboard.ts); this module holds what is
 * code: which languages the dashboard speaks, their locales for dates and numbers, their names in the
 * switcher, the choice from Accept-Language, and a typed `t` per request language.
 *
 * Typed keys: `t('signedInStaff', { organisation })` is checked at compile time against
 * locales/dashboard-keys.ts, the variables of every English text (generated from the English JSON; the
 * test tests/unit/dashboard-locales.test.ts fails when it is stale, and a key it lacks fails to typecheck).
 * A wrong key, a missing or an unknown variable is a type error. Counts go through i18next's plurals
 * (`{ count }` picks key_one / key_other / key_many by the language's CLDR rules); a sentence for "nobody"
 * is a key of its own, chosen in code. i18next's own typing (CustomTypeOptions) is not used: it is global
 * (core/texts.ts shares i18next), and a JSON import types every text as `string`, so it could not check
 * the variables.
 *
 * Escaping: i18next does not escape (escapeValue: false). Every text reaches the page through hono/html,
 * which escapes each interpolated string (markup.ts), so an organisation's name goes in as text.
 */
import i18next from 'i18next';
import type { DashboardVars, FeedbackVars } from '../../../locales/dashboard-keys.js';
import { dashboardResources, type DashboardJson, type FeedbackJson } from '../../../locales/dashboard.js';

export const UI_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const isUiLanguage = (code: string | undefined): code is UiLanguage => (UI_LANGUAGES as readonly string[]).includes(code ?? '');

/** Each language's name in itself, for the switcher. */
export const UI_LANGUAGE_NAMES: Record<UiLanguage, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };
/** BCP 47 tags for dates and numbers: Belgian Dutch and French, British English (day before month). */
export const UI_LOCALES: Record<UiLanguage, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** A variable's value: `count` (the plural's number) must be a number; the others are text or numbers. */
type VarsOf<Names extends string> = { [N in Names]: N extends 'count' ? number : string | number };
/** The keys of texts without variables, and of those with (which then take exactly their variables). */
type PlainKeys<Vars> = { [K in keyof Vars & string]: [Vars[K]] extends [never] ? K : never }[keyof Vars & string];
type KeysWithVars<Vars> = Exclude<keyof Vars & string, PlainKeys<Vars>>;
/** The names of a namespace's tables (objects looked up by a value from the API) and of its lists of paragraphs. */
type TableNames<J> = { [K in keyof J & string]: J[K] extends string | readonly unknown[] ? never : K }[keyof J & string];
type ListNames<J> = { [K in keyof J & string]: J[K] extends readonly string[] ? K : never }[keyof J & string];

export interface Translate<Vars, J> {
  (key: PlainKeys<Vars>): string;
  <K extends KeysWithVars<Vars>>(key: K, vars: VarsOf<Vars[K] & string>): string;
  /** An entry of a table by a value from the API (a reason, a channel, a status); undefined for a value it does not name. */
  lookup(table: TableNames<J>, value: string): string | undefined;
  /** A list of paragraphs. */
  list(key: ListNames<J>): string[];
}
export type DashboardT = Translate<DashboardVars, DashboardJson>;
export type FeedbackT = Translate<FeedbackVars, FeedbackJson>;

/** One instance per process, initialised synchronously: the resources are already in memory. */
const i18n = i18next.createInstance();
void i18n.init({
  resources: dashboardResources,
  ns: ['dashboard', 'feedback'],
  defaultNS: 'dashboard',
  supportedLngs: [...UI_LANGUAGES],
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false }, // hono/html escapes every text where it is placed
  returnNull: false,
  showSupportNotice: false,
});

const isTable = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function translator<Vars, J>(lng: UiLanguage, ns: 'dashboard' | 'feedback'): Translate<Vars, J> {
  const fixed = i18n.getFixedT(lng, ns);
  const t = (key: string, vars?: Record<string, string | number>): string => fixed(key, vars);
  const lookup = (table: string, value: string): string | undefined => {
    const entries: unknown = fixed(table, { returnObjects: true });
    const text = isTable(entries) && Object.hasOwn(entries, value) ? entries[value] : undefined;
    return typeof text === 'string' ? text : undefined;
  };
  const list = (key: string): string[] => {
    const items: unknown = fixed(key, { returnObjects: true });
    return Array.isArray(items) ? items.map(String) : [];
  };
  // The types above describe what these functions accept; the JSON's shape is checked by the test.
  return Object.assign(t, { lookup, list }) as unknown as Translate<Vars, J>;
}

/** The dashboard's texts in one language. */
export const dashboardT = (lng: UiLanguage): DashboardT => translator(lng, 'dashboard');
/** The texts of "you said, we did" in one language. */
export const feedbackT = (lng: UiLanguage): FeedbackT => translator(lng, 'feedback');
