import { describe, expect, it } from 'vitest';
import type { Answer, Channel, Round } from '../../core/model.js';
import type { AnswerSource, RoundRecord } from '../../core/results/ports.js';
import { COMPLETED_VALUES } from '../../core/results/csv.js';
import { compareMeans } from '../../core/results/project-results.js';
import { questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { byRespondent, isCompletion, outcomeOf, participationConsentId } from '../../core/results/respondents.js';
import { meanPinsAnswers, releaseSummary, RoundTally, SUPPRESSED, type RoundSummary } from '../../core/results/summary.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';

const survey = compileSurvey(
  parseSurveyDefinition({
    id: 'unit',
    version: 1,
    title: { nl: 'Test', en: 'Test' },
    languages: ['nl', 'en'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', en: 'Join?' } },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', en: 'Energy?' } },
      { id: 'respected', kind: 'statement', text: { nl: 'Respect.', en: 'Respect.' }, probe: { text: { nl: 'Waarom?', en: 'Why?' } } },
      {
        id: 'contact',
        kind: 'choice',
        text: { nl: 'Hoe?', en: 'How?' },
        options: [
          { value: 'phone', label: { nl: 'Telefoon', en: 'Phone' } },
          { value: 'visit', label: { nl: 'Bezoek', en: 'Visit' } },
        ],
      },
      { id: 'balance', kind: 'number', min: -10, max: 10, text: { nl: 'Saldo?', en: 'Balance?' } },
      { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', en: 'What would help?' } },
    ],
  }),
);

const round = (roundId: string, label: string, opensAt = '2026-01-01T00:00:00.000Z'): Round => ({
  projectId: 'p1',
  roundId,
  label,
  surveyId: 'unit',
  surveyVersion: 1,
  opensAt,
  closesAt: '2027-01-01T00:00:00.000Z',
  reminderAfterHours: null,
});

interface Person {
  code: string;
  language?: string;
  channel?: Channel;
  answers: Record<string, Answer['value']>;
  /** Questions answered by voice note: their state (the value is then null until someone types it). */
  voice?: Record<string, NonNullable<Answer['voice']>>;
}

/** Answers of people, in key order (code, then question id), cut into pages of `pageSize`. */
function pagesOf(roundId: string, people: Person[], pageSize = 3): Answer[][] {
  const all = people
    .flatMap((p) =>
      Object.entries(p.answers).map(
        ([questionId, value]): Answer => ({
          projectId: 'p1',
          roundId,
          respondentCode: p.code,
          surveyId: 'unit',
          surveyVersion: 1,
          questionId,
          value,
          status: value === null && !p.voice?.[questionId] ? 'skipped' : 'answered',
          language: p.language ?? 'nl',
          channel: p.channel ?? 'sms',
          day: '2026-01-05',
          voice: p.voice?.[questionId] ?? null,
          transcript: null,
          translation: null,
        }),
      ),
    )
    .sort((a, b) => `${a.respondentCode}#${a.questionId}`.localeCompare(`${b.respondentCode}#${b.questionId}`));
  const pages: Answer[][] = [];
  for (let i = 0; i < all.length; i += pageSize) pages.push(all.slice(i, i + pageSize));
  return pages;
}

function source(byRound: Record<string, RoundRecord[][]>): AnswerSource {
  return {
    async *records(_p, roundId) {
      yield* byRound[roundId] ?? [];
    },
    async *pages(_p, roundId) {
      for (const page of byRound[roundId] ?? []) yield page.filter((r): r is Answer => !isCompletion(r));
    },
  };
}

const people = (n: number, answers: (i: number) => Record<string, Answer['value']>, extra: (i: number) => Partial<Person> = () => ({})): Person[] =>
  Array.from({ length: n }, (_, i) => ({ code: `R${String(i).padStart(4, '0')}`, answers: answers(i), ...extra(i) }));

/**
 * The summary of one release holding every respondent of the round, with the quasi-identifiers as they
 * come (core/results/releases.ts generalises them first; tests/unit/disclosure.test.ts covers that).
 */
async function summarizeRound(roundOfSurvey: RoundOfSurvey, answers: AnswerSource): Promise<RoundSummary> {
  const questions = questionsOf(roundOfSurvey.survey);
  const tally = new RoundTally(roundOfSurvey, questions);
  const consentId = participationConsentId(roundOfSurvey.survey.definition);
  for await (const r of byRespondent(answers.records('p1', roundOfSurvey.round.roundId), questions)) {
    const last = r.answers.at(-1);
    tally.add(r.answers, {
      language: last?.language ?? '',
      channel: last?.channel ?? '',
      day: '',
      completed: COMPLETED_VALUES[outcomeOf(r, roundOfSurvey.round, consentId)],
    });
  }
  return releaseSummary(tally, 5, [], { number: 1, createdAt: '2026-01-10T00:00:00.000Z' }).summary;
}

const summarize = (people: Person[], pageSize = 3): Promise<RoundSummary> =>
  summarizeRound({ round: round('r1', 'start'), survey }, source({ r1: pagesOf('r1', people, pageSize) }));

const question = (s: RoundSummary, id: string) => {
  const q = s.questions.find((x) => x.questionId === id);
  if (!q) throw new Error(`no ${id}`);
  return q;
};

/** Records as the store yields them: each finished person's completion marker after their answers (key order). */
function withCompletions(roundId: string, people: Person[], finished: (code: string) => boolean): RoundRecord[][] {
  const records: RoundRecord[] = [];
  for (const answer of pagesOf(roundId, people).flat()) {
    const last = records.at(-1);
    if (last && last.respondentCode !== answer.respondentCode && finished(last.respondentCode))
      records.push({ projectId: 'p1', roundId, respondentCode: last.respondentCode });
    records.push(answer);
  }
  const last = records.at(-1);
  if (last && finished(last.respondentCode)) records.push({ projectId: 'p1', roundId, respondentCode: last.respondentCode });
  return [records.slice(0, 7), records.slice(7)];
}

describe('summary: complete, incomplete and declined respondents', () => {
  // 6 finished, 5 stopped half-way, 5 said no to taking part.
  const group = people(16, (i): Person['answers'] => (i < 11 ? { consent: 'yes', energy: 3 } : { consent: 'no' }));
  const finished = (code: string) => Number(code.slice(1)) < 6;

  it('counts them from the completion markers and the consent answers; they add up to the respondents', async () => {
    const s = await summarizeRound(
      { round: { ...round('r1', 'start'), expiredAt: '2027-01-01T00:10:00.000Z' }, survey },
      source({ r1: withCompletions('r1', group, finished) }),
    );
    expect(s.respondents).toBe(16);
    expect([s.complete, s.incomplete, s.declined]).toEqual([6, 5, 5]);
    // The answers themselves are counted as before.
    expect(question(s, 'energy').respondents).toBe(11);
  });

  it('suppresses them as one group: a small cell, and one more so the total does not give it away', async () => {
    const few = group.filter((p) => Number(p.code.slice(1)) !== 10 && Number(p.code.slice(1)) < 13); // 6 finished, 4 stopped, 2 declined
    const s = await summarizeRound(
      { round: { ...round('r1', 'start'), expiredAt: '2027-01-01T00:10:00.000Z' }, survey },
      source({ r1: withCompletions('r1', few, finished) }),
    );
    expect(s.respondents).toBe(12);
    expect([s.complete, s.incomplete, s.declined]).toEqual([6, SUPPRESSED, SUPPRESSED]);
  });
});

describe('summary: counts and means', () => {
  it('counts respondents per question (answered only) and computes the mean to 2 decimals', async () => {
    const energies = [1, 2, 2, 3, 5, 4];
    const s = await summarize(people(6, (i) => ({ consent: 'yes', energy: energies[i] ?? null })));
    expect(s.respondents).toBe(6);
    expect(question(s, 'energy')).toEqual({ questionId: 'energy', kind: 'scale', text: 'Energie?', respondents: 6, mean: 2.83 });
  });

  it('hides the answered count and the mean when 1..k−1 did not answer: the total minus the count would say so', async () => {
    const energies = [1, 2, 2, 3, 5, 4];
    const s = await summarize(people(7, (i) => ({ consent: 'yes', energy: energies[i] ?? null })));
    expect(question(s, 'energy')).toMatchObject({ respondents: SUPPRESSED, mean: SUPPRESSED });
  });

  it('counts values of consent, statement and choice questions, listing every value', async () => {
    const s = await summarize(people(12, (i) => ({ consent: 'yes', respected: 'true', contact: i < 6 ? 'phone' : 'visit' })));
    // Zero is shown: it is about nobody.
    expect(question(s, 'consent').values).toEqual({ yes: 12, no: 0 });
    expect(question(s, 'respected').values).toEqual({ true: 12, not_true: 0, dont_know: 0 });
    expect(question(s, 'contact').values).toEqual({ phone: 6, visit: 6 });
  });

  it('lists questions in survey order, probes after their statement, open questions with counts only', async () => {
    const s = await summarize(people(5, () => ({ change: 'meer tijd', 'respected.probe': 'ok', respected: 'true' })));
    expect(s.questions.map((q) => q.questionId)).toEqual(['consent', 'energy', 'respected', 'respected.probe', 'contact', 'balance', 'change']);
    expect(question(s, 'respected.probe')).toEqual({ questionId: 'respected.probe', kind: 'open', text: 'Waarom?', respondents: 5 });
    expect(question(s, 'change')).toEqual({ questionId: 'change', kind: 'open', text: 'Wat zou helpen?', respondents: 5 });
  });

  it('counts a story told by voice as answered, transcribed or not; a voice note on a closed question counts for no value', async () => {
    const states = ['received', 'transcribing', 'transcribed', 'needs-human', 'failed', 'unsupported'] as const;
    const s = await summarize(
      people(
        8,
        (i) => ({ consent: 'yes', change: i < 6 ? null : 'typed words', contact: i < 6 ? null : 'phone' }),
        (i) => (i < 6 ? { voice: { change: states[i] ?? 'received', contact: 'received' } } : {}),
      ),
    );
    expect(question(s, 'change').respondents).toBe(8);
    // Six said something about "how?" by voice: which option is not known, so they are no option's count and not answered.
    expect(question(s, 'contact')).toMatchObject({ respondents: SUPPRESSED, values: { phone: SUPPRESSED } });
  });

  it('averages negative numbers like any other', async () => {
    const s = await summarize(people(5, (i) => ({ balance: [-2, -1, 0, 1, -3][i] ?? null })));
    expect(question(s, 'balance').mean).toBe(-1);
  });

  it('counts a respondent whose answers span a page boundary once', async () => {
    const s = await summarize(
      people(5, () => ({ consent: 'yes', energy: 3, respected: 'true', change: 'x' })),
      3,
    );
    expect(s.respondents).toBe(5);
    expect(question(s, 'energy').respondents).toBe(5);
  });

  it('counts respondents per language and channel once each: the language of their last answer', async () => {
    const s = await summarize(
      people(
        11,
        () => ({ consent: 'yes', energy: 3 }),
        (i) => ({ language: i < 6 ? 'nl' : 'en', channel: i < 5 ? 'sms' : 'whatsapp' }),
      ),
    );
    expect(s.languages).toEqual({ nl: 6, en: 5 });
    expect(s.channels).toEqual({ sms: 5, whatsapp: 6 });
    // A change of language mid-survey: counted under the language of the last answer in survey order
    // ("change" comes after "respected" in the survey, though before it in key order).
    const switchers = people(5, () => ({})).flatMap((p) => [
      ...pagesOf('r1', [{ code: p.code, answers: { respected: 'true' }, language: 'nl' }]).flat(),
      ...pagesOf('r1', [{ code: p.code, answers: { change: 'شكرا' }, language: 'ar' }]).flat(),
    ]);
    const sorted = switchers.sort((a, b) => `${a.respondentCode}#${a.questionId}`.localeCompare(`${b.respondentCode}#${b.questionId}`));
    const one = await summarizeRound({ round: round('r1', 'start'), survey }, source({ r1: [sorted] }));
    expect(one.respondents).toBe(5);
    expect(one.languages).toEqual({ ar: 5 });
  });
});

describe('summary: k-anonymity (k = 5)', () => {
  it('suppresses a question answered by 4, shows it at 5', async () => {
    const four = await summarize(people(4, () => ({ energy: 3, respected: 'true' })));
    expect(four.respondents).toBe(SUPPRESSED);
    expect(question(four, 'energy')).toMatchObject({ respondents: SUPPRESSED, mean: SUPPRESSED });
    expect(question(four, 'respected').values).toEqual({ true: SUPPRESSED, not_true: 0, dont_know: 0 });
    expect(JSON.stringify(four)).not.toMatch(/"respondents":4|"mean":3\b|"true":4/);

    const five = await summarize(people(5, () => ({ energy: 3, respected: 'true' })));
    expect(five.respondents).toBe(5);
    expect(question(five, 'energy')).toMatchObject({ respondents: 5, mean: 3 });
    expect(question(five, 'respected').values).toEqual({ true: 5, not_true: 0, dont_know: 0 });
  });

  it('hides a mean that pins answers down: 4.8 over five answers from 1 to 5 is four 5s and one 4', async () => {
    const pinned = await summarize(people(5, (i) => ({ consent: 'yes', energy: i === 0 ? 4 : 5 })));
    expect(question(pinned, 'energy')).toMatchObject({ respondents: 5, mean: SUPPRESSED });
    // All five said 5: about the group, like a count of 0.
    expect(question(await summarize(people(5, () => ({ consent: 'yes', energy: 5 }))), 'energy')).toMatchObject({ mean: 5 });
    expect(meanPinsAnswers(24, 5, [1, 5], 5)).toBe(true);
    expect(meanPinsAnswers(20, 5, [1, 5], 5)).toBe(false); // 4.0: four 4s and one…, or 5+5+5+4+1, or…
    expect(meanPinsAnswers(9, 5, [1, 5], 5)).toBe(true); // 1.8: near the bottom
  });

  it('suppresses a mean of 4 answers even when more respondents answered the survey', async () => {
    const s = await summarize(people(9, (i) => ({ consent: 'yes', energy: i < 4 ? 5 : null })));
    expect(s.respondents).toBe(9);
    expect(question(s, 'energy')).toMatchObject({ respondents: SUPPRESSED, mean: SUPPRESSED });
  });

  it('suppresses rare languages, and a second language when the total would reveal the rare one', async () => {
    const s = await summarize(
      people(
        17,
        () => ({ consent: 'yes' }),
        (i) => ({ language: i < 10 ? 'nl' : i < 15 ? 'en' : 'ar' }),
      ),
    );
    expect(s.respondents).toBe(17);
    expect(s.languages).toEqual({ nl: 10, en: SUPPRESSED, ar: SUPPRESSED });
  });

  it('never lets a small count through anywhere in the summary', async () => {
    const s = await summarize(
      people(
        23,
        (i) => ({ consent: 'yes', energy: (i % 5) + 1, respected: ['true', 'not_true', 'dont_know'][i % 3] ?? null, contact: i % 7 ? 'phone' : 'visit' }),
        (i) => ({ language: ['nl', 'en', 'ar'][i % 4] ?? 'nl', channel: i % 6 ? 'sms' : 'voice' }),
      ),
    );
    const counts: number[] = [];
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'number' && key !== 'mean' && key !== 'surveyVersion' && key !== 'number') counts.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(s);
    expect(counts.length).toBeGreaterThan(5);
    for (const n of counts) expect(n === 0 || n >= 5).toBe(true);
  });
});

describe('summary: rounds side by side', () => {
  const start = people(6, (i) => ({ consent: 'yes', energy: [2, 3, 3, 2, 4, 4][i] ?? null }));
  const end = people(5, (i) => ({ consent: 'yes', energy: [4, 3, 4, 3, 4][i] ?? null }));
  const few = people(4, () => ({ consent: 'yes', energy: 5 }));

  it('compares the mean of a question at start and end, with the difference', async () => {
    const rounds = [
      { round: round('r-start', 'start', '2026-01-01T00:00:00.000Z'), survey },
      { round: round('r-end', 'end', '2026-06-01T00:00:00.000Z'), survey },
    ];
    const answers = source({ 'r-start': pagesOf('r-start', start), 'r-end': pagesOf('r-end', end) });
    const s = { rounds: await Promise.all(rounds.map((r) => summarizeRound(r, answers))) };
    s.rounds.forEach((r) => expect(r.release.number).toBe(1));
    const comparison = compareMeans(s.rounds);
    expect(s.rounds.map((r) => [r.label, r.respondents])).toEqual([
      ['start', 6],
      ['end', 5],
    ]);
    const energy = comparison.find((c) => c.questionId === 'energy');
    expect(energy).toEqual({
      questionId: 'energy',
      kind: 'scale',
      text: 'Energie?',
      rounds: [
        { roundId: 'r-start', label: 'start', mean: 3, difference: null },
        { roundId: 'r-end', label: 'end', mean: 3.6, difference: 0.6 },
      ],
    });
  });

  it('gives no difference when either mean is suppressed', async () => {
    const rounds = [
      { round: round('a', 'start'), survey },
      { round: round('b', 'midway'), survey },
      { round: round('c', 'end'), survey },
    ];
    const answers = source({ a: pagesOf('a', start), b: pagesOf('b', few), c: pagesOf('c', end) });
    const energy = compareMeans(await Promise.all(rounds.map((r) => summarizeRound(r, answers)))).find((c) => c.questionId === 'energy');
    expect(energy?.rounds.map((r) => [r.label, r.mean, r.difference])).toEqual([
      ['start', 3, null],
      ['midway', SUPPRESSED, null],
      ['end', 3.6, 0.6],
    ]);
  });

  it('compares only questions that more than one round asked', () => {
    const summary = (roundId: string, questions: RoundSummary['questions']): RoundSummary => ({
      roundId,
      label: roundId,
      surveyId: 's',
      surveyVersion: 1,
      opensAt: '',
      closesAt: '',
      release: { number: 1, respondents: 5, createdAt: null },
      respondents: 5,
      languages: {},
      channels: {},
      questions,
      complete: 5,
      incomplete: SUPPRESSED,
      declined: SUPPRESSED,
      otherOutcome: 0,
    });
    const q = (questionId: string, mean: number) => ({ questionId, kind: 'scale' as const, text: questionId, respondents: 5, mean });
    const c = compareMeans([summary('a', [q('energy', 3.333), q('only_a', 1)]), summary('b', [q('energy', 2.1)])]);
    expect(c.map((x) => x.questionId)).toEqual(['energy']);
    expect(c[0]?.rounds[1]?.difference).toBe(-1.23);
  });
});
