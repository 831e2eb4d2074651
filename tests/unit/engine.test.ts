import { describe, expect, it } from 'vitest';

import type { RawInput } from '../../flows/answers.js';
import { compileSurvey, holds, probeId, type CompiledSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition, type SurveyDefinitionInput } from '../../flows/definition.js';
import { currentAskable, expireFlow, resumeFlow, startFlow, type Effect, type FlowState, type Step } from '../../flows/engine.js';
import demoJson from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import { translations } from '../../locales/index.js';

const demo = compileSurvey(parseSurveyDefinition(demoJson));

const ask = (questionId: string, again = false): Effect => ({ type: 'ask', questionId, again });
const record = (questionId: string, value: string | number | null, status: 'answered' | 'skipped' | 'unreadable' = 'answered'): Effect => ({
  type: 'record-answer',
  questionId,
  value,
  status,
  voice: false,
});

/** Words that could not be an answer, kept as a comment on the question asked (before it is asked again or passed over). */
const comment = (questionId: string, text: string): Effect => ({ type: 'comment', questionId, text });

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Runs `inputs` from the start. Before every resume the state goes through JSON (as the store does) and the
 * result must equal the result from the in-memory state, and a second identical call must give the same.
 */
function run(survey: CompiledSurvey, inputs: ReadonlyArray<string | RawInput>): { steps: Step[]; effects: Effect[]; state: FlowState } {
  const first = startFlow(survey);
  const steps: Step[] = [first];
  let state = first.state;
  for (const input of inputs) {
    const raw: RawInput = typeof input === 'string' ? { text: input } : input;
    const before = clone(state);
    const direct = resumeFlow(survey, state, raw);
    const viaJson = resumeFlow(survey, JSON.parse(JSON.stringify(state)) as FlowState, raw);
    expect(viaJson).toEqual(direct);
    expect(clone(direct)).toEqual(direct); // the result itself is plain JSON
    expect(state).toEqual(before); // the input state is not mutated
    steps.push(direct);
    state = direct.state;
  }
  return { steps, effects: steps.flatMap((s) => s.effects), state };
}

const lastEffects = (r: { steps: Step[] }): Effect[] => r.steps[r.steps.length - 1]?.effects ?? [];

describe('the compiled demo machine', () => {
  it('has one askable per question plus the two probes', () => {
    expect([...demo.askables.keys()]).toEqual(['consent', 'energy', 'respected', 'respected.probe', 'understood', 'understood.probe', 'change', 'hear_back']);
    expect(demo.stateQuestion.get('probe:respected')).toBe('respected.probe');
    expect(probeId('understood')).toBe('understood.probe');
    const probe = demo.askables.get('understood.probe');
    expect(probe).toMatchObject({ kind: 'open', optional: true, probeOf: 'understood' });
    expect(probe?.kind === 'open' && probe.maxLength).toBeUndefined(); // no author's cap: as long as the channel carries
    expect(probe?.text['ar']).toBe('ما الذي ليس واضحاً؟');
  });

  it('starting asks the consent question', () => {
    const step = startFlow(demo);
    expect(step.effects).toEqual([ask('consent')]);
    expect(step.state).toEqual({ value: 'consent', context: { answers: {}, reprompts: 0 }, done: false });
    expect(currentAskable(demo, step.state)?.id).toBe('consent');
  });

  it('startFlow is pure: two starts are deep-equal', () => {
    expect(startFlow(demo)).toEqual(startFlow(demo));
  });
});

describe('consent', () => {
  it.each(['no', 'nee', 'non', 'لا', 'نه', 'hayır', '2', '٢', '👎'])('"%s" declines: the flow is done', (text) => {
    const r = run(demo, [text]);
    expect(lastEffects(r)).toEqual([record('consent', 'no'), { type: 'decline' }]);
    expect(r.state.done).toBe(true);
    expect(r.state.value).toBe('declined');
    expect(currentAskable(demo, r.state)).toBeUndefined();
  });

  it.each(['yes', 'ja', 'oui', 'نعم', 'evet', '1', '١', '👍', 'OK'])('"%s" consents and asks the first question', (text) => {
    const r = run(demo, [text]);
    expect(lastEffects(r)).toEqual([record('consent', 'yes'), ask('energy')]);
    expect(r.state.value).toBe('energy');
  });

  it('a button payload answers consent', () => {
    expect(lastEffects(run(demo, [{ buttonPayload: 'consent:yes' }]))).toEqual([record('consent', 'yes'), ask('energy')]);
    expect(lastEffects(run(demo, [{ buttonPayload: 'no' }]))).toEqual([record('consent', 'no'), { type: 'decline' }]);
  });

  it('cannot be skipped: a skip word re-asks consent (one word is no remark: nothing kept)', () => {
    for (const word of ['SKIP', 'overslaan', 'passer', 'تخطي']) {
      const r = run(demo, [word]);
      expect(lastEffects(r), word).toEqual([ask('consent', true)]);
      expect(r.state.value).toBe('consent');
      expect(r.effects.some((e) => e.type === 'record-answer')).toBe(false);
    }
  });

  // BUG: flows/compile.ts sends an unreadable consent, once re-prompts are used up, to the same
  // `route:consent` state as a yes: the participant is passed on to the questions without ever consenting.
  it('is never passed over into the questions: unreadable replies do not count as consent', () => {
    const r = run(demo, ['?', 'what is this', 'hello']);
    expect(r.effects.some((e) => e.type === 'ask' && e.questionId === 'energy')).toBe(false);
    expect(r.state.value).not.toBe('energy');
    expect(r.effects.some((e) => e.type === 'record-answer' && e.questionId === 'consent' && e.value === 'yes')).toBe(false);
  });
});

describe('the full demo survey', () => {
  it('records every value with its type, asks probes, and completes', () => {
    const arabic = 'أحتاج إلى مساعدة في الأوراق، شكراً';
    const r = run(demo, ['ja', '4', 'klopt', arabic, 'waar', 'Meer uitleg in het Arabisch, alstublieft!', 'ja']);
    expect(r.steps.map((s) => s.effects)).toEqual([
      [ask('consent')],
      [record('consent', 'yes'), ask('energy')],
      [record('energy', 4), ask('respected')],
      [record('respected', 'true'), ask('respected.probe')],
      [record('respected.probe', arabic), ask('understood')],
      [record('understood', 'true'), ask('change')],
      [record('change', 'Meer uitleg in het Arabisch, alstublieft!'), ask('hear_back')],
      [record('hear_back', 'yes'), { type: 'complete' }],
    ]);
    expect(r.state).toEqual({ value: 'completed', context: { answers: {}, reprompts: 0 }, done: true });
  });

  it('reads numbers and words in other scripts along the way', () => {
    const r = run(demo, ['نعم', '٣', 'غير صحيح', 'لأنهم لا يفهمونني', 'لا أعرف', 'لا أفهم الرسائل', 'ترجمة', 'لا']);
    const records = r.effects.filter((e) => e.type === 'record-answer');
    expect(records).toEqual([
      record('consent', 'yes'),
      record('energy', 3),
      record('respected', 'not_true'),
      record('respected.probe', 'لأنهم لا يفهمونني'),
      record('understood', 'dont_know'),
      record('understood.probe', 'لا أفهم الرسائل'),
      record('change', 'ترجمة'),
      record('hear_back', 'no'),
    ]);
    expect(r.state.done).toBe(true);
    expect(typeof (records[1] as { value: unknown }).value).toBe('number');
  });

  it('scale accepts emoji faces and number words', () => {
    for (const [text, value] of [
      ['😞', 1],
      ['🙁', 2],
      ['😐', 3],
      ['🙂', 4],
      ['😄', 5],
      ['vijf', 5],
      ['deux', 2],
      ['اثنين', 2],
    ] as const) {
      expect(lastEffects(run(demo, ['yes', text])), text).toEqual([record('energy', value), ask('respected')]);
    }
  });

  it('the probe of `respected` is asked after every answer', () => {
    for (const [text, value] of [
      ['1', 'true'],
      ['2', 'not_true'],
      ['3', 'dont_know'],
    ] as const) {
      expect(lastEffects(run(demo, ['yes', '3', text])), text).toEqual([record('respected', value), ask('respected.probe')]);
    }
  });

  it('the probe of `understood` is asked only after not_true and dont_know', () => {
    const prefix = ['yes', '3', 'true', 'because'];
    expect(lastEffects(run(demo, [...prefix, 'true']))).toEqual([record('understood', 'true'), ask('change')]);
    expect(lastEffects(run(demo, [...prefix, 'niet waar']))).toEqual([record('understood', 'not_true'), ask('understood.probe')]);
    expect(lastEffects(run(demo, [...prefix, '?']))).toEqual([record('understood', 'dont_know'), ask('understood.probe')]);
    expect(lastEffects(run(demo, [...prefix, 'je ne sais pas']))).toEqual([record('understood', 'dont_know'), ask('understood.probe')]);
  });

  it('skipping a statement skips its probe too', () => {
    expect(lastEffects(run(demo, ['yes', '3', 'SKIP']))).toEqual([record('respected', null, 'skipped'), ask('understood')]);
  });

  it('a probe can be skipped', () => {
    expect(lastEffects(run(demo, ['yes', '3', 'true', 'overslaan']))).toEqual([record('respected.probe', null, 'skipped'), ask('understood')]);
  });

  it('open text is kept verbatim (only runs of white space are collapsed), including Arabic and emoji', () => {
    const text = 'Plus de  rendez-vous\nle soir 🙏 — مواعيد مسائية';
    const r = run(demo, ['yes', '3', '1', 'x', '1', text]);
    expect(lastEffects(r)).toEqual([record('change', 'Plus de rendez-vous le soir 🙏 — مواعيد مسائية'), ask('hear_back')]);
  });

  it('an open answer that looks like a number or an answer word stays text', () => {
    expect(lastEffects(run(demo, ['yes', '3', '1', 'x', '1', '5']))).toEqual([record('change', '5'), ask('hear_back')]);
    expect(lastEffects(run(demo, ['yes', '3', '1', 'x', '1', 'Yes']))).toEqual([record('change', 'Yes'), ask('hear_back')]);
  });
});

describe('re-prompts', () => {
  it('re-asks maxReprompts (2) times with again: true, then passes over with an unreadable record', () => {
    const r = run(demo, ['yes', 'banana', '17', 'very good indeed']);
    expect(r.steps.slice(2).map((s) => s.effects)).toEqual([
      [ask('energy', true)],
      [ask('energy', true)],
      [comment('energy', 'very good indeed'), record('energy', null, 'unreadable'), { type: 'passed-over', questionId: 'energy' }, ask('respected')],
    ]);
    expect(r.state.context.reprompts).toBe(0);
  });

  it('counts re-prompts in the state and resets them after a valid answer', () => {
    const r = run(demo, ['yes', 'banana']);
    expect(r.state).toEqual({ value: 'energy', context: { answers: {}, reprompts: 1 }, done: false });
    const after = run(demo, ['yes', 'banana', '4']);
    expect(after.state).toEqual({ value: 'respected', context: { answers: {}, reprompts: 0 }, done: false });
    // A fresh question gets its full re-prompts again.
    const next = run(demo, ['yes', 'banana', '4', 'maybe', 'perhaps']);
    expect(lastEffects(next)).toEqual([ask('respected', true)]);
    expect(next.state.context.reprompts).toBe(2);
  });

  it('an unreadable message of real words keeps them as a comment, white space collapsed; a short reply, an empty one or a silence has none', () => {
    expect(lastEffects(run(demo, ['yes', '  veel   energie\n vandaag ']))).toEqual([comment('energy', 'veel energie vandaag'), ask('energy', true)]);
    for (const short of ['ok', '👍', 'veel energie', 'heel veel', '17']) expect(lastEffects(run(demo, ['yes', short])), short).toEqual([ask('energy', true)]);
    expect(lastEffects(run(demo, ['yes', { silent: true }]))).toEqual([ask('energy', true)]);
    expect(lastEffects(run(demo, ['yes', { voiceNote: true }]))).toEqual([ask('energy', true)]);
  });

  it('an empty message is unreadable, even for an open question', () => {
    expect(lastEffects(run(demo, ['yes', '']))).toEqual([ask('energy', true)]);
    expect(lastEffects(run(demo, ['yes', '3', '1', 'x', '1', '   ']))).toEqual([ask('change', true)]);
  });

  it('passes over an open question after the re-prompts as well', () => {
    const r = run(demo, ['yes', '3', '1', 'x', '1', '', ' ', '\n']);
    expect(lastEffects(r)).toEqual([record('change', null, 'unreadable'), { type: 'passed-over', questionId: 'change' }, ask('hear_back')]);
    expect(r.state.value).toBe('hear_back');
  });

  it('with maxReprompts 0 the first unreadable answer passes over', () => {
    const survey = compileSurvey(parseSurveyDefinition({ ...demoJson, maxReprompts: 0 }));
    expect(lastEffects(run(survey, ['yes', 'banana']))).toEqual([
      record('energy', null, 'unreadable'),
      { type: 'passed-over', questionId: 'energy' },
      ask('respected'),
    ]);
    expect(lastEffects(run(survey, ['yes', 'bananas are my energy']))).toEqual([
      comment('energy', 'bananas are my energy'),
      record('energy', null, 'unreadable'),
      { type: 'passed-over', questionId: 'energy' },
      ask('respected'),
    ]);
  });
});

describe('skip', () => {
  const skipWords = [...new Set(Object.values(translations).flatMap((t) => t.words.skip))];

  it('has skip words in every language, including Arabic', () => {
    expect(skipWords).toContain('SKIP');
    expect(skipWords).toContain('OVERSLAAN');
    expect(translations.ar.words.skip.length).toBeGreaterThan(0);
  });

  it.each(['SKIP', 'skip', 'overslaan', 'Sla over', 'passer', 'تخطي', 'التالي', ...skipWords])(
    'skip word "%s" on an optional question records status skipped',
    (word) => {
      const r = run(demo, ['yes', word]);
      expect(lastEffects(r)).toEqual([record('energy', null, 'skipped'), ask('respected')]);
    },
  );

  it('a skip button payload skips', () => {
    expect(lastEffects(run(demo, ['yes', { buttonPayload: 'energy:skip' }]))).toEqual([record('energy', null, 'skipped'), ask('respected')]);
  });

  it('a question with optional: false cannot be skipped', () => {
    const json = JSON.parse(JSON.stringify(demoJson)) as { questions: Array<Record<string, unknown>> };
    const energy = json.questions[1];
    if (energy) energy['optional'] = false;
    const survey = compileSurvey(parseSurveyDefinition(json));
    expect(lastEffects(run(survey, ['yes', 'SKIP']))).toEqual([ask('energy', true)]);
  });
});

const t = (en: string) => ({ en });
const option = (value: string) => ({ value, label: t(value.toUpperCase()) });

/**
 * colour: red → why_red; green/blue → age; other → end; unanswered → the next question (why_red).
 * age: < 18 → end; > 64 → senior; else adult. adult: age answered → end. senior: colour unanswered → end.
 */
const branchingDefinition: SurveyDefinitionInput = {
  id: 'branching',
  version: 1,
  title: t('Branching'),
  languages: ['en'],
  questions: [
    {
      id: 'colour',
      kind: 'choice',
      text: t('Colour?'),
      options: [option('red'), option('green'), option('blue'), option('other')],
      next: [
        { if: { question: 'colour', equals: 'red' }, goto: 'why_red' },
        { if: { question: 'colour', in: ['green', 'blue'] }, goto: 'age' },
        { if: { question: 'colour', equals: 'other' }, goto: 'end' },
      ],
    },
    { id: 'why_red', kind: 'open', text: t('Why red?') },
    {
      id: 'age',
      kind: 'number',
      text: t('Age?'),
      min: 0,
      max: 120,
      next: [
        { if: { question: 'age', lessThan: 18 }, goto: 'end' },
        { if: { question: 'age', greaterThan: 64 }, goto: 'senior' },
      ],
    },
    { id: 'adult', kind: 'open', text: t('Adult?'), next: [{ if: { question: 'age', answered: true }, goto: 'end' }] },
    { id: 'senior', kind: 'scale', text: t('Senior?'), next: [{ if: { question: 'colour', answered: false }, goto: 'end' }] },
    { id: 'last', kind: 'open', text: t('Anything else?') },
  ],
};
const branching = compileSurvey(parseSurveyDefinition(branchingDefinition));

const asked = (r: { effects: Effect[] }): string[] => r.effects.flatMap((e) => (e.type === 'ask' ? [e.questionId] : []));

describe('branching with next rules', () => {
  it('equals: red goes to why_red', () => {
    const r = run(branching, ['red']);
    expect(lastEffects(r)).toEqual([record('colour', 'red'), ask('why_red')]);
  });

  it('in: green and blue go to age, over why_red', () => {
    expect(lastEffects(run(branching, ['green']))).toEqual([record('colour', 'green'), ask('age')]);
    expect(lastEffects(run(branching, ['3']))).toEqual([record('colour', 'blue'), ask('age')]);
  });

  it("goto 'end' completes at once", () => {
    const r = run(branching, ['OTHER']);
    expect(lastEffects(r)).toEqual([record('colour', 'other'), { type: 'complete' }]);
    expect(r.state.done).toBe(true);
    expect(r.state.value).toBe('completed');
  });

  it('lessThan: under 18 ends; 18 is not less than 18', () => {
    expect(lastEffects(run(branching, ['green', '17']))).toEqual([record('age', 17), { type: 'complete' }]);
    expect(lastEffects(run(branching, ['green', '18']))).toEqual([record('age', 18), ask('adult')]);
  });

  it('greaterThan: over 64 goes to senior; 64 does not', () => {
    expect(lastEffects(run(branching, ['green', '65']))).toEqual([record('age', 65), ask('senior')]);
    expect(lastEffects(run(branching, ['green', '64']))).toEqual([record('age', 64), ask('adult')]);
  });

  it('answered: true when the earlier question has a value', () => {
    expect(asked(run(branching, ['green', '40', 'fine']))).toEqual(['colour', 'age', 'adult']);
    expect(run(branching, ['green', '40', 'fine']).state.done).toBe(true);
  });

  it('answered: false when the earlier question was skipped; a skipped answer matches no value rule', () => {
    const r = run(branching, ['SKIP', 'SKIP', '70', '4']);
    expect(asked(r)).toEqual(['colour', 'why_red', 'age', 'senior']);
    expect(lastEffects(r)).toEqual([record('senior', 4), { type: 'complete' }]);
  });

  it('answered: false for a passed-over answer too; answered colour goes on to last', () => {
    const passedOver = run(branching, ['purple', 'purple', 'purple', 'x', '70', '4']);
    expect(asked(passedOver)).toEqual(['colour', 'colour', 'colour', 'why_red', 'age', 'senior']);
    expect(passedOver.state.done).toBe(true);

    const answered = run(branching, ['red', 'because', '70', '4']);
    expect(asked(answered)).toEqual(['colour', 'why_red', 'age', 'senior', 'last']);
    expect(answered.state.done).toBe(false);
  });

  it('a skipped age matches neither lessThan nor greaterThan, and answered is false', () => {
    const r = run(branching, ['green', 'SKIP', 'ok', '2', 'bye']);
    expect(asked(r)).toEqual(['colour', 'age', 'adult', 'senior', 'last']);
    expect(r.state.done).toBe(true);
  });

  it('holds() compares only numbers with lessThan / greaterThan', () => {
    expect(holds({ question: 'a', lessThan: 3 }, { a: '1' })).toBe(false);
    expect(holds({ question: 'a', greaterThan: 3 }, { a: '9' })).toBe(false);
    expect(holds({ question: 'a', lessThan: 3 }, { a: 1 })).toBe(true);
    expect(holds({ question: 'a', equals: 1 }, { a: '1' })).toBe(false);
    expect(holds({ question: 'a', in: ['x', 2] }, { a: 2 })).toBe(true);
    expect(holds({ question: 'a', answered: false }, {})).toBe(true);
    expect(holds({ question: 'a', answered: true }, { a: null })).toBe(false);
    expect(holds({ question: 'a', equals: 'x' }, {})).toBe(false);
  });
});

describe('privacy: what the session keeps', () => {
  it('keeps only answers a next rule reads (colour, age), never open text', () => {
    const r = run(branching, ['red', 'Mijn naam is Fatima en ik woon in Gent', '70', '4', 'nee']);
    expect(r.state.context.answers).toEqual({ colour: 'red', age: 70 });
    for (const step of r.steps) {
      expect(JSON.stringify(step.state)).not.toContain('Fatima');
    }
  });

  it('keeps a skipped referenced answer as null', () => {
    const r = run(branching, ['SKIP']);
    expect(r.state.context.answers).toEqual({ colour: null });
  });

  it('the demo survey (no next rules) keeps no answers at all, not even the probes', () => {
    const r = run(demo, ['yes', '2', 'not true', 'Ze lachen me uit aan het loket', '?', 'De brieven', 'Een tolk']);
    for (const step of r.steps) expect(step.state.context.answers).toEqual({});
    expect(JSON.stringify(r.steps.map((s) => s.state))).not.toMatch(/loket|brieven|tolk/);
  });
});

describe('finished flows', () => {
  it('ignore input after completion: same state, no effects', () => {
    const done = run(demo, ['yes', '3', '1', 'x', '1', 'y', 'yes']).state;
    expect(done.done).toBe(true);
    for (const input of [{ text: 'hello' }, { text: 'yes' }, { text: '' }, { buttonPayload: 'consent:yes' }]) {
      const step = resumeFlow(demo, done, input);
      expect(step.effects).toEqual([]);
      expect(step.state).toEqual(done);
    }
  });

  it('ignore input after a decline', () => {
    const declined = run(demo, ['no']).state;
    expect(resumeFlow(demo, declined, { text: 'yes' })).toEqual({ state: declined, effects: [] });
    expect(resumeFlow(demo, clone(declined), { text: '1' })).toEqual({ state: declined, effects: [] });
  });
});

describe('the hear-back consent', () => {
  const toHearBack = ['yes', '3', '1', 'x', '1', 'my own words'];

  it('"no" is recorded and the survey goes on to its end: it is no decline', () => {
    const r = run(demo, [...toHearBack, 'nee']);
    expect(lastEffects(r)).toEqual([record('hear_back', 'no'), { type: 'complete' }]);
    expect(r.state.value).toBe('completed');
  });

  it('can be skipped, and an unreadable reply is passed over rather than taken as a no to everything', () => {
    expect(lastEffects(run(demo, [...toHearBack, 'SKIP']))).toEqual([record('hear_back', null, 'skipped'), { type: 'complete' }]);
    const r = run(demo, [...toHearBack, '?', '?', '?']);
    expect(lastEffects(r)).toEqual([record('hear_back', null, 'unreadable'), { type: 'passed-over', questionId: 'hear_back' }, { type: 'complete' }]);
    expect(r.state.value).toBe('completed');
  });

  it('in the middle of a survey, "no" asks the next question', () => {
    const survey = compileSurvey(
      parseSurveyDefinition({
        id: 'mid',
        version: 1,
        title: { en: 'Mid' },
        languages: ['en'],
        questions: [
          { id: 'consent', kind: 'consent', text: { en: 'Join?' } },
          { id: 'hear_back', kind: 'consent', hearBack: true, optional: true, text: { en: 'Hear back?' } },
          { id: 'change', kind: 'open', text: { en: 'What would help?' } },
        ],
      }),
    );
    expect(lastEffects(run(survey, ['yes', 'no']))).toEqual([record('hear_back', 'no'), ask('change')]);
  });
});

describe('EXPIRE from the scheduler', () => {
  it('ends an unfinished flow at any question: an expire effect, the final state, no answers kept', () => {
    for (const inputs of [[], ['yes'], ['yes', '3', '2'], ['yes', '3', '1', 'x', '1', 'words']]) {
      const state = run(demo, inputs).state;
      const step = expireFlow(demo, JSON.parse(JSON.stringify(state)) as FlowState);
      expect(step.effects, inputs.join(' ')).toEqual([{ type: 'expire' }]);
      expect(step.state).toEqual({ value: 'expired', context: { answers: {}, reprompts: 0 }, done: true });
      expect(currentAskable(demo, step.state)).toBeUndefined();
      expect(resumeFlow(demo, step.state, { text: 'yes' })).toEqual({ state: step.state, effects: [] });
    }
  });

  it('forgets answers a branching rule kept', () => {
    const branching = compileSurvey(
      parseSurveyDefinition({
        id: 'keeps',
        version: 1,
        title: { en: 'Keeps' },
        languages: ['en'],
        questions: [
          { id: 'visits', kind: 'number', text: { en: 'Visits?' }, next: [{ if: { question: 'visits', lessThan: 2 }, goto: 'end' }] },
          { id: 'why', kind: 'open', text: { en: 'Why?' } },
        ],
      }),
    );
    const state = run(branching, ['5']).state;
    expect(state.context.answers).toEqual({ visits: 5 });
    expect(expireFlow(branching, state).state.context.answers).toEqual({});
  });

  it('leaves a finished flow (completed, declined, expired) as it is', () => {
    const completed = run(demo, ['yes', '3', '1', 'x', '1', 'words', 'no']).state;
    const declined = run(demo, ['no']).state;
    const expired = expireFlow(demo, run(demo, ['yes']).state).state;
    for (const state of [completed, declined, expired]) expect(expireFlow(demo, state)).toEqual({ state, effects: [] });
  });
});

describe('persistence and purity', () => {
  const scripts: Array<Array<string | RawInput>> = [
    ['ja', '4', 'klopt', 'omdat ze vriendelijk zijn', 'waar', 'niets'],
    ['نعم', 'banana', '٥', 'غير صحيح', 'SKIP', 'لا أعرف', 'لا شيء', ''],
    ['?', 'yes', 'SKIP', 'x', 'x', 'x', 'x', 'x', 'x', '3', 'ok', 'done'],
    [{ buttonPayload: 'consent:yes' }, { buttonPayload: 'energy:5' }, { buttonPayload: 'respected:not_true' }, 'why', { buttonPayload: 'dont_know' }, 'x', 'y'],
  ];

  it.each(scripts.map((s, i) => [i, s] as const))('script %i: every step round-trips through JSON with identical results', (_i, script) => {
    const r = run(demo, script); // `run` compares in-memory vs JSON-restored resumes at every step
    const replayed = run(demo, script);
    expect(replayed.steps).toEqual(r.steps);
  });

  it('a state restored from a JSON string resumes at the same question', () => {
    const r = run(demo, ['yes', '3', '2']);
    const stored = JSON.stringify(r.state);
    const restored = JSON.parse(stored) as FlowState;
    expect(restored).toEqual({ value: 'probe:respected', context: { answers: {}, reprompts: 0 }, done: false });
    expect(currentAskable(demo, restored)?.id).toBe('respected.probe');
    expect(resumeFlow(demo, restored, { text: 'Omdat' }).effects).toEqual([record('respected.probe', 'Omdat'), ask('understood')]);
  });

  it('the same (state, input) twice gives deep-equal results', () => {
    const states = run(demo, ['yes', 'banana', '3', '2', 'x', '?']).steps.map((s) => s.state);
    for (const state of states) {
      for (const text of ['1', '2', '3', 'SKIP', 'banana', '', 'نعم', '😐']) {
        expect(resumeFlow(demo, state, { text })).toEqual(resumeFlow(demo, state, { text }));
      }
    }
  });

  it('a different compile of the same definition gives the same results', () => {
    const other = compileSurvey(parseSurveyDefinition(demoJson));
    const state = run(demo, ['yes', 'banana']).state;
    expect(resumeFlow(other, state, { text: '4' })).toEqual(resumeFlow(demo, state, { text: '4' }));
  });
});

describe('silence (a phone keypad that timed out)', () => {
  it('asks once more, then passes the question over as skipped, even where two re-prompts are allowed for unclear answers', () => {
    const r = run(demo, ['yes', { silent: true }, { silent: true }]);
    expect(r.steps[2]?.effects).toEqual([ask('energy', true)]);
    expect(r.steps[3]?.effects).toEqual([record('energy', null, 'skipped'), { type: 'passed-over', questionId: 'energy' }, ask('respected')]);
  });

  it('an unclear answer and a silence share the one repeat', () => {
    const r = run(demo, ['yes', 'purple', { silent: true }]);
    expect(r.steps[3]?.effects).toEqual([record('energy', null, 'skipped'), { type: 'passed-over', questionId: 'energy' }, ask('respected')]);
  });

  it('never counts as consent: silent twice at consent declines', () => {
    const r = run(demo, [{ silent: true }, { silent: true }]);
    expect(lastEffects(r)).toEqual([record('consent', null, 'skipped'), { type: 'decline' }]);
    expect(r.state.value).toBe('declined');
  });
});
