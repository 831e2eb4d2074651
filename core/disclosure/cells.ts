/**
 * The smallest group anything published may be about (DESIGN.md, "Anonymity at the point of use").
 * A project may raise it, never lower it.
 */
export const K_MIN = 5;
export const K_MAX = 50;

export const SUPPRESSED = { suppressed: true } as const;
/** A number, or hidden because fewer than k respondents stand behind it (or it would give such a group away). */
export type Cell = number | typeof SUPPRESSED;

export const shown = (c: Cell | undefined): c is number => typeof c === 'number';

/** The k of a project: its own setting when higher than the minimum. */
export function kOf(project: { disclosure?: { k?: number | undefined } | undefined }): number {
  const k = project.disclosure?.k;
  return typeof k === 'number' && Number.isInteger(k) && k >= K_MIN ? Math.min(k, K_MAX) : K_MIN;
}

/** A count that tells something about 1..k−1 people. Zero tells about nobody; k or more about a group. */
export const small = (n: number, k: number): boolean => Math.abs(n) > 0 && Math.abs(n) < k;
