import type { TranslationBundle } from './bundle.js';

/**
 * What is wrong with a translated bundle against the one Stem would write now (`expected`: the same units,
 * the current source texts). Every problem is found, not only the first, so a translator fixes a file in one
 * go; each names its unit (null: the whole file). Problems are values: the edge shows them, nothing throws.
 */

export type TranslationCheck = 'missing' | 'placeholders' | 'script' | 'sms-length' | 'unknown-unit' | 'language' | 'source-changed' | 'empty';

export interface TranslationProblem {
  unit: string | null;
  check: TranslationCheck;
  /** In English, for the API and logs; the dashboard words each check in its own language from `values`. */
  message: string;
  values?: Record<string, string | number>;
}

export interface CheckOptions {
  /** A check of length (SMS parts) on the translated texts by unit id; the survey's is sms-budget.ts. */
  length?: (targets: ReadonlyMap<string, string>) => TranslationProblem[];
}

/** `{{stop}}`-style placeholders (i18next), filled in by Stem: a translation must keep every one, and add none. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

/**
 * The script each language we know is written in. Persian and Arabic share a script, so a Persian text in
 * the Arabic file is not caught here; a Tigrinya (Ethiopic) or Latin one is. A language not listed is not
 * checked (no guess is better than a wrong refusal).
 */
const SCRIPTS: Record<string, { name: string; letters: RegExp }> = {
  nl: { name: 'Latin', letters: /\p{Script=Latin}/u },
  fr: { name: 'Latin', letters: /\p{Script=Latin}/u },
  en: { name: 'Latin', letters: /\p{Script=Latin}/u },
  tr: { name: 'Latin', letters: /\p{Script=Latin}/u },
  ar: { name: 'Arabic', letters: /\p{Script=Arabic}/u },
  fa: { name: 'Arabic', letters: /\p{Script=Arabic}/u },
  uk: { name: 'Cyrillic', letters: /\p{Script=Cyrillic}/u },
  ti: { name: 'Ethiopic', letters: /\p{Script=Ethiopic}/u },
};

/**
 * Whether a text is written in its language's script: most of its letters are (placeholders left out).
 * "Most", not "all": an Arabic question may name WhatsApp or the OCMW in Latin letters, but a Latin text
 * in the Arabic file (an untranslated copy, a text pasted into the wrong column) has none of its own.
 */
export function scriptProblem(language: string, text: string): string | null {
  const script = SCRIPTS[language];
  if (!script) return null;
  const letters = [...text.replace(PLACEHOLDER, '')].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return null;
  const own = letters.filter((c) => script.letters.test(c)).length;
  return own * 2 > letters.length ? null : script.name;
}

/** Line ends and Unicode forms that editors change without anyone meaning to: compared as equal. */
const normal = (text: string): string => text.replace(/\r\n?/g, '\n').normalize('NFC');

export function checkBundle(expected: TranslationBundle, given: TranslationBundle, options: CheckOptions = {}): TranslationProblem[] {
  const problems: TranslationProblem[] = [];
  const language = expected.targetLanguage;
  if (given.targetLanguage !== language) {
    problems.push({
      unit: null,
      check: 'language',
      message: `the file is a translation into "${given.targetLanguage}", not "${language}"`,
      values: { file: given.targetLanguage, expected: language },
    });
  }
  if (given.sourceLanguage !== expected.sourceLanguage) {
    problems.push({
      unit: null,
      check: 'language',
      message: `the file translates from "${given.sourceLanguage}", the texts are in "${expected.sourceLanguage}"`,
      values: { file: given.sourceLanguage, expected: expected.sourceLanguage },
    });
  }
  const wanted = new Map(expected.units.map((u) => [u.id, u]));
  const targets = new Map<string, string>();
  for (const unit of given.units) {
    const want = wanted.get(unit.id);
    if (!want) {
      problems.push({ unit: unit.id, check: 'unknown-unit', message: 'the survey has no text with this id' });
      continue;
    }
    if (normal(unit.source) !== normal(want.source)) {
      problems.push({
        unit: unit.id,
        check: 'source-changed',
        message: 'the source text has changed since this file was made: translate the current text',
        values: { current: want.source },
      });
    }
    if (unit.target === null) continue; // reported as missing below
    if (unit.target.trim() === '') {
      problems.push({ unit: unit.id, check: 'empty', message: 'the translation is only spaces' });
      continue;
    }
    targets.set(unit.id, unit.target);
    const [have, need] = [placeholdersOf(unit.target), placeholdersOf(want.source)];
    if (have.join(' ') !== need.join(' ')) {
      const show = (list: string[]) => list.map((p) => `{{${p}}}`).join(' ') || 'none';
      problems.push({
        unit: unit.id,
        check: 'placeholders',
        message: `placeholders must be kept exactly: the source has ${show(need)}, the translation ${show(have)}`,
        values: { source: show(need), target: show(have) },
      });
    }
    const script = scriptProblem(language, unit.target);
    if (script)
      problems.push({ unit: unit.id, check: 'script', message: `"${language}" is written in ${script} script; most of this text is not`, values: { script } });
  }
  const translated = new Map(given.units.map((u) => [u.id, u.target]));
  for (const unit of expected.units) {
    if ((translated.get(unit.id) ?? null) === null) problems.push({ unit: unit.id, check: 'missing', message: 'no translation for this text' });
  }
  if (options.length && !problems.some((p) => p.check === 'language')) problems.push(...options.length(targets));
  return problems;
}
