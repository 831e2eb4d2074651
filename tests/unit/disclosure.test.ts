import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit, type Published, type Table } from '../../core/disclosure/audit.js';
import { kOf } from '../../core/disclosure/cells.js';
import { generaliseBatch, OTHER, type QuasiIdentifiers } from '../../core/disclosure/generalise.js';
import { MAX_BATCH, nextBatch, type Candidate } from '../../core/disclosure/release.js';
import { scriptsOf } from '../../core/disclosure/script.js';

const K = 5;

/** A statement answered by `total` people: its values, "no answer", its answered count and a follow-up's. */
function statement(values: Record<string, number>, none: number, followUp?: { members: string[]; answered: number }): Table {
  const total = Object.values(values).reduce((a, b) => a + b, 0) + none;
  const counts = new Map<string, number>([
    ['n', total],
    ['s/n', total - none],
    ['s/none', none],
    ...Object.entries(values).map(([v, n]): [string, number] => [`s/${v}`, n]),
  ]);
  const subtotals = [{ id: 's/n', members: Object.keys(values).map((v) => `s/${v}`) }];
  if (followUp) {
    counts.set('p/n', followUp.answered);
    subtotals.push({ id: 'p/n', members: followUp.members.map((v) => `s/${v}`) });
  }
  return {
    counts,
    families: [{ id: 's', totalId: 'n', cellIds: [...Object.keys(values).map((v) => `s/${v}`), 's/none'], subtotals }],
    neverPublished: new Set(['s/none']),
  };
}

describe('audit: what may be published', () => {
  it('hides counts of 1..k−1 and shows zero and k or more', () => {
    const shown = audit(statement({ true: 7, not_true: 6, dont_know: 0 }, 0), K);
    expect(shown).toMatchObject({ n: 13, 's/true': 7, 's/not_true': 6, 's/dont_know': 0, 's/n': 13 });
    expect(audit(statement({ true: 7, not_true: 6, dont_know: 2 }, 0), K)['s/dont_know']).toBeUndefined();
  });

  it('hides one more cell when the hidden ones would be given away by the total (secondary suppression)', () => {
    const shown = audit(statement({ true: 10, not_true: 6, dont_know: 2 }, 0), K);
    expect(shown['s/dont_know']).toBeUndefined();
    // 18 − 10 = 8 hides 6 + 2: nobody can tell which.
    expect(shown['s/not_true']).toBeUndefined();
    expect(shown['s/true']).toBe(10);
  });

  it('hides the answered count when fewer than k did not answer (total − answered would say who skipped)', () => {
    const shown = audit(statement({ true: 6, not_true: 6 }, 2), K);
    expect(shown['s/n']).toBeUndefined();
    // …and the values then may not add up to it either.
    expect(Object.keys(shown).filter((id) => id.startsWith('s/'))).toHaveLength(1);
  });

  it("issue 16's complementary disclosure: options hidden, the follow-up after 'not true'/'don't know' hidden too", () => {
    // 8 respondents: 3 true, 4 not true, 1 don't know; the follow-up answered by the 5 others.
    const shown = audit(statement({ true: 3, not_true: 4, dont_know: 1 }, 0, { members: ['not_true', 'dont_know'], answered: 5 }), K);
    expect(shown['p/n']).toBeUndefined();
    expect(shown['s/true']).toBeUndefined();
  });

  it('a follow-up of a shown option and a hidden one: its count would give the hidden one away', () => {
    // a = 10 shown, c = 3 hidden with d = 2; a branch asked of a and c shows 13 → c = 3.
    const table: Table = {
      counts: new Map([
        ['n', 21],
        ['q/a', 10],
        ['q/b', 6],
        ['q/c', 3],
        ['q/d', 2],
        ['q/n', 21],
        ['f/n', 13],
      ]),
      families: [{ id: 'q', totalId: 'n', cellIds: ['q/a', 'q/b', 'q/c', 'q/d'], subtotals: [{ id: 'f/n', members: ['q/a', 'q/c'] }] }],
    };
    const shown = audit(table, K);
    expect(shown['f/n']).toBeUndefined();
  });

  it('nested counts (invited ⊃ started ⊃ completed): a difference of 1..k−1 is hidden', () => {
    const table: Table = {
      counts: new Map([
        ['e', 20],
        ['s0', 5],
        ['s1', 3],
        ['s2', 12],
        ['invited', 15],
        ['done', 12],
      ]),
      families: [
        {
          id: 'stages',
          totalId: 'e',
          cellIds: ['s0', 's1', 's2'],
          subtotals: [
            { id: 'invited', members: ['s1', 's2'] },
            { id: 'done', members: ['s2'] },
          ],
        },
      ],
      neverPublished: new Set(['s0', 's1', 's2']),
    };
    const shown = audit(table, K);
    expect(shown.invited === undefined || shown.done === undefined).toBe(true);
  });

  it('compares with earlier releases: a count that moved by 1..k−1 is hidden', () => {
    const before = audit(statement({ true: 6, not_true: 6 }, 0), K);
    const after = audit(statement({ true: 8, not_true: 9 }, 0), K, [before]);
    // n moved by 5 (a batch), true by 2 and not_true by 3: both hidden now.
    expect(after.n).toBe(17);
    expect(after['s/true']).toBeUndefined();
    expect(after['s/not_true']).toBeUndefined();
  });

  it('property: no count of 1..k−1 is derivable from one table or the change since an earlier one', () => {
    const values = fc.record({ a: fc.nat(12), b: fc.nat(12), c: fc.nat(12) });
    fc.assert(
      fc.property(values, fc.nat(6), values, fc.nat(6), (v1, none1, add, none2) => {
        const first = statement(v1, none1);
        const total1 = v1.a + v1.b + v1.c + none1;
        if (total1 < K) return;
        const v2 = { a: v1.a + add.a, b: v1.b + add.b, c: v1.c + add.c };
        const second = statement(v2, none1 + none2);
        const total2 = v2.a + v2.b + v2.c + none1 + none2;
        if (total2 - total1 < K && total2 !== total1) return; // releases differ by a batch of ≥ k
        const p1 = audit(first, K);
        const p2 = audit(second, K, [p1]);
        for (const [p, t] of [
          [p1, first],
          [p2, second],
        ] as Array<[Published, Table]>) {
          const shownSum = ['s/a', 's/b', 's/c'].reduce((s, id) => s + (p[id] ?? 0), 0);
          const hidden = (p.n ?? 0) - shownSum - (p['s/n'] === undefined ? 0 : (p.n ?? 0) - (p['s/n'] ?? 0));
          for (const n of Object.values(p)) expect(n === 0 || n >= K).toBe(true);
          if (p.n !== undefined) expect(hidden === 0 || hidden >= K || p['s/n'] === undefined).toBe(true);
          if (p['s/n'] !== undefined && p.n !== undefined) {
            const none = p.n - p['s/n'];
            expect(none === 0 || none >= K).toBe(true);
            const hiddenValues = p['s/n'] - shownSum;
            expect(hiddenValues === 0 || hiddenValues >= K).toBe(true);
          }
          expect(t.counts.get('n')).toBeGreaterThanOrEqual(K);
        }
        for (const id of Object.keys(p2)) {
          const before = p1[id];
          const after = p2[id];
          if (before !== undefined && after !== undefined) expect(after - before === 0 || Math.abs(after - before) >= K).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('generalising quasi-identifiers within a batch', () => {
  const qi = (language: string, channel = 'sms', day = '2026-11-23', completed = 'yes'): QuasiIdentifiers => ({ language, channel, day, completed });
  const classes = (rows: QuasiIdentifiers[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(JSON.stringify(r), (m.get(JSON.stringify(r)) ?? 0) + 1);
    return [...m.values()];
  };

  it("writes three Arabic speakers among twelve as 'other', together with enough others", () => {
    const rows = generaliseBatch([...Array.from({ length: 9 }, () => qi('nl')), qi('ar'), qi('ar'), qi('ar')], K);
    expect(rows.filter((r) => r.language === 'ar')).toHaveLength(0);
    expect(Math.min(...classes(rows))).toBeGreaterThanOrEqual(K);
    expect(rows.filter((r) => r.language === OTHER).length).toBeGreaterThanOrEqual(K);
  });

  it('keeps a language held by k or more and gives up the day first', () => {
    const rows = generaliseBatch(
      [...Array.from({ length: 5 }, (_, i) => qi('nl', 'sms', `2026-11-2${i}`)), ...Array.from({ length: 5 }, () => qi('ar', 'whatsapp'))],
      K,
    );
    expect(rows.map((r) => r.language).sort()).toEqual([...Array(5).fill('ar'), ...Array(5).fill('nl')]);
    expect(rows.every((r) => r.day === '' || r.day === '2026-11-23')).toBe(true);
    expect(Math.min(...classes(rows))).toBeGreaterThanOrEqual(K);
  });

  it('property: every combination in a batch of ≥ k holds ≥ k', () => {
    const row = fc.record({
      language: fc.constantFrom('nl', 'fr', 'ar', 'ti', 'fa'),
      channel: fc.constantFrom('sms', 'whatsapp', 'voice'),
      day: fc.constantFrom('2026-11-20', '2026-11-21', '2026-11-22'),
      completed: fc.constantFrom('yes', 'no', 'declined'),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: K, maxLength: 60 }), fc.integer({ min: K, max: 9 }), (batch, k) => {
        if (batch.length < k) return;
        expect(Math.min(...classes(generaliseBatch(batch, k)))).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 300 },
    );
  });
});

describe('release points', () => {
  const candidate = (i: number, complete = true): Candidate => ({
    code: `R${String(i).padStart(10, '0')}`,
    complete,
    scripts: [],
    qi: { language: 'nl', channel: 'sms', day: '2026-11-23', completed: complete ? 'yes' : 'declined' },
  });

  it('releases nothing before k have finished, and the first release needs k who completed', () => {
    expect(
      nextBatch(
        [1, 2, 3, 4].map((i) => candidate(i)),
        K,
        true,
      ),
    ).toBeNull();
    expect(
      nextBatch(
        [1, 2, 3, 4, 5].map((i) => candidate(i, i < 5)),
        K,
        true,
      ),
    ).toBeNull();
    expect(
      nextBatch(
        [1, 2, 3, 4, 5].map((i) => candidate(i, i < 5)),
        K,
        false,
      ),
    ).toHaveLength(5);
    expect(
      nextBatch(
        [1, 2, 3, 4, 5].map((i) => candidate(i)),
        K,
        true,
      ),
    ).toHaveLength(5);
  });

  it('is the same batch whoever plans it, and a capped backlog leaves no remainder under k', () => {
    const many = Array.from({ length: MAX_BATCH + 3 }, (_, i) => candidate(i));
    expect(nextBatch([...many].reverse(), K, true)).toEqual(nextBatch(many, K, true));
    expect(nextBatch(many, K, true)).toHaveLength(MAX_BATCH + 3);
    const more = Array.from({ length: MAX_BATCH + 40 }, (_, i) => candidate(i));
    expect(nextBatch(more, K, true)).toHaveLength(MAX_BATCH);
  });

  it('withholds the own words of people who wrote in a script fewer than k of the batch wrote in', () => {
    const batch = nextBatch(
      [
        ...[1, 2, 3, 4, 5, 6].map((i) => ({ ...candidate(i), scripts: ['latin'] })),
        { ...candidate(7), scripts: ['ethiopic'] },
        { ...candidate(8), scripts: ['arabic'] },
        { ...candidate(9), scripts: [] },
      ],
      K,
      true,
    );
    expect(batch?.filter((b) => b.withholdText).map((b) => b.code)).toEqual([candidate(7).code, candidate(8).code]);
  });

  it('also when the rare script is in only one of their answers, among answers in a common one', () => {
    // Mostly Latin, one answer in Arabic script: by their main script they would pass, and the Arabic answer show.
    const batch = nextBatch(
      [
        ...[1, 2, 3, 4, 5].map((i) => ({ ...candidate(i), scripts: ['latin'] })),
        { ...candidate(6), scripts: scriptsOf(['Meer uren open, aub', 'Beter uitleg bij de brieven', 'أحتاج إلى دروس']) },
      ],
      K,
      true,
    );
    expect(batch?.filter((b) => b.withholdText).map((b) => b.code)).toEqual([candidate(6).code]);
  });

  it('reads the scripts of own words: Latin, Arabic, Ethiopic, Cyrillic, another, none, several', () => {
    expect(scriptsOf(['Meer uren open, aub'])).toEqual(['latin']);
    expect(scriptsOf(['أحتاج إلى دروس اللغة', 'ok'])).toEqual(['arabic', 'latin']);
    expect(scriptsOf(['ሰላም እዩ', null])).toEqual(['ethiopic']);
    expect(scriptsOf(['Я Олена'])).toEqual(['cyrillic']);
    expect(scriptsOf(['你好世界'])).toEqual(['other']);
    expect(scriptsOf(['12 34 🙂', null])).toEqual([]);
  });

  it('k of a project: at least 5, raised when the project says so', () => {
    expect(kOf({})).toBe(5);
    expect(kOf({ disclosure: { k: 3 } })).toBe(5);
    expect(kOf({ disclosure: { k: 8 } })).toBe(8);
  });
});
