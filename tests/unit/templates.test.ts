import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseSurveyDefinition, type LocalizedText, type SurveyDefinition } from '../../flows/definition.js';
import { TEMPLATE_FILES } from '../../flows/templates/files.js';
import { templates } from '../../adapters/templates/template-library.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';

/**
 * The built-in templates: every one in all eight shipped languages, each text really written in that
 * language's script (a text copied from another language is caught), and an `about` for staff in the
 * dashboard's languages.
 */

const DIR = join(import.meta.dirname, '../../flows/templates');
/** Template files that are not offered to staff: the demo survey (seeded) and a branching example for the scenario tests. */
const NOT_TEMPLATES = ['demo-checkin.json', 'service-feedback.json'];
const TEMPLATES = await templates();
const findTemplate = (id: string) => TEMPLATES.find((t) => t.id === id);
const STAFF_LANGUAGES = ['nl', 'fr', 'en'] as const;

const LATIN = /\p{Script=Latin}/u;
const ARABIC = /[\u0600-\u06FF]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const ETHIOPIC = /[\u1200-\u137F]/;
/** Letters Persian writes where Arabic writes ي ك (and the Persian-only پ چ ژ گ); digits of each. */
const PERSIAN_ONLY = /[\u06CC\u06A9\u067E\u0686\u0698\u06AF\u06F0-\u06F9]/; // ی ک پ چ ژ گ ۰-۹
const ARABIC_ONLY = /[\u064A\u0643\u0660-\u0669]/; // ي ك ٠-٩
const RUSSIAN_ONLY = /[ыэъёЫЭЪЁ]/;

type Script = 'latin' | 'arabic' | 'cyrillic' | 'ethiopic';
const SCRIPT: Record<(typeof SUPPORTED_LANGUAGES)[number], Script> = {
  nl: 'latin',
  fr: 'latin',
  en: 'latin',
  tr: 'latin',
  ar: 'arabic',
  fa: 'arabic',
  uk: 'cyrillic',
  ti: 'ethiopic',
};
const TESTS: Record<Script, RegExp> = { latin: LATIN, arabic: ARABIC, cyrillic: CYRILLIC, ethiopic: ETHIOPIC };

/** Every participant-facing text of a survey with where it is: the title, questions, options, probes, poles and corners. */
function textsOf(def: SurveyDefinition): Array<[string, LocalizedText]> {
  const list: Array<[string, LocalizedText]> = [['title', def.title]];
  for (const q of def.questions) {
    list.push([`${q.id}.text`, q.text]);
    if (q.kind === 'choice') for (const o of q.options) list.push([`${q.id}.options.${o.value}`, o.label]);
    if (q.kind === 'statement' && q.probe) list.push([`${q.id}.probe`, q.probe.text]);
    if (q.kind === 'dyad') list.push([`${q.id}.left`, q.left], [`${q.id}.right`, q.right]);
    if (q.kind === 'triad') q.corners.forEach((c, i) => list.push([`${q.id}.corners.${i}`, c]));
  }
  return list;
}

/** Is this text written in the script of `lng` (and in no other script)? A reason when not. */
function scriptProblem(lng: (typeof SUPPORTED_LANGUAGES)[number], text: string): string | null {
  const own = SCRIPT[lng];
  if (!TESTS[own].test(text)) return `no ${own} letters`;
  for (const [script, re] of Object.entries(TESTS)) if (script !== own && re.test(text)) return `${script} letters in a ${own} text`;
  if (lng === 'ar' && PERSIAN_ONLY.test(text)) return 'Persian letters or digits in Arabic';
  if (lng === 'fa' && ARABIC_ONLY.test(text)) return 'Arabic ي/ك or Arabic-Indic digits in Persian';
  if (lng === 'uk' && RUSSIAN_ONLY.test(text)) return 'Russian letters in Ukrainian';
  return null;
}

/** Texts that may be the same in several languages: numbers, punctuation. */
const languageNeutral = (text: string) => /^[\p{N}\p{P}\p{S}\s]*$/u.test(text);

/** What is wrong with a template's languages, as "path.lng: reason" lines (none: fine). */
function languageProblems(def: SurveyDefinition): string[] {
  const problems: string[] = [];
  for (const [path, text] of textsOf(def)) {
    for (const lng of SUPPORTED_LANGUAGES) {
      const value = text[lng];
      if (!value) {
        problems.push(`${path}.${lng}: missing`);
        continue;
      }
      const wrong = scriptProblem(lng, value);
      if (wrong) problems.push(`${path}.${lng}: ${wrong}`);
    }
    // The same text in two languages is a text that was copied, not translated (the title may be a shared word).
    if (path === 'title') continue;
    const seen = new Map<string, string>();
    for (const lng of SUPPORTED_LANGUAGES) {
      const value = text[lng]?.trim().toLowerCase();
      if (!value || languageNeutral(value)) continue;
      const other = seen.get(value);
      if (other) problems.push(`${path}.${lng}: the same text as in "${other}"`);
      else seen.set(value, lng);
    }
  }
  // Letters a real Turkish or French text of a few sentences cannot do without.
  const all = (lng: string) =>
    textsOf(def)
      .map(([, t]) => t[lng] ?? '')
      .join(' ');
  if (!/[çğıöşüİ]/.test(all('tr'))) problems.push('tr: no Turkish letters (ç ğ ı ö ş ü) anywhere');
  if (!/[éèêàçùâîôû]/.test(all('fr'))) problems.push('fr: no French accents anywhere');
  if (!/[іїєґ]/i.test(all('uk'))) problems.push('uk: no Ukrainian letters (і ї є ґ) anywhere');
  return problems;
}

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).filter((s) => s.trim() !== '');

describe('built-in templates', () => {
  it('every template file is registered, parses and has a unique id', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !NOT_TEMPLATES.includes(f));
    expect(files.length).toBe(TEMPLATES.length);
    expect([...files].sort()).toEqual([...TEMPLATE_FILES].sort());
    for (const file of files) {
      const def = parseSurveyDefinition(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
      expect(findTemplate(def.id), file).toEqual(def);
      expect(file, 'the file is named after the id').toBe(`${def.id.replace(/_/g, '-')}.json`);
    }
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    expect(TEMPLATES.map((t) => t.id)).toEqual(
      expect.arrayContaining(['energy_checkin', 'statement_probe', 'story_signifiers', 'most_significant_change', 'end_evaluation']),
    );
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, def) => {
    it('is offered in all eight shipped languages, consent first', () => {
      expect(def.languages).toEqual([...SUPPORTED_LANGUAGES]);
      expect(def.questions[0]?.kind).toBe('consent');
    });

    it("has every text in every language, each in that language's script and none copied from another language", () => {
      expect(languageProblems(def)).toEqual([]);
    });

    it('keeps its questions short (plain sentences, one SMS-sized message each)', () => {
      for (const [path, text] of textsOf(def)) {
        for (const lng of SUPPORTED_LANGUAGES) expect((text[lng] ?? '').length, `${path}.${lng}`).toBeLessThanOrEqual(200);
      }
    });

    it('tells staff about the method in nl, fr and en, in 2 to 4 sentences', () => {
      expect(def.about, 'about').toBeDefined();
      const about = def.about ?? {};
      for (const lng of STAFF_LANGUAGES) {
        const text = about[lng] ?? '';
        expect(scriptProblem(lng, text), `about.${lng}`).toBeNull();
        expect(sentences(text).length, `about.${lng}: ${text}`).toBeGreaterThanOrEqual(2);
        expect(sentences(text).length, `about.${lng}: ${text}`).toBeLessThanOrEqual(4);
      }
      expect(new Set(STAFF_LANGUAGES.map((l) => about[l])).size, 'three different texts').toBe(3);
    });
  });

  it('asks energy in the end evaluation exactly as in the check-in, so the rounds compare', () => {
    const energy = (id: string) => findTemplate(id)?.questions.find((q) => q.id === 'energy');
    expect(energy('end_evaluation')).toEqual(energy('energy_checkin'));
    expect(energy('end_evaluation')?.kind).toBe('scale');
  });

  it('the script check catches a text left in (or copied from) another language', () => {
    const def = structuredClone(findTemplate('story_signifiers')) as SurveyDefinition;
    const story = def.questions[1]!;
    story.text['tr'] = story.text['en']!; // English left in Turkish: Latin script, but a copy
    story.text['ti'] = story.text['en']!; // English in Tigrinya
    story.text['fa'] = story.text['ar']!; // Arabic passed off as Persian
    story.text['uk'] = 'Расскажите, что было в эти недели.'; // Russian, not Ukrainian
    expect(languageProblems(def)).toEqual([
      'story.text.fa: Arabic ي/ك or Arabic-Indic digits in Persian',
      'story.text.uk: Russian letters in Ukrainian',
      'story.text.ti: no ethiopic letters',
      'story.text.tr: the same text as in "en"',
      'story.text.fa: the same text as in "ar"',
      'story.text.ti: the same text as in "en"',
    ]);
  });
});
