import { describe, expect, it } from 'vitest';
import type { Answer, Round } from '../../core/model.js';
import type { QuasiIdentifiers } from '../../core/disclosure/generalise.js';
import { agreementOf, lifecycleOf, notLinked, returningPeople, type LinkedRound } from '../../core/results/compare.js';
import { questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { byRespondent } from '../../core/results/respondents.js';
import { releaseSummary, RoundTally, SUPPRESSED, type RoundSummary } from '../../core/results/summary.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';

/**
 * The project's life compared (core/results/compare.ts): means per round, agreement with statements and
 * dyad shifts read from released summaries, and people linked across rounds by their code only.
 */

const text = (en: string) => ({ nl: en, en });
const definition = (id: string, questions: unknown[]) => parseSurveyDefinition({ id, version: 1, title: text(id), languages: ['nl', 'en'], questions });
const consent = { id: 'consent', kind: 'consent', text: text('Join?') };
const energy = { id: 'energy', kind: 'scale', text: text('Energy?') };
const mood = { id: 'mood', kind: 'scale', text: text('Mood?') };
const heard = { id: 'heard', kind: 'statement', text: text('I am heard.') };
const story = { id: 'story', kind: 'story', text: text('Tell a story.') };
const felt = { id: 'felt', kind: 'dyad', text: text('I felt…'), left: text('alone'), right: text('supported') };

const checkin = compileSurvey(definition('checkin', [consent, energy, mood, heard]));
const closing = compileSurvey(definition('closing', [consent, energy, heard, story, felt]));
const storyOnly = compileSurvey(definition('stories', [consent, story, felt]));

const round = (roundId: string, surveyId: string, opensAt: string): Round => ({
  projectId: 'p',
  roundId,
  label: roundId,
  surveyId,
  surveyVersion: 1,
  opensAt,
  closesAt: '2027-12-01T00:00:00.000Z',
  reminderAfterHours: null,
});

type Person = [code: string, answers: Record<string, string | number | null>];

/** A round's answers in key order (code, then question id), in pages of 4 so respondents span pages. */
function pages(roundId: string, people: Person[], extra: Answer[] = []): Answer[][] {
  const rows = people.flatMap(([code, answers]) =>
    Object.entries(answers).map(
      ([questionId, value]): Answer => ({
        projectId: 'p',
        roundId,
        respondentCode: code,
        surveyId: 'x',
        surveyVersion: 1,
        questionId,
        value,
        status: value === null ? 'skipped' : 'answered',
        language: 'nl',
        channel: 'sms',
        day: '2026-11-23',
        voice: null,
        transcript: null,
        translation: null,
      }),
    ),
  );
  const all = [...rows, ...extra].sort((a, b) => `${a.respondentCode}#${a.questionId}`.localeCompare(`${b.respondentCode}#${b.questionId}`));
  const out: Answer[][] = [];
  for (let i = 0; i < all.length; i += 4) out.push(all.slice(i, i + 4));
  return out;
}

const source = (byRound: Record<string, Answer[][]>) => ({
  async *records(_projectId: string, roundId: string) {
    yield* byRound[roundId] ?? [];
  },
});

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const qi: QuasiIdentifiers = { language: 'nl', channel: 'sms', day: '', completed: 'yes' };

/** A round released whole: everyone who answered, in one release. */
async function released(r: RoundOfSurvey, data: Record<string, Answer[][]>): Promise<{ summary: RoundSummary; linked: LinkedRound }> {
  const questions = questionsOf(r.survey);
  const tally = new RoundTally(r, questions);
  const people = new Map<string, QuasiIdentifiers>();
  for await (const respondent of byRespondent(source(data).records('p', r.round.roundId), questions)) {
    if (!respondent.answers.some((a) => questions.has(a.questionId))) continue;
    tally.add(respondent.answers, qi);
    people.set(respondent.respondentCode, qi);
  }
  return { summary: releaseSummary(tally, 5, [], { number: 1, createdAt: null }).summary, linked: { ...r, released: people } };
}

async function compare(rounds: readonly RoundOfSurvey[], data: Record<string, Answer[][]>, earlier: Array<Record<string, number>> = []) {
  const all = await Promise.all(rounds.map((r) => released(r, data)));
  const { returning, published } = await returningPeople(
    all.map((a) => a.linked),
    source(data),
    5,
    earlier,
  );
  return {
    life: lifecycleOf(
      all.map((a) => a.summary),
      5,
      returning,
    ),
    published,
  };
}

describe('agreementOf: from released counts only', () => {
  const statement = (values: Record<string, number | typeof SUPPRESSED>, respondents: number | typeof SUPPRESSED) => ({
    questionId: 's',
    kind: 'statement' as const,
    text: 's',
    respondents,
    values,
  });
  it('is the share of "true" where both counts are shown', () => {
    expect(agreementOf(statement({ true: 5, not_true: 5, dont_know: 0 }, 10))).toEqual({ percent: 50, respondents: 10 });
    expect(agreementOf(statement({ true: 0, not_true: 7, dont_know: 0 }, 7))).toEqual({ percent: 0, respondents: 7 });
    expect(agreementOf(statement({ true: 5, not_true: SUPPRESSED, dont_know: SUPPRESSED }, 15))).toEqual({ percent: 33.3, respondents: 15 });
  });
  it('is hidden where either is', () => {
    expect(agreementOf(statement({ true: SUPPRESSED, not_true: 8, dont_know: 0 }, 11))).toEqual(SUPPRESSED);
    expect(agreementOf(statement({ true: 6, not_true: 6, dont_know: 0 }, SUPPRESSED))).toEqual(SUPPRESSED);
  });
});

describe("the project's life", () => {
  // A: in all three rounds; B: in start and midway; C: only in the end; D: only at the start.
  const A = codes('A', 5);
  const B = codes('B', 3);
  const C = codes('C', 2);
  const D = codes('D', 2);
  const rounds: RoundOfSurvey[] = [
    { round: round('start', 'checkin', '2026-09-01T00:00:00.000Z'), survey: checkin },
    { round: round('midway', 'checkin', '2026-12-01T00:00:00.000Z'), survey: checkin },
    { round: round('end', 'closing', '2027-03-01T00:00:00.000Z'), survey: closing },
  ];
  const start: Person[] = [
    ...A.map((c): Person => [c, { consent: 'yes', energy: 2, mood: 3, heard: 'not_true' }]),
    ...[...B, ...D].map((c): Person => [c, { consent: 'yes', energy: 3, mood: 3, heard: 'true' }]),
  ];
  const midway: Person[] = [...A, ...B].map((c, i): Person => [c, { consent: 'yes', energy: 4, mood: i < 4 ? 5 : null, heard: i < 4 ? 'true' : 'dont_know' }]);
  const end: Person[] = [
    ...A.map((c, i): Person => [c, { consent: 'yes', energy: 4 + (i % 2), heard: 'true', felt: 4 }]),
    ...C.map((c): Person => [c, { consent: 'yes', energy: 1, heard: 'true', felt: 5 }]),
  ];
  const data = { start: pages('start', start), midway: pages('midway', midway), end: pages('end', end) };

  it('gives each scale question asked in two rounds or more its released mean per round, energy first, null where not asked', async () => {
    const { life } = await compare(rounds, data);
    expect(life.k).toBe(5);
    expect(life.rounds.map((r) => r.roundId)).toEqual(['start', 'midway', 'end']);
    expect(life.trends.map((t) => t.questionId)).toEqual(['energy', 'mood']);
    // start: (5×2 + 5×3) / 10; end: (4+5+4+5+4+1+1) / 7
    expect(life.trends[0]?.points.map((p) => p.value)).toEqual([2.5, 4, 3.43]);
    // mood: 4 of 8 answered at midway (hidden), not asked at the end
    expect(life.trends[1]?.points.map((p) => p.value)).toEqual([3, SUPPRESSED, null]);
  });

  it('gives the agreement with each statement asked again, hidden where the release hid a count', async () => {
    const { life } = await compare(rounds, data);
    expect(life.agreement).toHaveLength(1);
    expect(life.agreement[0]?.points.map((p) => p.value)).toEqual([
      { percent: 50, respondents: 10 }, // 5 true, 5 not true
      SUPPRESSED, // 4 true, 4 don't know: both hidden
      { percent: 100, respondents: 7 },
    ]);
  });

  it('links people across rounds by code only: several rounds, first and last, paired energy change', async () => {
    const { life } = await compare(rounds, data);
    expect(life.returning).toEqual({
      linked: true,
      first: { roundId: 'start', label: 'start' },
      last: { roundId: 'end', label: 'end' },
      inSeveralRounds: 8, // A and B
      // A (5) came to the first and the last round; but 8 − 5 would say that 3 came to several and missed one of them.
      firstAndLast: SUPPRESSED,
      energy: { pairs: SUPPRESSED, change: SUPPRESSED },
    });
    // With five in B, nothing small is left to work out: A's pairs and their mean change show.
    const B5 = codes('B', 5);
    const more = {
      start: pages('start', [
        ...A.map((c): Person => [c, { consent: 'yes', energy: 2, mood: 3, heard: 'not_true' }]),
        ...[...B5, ...D].map((c): Person => [c, { consent: 'yes', energy: 3, mood: 3, heard: 'true' }]),
      ]),
      midway: pages(
        'midway',
        [...A, ...B5].map((c): Person => [c, { consent: 'yes', energy: 4, mood: 5, heard: 'true' }]),
      ),
      end: data.end,
    };
    const { life: wider } = await compare(rounds, more);
    expect(wider.returning).toMatchObject({ inSeveralRounds: 10, firstAndLast: 5, energy: { pairs: 5, change: 2.4 } }); // from 2 to 4,5,4,5,4
    expect(JSON.stringify(life)).not.toMatch(/"A\d"|"B\d"/);
  });

  it('hides the pairs and their change under k, and a change of 1..k−1 since the last comparison', async () => {
    const fewer = { ...data, end: pages('end', end.slice(1)) }; // only 4 of A at the end
    const { life } = await compare(rounds, fewer);
    expect(life.returning.firstAndLast).toEqual(SUPPRESSED);
    expect(life.returning.energy).toEqual({ pairs: SUPPRESSED, change: SUPPRESSED });
    // Before, 8 were in several rounds; two more now would tell about those two.
    const { life: after } = await compare(rounds, data, [{ 'r/several': 6, 'r/people': 10 }]);
    expect(after.returning.inSeveralRounds).toEqual(SUPPRESSED);
  });

  it('gives the dyad mean of the first and last round that asked it, and the shift', async () => {
    const withStories: RoundOfSurvey[] = [...rounds, { round: round('later', 'stories', '2027-06-01T00:00:00.000Z'), survey: storyOnly }];
    const later = pages(
      'later',
      codes('L', 6).map((c, i): Person => [c, { consent: 'yes', felt: i < 3 ? 2 : 3 }]),
    );
    const { life } = await compare(withStories, { ...data, later });
    expect(life.dyadShifts).toEqual([
      // At the end 5 said 4 and 2 said 5: the 2 are hidden, so is the 4, and a mean beside hidden counts would give them away.
      {
        questionId: 'felt',
        text: 'I felt…',
        poles: ['alone', 'supported'],
        from: { roundId: 'end', label: 'end', mean: SUPPRESSED },
        to: { roundId: 'later', label: 'later', mean: SUPPRESSED },
        shift: null,
      },
    ]);
    const evenly = pages(
      'later',
      codes('L', 10).map((c, i): Person => [c, { consent: 'yes', felt: i < 5 ? 2 : 3 }]),
    );
    const { life: shown } = await compare(
      [rounds[0], ...withStories.slice(2)].filter((r): r is RoundOfSurvey => r !== undefined),
      {
        ...data,
        end: pages(
          'end',
          A.map((c): Person => [c, { consent: 'yes', energy: 4, heard: 'true', felt: 4 }]),
        ),
        later: evenly,
      },
    );
    expect(shown.dyadShifts[0]).toMatchObject({ from: { mean: 4 }, to: { mean: 2.5 }, shift: -1.5 });
    expect(life.returning.last?.roundId).toBe('later');
    expect(life.returning.energy).toBeNull();
  });

  it('links nobody when the project does not compare the same people across rounds', () => {
    expect(notLinked()).toEqual({ linked: false, first: null, last: null, inSeveralRounds: SUPPRESSED, firstAndLast: SUPPRESSED, energy: null });
  });
});
