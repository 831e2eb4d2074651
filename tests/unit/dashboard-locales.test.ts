import { html } from 'hono/html';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import type { DashboardVars, FeedbackVars } from '../../locales/dashboard-keys.js';
import { dashboardResources, type DashboardJson, type FeedbackJson } from '../../locales/dashboard.js';
import type { Me } from '../../web/dashboard/api/api-shapes.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import { dashboardT, feedbackT, UI_LANGUAGES, type UiLanguage } from '../../web/dashboard/page/i18n.js';
import { layout } from '../../web/dashboard/page/layout.js';

/**
 * The dashboard's texts (locales/<lng>/dashboard.json, feedback.json): every language has English's keys
 * with its own CLDR plural forms and the same {{variables}}; locales/dashboard-keys.ts, from which the
 * typed `t` takes each key's variables, matches the English JSON (`UPDATE=1 npx vitest run
 * tests/unit/dashboard-locales.test.ts` rewrites it); plurals follow each language's rules; and a
 * name put into a text comes out escaped on the page.
 */

const UPDATE = process.env.UPDATE === '1';
const KEYS_FILE = new URL('../../locales/dashboard-keys.ts', import.meta.url);
const NAMESPACES = ['dashboard', 'feedback'] as const;
type Namespace = (typeof NAMESPACES)[number];
type Json = string | Json[] | { [key: string]: Json };

const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const PLURAL = new RegExp(`^(.+)_(${CATEGORIES.join('|')})$`);
/** `participantsCount_one` → ['participantsCount', 'one']; a key without a CLDR suffix → [key, null]. */
const splitPlural = (key: string): [string, string | null] => {
  const m = PLURAL.exec(key);
  return m ? [m[1] ?? key, m[2] ?? null] : [key, null];
};
const pluralCategories = (lng: string): string[] => [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] ?? ''))].sort();
const resource = (lng: UiLanguage, ns: Namespace): Record<string, Json> => dashboardResources[lng][ns] as unknown as Record<string, Json>;

/** Per text key (plural forms folded into one), the variables of its texts: what locales/dashboard-keys.ts declares. */
function textVars(json: Record<string, Json>): Map<string, string[]> {
  const vars = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(json)) {
    if (typeof value !== 'string') continue;
    const [base] = splitPlural(key);
    const set = vars.get(base) ?? new Set<string>();
    for (const name of placeholders(value)) set.add(name);
    vars.set(base, set);
  }
  return new Map([...vars].map(([key, set]) => [key, [...set].sort()]));
}

/** Every key of a namespace with its plural forms, tables' entries and lists' lengths, in the form the test compares. */
function shape(json: Record<string, Json>): string[] {
  return Object.entries(json)
    .map(([key, value]) => {
      if (typeof value === 'string') return key;
      if (Array.isArray(value)) return `${key}[${value.length}]`;
      return `${key}{${Object.keys(value).sort().join('|')}}`;
    })
    .sort();
}

/** English's shape with its plural keys given the plural forms of `lng`. */
function expectedShape(lng: UiLanguage, ns: Namespace): string[] {
  const plurals = new Set(
    Object.keys(resource('en', ns))
      .map(splitPlural)
      .filter(([, category]) => category !== null)
      .map(([base]) => base),
  );
  const english = shape(resource('en', ns)).filter((key) => splitPlural(key)[1] === null);
  return [...english, ...[...plurals].flatMap((base) => pluralCategories(lng).map((c) => `${base}_${c}`))].sort();
}

const identifier = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`);
function renderKeys(): string {
  const block = (name: string, json: Record<string, Json>) => {
    const lines = [...textVars(json)].map(([key, vars]) => `  ${identifier(key)}: ${vars.length ? vars.map((v) => `'${v}'`).join(' | ') : 'never'};`);
    return `export interface ${name} {\n${lines.join('\n')}\n}\n`;
  };
  return `/**
 * Generated from locales/en/dashboard.json and locales/en/feedback.json: do not edit. After adding a text
 * or changing an English text's {{variables}}, run \`UPDATE=1 npx vitest run tests/unit/dashboard-locales.test.ts\`.
 * Per text key, the variables its English text interpolates (never: none), for the typed \`t\` of
 * web/dashboard/page/i18n.ts. A key with \`count\` is plural: the JSON has key_one and key_other (French also key_many).
 */

${block('DashboardVars', resource('en', 'dashboard'))}
${block('FeedbackVars', resource('en', 'feedback'))}`;
}

describe('dashboard texts', () => {
  it('locales/dashboard-keys.ts declares the variables of every English text (UPDATE=1 rewrites it)', () => {
    const expected = renderKeys();
    if (UPDATE) writeFileSync(KEYS_FILE, expected);
    expect(readFileSync(KEYS_FILE, 'utf8')).toBe(expected);
  });

  it('the plural forms each language needs are those of its CLDR rules (French also has "many")', () => {
    expect(pluralCategories('en')).toEqual(['one', 'other']);
    expect(pluralCategories('nl')).toEqual(['one', 'other']);
    expect(pluralCategories('fr')).toEqual(['many', 'one', 'other']);
  });

  describe.each(NAMESPACES)('%s.json', (ns) => {
    it('English has plural keys only as whole sets (_one and _other), and no _zero: "nobody" is a key of its own', () => {
      const forms = new Map<string, string[]>();
      for (const key of Object.keys(resource('en', ns))) {
        const [base, category] = splitPlural(key);
        if (category) forms.set(base, [...(forms.get(base) ?? []), category].sort());
      }
      for (const [base, categories] of forms) expect(categories, base).toEqual(pluralCategories('en'));
      expect(textVars(resource('en', ns)).size).toBeGreaterThan(40);
    });

    describe.each(UI_LANGUAGES)('%s', (lng) => {
      it("has exactly English's keys, with its own plural forms, the same table entries and as many paragraphs", () => {
        expect(shape(resource(lng, ns))).toEqual(expectedShape(lng, ns));
      });

      it('uses exactly the {{variables}} of the English text in every text, every plural form and table entry', () => {
        const english = textVars(resource('en', ns));
        const json = resource(lng, ns);
        for (const [key, value] of Object.entries(json)) {
          if (typeof value === 'string') expect(placeholders(value), `${lng} ${key}`).toEqual(english.get(splitPlural(key)[0]));
          else for (const entry of Array.isArray(value) ? value : Object.values(value)) expect(placeholders(String(entry)), `${lng} ${key}`).toEqual([]);
        }
      });

      it('has no empty text', () => {
        const strings = Object.values(resource(lng, ns)).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : Object.values(v)));
        expect(strings.filter((s) => typeof s !== 'string' || s.trim() === '')).toEqual([]);
      });
    });
  });

  describe('plurals follow each language, not English', () => {
    it('French takes the singular for 0 and 1, and "many" for a million', () => {
      const t = dashboardT('fr');
      expect(t('answersCount', { count: 0 })).toBe('0 réponse');
      expect(t('answersCount', { count: 1 })).toBe('1 réponse');
      expect(t('answersCount', { count: 2 })).toBe('2 réponses');
      expect(t('answersCount', { count: 1_000_000 })).toBe('1000000 réponses');
      expect(t('voiceCount', { count: 0 })).toBe('0 réponse vocale attend une personne.');
      expect(feedbackT('fr')('sendButtonTo', { count: 0 })).toBe('Envoyer à 0 personne');
      expect(feedbackT('fr')('sendButtonTo', { count: 1 })).toBe('Envoyer à 1 personne');
    });

    it('Dutch and English take the plural for 0 and the singular only for 1', () => {
      expect(dashboardT('nl')('answersCount', { count: 0 })).toBe('0 antwoorden');
      expect(dashboardT('nl')('answersCount', { count: 1 })).toBe('1 antwoord');
      expect(dashboardT('en')('answersCount', { count: 0 })).toBe('0 answers');
      expect(dashboardT('en')('answersCount', { count: 1 })).toBe('1 answer');
      expect(dashboardT('en')('reportRejected', { count: 1 })).toBe('1 problem');
      expect(feedbackT('nl')('sendButtonTo', { count: 0 })).toBe('Versturen naar 0 mensen');
      expect(feedbackT('en')('sentNoticeTo', { count: 1 })).toBe('The message is on its way to 1 person.');
    });
  });

  describe('the typed t', () => {
    const t = dashboardT('en');
    const f = feedbackT('nl');

    it('fills in the variables, looks up tables by an API value, and lists paragraphs', () => {
      expect(t('signedInStaff', { organisation: 'OCMW Gent' })).toBe('Signed in as staff of OCMW Gent');
      expect(t('reportImported', { enrolled: 3, count: 4 })).toBe('3 of 4 rows imported.');
      expect(t.lookup('reasons', 'invalid-number')).toBe('not a valid phone number');
      expect(t.lookup('reasons', 'not-a-reason')).toBeUndefined();
      expect(t.lookup('reasons', 'constructor')).toBeUndefined();
      expect(f.lookup('failureReasons', "outside WhatsApp's 24-hour window, and the project sends nothing else instead")).toContain('WhatsApp');
      expect(f.list('about')).toHaveLength(3);
    });

    it('refuses a wrong key, a missing, misspelt or extra variable, and a count that is not a number (type test)', () => {
      // Each line below must fail `npm run typecheck`; @ts-expect-error itself fails if it does not.
      // @ts-expect-error: no such key
      expect(t('signedInStuff')).toBe('signedInStuff');
      // @ts-expect-error: organisation is missing
      t('signedInStaff');
      // @ts-expect-error: enrolled is missing
      t('reportImported', { count: 4 });
      // @ts-expect-error: the variable is organisation
      t('signedInStaff', { organization: 'x' });
      // @ts-expect-error: navProjects has no variables
      t('navProjects', { n: 1 });
      // @ts-expect-error: a plural's count is a number
      t('answersCount', { count: '3' });
      // @ts-expect-error: a feedback key is not a dashboard key
      t('sendButtonTo', { count: 1 });
      // @ts-expect-error: not a table
      t.lookup('navProjects', 'x');
    });

    it('declares exactly the text keys of the English JSON (checked by the type below)', () => {
      type Plain<K> = K extends `${infer B}_${(typeof CATEGORIES)[number]}` ? B : K;
      type TextKeys<J> = { [K in keyof J & string]: J[K] extends string ? Plain<K> : never }[keyof J & string];
      type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
      const same: [Same<TextKeys<DashboardJson>, keyof DashboardVars>, Same<TextKeys<FeedbackJson>, keyof FeedbackVars>] = [true, true];
      expect(same).toEqual([true, true]);
    });
  });

  it('a name put into a text reaches the page escaped (i18next does not escape; hono/html does)', () => {
    const ui = uiFor('en', new URL('http://localhost/dashboard'), 'Europe/Brussels');
    const evil = '<script>alert("x")</script> & Co';
    const me: Me = { role: 'staff', userId: 'u1', organisationId: 'org', organisation: { organisationId: 'org', name: evil } };
    const page = String(layout(ui, me, { title: ui.t('projectsTitle'), main: html`<p>${ui.t('noProjects')}</p>` }));
    expect(page).toContain('Signed in as staff of &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(page).not.toContain('<script>');
    expect(ui.t('signedInStaff', { organisation: evil })).toBe(`Signed in as staff of ${evil}`);
  });
});
