import { small } from './cells.js';
import { classesOf, MAX_CELLS, overClasses, pinned, type Sum } from './solve.js';

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
  /** Counts shown only when the family can be solved exactly (core/disclosure/solve.ts): hidden when it is too wide. */
  solvedOrHidden?: readonly string[];
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
 * What a partial sum was in an earlier publication, where a reader can tell: shown then, or the sum of its
 * members shown then, or the family's total less its other cells, or another partial sum shown then with
 * the cells between them shown.
 */
function thenOf(before: Published, family: Family, sub: { id: string; members: readonly string[] }): number | undefined {
  const shownThen = (ids: readonly string[]) => ids.every((id) => before[id] !== undefined);
  const total = (ids: readonly string[]) => sum(ids, (id) => before[id] ?? 0);
  if (before[sub.id] !== undefined) return before[sub.id];
  if (shownThen(sub.members)) return total(sub.members);
  const others = family.cellIds.filter((id) => !sub.members.includes(id));
  const familyTotal = before[family.totalId];
  if (familyTotal !== undefined && shownThen(others)) return familyTotal - total(others);
  for (const other of family.subtotals ?? []) {
    const known = before[other.id];
    if (known === undefined || other === sub) continue;
    const extra = other.members.filter((id) => !sub.members.includes(id));
    const missing = sub.members.filter((id) => !other.members.includes(id));
    if (shownThen(extra) && shownThen(missing)) return known - total(extra) + total(missing);
  }
  return undefined;
}

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

  type Node = { id: string; members: readonly string[] };
  /** Per shown count of a family (its total, a partial sum): the disjoint shown partial sums inside it, and its cells outside them. */
  const remainders = (): Array<{ family: Family; node: Node; picked: Node[]; left: string[] }> => {
    const out: Array<{ family: Family; node: Node; picked: Node[]; left: string[] }> = [];
    for (const family of table.families) {
      const nodes: Node[] = [{ id: family.totalId, members: family.cellIds }, ...(family.subtotals ?? [])].filter((n) => isShown(n.id));
      for (const node of nodes) {
        const inside = nodes
          .filter((s) => s !== node && s.members.length < node.members.length && s.members.every((id) => node.members.includes(id)))
          .sort((a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id));
        const picked: Node[] = [];
        for (const s of inside) if (!picked.some((p) => p.members.some((id) => s.members.includes(id)))) picked.push(s);
        // One inside: `settle` follows it.
        if (picked.length >= 2) out.push({ family, node, picked, left: node.members.filter((id) => !picked.some((p) => p.members.includes(id))) });
      }
    }
    return out;
  };
  const sumOf = (nodes: readonly Node[]): number =>
    sum(
      nodes.map((n) => n.id),
      count,
    );
  const hideSmallestOf = (nodes: readonly Node[]): boolean => {
    const smallest = [...nodes].sort((a, b) => count(a.id) - count(b.id) || a.id.localeCompare(b.id))[0];
    if (!smallest) return false;
    hidden.add(smallest.id);
    return true;
  };

  /**
   * The exact check of one family (core/disclosure/solve.ts): a group of its cells pinned at 1..k−1 by
   * what is shown, or pinned now and in an earlier publication with a change of 1..k−1. One count that
   * pins it goes (partial sums first, the smallest first); false when there is none.
   */
  const exact = (family: Family): boolean => {
    const cells = family.cellIds;
    const everything = [family.totalId, ...cells, ...(family.subtotals ?? []).map((s) => s.id)];
    // All shown now and every time before: each group is a sum of shown counts, and the rules above checked their changes.
    if (everything.every((id) => isShown(id) && earlier.every((before) => before[id] !== undefined))) return false;
    const index = new Map(cells.map((id, i) => [id, i]));
    const nodes: Node[] = [{ id: family.totalId, members: cells }, ...(family.subtotals ?? []), ...cells.map((id) => ({ id, members: [id] }))];
    const sums = (value: (id: string) => number | undefined, except?: string): Sum[] =>
      nodes.flatMap((n) => {
        const v = n.id === except ? undefined : value(n.id);
        return v === undefined ? [] : [{ members: n.members.flatMap((m) => (index.has(m) ? [index.get(m) ?? 0] : [])), value: v }];
      });
    const nowValue = (id: string) => (isShown(id) ? count(id) : undefined);
    const thenSums = earlier.map((before) => sums((id) => before[id]));
    const classes = classesOf([sums(nowValue), ...thenSums], cells.length);
    if (classes.length > MAX_CELLS) {
      // Too wide to solve: what may only be shown when solved goes.
      const unsolved = (family.solvedOrHidden ?? []).filter(isShown);
      for (const id of unsolved) hidden.add(id);
      return unsolved.length > 0;
    }
    const solve = (list: readonly Sum[]) => pinned(overClasses(list, classes), classes.length);
    const now = solve(sums(nowValue));
    let bad: number | undefined;
    for (const [mask, n] of now) if (small(n, k)) bad ??= mask;
    for (const then of thenSums.map(solve)) for (const [mask, n] of now) if (then.has(mask) && small(n - (then.get(mask) ?? 0), k)) bad ??= mask;
    if (bad === undefined) return false;
    const candidates = nodes
      .filter((n) => n.id !== family.totalId && isShown(n.id))
      .sort(
        (a, b) =>
          Number(b.members.length > 1) - Number(a.members.length > 1) ||
          Number(count(a.id) === 0) - Number(count(b.id) === 0) ||
          count(a.id) - count(b.id) ||
          a.id.localeCompare(b.id),
      );
    // The first whose hiding un-pins the group; when none does alone, the first (the next round takes another).
    const chosen = candidates.find((c) => !solve(sums(nowValue, c.id)).has(bad)) ?? candidates[0];
    if (!chosen) return false;
    hidden.add(chosen.id);
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
    // Partial sums side by side inside a larger one (left and right thirds inside the answered count): what
    // they leave of it — the cells of neither, less those shown — is a group too. The smallest of them goes.
    for (const r of remainders()) {
      const hiddenPart = count(r.node.id) - sumOf(r.picked) - sum(r.left.filter(isShown), count);
      if (small(hiddenPart, k) && hideSmallestOf(r.picked)) changed = true;
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
      // What partial sums side by side leave of a larger one, now and then.
      for (const r of remainders()) {
        const thenNode = r.node.id === r.family.totalId ? before[r.node.id] : thenOf(before, r.family, r.node);
        const thenPicked = r.picked.map((p) => thenOf(before, r.family, p));
        if (thenNode === undefined || thenPicked.some((n) => n === undefined)) continue;
        const visible = r.left.filter((id) => isShown(id) && before[id] !== undefined);
        const now = count(r.node.id) - sumOf(r.picked) - sum(visible, count);
        const then = thenNode - thenPicked.reduce<number>((a, b) => a + (b ?? 0), 0) - sum(visible, (id) => before[id] ?? 0);
        if (small(now - then, k) && hideSmallestOf(r.picked)) changed = true;
      }
      // The same for a partial sum, and for what it leaves of its family: shown now, and known then (shown,
      // or its members, or the family's other cells, were), the change of its hidden part is about the
      // people added there (17 − 10 answered while a shown 5 → 10: 2 newcomers among the hidden answers).
      // The partial sum goes, as in `settle`.
      for (const family of table.families) {
        for (const sub of family.subtotals ?? []) {
          const then = thenOf(before, family, sub);
          if (!isShown(sub.id) || then === undefined) continue;
          const rest = family.cellIds.filter((id) => !sub.members.includes(id));
          const thenTotal = before[family.totalId];
          const parts: Array<[readonly string[], number, number]> = [[sub.members, count(sub.id), then]];
          if (isShown(family.totalId) && thenTotal !== undefined) parts.push([rest, count(family.totalId) - count(sub.id), thenTotal - then]);
          for (const [ids, now, earlierPart] of parts) {
            const visible = ids.filter((id) => isShown(id) && before[id] !== undefined);
            const change = now - sum(visible, count) - (earlierPart - sum(visible, (id) => before[id] ?? 0));
            if (small(change, k)) {
              hidden.add(sub.id);
              changed = true;
              break;
            }
          }
        }
      }
    }
    // The rules by name hold: then the exact check of each family (each time one count more goes, and the rules run again).
    if (!changed) for (const family of table.families) if (exact(family)) changed = true;
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
