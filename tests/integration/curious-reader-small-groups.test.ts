import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PooledQuestion } from '../../core/results/small-groups-pooled.js';
import type { RoundSummary } from '../../core/results/summary.js';
import { attackSummary, smallCounts, summaryDifferencing } from '../support/curious-attacks.js';
import { solveChanges, solveSmall, type Equation } from '../support/linear-attack.js';
import { cellsOf, equationsOf } from '../support/small-groups-fixture.js';
import { DAY_MS, expectNothingLearned, peopleOf, startCurious, type Curious, type Person } from './support/curious-stack.js';

/**
 * Issue 21, item 3, on the real stack (signed Twilio webhooks into DynamoDB Local, the staff API): a
 * 12-person round whose dyad histogram is all hidden shows its thirds; a second round beside it, and the
 * whole project pooled; a later release. The curious reader adds, subtracts and solves every number of
 * every download together, and compares downloads.
 */

const K = 5;
const SURVEY = {
  id: 'small_groups',
  version: 1,
  title: { nl: 'Kleine groepen', en: 'Small groups' },
  languages: ['nl', 'en'],
  questions: [
    { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', en: 'Will you take part?' } },
    {
      id: 'pace',
      kind: 'dyad',
      text: { nl: 'Het tempo van de begeleiding', en: 'The pace of support' },
      left: { nl: 'te traag', en: 'too slow' },
      right: { nl: 'te snel', en: 'too fast' },
    },
    { id: 'heard', kind: 'statement', text: { nl: 'Ik werd gehoord.', en: 'I was heard.' } },
  ],
};
const STATEMENT = { true: '1', not_true: '2', dont_know: '3' } as const;

let c: Curious;
const PEOPLE = peopleOf(
  41,
  Array.from({ length: 17 }, () => ['nl', 'sms'] as const),
);
const rounds = { first: '', second: '' };

async function launch(label: string): Promise<string> {
  const now = c.h.clock.now();
  const launched = await c.call('staff', 'POST', '/api/projects/small/rounds', {
    label,
    surveyId: SURVEY.id,
    surveyVersion: 1,
    opensAt: now.toISOString(),
    closesAt: new Date(now.getTime() + 14 * DAY_MS).toISOString(),
  });
  expect(launched.status, launched.text).toBe(201);
  await c.settle();
  return (launched.json?.round as { roundId: string }).roundId;
}
async function answer(p: Person, pace: number, heard: keyof typeof STATEMENT): Promise<void> {
  for (const text of ['hallo', '1', String(pace), STATEMENT[heard]]) await c.send(p, text);
}
const roundOf = (s: Record<string, unknown>, roundId: string) => (s.rounds as RoundSummary[]).find((r) => r.roundId === roundId) as RoundSummary;
const pooledOf = (s: Record<string, unknown>, q: string) => (s.pooled as PooledQuestion[] | undefined)?.find((p) => p.questionId === q);

/** Every round's numbers and the pooled ones about question `q`, as equations over the cells of all rounds. */
function equations(s: Record<string, unknown>, q: string): { eqs: Equation[]; vars: string[] } {
  const rs = (s.rounds as RoundSummary[]).filter((r) => r.release.number > 0);
  const eqs = rs.flatMap((r) => equationsOf(r, q, `${r.roundId}/`));
  const p = pooledOf(s, q);
  const values = q === 'pace' ? ['1', '2', '3', '4', '5'] : ['true', 'not_true', 'dont_know'];
  const cells = (vs: readonly string[]) => rs.flatMap((r) => vs.map((v) => `${r.roundId}/${q}:${v}`));
  if (typeof p?.answers === 'number') eqs.push({ label: 'pooled answers', cells: cells(values), value: p.answers });
  for (const g of p?.merged?.groups ?? []) if (typeof g.count === 'number') eqs.push({ label: `pooled ${g.key}`, cells: cells(g.values), value: g.count });
  return { eqs, vars: rs.flatMap((r) => cellsOf(`${r.roundId}/`, q)) };
}
const solve = (s: Record<string, unknown>, where: string) =>
  ['pace', 'heard'].flatMap((q) => {
    const { eqs, vars } = equations(s, q);
    return solveSmall(eqs, vars, K, `${where} ${q}`);
  });

const history: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  c = await startCurious();
  expect((await c.createProject('small', ['nl'])).status).toBe(201);
  const saved = await c.call('staff', 'POST', '/api/surveys', SURVEY);
  expect(saved.status, saved.text).toBe(201);
  await c.enrol('small', PEOPLE);
}, 60_000);
afterAll(async () => c?.stop());

describe('small groups still see a picture', () => {
  it('12 people: every dyad point is hidden, the thirds show "1–2: 5 · 3: 0 · 4–5: 7"', async () => {
    rounds.first = await launch('start');
    const paces = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5];
    for (const [i, p] of PEOPLE.slice(0, 12).entries()) await answer(p, paces[i] ?? 3, i < 7 ? 'true' : i < 9 ? 'not_true' : 'dont_know');
    const summary = await c.summary('small');
    history.push(summary);
    const pace = roundOf(summary, rounds.first).questions.find((q) => q.questionId === 'pace');
    expect(pace?.respondents).toBe(12);
    expect(
      Object.values(pace?.values ?? {}).every((v) => typeof v !== 'number' || v === 0),
      'the histogram is all hidden',
    ).toBe(true);
    expect(pace?.merged?.groups.map((g) => [g.key, g.count])).toEqual([
      ['left', 5],
      ['middle', 0],
      ['right', 7],
    ]);
    // "heard": 7 true is shown, not true 2 and don't know 3 are not; "not agree" 5 adds the picture.
    expect(
      roundOf(summary, rounds.first)
        .questions.find((q) => q.questionId === 'heard')
        ?.merged?.groups.map((g) => g.count),
    ).toEqual([7, 5]);
    expectNothingLearned([...attackSummary(summary, K), ...smallCounts(summary, K, 'summary')], 'the summary with merged groups');
    expect(solve(summary, 'one round')).toEqual([]);
  }, 120_000);

  it('a second round of 7 beside the whole project: its answers pooled, its thirds not given away by project − first round', async () => {
    c.later(20);
    rounds.second = await launch('end');
    const paces = [1, 2, 2, 4, 5, 5, 3];
    for (const [i, p] of PEOPLE.slice(0, 7).entries()) await answer(p, paces[i] ?? 3, i < 3 ? 'true' : 'not_true');
    const summary = await c.summary('small');
    history.push(summary);
    const pooled = pooledOf(summary, 'pace');
    expect(pooled?.rounds.map((r) => r.roundId)).toEqual([rounds.first, rounds.second]);
    expect(pooled?.answers).toBe(19);
    // The project's thirds would be 8 · 1 · 10: less the first round's 5 · 0 · 7 shown, the second's 3 · 1 · 3.
    expect(
      pooled?.merged?.groups.map((g) => [g.key, g.count]),
      'the whole project less the round shown',
    ).toEqual([
      ['left', { suppressed: true }],
      ['middle', { suppressed: true }],
      ['right', { suppressed: true }],
    ]);
    expectNothingLearned([...attackSummary(summary, K), ...smallCounts(summary, K, 'summary')], 'two rounds and the project');
    expect(solve(summary, 'two rounds')).toEqual([]);
  }, 120_000);

  it('five more in the second round: a new release, and between the downloads nothing about fewer than k', async () => {
    const paces = [2, 4, 4, 1, 5];
    for (const [i, p] of PEOPLE.slice(12, 17).entries()) await answer(p, paces[i] ?? 3, i < 2 ? 'dont_know' : 'true');
    const summary = await c.summary('small');
    history.push(summary);
    expect(roundOf(summary, rounds.second).release.number).toBe(2);
    const [a, b] = history.slice(-2) as [Record<string, unknown>, Record<string, unknown>];
    expectNothingLearned(summaryDifferencing(a, b, K), 'two downloads');
    for (const q of ['pace', 'heard']) {
      const before = equations(a, q);
      const after = equations(b, q);
      expect(solveChanges(before.eqs, after.eqs, after.vars, K, `${q} between downloads`)).toEqual([]);
    }
    expect(solve(summary, 'after the second release')).toEqual([]);
  }, 120_000);
});
