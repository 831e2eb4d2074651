import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreement, pairTables, type CodedAnswer } from '../../core/coding/agreement.js';
import { cohensKappa, type AgreementTable } from '../../core/coding/kappa.js';

const K = 5;
const table = (both: number, onlyFirst: number, onlySecond: number, neither: number): AgreementTable => ({ both, onlyFirst, onlySecond, neither });

describe("Cohen's kappa, against values worked out by hand", () => {
  it('the classic 2×2: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15 → κ = 0.4', () => {
    // pₒ = 35/50 = 0.7; first says yes 25/50, second 30/50; pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5.
    expect(cohensKappa(table(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });

  it('100 items, 45/15/25/15 → κ = 0.06/0.46', () => {
    // pₒ = 0.6; yes rates 0.6 and 0.7; pₑ = 0.42 + 0.12 = 0.54.
    expect(cohensKappa(table(45, 15, 25, 15))).toBeCloseTo(0.06 / 0.46, 12);
  });

  it('agreeing no more than chance gives 0, and complete disagreement on balanced rates gives −1', () => {
    // Both say yes half the time, independently: pₒ = pₑ = 0.5.
    expect(cohensKappa(table(5, 5, 5, 5))).toBe(0);
    expect(cohensKappa(table(0, 5, 5, 0))).toBe(-1);
  });

  it('perfect agreement is 1, also when neither coder varies (pₑ = 1, by convention); no decision is no kappa', () => {
    expect(cohensKappa(table(7, 0, 0, 3))).toBe(1);
    expect(cohensKappa(table(9, 0, 0, 0))).toBe(1);
    expect(cohensKappa(table(0, 0, 0, 9))).toBe(1);
    expect(cohensKappa(table(0, 0, 0, 0))).toBeNull();
  });
});

const tables = fc.record({ both: fc.nat(60), onlyFirst: fc.nat(60), onlySecond: fc.nat(60), neither: fc.nat(60) });
const swap = (t: AgreementTable): AgreementTable => ({ ...t, onlyFirst: t.onlySecond, onlySecond: t.onlyFirst });

describe("Cohen's kappa, properties", () => {
  it('lies in [−1, 1] for every non-empty table', () => {
    fc.assert(
      fc.property(tables, (t) => {
        const k = cohensKappa(t);
        if (t.both + t.onlyFirst + t.onlySecond + t.neither === 0) return k === null;
        return k !== null && k >= -1 && k <= 1;
      }),
    );
  });

  it('is symmetric in the two coders', () => {
    fc.assert(
      fc.property(tables, (t) => Object.is(cohensKappa(t), cohensKappa(swap(t))) || Math.abs((cohensKappa(t) ?? 0) - (cohensKappa(swap(t)) ?? 0)) < 1e-12),
    );
  });

  it('is 1 for identical coding', () => {
    fc.assert(fc.property(fc.nat(50), fc.nat(50), (both, neither) => both + neither === 0 || cohensKappa(table(both, 0, 0, neither)) === 1));
  });
});

/** Random coding of up to 12 answers with up to 4 codes by coders a and b. */
const codings = fc.array(
  fc.record({ answer: fc.integer({ min: 1, max: 12 }), coder: fc.constantFrom('a', 'b'), codes: fc.subarray(['c1', 'c2', 'c3', 'c4'], { minLength: 1 }) }),
  { maxLength: 40 },
);
const asCoded = (rows: ReadonlyArray<{ answer: number; coder: string; codes: string[] }>): CodedAnswer[] =>
  rows.map((r) => ({ answer: `ans-${r.answer}`, coder: r.coder, codes: r.codes }));

describe('agreement between coders', () => {
  it('is 1 overall and per code when the second coder codes exactly as the first', () => {
    fc.assert(
      fc.property(codings, (rows) => {
        const first = asCoded(rows.filter((r) => r.coder === 'a'));
        const copied = first.map((c) => ({ ...c, coder: 'b' }));
        const { pairs } = agreement([...first, ...copied], K);
        const pair = pairs[0];
        if (!pair) return first.length === 0;
        if (pair.tooFew) return pair.overall === null;
        return pair.overall === 1 && pair.codes.every((c) => c.kappa === 1);
      }),
    );
  });

  it('does not depend on which coder is called first', () => {
    fc.assert(
      fc.property(codings, (rows) => {
        const coded = asCoded(rows);
        const renamed = coded.map((c) => ({ ...c, coder: c.coder === 'a' ? 'z' : c.coder }));
        const one = agreement(coded, K).pairs[0];
        const other = agreement(renamed, K).pairs[0];
        return JSON.stringify(one && { ...one, coders: [] }) === JSON.stringify(other && { ...other, coders: [] });
      }),
    );
  });

  it('compares only answers both coded, and only codes one of them used', () => {
    const coded: CodedAnswer[] = [
      ...['1', '2', '3', '4', '5', '6'].map((n) => ({ answer: n, coder: 'a', codes: ['taal'] })),
      ...['1', '2', '3', '4', '5'].map((n) => ({ answer: n, coder: 'b', codes: n === '5' ? ['inzet'] : ['taal'] })),
      { answer: '7', coder: 'b', codes: ['organisatie'] }, // only b coded it: not a "no" of a's
    ];
    const [pair] = agreement(coded, K).pairs;
    expect(pair).toMatchObject({ coders: ['a', 'b'], answers: 5, tooFew: false });
    // taal: yes/yes 4, yes/no 1 → pₒ 0.8, pₑ = 1·0.8 + 0·0.2 = 0.8 → κ 0. inzet: no/yes 1, no/no 4 → pₒ 0.8, pₑ 0.8 → 0.
    expect(pair?.codes).toEqual([
      { code: 'inzet', kappa: 0 },
      { code: 'taal', kappa: 0 },
    ]);
    // Pooled: yes/yes 4, yes/no 1, no/yes 1, no/no 4 → pₒ 0.8, pₑ 0.5 → κ 0.6.
    expect(pair?.overall).toBe(0.6);
    expect(pairTables(new Map([['x', new Set(['c'])]]), new Map()).answers).toBe(0);
  });

  it('shows no kappa over fewer than k shared answers, and no count of 1..k−1', () => {
    const coded: CodedAnswer[] = ['1', '2', '3'].flatMap((n) => [
      { answer: n, coder: 'a', codes: ['taal'] },
      { answer: n, coder: 'b', codes: ['taal'] },
    ]);
    const result = agreement(coded, K);
    expect(result.pairs).toEqual([{ coders: ['a', 'b'], answers: null, tooFew: true, overall: null, codes: [] }]);
    expect(result.coders).toEqual([
      { coder: 'a', answers: null },
      { coder: 'b', answers: null },
    ]);
  });
});
