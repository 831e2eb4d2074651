import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPRESSED } from '../../core/disclosure/cells.js';
import type { Published } from '../../core/disclosure/audit.js';
import type { AnswerSource } from '../../core/results/ports.js';
import type { SummaryRelease } from '../../core/results/releases.js';
import { pooledResults, type PooledQuestion } from '../../core/results/small-groups-pooled.js';
import type { RoundSummary } from '../../core/results/summary.js';
import { solveChanges, solveSmall, type Equation } from '../support/linear-attack.js';
import { answersOf, cellsOf, equationsOf, releasesOf, smallRound, smallSurvey, VALUES, type Given } from '../support/small-groups-fixture.js';

/**
 * Issue 21, item 3: a round beside the whole project. The reader holds every round's summary and the
 * pooled view, and solves them together: the whole project less the rounds shown is the rounds hidden.
 * And people answer several rounds: five answers may be two people's.
 */

const K = 5;
type People = ReadonlyArray<[string, Given]>;

/** Rounds (each a list of release batches), released and pooled as the project summary does; `history` pooled views before. */
async function project(rounds: ReadonlyArray<ReadonlyArray<People>>, earlier: Published[] = []) {
  const made = rounds.map((batches, i) => {
    const roundId = `r${i + 1}`;
    const releases = releasesOf(roundId, batches);
    const summaryReleases: SummaryRelease[] = releases.map((r, n) => ({
      projectId: 'p1',
      roundId,
      number: n + 1,
      createdAt: '2026-01-10T00:00:00.000Z',
      batch: (batches[n] ?? []).map(([code]) => ({ code, qi: { language: 'nl', channel: 'sms', day: '', completed: 'yes' }, withholdText: false })),
      published: r.published,
      summary: r.summary,
      progress: {},
    }));
    return { roundId, releases: summaryReleases, people: batches.flat() };
  });
  const source: Pick<AnswerSource, 'records'> = {
    async *records(_p, roundId) {
      const people = made.find((m) => m.roundId === roundId)?.people ?? [];
      yield [...people].sort(([a], [b]) => a.localeCompare(b)).flatMap(([code, given]) => answersOf(roundId, code, given));
    },
  };
  const result = await pooledResults(
    made.map((m) => ({ roundOfSurvey: { round: smallRound(m.roundId), survey: smallSurvey }, releases: m.releases })),
    source,
    K,
    earlier,
  );
  return { ...result, summaries: made.map((m) => m.releases.at(-1)?.summary as RoundSummary) };
}

/** Every round's numbers and the pooled ones, as equations over the cells of all rounds. */
function equations(summaries: readonly RoundSummary[], pooled: readonly PooledQuestion[], q: string): Equation[] {
  const out = summaries.flatMap((s) => equationsOf(s, q, `${s.roundId}/`));
  const p = pooled.find((x) => x.questionId === q);
  const cells = (values: readonly string[]) => summaries.flatMap((s) => values.map((v) => `${s.roundId}/${q}:${v}`));
  if (typeof p?.answers === 'number') out.push({ label: 'pooled answers', cells: cells(VALUES[q] ?? []), value: p.answers });
  for (const g of p?.merged?.groups ?? []) if (typeof g.count === 'number') out.push({ label: `pooled ${g.key}`, cells: cells(g.values), value: g.count });
  return out;
}
const vars = (summaries: readonly RoundSummary[], q: string) => summaries.flatMap((s) => cellsOf(`${s.roundId}/`, q));
const attack = (r: { summaries: RoundSummary[]; pooled: PooledQuestion[] }, q: string, where: string) =>
  solveSmall(equations(r.summaries, r.pooled, q), vars(r.summaries, q), K, where);
const pooledOf = (r: { pooled: PooledQuestion[] }, q: string) => r.pooled.find((x) => x.questionId === q);
const people = (from: number, values: ReadonlyArray<Given>): People => values.map((g, i): [string, Given] => [`P${String(from + i).padStart(3, '0')}`, g]);

describe('a round beside the whole project', () => {
  it('two 7-person rounds whose "not agree" is hidden in each: the project shows agree 9 · not 5 of 14', async () => {
    const round = (from: number, not: number) =>
      people(
        from,
        Array.from({ length: 7 }, (_, i) => ({ heard: i < not ? 'not_true' : 'true' })),
      );
    const r = await project([[round(0, 2)], [round(10, 3)]]);
    for (const s of r.summaries) expect(s.questions.find((q) => q.questionId === 'heard')?.values?.not_true).toEqual(SUPPRESSED);
    expect(pooledOf(r, 'heard')).toMatchObject({
      answers: 14,
      merged: {
        level: 'agree',
        groups: [
          { key: 'agree', count: 9 },
          { key: 'notAgree', count: 5 },
        ],
      },
    });
    expect(attack(r, 'heard', 'pooled')).toEqual([]);
  });

  it('the whole project less a round shown: the other round is never given away (7 = 5 shown + 2)', async () => {
    // Round 1 shows "true" 5 of 5; round 2 hides its 2 — pooled agree 7 would say so.
    const r = await project([
      [
        people(
          0,
          Array.from({ length: 5 }, () => ({ heard: 'true' })),
        ),
      ],
      [people(10, [...Array.from({ length: 2 }, () => ({ heard: 'true' })), ...Array.from({ length: 5 }, () => ({ heard: 'not_true' }))])],
    ]);
    const agree = pooledOf(r, 'heard')?.merged?.groups.find((g) => g.key === 'agree')?.count;
    expect(agree).toEqual(SUPPRESSED);
    expect(attack(r, 'heard', 'pooled − round')).toEqual([]);
  });

  it('people in several rounds: five "not agree" answers from two people over three rounds are not shown', async () => {
    const same = (notters: readonly number[]) =>
      people(
        0,
        Array.from({ length: 6 }, (_, i) => ({ heard: notters.includes(i) ? 'dont_know' : 'true' })),
      );
    const r = await project([[same([0, 1])], [same([0, 1])], [same([0])]]);
    const not = pooledOf(r, 'heard')?.merged?.groups.find((g) => g.key === 'notAgree');
    expect(not?.count, 'five answers, two people').toEqual(SUPPRESSED);
  });

  it('release after release: a pooled group that would move by 1..k−1 is hidden', async () => {
    const base = (from: number) =>
      people(
        from,
        Array.from({ length: 10 }, (_, i) => ({ heard: i < 5 ? 'true' : 'not_true', pace: i < 5 ? 1 : 5 })),
      );
    const first = await project([[base(0)], [base(20)]]);
    const history = [first.published];
    // Round 2 gets five more: two of them "not true" — pooled notAgree would move 10 → 12.
    const more = people(40, [{ heard: 'not_true' }, { heard: 'not_true' }, { heard: 'true' }, { heard: 'true' }, { heard: 'true' }]);
    const second = await project([[base(0)], [base(20), more]], history);
    const before = equations(first.summaries, first.pooled, 'heard');
    const after = equations(second.summaries, second.pooled, 'heard');
    expect(solveChanges(before, after, vars(second.summaries, 'heard'), K, 'pooled, two releases')).toEqual([]);
    expect(pooledOf(second, 'heard')?.merged?.groups.find((g) => g.key === 'notAgree')?.count).toEqual(SUPPRESSED);
  });

  it('scale means of the rounds merged: shown over the project when each round hides its own, unless they pin answers', async () => {
    const round = (from: number, energies: number[]) =>
      people(
        from,
        energies.map((energy) => ({ energy })),
      );
    const r = await project([[round(0, [1, 2, 3, 4, 5, 5])], [round(10, [2, 3, 3, 4, 5, 1])]]);
    const energy = pooledOf(r, 'energy');
    expect(energy?.answers).toBe(12);
    expect(typeof energy?.mean).toBe('number');
    const pinned = await project([[round(0, [5, 5, 5, 5, 5, 4])], [round(10, [5, 5, 5, 5, 5, 5])]]);
    expect(pooledOf(pinned, 'energy')?.mean, '59 of 60: one 4 among 5s').toEqual(SUPPRESSED);
  });

  it('property: two or three rounds — no group of cells solved at 1..k−1 from rounds and project together', async () => {
    const answer = fc.record({
      heard: fc.option(fc.constantFrom(...(VALUES.heard ?? [])), { nil: null }),
      pace: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    });
    const round = fc.array(answer, { minLength: K, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(round, { minLength: 2, maxLength: 3 }), async (rounds) => {
        let n = 0;
        const r = await project(rounds.map((answers) => [answers.map((g): [string, Given] => [`P${String(n++).padStart(3, '0')}`, g])]));
        const findings = [...attack(r, 'heard', 'heard')];
        if (rounds.length === 2) findings.push(...attack(r, 'pace', 'pace'));
        expect(findings).toEqual([]);
      }),
      { numRuns: Number(process.env.SMALL_GROUPS_RUNS ?? 60) },
    );
  }, 120_000);
});
