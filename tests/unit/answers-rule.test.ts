import { describe, expect, it } from 'vitest';
import { constraintsOf, factsOf, foldText, matchesAll, type AnswersFilter, type RowAttributes } from '../../core/results/answers-filter.js';
import { shownReleases } from '../../core/results/answers-rule.js';

/**
 * The disclosure rule of reading people's words, attacked with the rows in hand (no store): an adversary
 * reads every request they like, release after release, and subtracts. Rows are recognisable by their
 * text, so a difference of two shown results is a group of people — it must never be 1..k−1.
 */

const K = 5;

function row(release: number, zone: number | null, dyad: number | null, codes: string[] = [], words = 'a story'): RowAttributes {
  return { release, words: foldText(words), zone, dyad, statement: null, codes: new Set(codes) };
}

/** The rows a request shows, as the reading does: whole releases the rule allows, the matching rows of each. */
function shown(rows: readonly RowAttributes[], filter: AnswersFilter, k = K, upTo = Number.MAX_SAFE_INTEGER): Set<RowAttributes> {
  const visible = rows.filter((r) => r.release <= upTo);
  const constraints = constraintsOf(filter);
  const releases = shownReleases(
    visible.map((r) => factsOf(r, constraints)),
    constraints,
    k,
  );
  return new Set(visible.filter((r) => releases.has(r.release) && matchesAll(factsOf(r, constraints))));
}

const minus = <T>(a: Set<T>, b: Set<T>): T[] => [...a].filter((x) => !b.has(x));
const small = (n: number) => n > 0 && n < K;

/** A deterministic pseudo-random source (no Math.random: the same rows every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Every request of a small space: no zone or one, no dyad range or one, no code or X, no search or "bus". */
function requests(): AnswersFilter[] {
  const out: AnswersFilter[] = [];
  const zones = [undefined, 1, 2, 3];
  const ranges = [undefined, { lo: 1, hi: 5 }, { lo: 1, hi: 2 }, { lo: 2, hi: 4 }, { lo: 3, hi: 3 }, { lo: 3, hi: 5 }, { lo: 4, hi: 5 }];
  for (const zone of zones)
    for (const dyad of ranges)
      for (const code of [undefined, 'x'])
        for (const search of [undefined, 'bus'])
          out.push({ ...(zone ? { zone } : {}), ...(dyad ? { dyad } : {}), ...(code ? { code } : {}), ...(search ? { search } : {}) });
  return out;
}

/** B narrows A: every constraint of A is in B, a dyad range of B inside A's. */
function narrows(b: AnswersFilter, a: AnswersFilter): boolean {
  if (a.zone !== undefined && a.zone !== b.zone) return false;
  if (a.code !== undefined && a.code !== b.code) return false;
  if (a.search !== undefined && a.search !== b.search) return false;
  if (a.dyad !== undefined && (b.dyad === undefined || b.dyad.lo < a.dyad.lo || b.dyad.hi > a.dyad.hi)) return false;
  return true;
}

describe('reading people’s words through filters, attacked', () => {
  it('refuses a result of fewer than k and shows one of k', () => {
    const rows = [
      ...Array.from({ length: 4 }, () => row(1, 2, 1)),
      ...Array.from({ length: 10 }, () => row(1, 1, 1)),
      ...Array.from({ length: 6 }, () => row(1, 3, 1)),
    ];
    expect(shown(rows, { zone: 2 }).size).toBe(0);
    expect(shown(rows, { zone: 1 }).size).toBe(10);
    expect(shown(rows, { zone: 3 }).size).toBe(6);
    expect(shown(rows, { zone: 4 }).size).toBe(0);
  });

  it('differencing: A shows 9, A + B would show 6 — the 3 left out would be "A and not B": A + B is refused', () => {
    const rows = [
      ...Array.from({ length: 6 }, () => row(1, 1, 2, ['x'])),
      ...Array.from({ length: 3 }, () => row(1, 1, 2)),
      ...Array.from({ length: 10 }, () => row(1, 2, 5, ['x'])),
    ];
    expect(shown(rows, { zone: 1 }).size).toBe(9);
    // Nor is "x" alone shown: it leaves out the same three.
    expect(shown(rows, { code: 'x' }).size).toBe(0);
    expect(shown(rows, { zone: 1, code: 'x' }).size).toBe(0);
    // The search term counts as a constraint: nine stories, six of them with "bus".
    const words = rows.map((r, i) => ({ ...r, words: foldText(i < 6 ? 'the BÜS was late' : 'no') }));
    expect(shown(words, { zone: 1, search: 'bus' }).size).toBe(0);
  });

  it('a chain: A, then A + B + C, where the missing three fail both B and C (each one-removed complement is 0)', () => {
    const rows = [
      ...Array.from({ length: 7 }, () => row(1, 1, 2, ['x'])),
      ...Array.from({ length: 3 }, () => row(1, 1, 5)),
      ...Array.from({ length: 10 }, () => row(1, 3, 5, ['x'])),
    ];
    // A = zone 1 (10), B = code x, C = dyad 1–3: A + B + C holds the 7; dropping only B, only C, only A adds 0, 0 and ≥ k.
    expect(shown(rows, { zone: 1 }).size).toBe(10);
    expect(shown(rows, { zone: 1, code: 'x', dyad: { lo: 1, hi: 3 } }).size).toBe(0);
  });

  it('a dyad range widened by one point never tells that point: 1–2 is refused when 3 holds 2 people', () => {
    // Points 1–2: 8 people, 3: 2, 4–5: 10 (the dyad has five points).
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => row(1, null, 1 + (i % 2))),
      row(1, null, 3),
      row(1, null, 3),
      ...Array.from({ length: 10 }, (_, i) => row(1, null, 4 + (i % 2))),
    ];
    expect(shown(rows, { dyad: { lo: 1, hi: 3 } }).size).toBe(10);
    expect(shown(rows, { dyad: { lo: 1, hi: 2 } }).size).toBe(0);
    // Nor from the other side: 4–5 (10 people) widened to 3–5 would add the same two.
    expect(shown(rows, { dyad: { lo: 4, hi: 5 } }).size).toBe(0);
    expect(shown(rows, { dyad: { lo: 1, hi: 5 } }).size).toBe(20);
  });

  it('repeat requests across releases: the same filter grows by a whole release’s share, never by 1..k−1 newcomers', () => {
    const rows = [...Array.from({ length: 6 }, () => row(1, 1, 1)), ...Array.from({ length: 6 }, () => row(1, 2, 1))];
    // Release 2: five more, two of them in zone 1.
    rows.push(row(2, 1, 1), row(2, 1, 1), row(2, 3, 1), row(2, 3, 1), row(2, 3, 1));
    const before = shown(rows, { zone: 1 }, K, 1);
    const after = shown(rows, { zone: 1 });
    expect(before.size).toBe(6);
    expect(minus(after, before)).toEqual([]);
    // The unfiltered reading shows release 2 whole (5 rows): it is its own group of k.
    expect(minus(shown(rows, {}), shown(rows, {}, K, 1)).length).toBe(5);
  });

  it('property: no two shown results of which one narrows the other differ by 1..k−1 rows, at any release, for 20 random rounds', () => {
    const space = requests();
    for (let seed = 1; seed <= 20; seed++) {
      const random = lcg(seed);
      const rows: RowAttributes[] = [];
      const releases = 1 + Math.floor(random() * 3);
      for (let r = 1; r <= releases; r++) {
        const size = K + Math.floor(random() * 25);
        for (let i = 0; i < size; i++) {
          const zone = random() < 0.1 ? null : 1 + Math.floor(random() * 3);
          const dyad = random() < 0.1 ? null : 1 + Math.floor(random() * 5);
          rows.push(row(r, zone, dyad, random() < 0.5 ? ['x'] : [], random() < 0.4 ? 'Bus' : 'tram'));
        }
      }
      // Everything an adversary can read: every request, as of every release.
      const seen = space.flatMap((filter) => Array.from({ length: releases }, (_, i) => ({ filter, upTo: i + 1, rows: shown(rows, filter, K, i + 1) })));
      const leaks: string[] = [];
      for (const s of seen) if (small(s.rows.size)) leaks.push(`${JSON.stringify(s.filter)}@${s.upTo} shows ${s.rows.size}`);
      for (const wide of seen)
        for (const narrow of seen) {
          if (wide === narrow || !narrows(narrow.filter, wide.filter)) continue;
          const gap = minus(wide.rows, narrow.rows).length;
          if (small(gap)) leaks.push(`${JSON.stringify(wide.filter)}@${wide.upTo} − ${JSON.stringify(narrow.filter)}@${narrow.upTo} = ${gap}`);
        }
      expect(leaks.slice(0, 3), `seed ${seed}`).toEqual([]);
    }
  }, 60_000);

  it('folds case and accents for search, Arabic vowel signs too', () => {
    expect(foldText('  Été  À LA\tGARE ')).toBe('ete a la gare');
    expect(foldText('مَدْرَسَة')).toBe('مدرسة');
    expect(foldText('ﬁle')).toBe('file');
  });
});
