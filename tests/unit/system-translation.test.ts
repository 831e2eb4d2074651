import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import { TRANSLATION_FORMATS, type TranslationBundle } from '../../core/translation/bundle.js';
import { applySystemBundle, reviewAfterSourceChange, systemBundle, type SystemImport, type SystemImportResult } from '../../core/translation/system-bundle.js';
import { localeFileText, type LocaleTree } from '../../core/translation/system-tree.js';
import type { WordLists } from '../../core/translation/system-words.js';
import { localeMeta, SUPPORTED_LANGUAGES, translations, type Language } from '../../locales/index.js';

/**
 * The system texts (locales/<lng>/translation.json) through the translation files and back: every language
 * in every format changes nothing, and files an adversary (or a hurried translator) would send are refused
 * whole, each problem named.
 */

const AT = new Date('2026-12-08T10:00:00.000Z');
const tree = (l: Language): LocaleTree => translations[l];
const fileOf = (l: Language): string => readFileSync(new URL(`../../locales/${l}/translation.json`, import.meta.url), 'utf8');

function importOf(language: Language): SystemImport {
  const otherWords: Record<string, WordLists> = {};
  for (const l of SUPPORTED_LANGUAGES) if (l !== language) otherWords[l] = translations[l].words;
  return { english: tree('en'), current: tree(language), language, review: localeMeta[language].review, otherWords };
}

const exported = (l: Language): TranslationBundle => systemBundle(tree('en'), tree(l), l, localeMeta[l].review);

/** A bundle with one unit's target changed (or the unit removed: `undefined`). */
function edit(bundle: TranslationBundle, id: string, target: string | null | undefined): TranslationBundle {
  const units = bundle.units.flatMap((u) => (u.id !== id ? [u] : target === undefined ? [] : [{ ...u, target }]));
  return { ...bundle, units };
}

function refused(result: SystemImportResult): Array<{ unit: string | null; check: string }> {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => ({ unit: p.unit, check: p.check }));
}

describe('system texts: export → import', () => {
  it('has a unit per text and per word list, named by key path, words one a line', () => {
    const bundle = exported('ar');
    expect(bundle).toMatchObject({ kind: 'system', name: 'translation', sourceLanguage: 'en', targetLanguage: 'ar', review: localeMeta.ar.review });
    const stop = bundle.units.find((u) => u.id === 'words.stop');
    expect(stop?.source.split('\n')).toEqual(translations.en.words.stop);
    expect(stop?.target?.split('\n')).toEqual(translations.ar.words.stop);
    expect(bundle.units.find((u) => u.id === 'consent.promise')?.target).toBe(translations.ar.consent.promise);
    expect(bundle.units.find((u) => u.id === 'consent.stop')?.note).toContain('{{stop}}');
  });

  describe.each([...SUPPORTED_LANGUAGES])('%s', (language) => {
    it.each([...TRANSLATION_FORMATS])('%s: changes nothing (translation.json byte for byte, the review state kept)', (format) => {
      const file = writeTranslationFile(exported(language), format);
      const result = applySystemBundle(importOf(language), readTranslationFile(file.body, format), { reviewed: false, by: 'interpreter', at: AT });
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (!result.ok) return;
      expect(result.changed).toBe(false);
      expect(localeFileText(result.translation)).toBe(fileOf(language));
      expect(result.review).toEqual(localeMeta[language].review);
    });
  });
});

describe('system texts: review states', () => {
  it('a reviewed import makes the language reviewed by that role, now, even with nothing changed', () => {
    const result = applySystemBundle(importOf('ti'), exported('ti'), { reviewed: true, by: 'interpreter', at: AT });
    expect(result).toMatchObject({ ok: true, changed: false, review: { state: 'reviewed', by: 'interpreter', at: AT.toISOString() } });
  });

  it('a changed text without --reviewed makes a draft by the importer; only that text changes, in its place', () => {
    const result = applySystemBundle(importOf('nl'), edit(exported('nl'), 'tap.choose', 'Kies maar'), { reviewed: false, by: 'staff', at: AT });
    expect(result).toMatchObject({ ok: true, changed: true, review: { state: 'draft', by: 'staff', at: AT.toISOString() } });
    if (!result.ok) return;
    const before = fileOf('nl').split('\n');
    const after = localeFileText(result.translation).split('\n');
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(['    "choose": "Kies maar",']);
  });

  it('a changed word list is written back as a list, blank lines dropped', () => {
    const stop = [...translations.nl.words.stop, 'HOU OP'];
    const result = applySystemBundle(importOf('nl'), edit(exported('nl'), 'words.stop', `${stop.join('\r\n')}\n\n`), { reviewed: false, by: 'staff', at: AT });
    expect(result.ok && (result.translation.words as Record<string, unknown>).stop).toEqual(stop);
  });

  it("a text with Windows line ends is written with the file's", () => {
    const poles = translations.nl.dyad.poles.replace(/\n/g, '\r\n');
    const result = applySystemBundle(importOf('nl'), edit(exported('nl'), 'dyad.poles', poles), { reviewed: false, by: 'staff', at: AT });
    expect(result).toMatchObject({ ok: true, changed: false });
  });

  it('after English changed, a reviewed language becomes a draft again; a machine one stays machine', () => {
    expect(reviewAfterSourceChange({ state: 'reviewed', by: 'interpreter', at: '2026-01-01T00:00:00.000Z' }, 'developer', AT)).toEqual({
      state: 'draft',
      by: 'developer',
      at: AT.toISOString(),
    });
    expect(reviewAfterSourceChange({ state: 'machine', by: 'developer' }, 'developer', AT)).toEqual({ state: 'machine', by: 'developer' });
  });
});

describe('system texts: refused imports change nothing', () => {
  const opts = { reviewed: true, by: 'interpreter', at: AT } as const;

  it('a dropped {{stop}}', () => {
    const text = translations.ar.consent.stop.replace('{{stop}}', 'STOP');
    expect(refused(applySystemBundle(importOf('ar'), edit(exported('ar'), 'consent.stop', text), opts))).toEqual([
      { unit: 'consent.stop', check: 'placeholders' },
    ]);
  });

  it('an emptied word list, a lower-case display word, a placeholder in a list, a yes word as a command', () => {
    expect(refused(applySystemBundle(importOf('fr'), edit(exported('fr'), 'words.stop', '\n \n'), opts))).toEqual([
      { unit: 'words.stop', check: 'empty' },
      { unit: 'words.stop', check: 'words' },
    ]);
    const lists = edit(edit(edit(exported('fr'), 'words.help', 'aide\nAIDE'), 'words.skip', 'PASSER\n{{skip}}'), 'words.start', 'COMMENCER\nOUI');
    const problems = refused(applySystemBundle(importOf('fr'), lists, opts));
    expect(problems).toEqual(
      expect.arrayContaining([
        { unit: 'words.help', check: 'words' },
        { unit: 'words.skip', check: 'placeholders' },
        { unit: 'words.skip', check: 'words' },
        { unit: 'words.start', check: 'words' },
      ]),
    );
  });

  it('a command word another language already uses for another command (participants may type any language)', () => {
    // "STOP" is a stop word in several languages; as a Turkish "help" word it would make one word two commands.
    const bundle = edit(exported('tr'), 'words.help', `${translations.tr.words.help.join('\n')}\nSTOP`);
    expect(refused(applySystemBundle(importOf('tr'), bundle, opts))).toEqual([{ unit: 'words.help', check: 'words' }]);
  });

  it('Latin text for Tigrinya', () => {
    const bundle = edit(exported('ti'), 'consent.promise', 'We do not ask your name. Nobody at the centre can see who said what.');
    expect(refused(applySystemBundle(importOf('ti'), bundle, opts))).toEqual([{ unit: 'consent.promise', check: 'script' }]);
  });

  it('a text over its SMS budget, a text left in English, spaces around a text', () => {
    const long = `${translations.nl.tap.stale} ${'nog langer '.repeat(10)}`.trim();
    const bundle = edit(
      edit(edit(exported('nl'), 'tap.stale', long), 'tap.choose', translations.en.tap.choose),
      'thanks.completed',
      ` ${translations.nl.thanks.completed}`,
    );
    expect(refused(applySystemBundle(importOf('nl'), bundle, opts))).toEqual(
      expect.arrayContaining([
        { unit: 'tap.stale', check: 'sms-length' },
        { unit: 'tap.choose', check: 'untranslated' },
        { unit: 'thanks.completed', check: 'spaces' },
      ]),
    );
  });

  it('an extra key and a missing key', () => {
    const extra = { ...exported('uk'), units: [...exported('uk').units, { id: 'consent.extra', source: 'x', target: 'х' }] };
    expect(refused(applySystemBundle(importOf('uk'), extra, opts))).toEqual([{ unit: 'consent.extra', check: 'unknown-unit' }]);
    expect(refused(applySystemBundle(importOf('uk'), edit(exported('uk'), 'call.goodbye', undefined), opts))).toEqual([
      { unit: 'call.goodbye', check: 'missing' },
    ]);
  });

  it('a file for another language, or a survey file: only that is said', () => {
    expect(refused(applySystemBundle(importOf('ti'), exported('ar'), opts))).toEqual([{ unit: null, check: 'language' }]);
    expect(refused(applySystemBundle(importOf('ar'), { ...exported('ar'), kind: 'survey', name: 'statement_probe-v2' }, opts))).toEqual([
      { unit: null, check: 'bundle' },
    ]);
  });
});
