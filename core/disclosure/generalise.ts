/**
 * Quasi-identifiers of the row-level export: what someone who knows a participant may know of them
 * without reading any answer — the language they speak, the channel they use, the day they answered,
 * whether they finished. Within each release batch every combination of these values is made to hold at
 * least k respondents, by writing rare values as `other` (the day as empty: "some day of the round") and,
 * if a combination is still too small, a whole column. A release adds one batch to the ones before, with
 * the values it was given then, so a class of a release is a sum of classes of ≥ k and the difference
 * between two releases is a batch whose classes hold ≥ k as well.
 */

export interface QuasiIdentifiers {
  language: string;
  channel: string;
  /** YYYY-MM-DD, or '' once generalised to the round. */
  day: string;
  /** The CSV's `completed` value (yes / no / declined), or `other`. */
  completed: string;
}

export type QiColumn = keyof QuasiIdentifiers;

export const OTHER = 'other';
/** Given up first: the day says most about a person and least about the answers; the language last. */
const GIVE_UP_ORDER: readonly QiColumn[] = ['day', 'completed', 'channel', 'language'];
const generalValue = (column: QiColumn): string => (column === 'day' ? '' : OTHER);

/** Rare values of one column become the general value; if that group is itself too small, the next rarest joins it. */
function recodeRare(rows: QuasiIdentifiers[], column: QiColumn, k: number): void {
  const general = generalValue(column);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r[column], (counts.get(r[column]) ?? 0) + 1);
  const merged = new Set([...counts].filter(([value, n]) => n < k || value === general).map(([value]) => value));
  const mergedSize = () => [...merged].reduce((s, v) => s + (counts.get(v) ?? 0), 0);
  while (mergedSize() > 0 && mergedSize() < k) {
    const next = [...counts].filter(([v]) => !merged.has(v)).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
    if (!next) break;
    merged.add(next[0]);
  }
  for (const r of rows) if (merged.has(r[column])) r[column] = general;
}

const classKey = (r: QuasiIdentifiers): string => JSON.stringify([r.language, r.channel, r.day, r.completed]);

function smallestClass(rows: readonly QuasiIdentifiers[]): number {
  const classes = new Map<string, number>();
  for (const r of rows) classes.set(classKey(r), (classes.get(classKey(r)) ?? 0) + 1);
  return Math.min(...classes.values());
}

/**
 * The batch's quasi-identifiers generalised so that every combination holds ≥ k rows. Pure; the input is
 * not changed. A batch smaller than k comes back fully generalised (the caller never releases one).
 */
export function generaliseBatch(batch: readonly QuasiIdentifiers[], k: number): QuasiIdentifiers[] {
  const rows = batch.map((r) => ({ ...r }));
  if (rows.length === 0) return rows;
  for (const column of GIVE_UP_ORDER) recodeRare(rows, column, k);
  for (const column of GIVE_UP_ORDER) {
    if (smallestClass(rows) >= k) break;
    for (const r of rows) r[column] = generalValue(column);
  }
  return rows;
}
