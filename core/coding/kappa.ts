/**
 * Cohen's kappa for two coders making yes/no decisions on the same items: how much more they agree than
 * two coders tagging at random with their own rates would (Cohen 1960). κ = (pₒ − pₑ) / (1 − pₑ), with pₒ
 * the share of items on which they agree and pₑ = p₁·q₁ + (1 − p₁)(1 − q₁) for each coder's share of "yes".
 *
 * When neither coder varies and both say the same throughout (pₑ = 1), the formula is 0/0; their agreement
 * is then perfect, and κ is 1 by convention. Otherwise pₑ < 1 and κ lies in [−1, 1].
 */

/** A 2×2 table of two coders' decisions: both yes, only the first, only the second, neither. */
export interface AgreementTable {
  both: number;
  onlyFirst: number;
  onlySecond: number;
  neither: number;
}

export const emptyTable = (): AgreementTable => ({ both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 });

export function addDecision(table: AgreementTable, first: boolean, second: boolean): void {
  if (first && second) table.both++;
  else if (first) table.onlyFirst++;
  else if (second) table.onlySecond++;
  else table.neither++;
}

export function addTables(a: AgreementTable, b: AgreementTable): AgreementTable {
  return { both: a.both + b.both, onlyFirst: a.onlyFirst + b.onlyFirst, onlySecond: a.onlySecond + b.onlySecond, neither: a.neither + b.neither };
}

/** κ of a table; null for an empty one (no decision to agree on). */
export function cohensKappa(t: AgreementTable): number | null {
  const n = t.both + t.onlyFirst + t.onlySecond + t.neither;
  if (n === 0) return null;
  const observed = (t.both + t.neither) / n;
  const firstYes = (t.both + t.onlyFirst) / n;
  const secondYes = (t.both + t.onlySecond) / n;
  const chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
  if (observed === 1) return 1;
  // Floating error must not push a bound over: κ is in [−1, 1] mathematically.
  return Math.max(-1, Math.min(1, (observed - chance) / (1 - chance)));
}
