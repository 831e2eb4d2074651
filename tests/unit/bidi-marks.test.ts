import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../core/sms-segments.js';
import { RLM } from '../../core/conversation/bidi.js';
import { renderQuestion } from '../../core/conversation/render.js';
import { createTexts } from '../../core/texts.js';
import type { Askable } from '../../flows/answers.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import storySignifiers from '../../flows/templates/story-signifiers.json' with { type: 'json' };
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';

/**
 * Issue 20, item 4: the lines built of numbers, faces and labels carry direction marks in Arabic and Persian
 * (core/conversation/bidi.ts), so scales, numbers and emoji pair correctly on any phone; never in a
 * Latin-script (or any left-to-right) text, where they would cost an SMS its GSM-7 alphabet. How the marked
 * lines are laid out is checked in Chromium (tests/e2e/bidi-scale.test.ts); here: where the marks go, and
 * what they cost in SMS parts.
 */

const texts = createTexts();
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;
const demo = compileSurvey(parseSurveyDefinition(demoCheckin));
const stories = compileSurvey(parseSurveyDefinition(storySignifiers));
/** The demo has no Persian: a scale and a statement written in both right-to-left languages. */
const both = compileSurvey(
  parseSurveyDefinition({
    id: 'rtl_both',
    version: 1,
    title: { en: 'Both', ar: 'كلاهما', fa: 'هر دو' },
    languages: ['en', 'ar', 'fa'],
    questions: [
      { id: 'energy', kind: 'scale', text: { en: 'How much energy?', ar: 'كم لديك من الطاقة؟', fa: 'چقدر انرژی دارید؟' } },
      { id: 'respected', kind: 'statement', text: { en: 'I feel respected.', ar: 'أشعر بالاحترام.', fa: 'احساس احترام می‌کنم.' } },
    ],
  }),
);

function ask(survey: typeof demo, id: string): Askable {
  const q = survey.askables.get(id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

const render = (survey: typeof demo, id: string, language: string, again: boolean | 'kept' = false) =>
  renderQuestion(ask(survey, id), again, [language], survey.definition, texts);

/** Every question of both templates, asked and asked again, in `language`. */
function allMessages(language: string): Array<{ id: string; text: string }> {
  const out: Array<{ id: string; text: string }> = [];
  for (const survey of [demo, stories, both])
    for (const id of survey.askables.keys())
      for (const again of [false, true, 'kept'] as const)
        out.push({ id: `${survey.definition.id}/${id}/${String(again)}`, text: render(survey, id, language, again) });
  return out;
}

describe('direction marks in right-to-left messages', () => {
  for (const language of ['ar', 'fa']) {
    it(`${language}: the scale line starts and ends with an RLM, and is otherwise the same line`, () => {
      const lines = render(both, 'energy', language).split('\n');
      expect(lines[1]).toBe(`${RLM}${SCALE_FACES.map((face, i) => `${i + 1} ${face}`).join('   ')}${RLM}`);
      expect(lines[0]).not.toMatch(BIDI_CONTROLS); // the question itself is left as written
    });

    it(`${language}: each numbered option starts with an RLM; one ending on an Arabic letter needs no second mark`, () => {
      const lines = render(both, 'respected', language).split('\n').slice(1);
      const t = (key: 'answer.true' | 'answer.not_true' | 'answer.dont_know') => texts.t(key, [language]);
      expect(lines).toEqual([`${RLM}1. ${t('answer.true')}`, `${RLM}2. ${t('answer.not_true')}`, `${RLM}3. ${t('answer.dont_know')}`]);
    });

    it(`${language}: a dyad's poles and a triad's zones start with an RLM`, () => {
      const dyad = render(stories, 'felt', language).split('\n').slice(1);
      expect(dyad).toHaveLength(3);
      for (const line of dyad) expect(line.startsWith(RLM), line).toBe(true);
      expect(dyad[0]).toMatch(new RegExp(`^${RLM}1 = `));
      const triad = render(stories, 'difference', language).split('\n').slice(1);
      expect(triad).toHaveLength(7);
      triad.forEach((line, i) => expect(line.startsWith(`${RLM}${i + 1}. `), line).toBe(true));
    });

    it(`${language}: stripped of the marks, every message is exactly what it was`, () => {
      for (const { id, text } of allMessages(language)) {
        const stripped = text.replaceAll(RLM, '');
        expect(stripped, id).not.toMatch(BIDI_CONTROLS);
        expect(text.split('\n').length, id).toBe(stripped.split('\n').length); // marks never add a line
      }
    });
  }

  it('no left-to-right language ever gets a mark (a Latin-script message stays GSM-7 as it was)', () => {
    for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'ar' && l !== 'fa'))
      for (const { id, text } of allMessages(language)) expect(text, `${language} ${id}`).not.toMatch(BIDI_CONTROLS);
  });

  it('an Arabic reader of a survey without Arabic gets no marks where the message has no Arabic letter', () => {
    const dutchOnly = compileSurvey(
      parseSurveyDefinition({
        id: 'nl_only',
        version: 1,
        title: { nl: 'Alleen Nederlands' },
        languages: ['nl'],
        questions: [
          {
            id: 'how',
            kind: 'choice',
            text: { nl: 'Hoe kwam je?' },
            options: [
              { value: 'bus', label: { nl: 'Met de bus' } },
              { value: 'foot', label: { nl: 'Te voet' } },
            ],
          },
        ],
      }),
    );
    const first = renderQuestion(ask(dutchOnly, 'how'), false, ['ar', 'nl'], dutchOnly.definition, texts);
    expect(first).toBe('Hoe kwam je?\n1. Met de bus\n2. Te voet');
    expect(smsSegments(first).encoding).toBe('GSM-7');
    // Asked again, the apology and the hint come in Dutch too (one message, one language:
    // core/conversation/question-language.ts), so still no Arabic letter and no mark.
    const again = renderQuestion(ask(dutchOnly, 'how'), true, ['ar', 'nl'], dutchOnly.definition, texts);
    expect(again).toContain('1. Met de bus\n2. Te voet');
    expect(again).not.toContain(RLM);
    expect(smsSegments(again).encoding).toBe('GSM-7');
  });

  it('marks go only into messages that are UCS-2 without them; what they cost in SMS parts, measured', () => {
    const report: string[] = [];
    for (const language of ['ar', 'fa']) {
      let before = 0;
      let after = 0;
      let marks = 0;
      for (const { id, text } of allMessages(language)) {
        const plain = smsSegments(text.replaceAll(RLM, ''));
        if (text.includes(RLM)) expect(plain.encoding, id).toBe('UCS-2');
        const marked = smsSegments(text);
        expect(marked.segments - plain.segments, id).toBeLessThanOrEqual(1);
        before += plain.segments;
        after += marked.segments;
        marks += text.length - text.replaceAll(RLM, '').length;
      }
      report.push(`${language}: ${allMessages(language).length} question messages, ${marks} marks, SMS parts ${before} → ${after}`);
      // A mark is one UTF-16 unit of 67 in a part: across both templates asked three ways, a handful of parts at most.
      expect(after - before, language).toBeLessThanOrEqual(6);
    }
    console.info(report.join('\n'));
  });
});
