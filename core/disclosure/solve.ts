/**
 * What a reader can solve for in one family of counts: every published number of it (the total, partial
 * sums, cells) is a sum of cells, so any group of cells whose indicator is a combination of those sums has
 * a known count — however many subtractions it takes (left + right thirds out of the answered count leave
 * the middle). Exact for families of up to MAX_CELLS cells (Gaussian elimination, every group enumerated);
 * the audit's rules by name (core/disclosure/audit.ts) cover the rest.
 */

export const MAX_CELLS = 12;
const EPS = 1e-9;

export interface Sum {
  /** Indices into the family's cells. */
  members: readonly number[];
  value: number;
}

interface Row {
  coefs: number[];
  value: number;
  pivot: number;
}

function echelon(sums: readonly Sum[], width: number): Row[] {
  const rows: Row[] = [];
  for (const s of sums) {
    const coefs = Array.from({ length: width }, () => 0);
    for (const i of s.members) coefs[i] = (coefs[i] ?? 0) + 1;
    let value = s.value;
    for (const r of rows) {
      const f = coefs[r.pivot] ?? 0;
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < width; j++) coefs[j] = (coefs[j] ?? 0) - f * (r.coefs[j] ?? 0);
      value -= f * r.value;
    }
    const pivot = coefs.findIndex((x) => Math.abs(x) > EPS);
    if (pivot < 0) continue;
    const p = coefs[pivot] ?? 1;
    const row: Row = { coefs: coefs.map((x) => x / p), value: value / p, pivot };
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

/** Every group of the `width` cells (as a bit mask) whose count the sums pin down, with that count. */
export function pinned(sums: readonly Sum[], width: number): Map<number, number> {
  const rows = echelon(sums, width);
  const out = new Map<number, number>();
  if (width > MAX_CELLS || rows.length === 0) return out;
  for (let mask = 1; mask < 1 << width; mask++) {
    const u = Array.from({ length: width }, (_, i) => ((mask >> i) & 1 ? 1 : 0) as number);
    let value = 0;
    for (const r of rows) {
      const f = u[r.pivot] ?? 0;
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < width; j++) u[j] = (u[j] ?? 0) - f * (r.coefs[j] ?? 0);
      value += f * r.value;
    }
    if (u.every((x) => Math.abs(x) < EPS)) out.set(mask, Math.round(value));
  }
  return out;
}

/**
 * Cells no published number tells apart — in every system given (now, and each earlier publication) —
 * can only ever be solved for together: one class each, so a wide family (rounds × values) stays small.
 */
export function classesOf(systems: ReadonlyArray<readonly Sum[]>, width: number): number[][] {
  const bySignature = new Map<string, number[]>();
  for (let i = 0; i < width; i++) {
    const key = systems.map((sums) => sums.flatMap((s, j) => (s.members.includes(i) ? [j] : [])).join(',')).join('|');
    bySignature.set(key, [...(bySignature.get(key) ?? []), i]);
  }
  return [...bySignature.values()];
}

/** `sums` over classes instead of cells (a sum holds all of a class or none of it). */
export function overClasses(sums: readonly Sum[], classes: readonly number[][]): Sum[] {
  return sums.map((s) => ({ members: classes.flatMap((cells, c) => (cells.some((i) => s.members.includes(i)) ? [c] : [])), value: s.value }));
}
