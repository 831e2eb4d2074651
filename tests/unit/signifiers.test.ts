import { describe, expect, it } from 'vitest';

import { parseAnswer, type Askable } from '../../flows/answers.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition, SurveyDefinitionError, type SurveyDefinitionInput } from '../../flows/definition.js';
import { resumeFlow, startFlow } from '../../flows/engine.js';
import { triadPlace, triadWeights, TRIAD_ZONES } from '../../flows/triad.js';
import { renderQuestion } from '../../core/conversation/render.js';
import { spokenQuestion } from '../../core/conversation/spoken.js';
import { createTexts } from '../../core/texts.js';
import { releaseSummary, RoundTally } from '../../core/results/summary.js';
import { questionsOf } from '../../core/results/questions.js';
import type { Answer, Round } from '../../core/model.js';

/**
 * Story, dyad and triad questions (SenseMaker-style signifiers): the definition, reading answers by
 * number, keycap emoji, keypad and words, the questions as messages and aloud, and their tallies.
 */

const L = (en: string, ar: string, ti: string) => ({ en, ar, ti });
const definition: SurveyDefinitionInput = {
  id: 'story_test',
  version: 1,
  title: L('A story', 'قصة', 'ዛንታ'),
  languages: ['en', 'ar', 'ti'],
  questions: [
    { id: 'consent', kind: 'consent', text: L('Will you take part?', 'هل تشارك؟', 'ክትሳተፉ ዲኹም?') },
    { id: 'story', kind: 'story', text: L('Tell us about a moment at the centre.', 'احك لنا عن لحظة في المركز.', 'ብዛዕባ ሓንቲ ግዜ ኣብቲ ማእከል ኣዘንትዉና።') },
    {
      id: 'felt',
      kind: 'dyad',
      text: L('In this story I felt…', 'في هذه القصة شعرت…', 'ኣብዚ ዛንታ…'),
      left: L('alone', 'وحيدا', 'በይነይ'),
      right: L('supported', 'مدعوما', 'ደገፍ ዝረኸብኩ'),
    },
    {
      id: 'help',
      kind: 'triad',
      text: L('Who made the difference?', 'من صنع الفرق؟', 'ፍልልይ መን ገበረ?'),
      corners: [L('the centre', 'المركز', 'እቲ ማእከል'), L('family', 'العائلة', 'ስድራ'), L('myself', 'أنا', 'ባዕለይ')],
    },
  ],
};
const survey = compileSurvey(parseSurveyDefinition(definition));
const ask = (id: string): Askable => {
  const q = survey.askables.get(id);
  if (!q) throw new Error(id);
  return q;
};
const texts = createTexts();

describe('definition', () => {
  it('requires the poles and corners in every language of the survey', () => {
    const broken = structuredClone(definition);
    const dyad = broken.questions[2] as { right: Record<string, string> };
    delete dyad.right['ti'];
    const triad = broken.questions[3] as { corners: Array<Record<string, string>> };
    delete triad.corners[1]!['ar'];
    try {
      parseSurveyDefinition(broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SurveyDefinitionError);
      expect((error as SurveyDefinitionError).issues.map((i) => i.path)).toEqual(['questions[2].right.ti', 'questions[3].corners[1].ar']);
    }
  });

  it('wants exactly three corners', () => {
    const two = structuredClone(definition);
    (two.questions[3] as { corners: unknown[] }).corners.pop();
    expect(() => parseSurveyDefinition(two)).toThrow(/corners/);
  });
});

describe('the seven zones', () => {
  it('are three corners, three edges in order around the triangle, and the centre; weights sum to 1', () => {
    expect(TRIAD_ZONES.map(triadPlace)).toEqual([
      { kind: 'corner', corner: 0 },
      { kind: 'corner', corner: 1 },
      { kind: 'corner', corner: 2 },
      { kind: 'edge', between: [0, 1] },
      { kind: 'edge', between: [1, 2] },
      { kind: 'edge', between: [2, 0] },
      { kind: 'centre' },
    ]);
    for (const zone of TRIAD_ZONES) expect(triadWeights(zone).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(triadWeights(6)).toEqual([0.5, 0, 0.5]);
  });
});

/** `expected` undefined: the reply is unreadable. */
function expectReading(question: Askable, text: string, expected: number | undefined): void {
  const parsed = parseAnswer(question, { text });
  if (expected === undefined) expect(parsed.kind).toBe('unreadable');
  else expect(parsed).toEqual({ kind: 'value', value: expected });
}

describe('reading answers', () => {
  const triad = ask('help');
  const dyad = ask('felt');
  it.each([
    ['3', 3],
    ['7', 7],
    ['3️⃣', 3], // keycap emoji
    ['٥', 5], // Arabic-Indic digit
    ['zone 4', undefined],
    ['four', 4],
    ['family', 2], // naming a corner
    ['المركز', 1],
    ['ባዕለይ', 3],
    ['8', undefined],
    ['0', undefined],
  ])('triad %s → %s', (text, expected) => expectReading(triad, text, expected));
  it('triad from a WhatsApp button payload and from the keypad', () => {
    expect(parseAnswer(triad, { buttonPayload: 'help:6' })).toEqual({ kind: 'value', value: 6 });
    expect(parseAnswer(triad, { text: '7' })).toEqual({ kind: 'value', value: 7 }); // a call's keypad digit arrives as text
  });
  it.each([
    ['1', 1],
    ['5', 5],
    ['5️⃣', 5],
    ['supported', 5],
    ['وحيدا', 1],
    ['6', undefined],
  ])('dyad %s → %s', (text, expected) => expectReading(dyad, text, expected));
  it('a story takes a voice note or the own words as given', () => {
    expect(parseAnswer(ask('story'), { voiceNote: true })).toEqual({ kind: 'voice' });
    expect(parseAnswer(ask('story'), { text: '  I waited  three hours.  ' })).toEqual({ kind: 'value', value: 'I waited three hours.' });
    expect(parseAnswer(triad, { voiceNote: true }).kind).toBe('unreadable');
  });
  it('the engine walks story → dyad → triad and records the numbers', () => {
    let step = startFlow(survey);
    const effects = [];
    for (const text of ['1', 'We were welcomed.', '4', '٧']) {
      step = resumeFlow(survey, step.state, { text });
      effects.push(...step.effects);
    }
    expect(step.state.done).toBe(true);
    expect(effects.filter((e) => e.type === 'record-answer').map((e) => (e.type === 'record-answer' ? [e.questionId, e.value] : null))).toEqual([
      ['consent', 'yes'],
      ['story', 'We were welcomed.'],
      ['felt', 4],
      ['help', 7],
    ]);
  });
});

describe('as a message', () => {
  it("lists the seven zones in the participant's language (SMS and WhatsApp text)", () => {
    const en = renderQuestion(ask('help'), false, ['en'], survey.definition, texts);
    expect(en.split('\n')).toEqual([
      'Who made the difference?',
      '1. the centre',
      '2. family',
      '3. myself',
      '4. between the centre and family',
      '5. between family and myself',
      '6. between myself and the centre',
      '7. all three equally',
    ]);
    const ar = renderQuestion(ask('help'), false, ['ar'], survey.definition, texts);
    expect(ar).toContain('4. بين المركز والعائلة');
    expect(ar).toContain('7. الثلاثة بالتساوي');
    const ti = renderQuestion(ask('help'), true, ['ti'], survey.definition, texts);
    expect(ti).toContain('ኣብ መንጎ ስድራን ባዕለይን');
    expect(ti).toContain(texts.t('hint.triad', ['ti'])); // a re-prompt says how to answer
  });
  it("shows a dyad's poles on 1 and 5", () => {
    expect(renderQuestion(ask('felt'), false, ['en'], survey.definition, texts)).toBe('In this story I felt…\n1 = alone\n5 = supported\n2, 3, 4 = in between');
  });
});

describe('aloud in a call', () => {
  it('reads out every zone with its key', () => {
    const [said] = spokenQuestion(ask('help'), false, ['en'], survey.definition, texts);
    expect(said?.text).toBe(
      'Who made the difference? For the centre, press 1. For family, press 2. For myself, press 3. For between the centre and family, press 4. For between family and myself, press 5. For between myself and the centre, press 6. For all three equally, press 7. To skip this question, press star.',
    );
    const [dyad] = spokenQuestion(ask('felt'), false, ['en'], survey.definition, texts);
    expect(dyad?.text).toContain('Press 1 for alone, press 5 for supported');
    const [story] = spokenQuestion(ask('story'), false, ['en'], survey.definition, texts);
    expect(story?.text).not.toContain('press star'); // a recording: silence skips
  });
});

describe('tallies', () => {
  it('count dyad points (with a mean) and triad zones, small cells suppressed, labels in the main language', () => {
    const round: Round = {
      projectId: 'p',
      roundId: 'p-start',
      label: 'start',
      surveyId: survey.definition.id,
      surveyVersion: 1,
      opensAt: '2026-11-01T00:00:00.000Z',
      closesAt: '2026-12-01T00:00:00.000Z',
      reminderAfterHours: 48,
    } as Round;
    const questions = questionsOf(survey);
    const tally = new RoundTally({ round, survey }, questions);
    const answer = (questionId: string, value: number, n: number): Answer =>
      ({
        projectId: 'p',
        roundId: 'p-start',
        respondentCode: `R${n}`,
        questionId,
        value,
        status: 'answered',
        voice: null,
        language: 'en',
        channel: 'sms',
        day: '2026-11-20',
      }) as unknown as Answer;
    // 20 respondents: dyad 5 ×10, 2 ×10; triad zone 7 ×10, zone 1 ×6, zone 3 ×4.
    const qi = { language: 'en', channel: 'sms', day: '', completed: 'yes' };
    for (let n = 0; n < 20; n++) tally.add([answer('felt', n < 10 ? 5 : 2, n), answer('help', n < 10 ? 7 : n < 16 ? 1 : 3, n)], qi);
    const { summary } = releaseSummary(tally, 5, [], { number: 1, createdAt: null });
    const felt = summary.questions.find((q) => q.questionId === 'felt');
    const help = summary.questions.find((q) => q.questionId === 'help');
    const hidden = { suppressed: true };
    // Empty cells show 0: about nobody.
    expect(felt).toMatchObject({ kind: 'dyad', mean: 3.5, poles: ['alone', 'supported'], values: { '1': 0, '2': 10, '3': 0, '4': 0, '5': 10 } });
    expect(help).toMatchObject({ kind: 'triad', corners: ['the centre', 'family', 'myself'] });
    // Zone 3 (4 people) is hidden; then zone 1 (6) too, or the total of 20 would give zone 3 away.
    expect(help?.values).toEqual({ '1': hidden, '2': 0, '3': hidden, '4': 0, '5': 0, '6': 0, '7': 10 });
  });
});
