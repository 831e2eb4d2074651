/**
 * The reader who solves equations (issue 21, item 3): every published number is the sum of some cells
 * (a value of a question, a merged group, a question's answered count, a round's respondents, a count over
 * all rounds). Written from what the outputs say a number counts, never from the code that audits them:
 * Gaussian elimination over every published number finds each group of cells whose count is pinned down,
 * whatever sums and differences lead there. A finding is a group pinned at 1..k−1 — or, between two
 * downloads, a group pinned both times whose count moved by 1..k−1.
 */

export interface Equation {
  label: string;
  /** The cells this published number adds up (variable names). */
  cells: readonly string[];
  value: number;
}

const EPS = 1e-9;
const small = (n: number, k: number): boolean => Math.abs(n) > 0.5 && Math.abs(n) < k - 0.5;

interface Row {
  coefs: number[];
  value: number;
  pivot: number;
}

/** Reduced row echelon form of the equations over `vars`. */
function reduce(equations: readonly Equation[], vars: readonly string[]): Row[] {
  const index = new Map(vars.map((v, i) => [v, i]));
  const rows: Row[] = [];
  for (const e of equations) {
    const coefs = vars.map(() => 0);
    for (const c of e.cells) {
      const i = index.get(c);
      if (i !== undefined) coefs[i] = (coefs[i] ?? 0) + 1;
    }
    let value = e.value;
    for (const r of rows) {
      const f = coefs[r.pivot] ?? 0;
      if (Math.abs(f) < EPS) continue;
      r.coefs.forEach((x, j) => {
        coefs[j] = (coefs[j] ?? 0) - f * x;
      });
      value -= f * r.value;
    }
    const pivot = coefs.findIndex((x) => Math.abs(x) > EPS);
    if (pivot < 0) continue; // implied by the others (or contradicting them: rounding; ignored)
    const p = coefs[pivot] ?? 1;
    const row = { coefs: coefs.map((x) => x / p), value: value / p, pivot };
    for (const r of rows) {
      const f = r.coefs[pivot] ?? 0;
      if (Math.abs(f) < EPS) continue;
      r.coefs = r.coefs.map((x, j) => x - f * (row.coefs[j] ?? 0));
      r.value -= f * row.value;
    }
    rows.push(row);
  }
  return rows;
}

/** Every non-empty group of `vars` (at most 2^16) whose count the equations pin down, by group key. */
export function pinnedGroups(equations: readonly Equation[], vars: readonly string[]): Map<string, number> {
  if (vars.length > 16) throw new Error(`too many cells to enumerate: ${vars.length}`);
  const rows = reduce(equations, vars);
  const out = new Map<string, number>();
  for (let mask = 1; mask < 1 << vars.length; mask++) {
    const u: number[] = vars.map((_, i) => ((mask >> i) & 1 ? 1 : 0));
    let value = 0;
    for (const r of rows) {
      const f = u[r.pivot] ?? 0;
      if (Math.abs(f) < EPS) continue;
      r.coefs.forEach((x, j) => {
        u[j] = (u[j] ?? 0) - f * x;
      });
      value += f * r.value;
    }
    if (u.every((x) => Math.abs(x) < EPS)) out.set(vars.filter((_, i) => (mask >> i) & 1).join(' + '), Math.round(value * 1e6) / 1e6);
  }
  return out;
}

/** Groups pinned at 1..k−1 by one download's numbers. */
export function solveSmall(equations: readonly Equation[], vars: readonly string[], k: number, where: string): string[] {
  return [...pinnedGroups(equations, vars)].filter(([, n]) => small(n, k)).map(([group, n]) => `${where}: ${group} = ${n}`);
}

/** Groups pinned by both downloads whose count moved by 1..k−1 (the people added between them). */
export function solveChanges(before: readonly Equation[], after: readonly Equation[], vars: readonly string[], k: number, where: string): string[] {
  const a = pinnedGroups(before, vars);
  const out: string[] = [];
  for (const [group, n] of pinnedGroups(after, vars)) {
    const was = a.get(group);
    if (was !== undefined && small(n - was, k)) out.push(`${where}: ${group} went ${was} → ${n}`);
  }
  return out;
}
