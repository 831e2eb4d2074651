import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPRESSED } from '../../core/disclosure/cells.js';
import { questionsOf } from '../../core/results/questions.js';
import { releaseSummary, RoundTally, type RoundSummary } from '../../core/results/summary.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { solveChanges, solveSmall, type Equation } from '../support/linear-attack.js';
import { answersOf, cellsOf, equationsOf, releasesOf, smallRound, VALUES, type Given } from '../support/small-groups-fixture.js';

/**
 * Issue 21, item 3: merged groups beside the values a small round hides. The attacker solves every
 * published number of a question at once (tests/support/linear-attack.ts) — groups minus shown values,
 * answered minus groups, the round's respondents minus the answered — and between releases every group
 * pinned both times. Nothing may come out at 1..k−1.
 */

const K = 5;
const QUESTIONS = ['heard', 'pace', 'help', 'contact'] as const;

const attackRelease = (round: RoundSummary, where: string): string[] =>
  QUESTIONS.flatMap((q) => solveSmall(equationsOf(round, q), cellsOf('', q), K, `${where} ${q}`));
const attackPair = (a: RoundSummary, b: RoundSummary, where: string): string[] =>
  QUESTIONS.flatMap((q) => solveChanges(equationsOf(a, q), equationsOf(b, q), cellsOf('', q), K, `${where} ${q}`));

const person = (i: number, pace: number | null, extra: Given = {}): [string, Given] => [`P${String(i).padStart(3, '0')}`, { pace, ...extra }];
const merged = (s: RoundSummary, id: string) => s.questions.find((q) => q.questionId === id)?.merged;

describe('merged groups where k hides the values', () => {
  it('a 12-person dyad whose every point is hidden shows its thirds: left 5 · middle 0? · right 7', () => {
    // 2,3 | 0 | 3,4: every point 1..4, so every point is hidden; the thirds hold 5, 0 and 7.
    const paces = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5];
    const [r] = releasesOf('r1', [paces.map((p, i) => person(i, p))]);
    const q = r?.summary.questions.find((x) => x.questionId === 'pace');
    expect(Object.values(q?.values ?? {}).every((c) => c === SUPPRESSED || c === 0)).toBe(true);
    expect(q?.merged).toEqual({
      level: 'thirds',
      groups: [
        { key: 'left', values: ['1', '2'], count: 5 },
        { key: 'middle', values: ['3'], count: 0 },
        { key: 'right', values: ['4', '5'], count: 7 },
      ],
    });
    expect(attackRelease(r?.summary as RoundSummary, '12')).toEqual([]);
  });

  it('groups of exactly 6, 7, 9 and 12: nothing solved at 1..k−1, and a group shown only when safe', () => {
    const cases: Array<[string, number[]]> = [
      ['6: 3 left, 3 right', [1, 2, 2, 4, 5, 5]],
      ['7: 5 left, 2 right', [1, 1, 2, 2, 2, 5, 5]],
      ['9: 4 left, 5 right', [1, 1, 2, 2, 4, 4, 5, 5, 5]],
      ['12: 6 left, 1 middle, 5 right', [1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 5]],
    ];
    for (const [name, paces] of cases) {
      const [r] = releasesOf('r1', [paces.map((p, i) => person(i, p))]);
      const summary = r?.summary as RoundSummary;
      expect(attackRelease(summary, name), name).toEqual([]);
      for (const g of merged(summary, 'pace')?.groups ?? []) if (typeof g.count === 'number') expect(g.count === 0 || g.count >= K, name).toBe(true);
    }
    // 7 = 5 + 2: "left 5" would give right = 2 away (7 − 5): no merged view at all.
    const [seven] = releasesOf('r1', [[1, 1, 2, 2, 2, 5, 5].map((p, i) => person(i, p))]);
    expect(merged(seven?.summary as RoundSummary, 'pace')).toBeUndefined();
  });

  it('a statement: agree vs. not agree; a triad: the corners vs. the middle; a choice: rare options as "other"', () => {
    const given = (i: number): Given => ({
      heard: i < 6 ? 'true' : i < 9 ? 'not_true' : 'dont_know',
      help: [1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 7, 2][i] ?? 7,
      contact: i < 6 ? 'phone' : i < 9 ? 'visit' : i < 11 ? 'letter' : 'app',
    });
    const [r] = releasesOf('r1', [Array.from({ length: 12 }, (_, i) => person(i, null, given(i)))]);
    const s = r?.summary as RoundSummary;
    expect(merged(s, 'heard')).toMatchObject({
      level: 'agree',
      groups: [
        { key: 'agree', count: 6 },
        { key: 'notAgree', count: 6 },
      ],
    });
    expect(merged(s, 'help')).toMatchObject({
      level: 'cornersMiddle',
      groups: [
        { key: 'corners', count: 5 },
        { key: 'middle', count: 7 },
      ],
    });
    expect(merged(s, 'contact')).toMatchObject({
      level: 'other',
      groups: [
        { key: 'phone', count: 6 },
        { key: 'other', values: ['visit', 'letter', 'app'], count: 6 },
      ],
    });
    expect(attackRelease(s, 'mixed')).toEqual([]);
  });

  it('a round whose values all show gets no merged view (it would add nothing)', () => {
    const [r] = releasesOf('r1', [Array.from({ length: 10 }, (_, i) => person(i, i < 5 ? 1 : 5))]);
    expect(merged(r?.summary as RoundSummary, 'pace')).toBeUndefined();
  });

  it('release after release: the same merge kept, and a group that moved by 1..k−1 is hidden', () => {
    const first = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5].map((p, i) => person(i, p));
    // Five more: two on the left, three on the right — "left" would move 5 → 7.
    const second = [1, 2, 4, 5, 5].map((p, i) => person(20 + i, p));
    const [a, b] = releasesOf('r1', [first, second]);
    expect(merged(a?.summary as RoundSummary, 'pace')?.level).toBe('thirds');
    const left = merged(b?.summary as RoundSummary, 'pace')?.groups.find((g) => g.key === 'left');
    expect(left?.count ?? SUPPRESSED).toEqual(SUPPRESSED);
    expect(attackPair(a?.summary as RoundSummary, b?.summary as RoundSummary, '12 → 17')).toEqual([]);
  });

  it('the attack bites: groups counted outside the audit (published when ≥ k) give hidden values away', () => {
    const paces = [1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 5];
    const [r] = releasesOf('r1', [paces.map((p, i) => person(i, p))]);
    const s = r?.summary as RoundSummary;
    // The naive way: the audited values, plus each third's raw count when it is k or more (the middle's 1 hidden).
    const raw = { left: 6, middle: SUPPRESSED, right: 5 };
    const naive: RoundSummary = {
      ...s,
      questions: s.questions.map((q) =>
        q.questionId === 'pace'
          ? {
              ...q,
              merged: {
                level: 'thirds',
                groups: [
                  { key: 'left', values: ['1', '2'], count: raw.left },
                  { key: 'middle', values: ['3'], count: raw.middle },
                  { key: 'right', values: ['4', '5'], count: raw.right },
                ],
              },
            }
          : q,
      ),
    };
    expect(attackRelease(naive, 'naive').length).toBeGreaterThan(0);
    // And between two naive releases: a third that moved by 2.
    const before: Equation[] = [{ label: 'left', cells: ['pace:1', 'pace:2'], value: 5 }];
    const after: Equation[] = [{ label: 'left', cells: ['pace:1', 'pace:2'], value: 7 }];
    expect(solveChanges(before, after, cellsOf('', 'pace'), K, 'naive')).toHaveLength(1);
  });

  it('property: any round released in batches of ≥ k — no group solved at 1..k−1, alone or between releases', () => {
    const answer = fc.record({
      heard: fc.option(fc.constantFrom(...(VALUES.heard ?? [])), { nil: null }),
      pace: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      help: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
      contact: fc.option(fc.constantFrom(...(VALUES.contact ?? [])), { nil: null }),
    });
    const batch = fc.array(answer, { minLength: K, maxLength: 14 });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 3 }), (batches) => {
        let n = 0;
        const releases = releasesOf(
          'r1',
          batches.map((b) => b.map((given): [string, Given] => [`P${n++}`, given])),
        ).map((r) => r.summary);
        const findings: string[] = [];
        releases.forEach((r, i) => findings.push(...attackRelease(r, `release ${i + 1}`)));
        for (let i = 0; i < releases.length; i++)
          for (let j = i + 1; j < releases.length; j++)
            findings.push(...attackPair(releases[i] as RoundSummary, releases[j] as RoundSummary, `${i + 1} → ${j + 1}`));
        expect(findings).toEqual([]);
      }),
      { numRuns: Number(process.env.SMALL_GROUPS_RUNS ?? 100) },
    );
  }, 120_000);
});

describe('merged groups beside a follow-up question', () => {
  it('"not agree" and the "why?" after "not true" / "don\'t know" count the same people: both shown, nothing solved', () => {
    const survey = compileSurvey(
      parseSurveyDefinition({
        id: 'small',
        version: 1,
        title: { nl: 'K', en: 'S' },
        languages: ['nl', 'en'],
        questions: [
          {
            id: 'heard',
            kind: 'statement',
            text: { nl: 'Gehoord.', en: 'Heard.' },
            probe: { text: { nl: 'Waarom?', en: 'Why?' }, when: ['not_true', 'dont_know'] },
          },
        ],
      }),
    );
    const tally = new RoundTally({ round: smallRound('r1'), survey }, questionsOf(survey));
    for (let i = 0; i < 12; i++) {
      const heard = i < 7 ? 'true' : i < 9 ? 'not_true' : 'dont_know';
      tally.add(answersOf('r1', `P${i}`, { heard, ...(heard === 'true' ? {} : { 'heard.probe': 'omdat' }) }), {
        language: 'nl',
        channel: 'sms',
        day: '',
        completed: 'yes',
      });
    }
    const { summary } = releaseSummary(tally, K, [], { number: 1, createdAt: 'x' });
    const heard = summary.questions.find((q) => q.questionId === 'heard');
    const probe = summary.questions.find((q) => q.questionId === 'heard.probe');
    expect(probe?.respondents).toBe(5);
    expect(heard?.merged?.groups.map((g) => g.count)).toEqual([7, 5]);
    const eqs: Equation[] = [...equationsOf(summary, 'heard'), { label: 'why', cells: ['heard:not_true', 'heard:dont_know'], value: 5 }];
    expect(solveSmall(eqs, cellsOf('', 'heard'), K, 'with the why')).toEqual([]);
  });
});
