import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import { applySurveyBundle, surveyBundle } from '../../core/translation/survey-bundle.js';
import { localeFileText } from '../../core/translation/system-tree.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { TEMPLATE_FILES } from '../../flows/templates/files.js';
import { templateFileAfterImport } from '../../scripts/translations/template-file.js';

/**
 * A built-in template's file after a translation import (scripts/translations/template-file.ts): every
 * template in every language, exported as XLIFF and imported back reviewed, changes only that language's
 * review state in the file — no text, no key order, no default filled in; a changed text changes its line.
 */

const AT = new Date('2026-12-08T10:00:00.000Z');
const files = TEMPLATE_FILES.map((file) => {
  const text = readFileSync(new URL(`../../flows/templates/${file}`, import.meta.url), 'utf8');
  const raw = JSON.parse(text) as Record<string, unknown> & { reviews: Record<string, unknown> };
  return { file, text, raw, definition: parseSurveyDefinition(raw) };
});

describe.each(files)('$file', ({ text, raw, definition }) => {
  it.each(definition.languages)('%s: a reviewed round trip changes only its review state', (language) => {
    const body = writeTranslationFile(surveyBundle(definition, language), 'xliff').body;
    const { definition: after, problems } = applySurveyBundle(definition, readTranslationFile(body, 'xliff'), { reviewed: true, by: 'interpreter', at: AT });
    expect(problems).toEqual([]);
    const expected = structuredClone(raw);
    expected.reviews[language] = { state: 'reviewed', by: 'interpreter', at: AT.toISOString() };
    expect(localeFileText(templateFileAfterImport(raw, after, language))).toBe(localeFileText(expected));
    expect(localeFileText(raw)).toBe(text); // the files are written as this writes them
  });
});

it('a changed option label is written where it stands, and the language becomes a draft', () => {
  const { raw, definition } = files.find((f) => f.file === 'end-evaluation.json') ?? files[0]!;
  const bundle = surveyBundle(definition, 'fr');
  const unit = bundle.units.find((u) => u.id.includes('.option.'));
  if (!unit?.target) throw new Error('the template has no option label in French');
  const edited = { ...bundle, units: bundle.units.map((u) => (u === unit ? { ...u, target: `${unit.target}!` } : u)) };
  const { definition: after, problems } = applySurveyBundle(definition, edited, { reviewed: false, by: 'staff', at: AT });
  expect(problems).toEqual([]);
  const written = templateFileAfterImport(raw, after, 'fr');
  expect(
    localeFileText(written)
      .split('\n')
      .filter((l) => l.includes(`${unit.target}!`)),
  ).toHaveLength(1);
  expect((written.reviews as Record<string, unknown>).fr).toEqual({ state: 'draft', by: 'staff', at: AT.toISOString() });
  expect(parseSurveyDefinition(written)).toEqual(after);
});
