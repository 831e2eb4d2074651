import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import { TRANSLATION_FORMATS, type TranslationBundle } from '../../core/translation/bundle.js';
import { checkBundle, type TranslationProblem } from '../../core/translation/checks.js';
import { reviewsOf } from '../../core/translation/review.js';
import { applySurveyBundle, surveyBundle } from '../../core/translation/survey-bundle.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';
import { TEMPLATE_FILES } from '../../flows/templates/files.js';

const template = (file: string): SurveyDefinition =>
  parseSurveyDefinition(JSON.parse(readFileSync(join(import.meta.dirname, '../../flows/templates', file), 'utf8')));
const AT = new Date('2026-12-08T10:00:00.000Z');
const survey = template('statement-probe.json');
const arabic = surveyBundle(survey, 'ar');

/** The Arabic bundle with one unit's target (or the whole unit) changed. */
function edited(id: string, change: Partial<TranslationBundle['units'][number]> | null, bundle: TranslationBundle = arabic): TranslationBundle {
  return {
    ...bundle,
    units: bundle.units.flatMap((u) => (u.id !== id ? [u] : change === null ? [] : [{ ...u, ...change }])),
  };
}
const checksOf = (problems: TranslationProblem[]) => problems.map((p) => [p.unit, p.check]);
const apply = (bundle: TranslationBundle, reviewed = false) => applySurveyBundle(survey, bundle, { reviewed, by: 'interpreter', at: AT });

describe('checks of a translated file, as an adversary (or a tired translator) makes it', () => {
  it('a file exported now has no problem', () => {
    expect(checkBundle(arabic, arabic)).toEqual([]);
  });

  it('a dropped, renamed or added placeholder', () => {
    const expected: TranslationBundle = { ...arabic, units: [{ id: 'consent.stop', source: 'Stuur {{stop}} om te stoppen.', target: 'أرسل {{stop}}' }] };
    const given = (target: string) => ({ ...expected, units: [{ ...expected.units[0]!, target }] });
    expect(checkBundle(expected, given('أرسل {{ stop }} للتوقف.'))).toEqual([]);
    for (const target of ['أرسل للتوقف.', 'أرسل {{stopp}} للتوقف.', 'أرسل {{stop}} {{start}}']) {
      expect(checksOf(checkBundle(expected, given(target))), target).toEqual([['consent.stop', 'placeholders']]);
    }
  });

  it('Latin text in the Arabic file (an untranslated copy), while a brand name in Arabic text passes', () => {
    expect(checksOf(checkBundle(arabic, edited('q.listened.text', { target: 'Ik voel dat iemand naar me luistert.' })))).toEqual([
      ['q.listened.text', 'script'],
    ]);
    expect(checkBundle(arabic, edited('q.listened.text', { target: 'أرسل رسالة على WhatsApp إلى OCMW.' }))).toEqual([]);
  });

  it('a Tigrinya file marked as Arabic: every text is in the wrong script', () => {
    const tigrinya = surveyBundle(survey, 'ti');
    const disguised: TranslationBundle = { ...tigrinya, targetLanguage: 'ar' };
    const problems = checkBundle(arabic, disguised);
    expect(new Set(problems.map((p) => p.check))).toEqual(new Set(['script']));
    expect(problems).toHaveLength(arabic.units.length);
  });

  it('a Tigrinya file imported as Arabic: the language is refused, and nothing else is claimed', () => {
    const problems = checkBundle(arabic, surveyBundle(survey, 'ti'));
    expect(problems.filter((p) => p.check === 'language')).toEqual([
      { unit: null, check: 'language', message: 'the file is a translation into "ti", not "ar"', values: { file: 'ti', expected: 'ar' } },
    ]);
  });

  it('a missing unit, an emptied one, an extra unit, an altered source', () => {
    const file = edited(
      'q.ask.text',
      { source: 'Ik durf vragen te stellen.' },
      edited(
        'q.understand.text',
        { target: '   ' },
        edited('q.listened.text', null, { ...arabic, units: [...arabic.units, { id: 'q.nope.text', source: 'x', target: 'س' }] }),
      ),
    );
    expect(checksOf(checkBundle(arabic, file))).toEqual([
      ['q.understand.text', 'empty'],
      ['q.ask.text', 'source-changed'],
      ['q.nope.text', 'unknown-unit'],
      ['q.listened.text', 'missing'],
    ]);
  });

  it('an over-long question: its SMS, rendered with options and hints as sent, over the budget', () => {
    const long = 'هل تشعر أن هناك من يستمع إليك عندما تتحدث مع المركز، وهل يأخذون وقتهم لفهم ما تقوله؟ '.repeat(3);
    const { definition, problems } = apply(edited('q.listened.text', { target: long }));
    expect(problems).toEqual([
      expect.objectContaining({ unit: 'q.listened.text', check: 'sms-length', values: expect.objectContaining({ max: 3, encoding: 'UCS-2' }) }),
    ]);
    expect(definition).toBe(survey);
  });

  it('a PO file whose msgctxt names no text of the survey: refused as unknown, and the real unit missing', () => {
    const po = writeTranslationFile(arabic, 'po').body.replace('msgctxt "q.ask.text"', 'msgctxt "q.ask.texts"');
    expect(checksOf(apply(readTranslationFile(po, 'po')).problems)).toEqual([
      ['q.ask.texts', 'unknown-unit'],
      ['q.ask.text', 'missing'],
    ]);
  });

  it('a language the survey does not have is refused', () => {
    expect(checksOf(apply({ ...arabic, targetLanguage: 'de' }).problems)).toEqual([[null, 'language']]);
  });
});

describe('applying a checked file', () => {
  it('a file with problems changes nothing, not even the texts that were right', () => {
    const file = edited('q.ask.text', { target: 'لا أخاف.' }, edited('q.listened.text', { target: 'Not Arabic at all' }));
    const { definition, problems } = apply(file, true);
    expect(problems).toHaveLength(1);
    expect(definition).toBe(survey);
  });

  it('reviewed with no problem: the language is reviewed by the role, at the time; its changed text is saved', () => {
    const { definition, problems } = apply(edited('q.ask.text', { target: 'لا أخاف من السؤال في المركز.' }), true);
    expect(problems).toEqual([]);
    expect(definition.questions.find((q) => q.id === 'ask')?.text.ar).toBe('لا أخاف من السؤال في المركز.');
    expect(definition.reviews?.ar).toEqual({ state: 'reviewed', by: 'interpreter', at: AT.toISOString() });
    const others = reviewsOf(definition).filter((r) => r.language !== 'ar');
    expect(others).toEqual(reviewsOf(survey).filter((r) => r.language !== 'ar'));
  });

  it('not reviewed: a changed text makes the language a draft; an unchanged file keeps the definition as it was', () => {
    const changed = apply(edited('q.ask.text', { target: 'لا أخاف.' })).definition;
    expect(changed.reviews?.ar).toEqual({ state: 'draft', by: 'interpreter', at: AT.toISOString() });
    expect(apply(arabic).definition).toBe(survey);
  });

  it('a new source text (the main language reviewed through a file) makes the other languages drafts', () => {
    const dutch = surveyBundle(survey, 'nl');
    const { definition } = applySurveyBundle(survey, edited('q.ask.text', { target: 'Ik durf vragen te stellen in het OCMW.' }, dutch), {
      reviewed: true,
      by: 'staff',
      at: AT,
    });
    expect(definition.reviews?.nl).toEqual({ state: 'reviewed', by: 'staff', at: AT.toISOString() });
    expect(definition.reviews?.ar).toEqual({ state: 'draft', by: 'staff', at: AT.toISOString() });
  });
});

describe('round trip: every template, every language, every format — export then import changes nothing', () => {
  for (const file of TEMPLATE_FILES) {
    it(file, () => {
      const def = template(file);
      for (const language of def.languages) {
        for (const format of TRANSLATION_FORMATS) {
          const body = writeTranslationFile(surveyBundle(def, language), format).body;
          const { definition, problems } = applySurveyBundle(def, readTranslationFile(body, format), { reviewed: false, by: 'staff', at: AT });
          expect(problems, `${language} ${format}`).toEqual([]);
          expect(definition, `${language} ${format}`).toEqual(def);
          expect(reviewsOf(definition)).toEqual(reviewsOf(def));
          // Reviewed, the texts are written anew (not skipped as unchanged): still exactly the same.
          const reviewed = applySurveyBundle(def, readTranslationFile(body, format), { reviewed: true, by: 'interpreter', at: AT }).definition;
          expect({ ...reviewed, reviews: {} }, `${language} ${format} reviewed`).toEqual({ ...def, reviews: {} });
          expect(reviewed.reviews?.[language]).toEqual({ state: 'reviewed', by: 'interpreter', at: AT.toISOString() });
        }
      }
    });
  }
});
