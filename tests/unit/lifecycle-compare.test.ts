import { describe, expect, it } from 'vitest';
import type { Answer, Round } from '../../core/model.js';
import { agreementCell, compareRounds } from '../../core/results/compare.js';
import type { RoundOfSurvey } from '../../core/results/questions.js';
import { SUPPRESSED } from '../../core/results/summary.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';

/**
 * The project's life compared (core/results/compare.ts) over an in-memory answer source: means per
 * round, agreement with statements, dyad shifts, and people linked across rounds by their code only.
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

const round = (roundId: string, surveyId: string, opensAt: string): Round => ({ projectId: 'p', roundId, label: roundId, surveyId, surveyVersion: 1, opensAt, closesAt: '2027-12-01T00:00:00.000Z', reminderAfterHours: null });

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
  async *pages(_projectId: string, roundId: string) {
    yield* byRound[roundId] ?? [];
  },
});

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('agreementCell', () => {
  it('shows the share when at least k answered and neither side is 1..k-1 people', () => {
    expect(agreementCell(5, 10)).toEqual({ percent: 50, respondents: 10 });
    expect(agreementCell(10, 10)).toEqual({ percent: 100, respondents: 10 });
    expect(agreementCell(0, 7)).toEqual({ percent: 0, respondents: 7 });
    expect(agreementCell(5, 15)).toEqual({ percent: 33.3, respondents: 15 });
  });

  it('hides it otherwise', () => {
    expect(agreementCell(4, 4)).toEqual(SUPPRESSED);
    expect(agreementCell(11, 12)).toEqual(SUPPRESSED); // the one who did not agree stands out
    expect(agreementCell(3, 12)).toEqual(SUPPRESSED);
  });
});

describe('compareRounds', () => {
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
  const start: Person[] = [...A.map((c): Person => [c, { consent: 'yes', energy: 2, mood: 3, heard: 'not_true' }]), ...[...B, ...D].map((c): Person => [c, { consent: 'yes', energy: 3, mood: 3, heard: 'true' }])];
  const midway: Person[] = [...A, ...B].map((c, i): Person => [c, { consent: 'yes', energy: 4, mood: i < 4 ? 5 : null, heard: i < 4 ? 'true' : 'dont_know' }]);
  const end: Person[] = [...A.map((c, i): Person => [c, { consent: 'yes', energy: 4 + (i % 2), heard: 'true', felt: 4 }]), ...C.map((c): Person => [c, { consent: 'yes', energy: 1, heard: 'true', felt: 5 }])];
  // A completion marker and a question the survey does not have: neither is an answer here.
  const marker = { ...(pages('end', [['A0', { done: 'yes' }]])[0]?.[0] as Answer), questionId: '#completed' };
  const data = { start: pages('start', start), midway: pages('midway', midway), end: pages('end', end, [marker, { ...marker, respondentCode: 'Z9', questionId: 'not_in_survey' }]) };

  it('gives each scale question asked in two rounds or more a mean per round, energy first, null where not asked', async () => {
    const life = await compareRounds(rounds, source(data));
    expect(life.k).toBe(5);
    expect(life.rounds).toEqual([
      { roundId: 'start', label: 'start' },
      { roundId: 'midway', label: 'midway' },
      { roundId: 'end', label: 'end' },
    ]);
    expect(life.trends.map((t) => t.questionId)).toEqual(['energy', 'mood']);
    // start: (5×2 + 5×3) / 10; end: (4+5+4+5+4+1+1) / 7
    expect(life.trends[0]?.points.map((p) => p.value)).toEqual([2.5, 4, 3.43]);
    // mood: 4 answers at midway (hidden), not asked at the end
    expect(life.trends[1]?.points.map((p) => p.value)).toEqual([3, SUPPRESSED, null]);
  });

  it('gives the agreement with each statement asked again, hidden with too few on one side', async () => {
    const life = await compareRounds(rounds, source(data));
    expect(life.agreement).toHaveLength(1);
    expect(life.agreement[0]).toMatchObject({ questionId: 'heard', text: 'I am heard.' });
    expect(life.agreement[0]?.points.map((p) => p.value)).toEqual([
      { percent: 50, respondents: 10 }, // 5 true, 5 not true
      SUPPRESSED, // 4 true, 4 don't know
      { percent: 100, respondents: 7 },
    ]);
  });

  it('links people across rounds by code only: several rounds, first and last, paired energy change', async () => {
    const life = await compareRounds(rounds, source(data));
    expect(life.returning).toEqual({
      first: { roundId: 'start', label: 'start' },
      last: { roundId: 'end', label: 'end' },
      inSeveralRounds: 8, // A and B
      firstAndLast: 5, // A
      energy: { pairs: 5, change: 2.4 }, // from 2 to 4,5,4,5,4
    });
    expect(JSON.stringify(life)).not.toMatch(/"A\d"|"B\d"|"Z9"/);
  });

  it('does not count people who declined at the consent as taking part', async () => {
    const declined = codes('N', 5).map((c): Person => [c, { consent: 'no' }]);
    const life = await compareRounds(rounds, source({ start: pages('start', [...start, ...declined]), midway: pages('midway', midway), end: pages('end', [...end, ...declined]) }));
    expect(life.returning).toMatchObject({ inSeveralRounds: 8, firstAndLast: 5 });
  });

  it('hides the pairs and their change under k', async () => {
    const fewer = { ...data, end: pages('end', end.slice(1)) }; // only 4 of A at the end
    const life = await compareRounds(rounds, source(fewer));
    expect(life.returning.firstAndLast).toEqual(SUPPRESSED);
    expect(life.returning.energy).toEqual({ pairs: SUPPRESSED, change: SUPPRESSED });
  });

  it('compares only rounds with k respondents: a small last round does not count as the last', async () => {
    const small = { ...data, end: pages('end', end.slice(0, 4)) };
    const life = await compareRounds(rounds, source(small));
    expect(life.returning.last).toEqual({ roundId: 'midway', label: 'midway' });
    expect(life.returning.firstAndLast).toBe(8);
    expect(life.returning.energy).toEqual({ pairs: 8, change: 1.63 }); // A: 2→4, B: 3→4: (5×2 + 3×1) / 8
  });

  it('gives the dyad mean of the first and last round that asked it, and the shift', async () => {
    const withStories: RoundOfSurvey[] = [...rounds, { round: round('later', 'stories', '2027-06-01T00:00:00.000Z'), survey: storyOnly }];
    const later = pages('later', codes('L', 6).map((c, i): Person => [c, { consent: 'yes', felt: i < 3 ? 2 : 3 }]));
    const life = await compareRounds(withStories, source({ ...data, later }));
    expect(life.dyadShifts).toEqual([
      { questionId: 'felt', text: 'I felt…', poles: ['alone', 'supported'], from: { roundId: 'end', label: 'end', mean: 4.29 }, to: { roundId: 'later', label: 'later', mean: 2.5 }, shift: -1.79 },
    ]);
    // No energy in the last round: no paired change to give.
    expect(life.returning.last?.roundId).toBe('later');
    expect(life.returning.energy).toBeNull();
  });

  it('compares nothing without two rounds', async () => {
    const life = await compareRounds(rounds.slice(0, 1), source(data));
    expect(life).toMatchObject({ trends: [], agreement: [], dyadShifts: [], returning: { first: null, last: null, energy: null } });
  });
});
