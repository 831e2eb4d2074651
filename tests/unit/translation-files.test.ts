import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import { MAX_TRANSLATION_FILE_CHARS, TRANSLATION_FORMATS, TranslationFileError, type TranslationBundle } from '../../core/translation/bundle.js';
import { surveyBundle } from '../../core/translation/survey-bundle.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { TEMPLATE_FILES } from '../../flows/templates/files.js';

const template = (file: string) => parseSurveyDefinition(JSON.parse(readFileSync(join(import.meta.dirname, '../../flows/templates', file), 'utf8')));

/** What a format keeps of the review: XLIFF has a segment state and no place for who and when. */
const kept = (bundle: TranslationBundle, format: string): TranslationBundle =>
  format === 'xliff' ? { ...bundle, review: { state: bundle.review.state } } : bundle;

function issuesOf(run: () => unknown): Array<{ at: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof TranslationFileError) return error.issues;
    throw error;
  }
  throw new Error('expected a TranslationFileError');
}

const tricky: TranslationBundle = {
  kind: 'survey',
  name: 'tricky-v2',
  sourceLanguage: 'nl',
  targetLanguage: 'ar',
  review: { state: 'reviewed', by: 'interpreter', at: '2026-12-08T10:00:00.000Z' },
  units: [
    { id: 'title', source: 'Zeg "ja", of <nee> & later', target: 'قل "نعم"، أو <لا> & لاحقًا', note: 'a, b; "c"' },
    { id: 'q.a.text', source: 'Regel één\nregel twee\n\nna een lege regel', target: 'سطر\nسطر, آخر' },
    { id: 'q.a.option.min', source: '-1 of minder', target: '=SUM(A1)' },
    { id: 'q.a.option.plus', source: "'=quoted", target: "'hallo" },
    { id: 'q.b.text', source: 'Stuur {{stop}}', target: null },
    { id: 'q.c.text', source: '  spaties  ', target: 'إيموجي 🙂 ١٢٣' },
  ],
};

describe('translation files (XLIFF 2.0, PO, CSV): what is written is read back exactly', () => {
  for (const format of TRANSLATION_FORMATS) {
    it(`${format}: quotes, <, &, commas, line breaks, formulas, emoji, an untranslated unit`, () => {
      const file = writeTranslationFile(tricky, format);
      expect(readTranslationFile(file.body, format)).toEqual(kept(tricky, format));
    });
    it(`${format}: every template in every language`, () => {
      for (const name of TEMPLATE_FILES) {
        const def = template(name);
        for (const language of def.languages) {
          const bundle = surveyBundle(def, language);
          expect(readTranslationFile(writeTranslationFile(bundle, format).body, format), `${name} ${language}`).toEqual(kept(bundle, format));
        }
      }
    });
  }

  it('XLIFF: srcLang/trgLang on the root, one unit per text, segment states as XLIFF 2.0 names them', () => {
    const { body, contentType, extension } = writeTranslationFile(tricky, 'xliff');
    expect([contentType, extension]).toEqual(['application/xliff+xml; charset=utf-8', 'xlf']);
    expect(body).toMatch(/<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar">/);
    expect(body.match(/<unit id=/g)).toHaveLength(tricky.units.length);
    expect(body.match(/<segment state="final">/g)).toHaveLength(tricky.units.length - 1);
    expect(body).toMatch(/<segment state="initial">\s*<source>Stuur {{stop}}<\/source>\s*<\/segment>/);
    for (const [state, xliff] of [
      ['machine', 'initial'],
      ['draft', 'translated'],
    ] as const) {
      const written = writeTranslationFile({ ...tricky, review: { state } }, 'xliff').body;
      expect(written).toContain(`<segment state="${xliff}">`);
      expect(readTranslationFile(written, 'xliff').review).toEqual({ state });
    }
  });

  it('PO: msgctxt is the unit id, fuzzy where not reviewed, a Language header', () => {
    const draft = writeTranslationFile({ ...tricky, review: { state: 'draft' } }, 'po').body;
    expect(draft).toMatch(/"Language: ar\\n"/);
    expect(draft).toContain('msgctxt "q.a.option.min"');
    expect(draft.match(/#, fuzzy/g)).toHaveLength(tricky.units.filter((u) => u.target !== null).length);
    expect(writeTranslationFile(tricky, 'po').body).not.toContain('fuzzy');
  });

  it('CSV: a BOM, CRLF, the four columns, a formula neutralized for spreadsheets', () => {
    const { body } = writeTranslationFile(tricky, 'csv');
    expect(body.startsWith('\uFEFFid,nl,ar,note [survey tricky-v2 | reviewed interpreter 2026-12-08T10:00:00.000Z]\r\n')).toBe(true);
    expect(body).toContain("q.a.option.min,'-1 of minder,'=SUM(A1),\r\n");
    expect(body).toContain('"Regel één\nregel twee\n\nna een lege regel"');
  });

  it('CSV saved by Excel: semicolons, no BOM, CRLF inside quotes, an unguarded formula taken as text', () => {
    const body = 'id;nl;ar;note\r\ntitle;"Zeg ""ja""";"قل\r\n""نعم""";\r\nq.a.text;=1+1;=2;\r\n';
    const bundle = readTranslationFile(body, 'csv');
    expect(bundle.units).toEqual([
      { id: 'title', source: 'Zeg "ja"', target: 'قل\n"نعم"' },
      { id: 'q.a.text', source: '=1+1', target: '=2' },
    ]);
    expect(bundle).toMatchObject({ kind: 'survey', sourceLanguage: 'nl', targetLanguage: 'ar', review: { state: 'draft' } });
  });
});

describe('translation files as an adversary sends them', () => {
  const xliff = writeTranslationFile(tricky, 'xliff').body;

  it('XLIFF with an external entity (XXE) is refused before parsing', () => {
    const xxe = xliff.replace('<xliff', '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<xliff').replace('قل', '&x;');
    expect(issuesOf(() => readTranslationFile(xxe, 'xliff'))).toEqual([
      { at: '(file)', message: 'a DOCTYPE or entity declaration is not allowed in a translation file' },
    ]);
  });

  it('XLIFF with "billion laughs" entity expansion is refused, in any letter case', () => {
    const laughs = `<?xml version="1.0"?>\n<!doctype lolz [<!entity lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n${xliff.split('\n').slice(1).join('\n').replace('قل', '&lol2;')}`;
    expect(issuesOf(() => readTranslationFile(laughs, 'xliff'))[0]?.message).toMatch(/DOCTYPE or entity/);
  });

  it('XLIFF not well-formed, XLIFF 1.2, or with markup in a target: an issue, no crash', () => {
    expect(issuesOf(() => readTranslationFile(xliff.replace('</target>', ''), 'xliff'))[0]?.message).toMatch(/not well-formed XML/);
    expect(issuesOf(() => readTranslationFile('<xliff version="1.2"><file/></xliff>', 'xliff'))[0]?.message).toMatch(/not an XLIFF 2 file/);
    const markup = xliff.replace('<target>سطر', '<target><pc id="1">سطر</pc>');
    const line = markup.split('\n').findIndex((l) => l.includes('<unit id="q.a.text">')) + 1;
    expect(issuesOf(() => readTranslationFile(markup, 'xliff'))[0]).toEqual({
      at: `line ${line} (unit q.a.text)`,
      message: 'plain text expected in <target> (no inline markup)',
    });
  });

  it('XLIFF with a unit twice is refused (the second would silently win)', () => {
    const twice = xliff.replace('<unit id="q.a.option.min">', '<unit id="q.a.text">');
    expect(issuesOf(() => readTranslationFile(twice, 'xliff'))[0]).toMatchObject({ message: 'this unit is in the file twice' });
  });

  it('XLIFF with a text split into two segments is refused (the reader would keep only the last)', () => {
    const split = xliff.replace(/(<unit id="q\.a\.text">[\s\S]*?<\/segment>)/, '$1<segment><source>x</source><target>y</target></segment>');
    expect(issuesOf(() => readTranslationFile(split, 'xliff'))).toEqual([
      { at: expect.stringMatching(/^line \d+ \(unit q\.a\.text\)$/), message: 'a text split into several segments: join them into one' },
    ]);
  });

  it('PO with an entry without msgctxt names its line', () => {
    const po = writeTranslationFile(tricky, 'po').body.replace('msgctxt "q.a.option.min"\n', '');
    const issues = issuesOf(() => readTranslationFile(po, 'po'));
    const line = po.split('\n').findIndex((l) => l === 'msgid "-1 of minder"') + 1;
    expect(issues).toEqual([{ at: `line ${line}`, message: 'an entry without msgctxt (the unit id it translates)' }]);
  });

  it('PO with a unit id that is not an id names the unit', () => {
    const po = writeTranslationFile(tricky, 'po').body.replace('msgctxt "q.a.option.min"', 'msgctxt "q a <script>"');
    expect(issuesOf(() => readTranslationFile(po, 'po'))[0]?.at).toMatch(/^line \d+ \(unit q a <script>\)$/);
  });

  it('CSV with a missing heading or a row of five columns', () => {
    expect(issuesOf(() => readTranslationFile('title,Hallo,مرحبا\r\n', 'csv'))[0]?.at).toBe('row 1');
    expect(issuesOf(() => readTranslationFile('id,nl,ar,note\r\ntitle,a,b,c,d\r\n', 'csv'))).toEqual([
      { at: 'row 2', message: 'expected 3 or 4 columns, found 5' },
    ]);
  });

  it('a file near the size limit with tens of thousands of units is refused within seconds (no quadratic scan: one took minutes)', () => {
    const units = Array.from({ length: 50_000 }, (_, i) => `<unit id="u${i}"/>`).join('');
    const bodies = {
      xliff: `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar"><file id="survey.x">${units}</file></xliff>`,
      po: Array.from({ length: 20_000 }, (_, i) => `msgctxt "u${i}"\nmsgid "a"\nmsgstr "b"\n`).join('\n'),
      csv: `id,nl,ar,note\r\n${Array.from({ length: 50_000 }, (_, i) => `u${i},a,b,`).join('\r\n')}`,
    };
    for (const format of TRANSLATION_FORMATS) {
      expect(bodies[format].length).toBeLessThan(MAX_TRANSLATION_FILE_CHARS);
      const started = performance.now();
      expect(issuesOf(() => readTranslationFile(bodies[format], format)).length, format).toBeGreaterThan(0);
      expect(performance.now() - started, format).toBeLessThan(3_000);
    }
  });

  it('a body over the size limit, or empty, is refused in every format', () => {
    for (const format of TRANSLATION_FORMATS) {
      expect(issuesOf(() => readTranslationFile('x'.repeat(MAX_TRANSLATION_FILE_CHARS + 1), format))[0]?.message).toMatch(/larger than/);
      expect(issuesOf(() => readTranslationFile(' \n', format))[0]?.message).toBe('the file is empty');
    }
  });
});
