import { small } from './cells.js';

/**
 * Which counts may be published: primary and secondary suppression, in one place for every output.
 *
 * A table is described as *families*: each family's cells split one known number of people (the round's
 * respondents into the answers of a question and "no answer"; into languages; …). Some published numbers
 * are sums of part of a family — a question's answered count (all but "no answer"), a follow-up's
 * respondents (the people who gave the answers it follows). Someone who reads the output can add and
 * subtract all of these, and compare them with what earlier releases published. A count is hidden when it
 * is 1..k−1, and then more counts are hidden until nothing derivable by those sums — within a family, from
 * a partial sum and its complement, or as the change since an earlier release — is 1..k−1.
 *
 * Zero is published: it is about nobody. The price is a known limitation of suppression: "0 of 12 said
 * no" tells that all 12 said yes — about the group, never about fewer than k people.
 */

export interface Family {
  id: string;
  /** The published count this family splits (a cell id); its cells add up to it. */
  totalId: string;
  cellIds: readonly string[];
  /** Published partial sums of this family: the id of the published count, and the cells it adds up. */
  subtotals?: ReadonlyArray<{ id: string; members: readonly string[] }>;
}

export interface Table {
  /** Every count by id: cells of families, totals and subtotals. */
  counts: ReadonlyMap<string, number>;
  families: readonly Family[];
  /** Ids never published whatever their size ("no answer": known only as what the rest leaves). */
  neverPublished?: ReadonlySet<string>;
}

/** What one release published: count ids → the number shown. Absent: hidden (or not there yet). */
export type Published = Readonly<Record<string, number>>;

const sum = (ids: Iterable<string>, value: (id: string) => number): number => {
  let s = 0;
  for (const id of ids) s += value(id);
  return s;
};

/**
 * The counts of `table` that may be shown, given k and what earlier releases of the same output showed.
 * Deterministic: the same table and history give the same answer.
 */
export function audit(table: Table, k: number, earlier: readonly Published[] = []): Published {
  const count = (id: string): number => table.counts.get(id) ?? 0;
  const hidden = new Set<string>();
  for (const [id, n] of table.counts) if (small(n, k) || table.neverPublished?.has(id)) hidden.add(id);
  const isShown = (id: string): boolean => !hidden.has(id) && table.counts.has(id);

  /** Hide the smallest shown count among `ids` (ties by id, for determinism); false when none is shown. A zero would add nothing. */
  const hideSmallest = (ids: readonly string[]): boolean => {
    const candidates = ids.filter((id) => isShown(id) && count(id) !== 0).sort((a, b) => count(a) - count(b) || a.localeCompare(b));
    const first = candidates[0];
    if (first === undefined) return false;
    hidden.add(first);
    return true;
  };

  /** `known` people are in `ids` (a published number says so): the hidden part of `ids` must not be 1..k−1. */
  const settle = (ids: readonly string[], known: number, fallback: string | null): boolean => {
    const hiddenPart = known - sum(ids.filter(isShown), count);
    if (!small(hiddenPart, k)) return false;
    if (fallback !== null && isShown(fallback)) hidden.add(fallback);
    else if (!hideSmallest(ids)) return false;
    return true;
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const family of table.families) {
      const totalShown = isShown(family.totalId);
      if (totalShown) changed = settle(family.cellIds, count(family.totalId), null) || changed;
      for (const sub of family.subtotals ?? []) {
        if (!isShown(sub.id)) continue;
        changed = settle(sub.members, count(sub.id), sub.id) || changed;
        if (totalShown) {
          const rest = family.cellIds.filter((id) => !sub.members.includes(id));
          changed = settle(rest, count(family.totalId) - count(sub.id), sub.id) || changed;
        }
        // Nested partial sums (invited ⊃ started ⊃ completed): their difference is a group too.
        for (const inner of family.subtotals ?? []) {
          if (inner === sub || !isShown(inner.id) || !inner.members.every((id) => sub.members.includes(id))) continue;
          const between = sub.members.filter((id) => !inner.members.includes(id));
          changed = settle(between, count(sub.id) - count(inner.id), inner.id) || changed;
        }
      }
    }
    for (const before of earlier) {
      // A count shown now and before: their difference is about the people who came (or left) in between.
      for (const id of table.counts.keys()) {
        const then = before[id];
        if (isShown(id) && then !== undefined && small(count(id) - then, k)) {
          hidden.add(id);
          changed = true;
        }
      }
      // The hidden part of a family now and then: the change of what the union of both hid.
      for (const family of table.families) {
        const thenTotal = before[family.totalId];
        if (!isShown(family.totalId) || thenTotal === undefined) continue;
        const union = family.cellIds.filter((id) => !isShown(id) || before[id] === undefined);
        if (union.length === 0) continue;
        const visible = family.cellIds.filter((id) => !union.includes(id));
        const nowPart = count(family.totalId) - sum(visible, count);
        const thenPart = thenTotal - sum(visible, (id) => before[id] ?? 0);
        if (small(nowPart - thenPart, k) && hideSmallest(visible)) changed = true;
      }
    }
  }
  const out: Record<string, number> = {};
  for (const id of table.counts.keys()) if (isShown(id)) out[id] = count(id);
  return out;
}

/**
 * One group of live counts that add up to a shown total (copies by status, invitations by how they went
 * out): counts of 1..k−1 hidden, and as many more as it takes. Keys map to a count, or to hidden (absent).
 */
export function auditGroup(counts: Readonly<Record<string, number>>, k: number, totalMayShow = true): Record<string, number | undefined> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const id = (key: string) => `c/${key}`;
  const table: Table = {
    counts: new Map([['total', total], ...Object.entries(counts).map(([key, n]): [string, number] => [id(key), n])]),
    families: [{ id: 'g', totalId: 'total', cellIds: Object.keys(counts).map(id) }],
    // Some totals are hidden elsewhere (who asked to hear back): then the cells must not add up to them either.
    ...(totalMayShow ? {} : { neverPublished: new Set(['total']) }),
  };
  const published: Record<string, number> = { ...audit(table, k) };
  const shownKeys = Object.keys(counts).filter((key) => published[id(key)] !== undefined && (counts[key] ?? 0) > 0);
  if (!totalMayShow && shownKeys.length > 0 && shownKeys.length === Object.keys(counts).filter((key) => (counts[key] ?? 0) > 0).length) {
    // Every non-zero cell shown would give the hidden total away: the smallest goes (it is k or more).
    const smallest = shownKeys.sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || a.localeCompare(b))[0];
    if (smallest !== undefined) delete published[id(smallest)];
  }
  return Object.fromEntries(Object.keys(counts).map((key) => [key, published[id(key)]]));
}
