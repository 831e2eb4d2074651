import { small } from '../disclosure/cells.js';

/**
 * Which releases' rows a filtered reading of people's words may show (core/results/answers-read.ts).
 *
 * The threat: rows are recognisable by their text, so whoever reads two results can subtract them. Filter
 * A shows 9 stories, A + B shows 6: the 3 missing are "A and not B" — three people's signifier answer told
 * by their words. Asked through a chain (A, then A + B + C) the missing ones fail B and C at once, so
 * checking only the results that drop one constraint is not enough. Asked again after the next release,
 * the stories new since are "the newcomers who said A". So the rule is:
 *
 * 1. Each release (a batch of at least k respondents, frozen once made: core/disclosure/release.ts) is
 *    judged on its own, and its rows are shown or left out whole. A result therefore only ever grows by
 *    a release's share, itself 0 or ≥ k: reading the same filter before and after a release tells nothing
 *    about fewer than k newcomers, whatever was read when.
 * 2. Within a release, the rows matching every constraint of the request number 0 or ≥ k, and so do the
 *    rows that any LOOSER request adds to them: every subset of the constraints dropped (the search term
 *    is a constraint too), a dyad range widened to any range around it (`widenings`). Then any two
 *    requests of which one narrows the other differ, release by release, by 0 or ≥ k rows — whichever of
 *    the two is asked, because the narrower one checked the wider.
 *
 * What it does not promise: two requests that do not narrow one another (zone 3 + code X, zone 3 + dyad
 * 1–2) together tell which stories of zone 3 have both — the rows that their union would show, a request
 * of its own that is checked when asked. Reading zones one by one tells each story's zone by design (that
 * is the feature: SenseMaker's "select a region, read the stories there"); what k guarantees is that no
 * result, and no difference along a narrowing, is about fewer than k people. No per-row attribute (code,
 * language, channel, day, signifier answer, respondent code) is shown beside the words, so the only
 * attributes a row reveals are those of the filters that were checked.
 */

/** A constraint as the rule sees it: the request's own predicate first, then every looser variant of it. */
export interface Constraint {
  /** What the refusal names (a query parameter). */
  field: string;
  /** How many variants: 1 for a plain constraint; for a dyad range, itself and every range around it. */
  variants: number;
}

/** One row's facts: its release, and per constraint the variants it satisfies (bit i: variant i). */
export interface RowFacts {
  release: number;
  masks: readonly number[];
}

/** Every range [a, b] of 1..max around [lo, hi], the range itself first: the looser variants of a dyad range. */
export function widenings(lo: number, hi: number, max: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [[lo, hi]];
  for (let a = lo; a >= 1; a--) for (let b = hi; b <= max; b++) if (a !== lo || b !== hi) out.push([a, b]);
  return out;
}

/** Every looser request: per constraint, a variant index or −1 (dropped); the request itself excepted. */
function looser(constraints: readonly Constraint[]): number[][] {
  let nodes: number[][] = [[]];
  for (const c of constraints) {
    const next: number[][] = [];
    for (const node of nodes) for (let v = -1; v < c.variants; v++) next.push([...node, v]);
    nodes = next;
  }
  return nodes.filter((node) => node.some((v) => v !== 0));
}

const matches = (masks: readonly number[], node: readonly number[]): boolean => node.every((v, i) => v === -1 || (((masks[i] ?? 0) >>> v) & 1) === 1);

/**
 * The releases whose rows may be shown (every other release's rows are left out whole). `rows`: every
 * row of the question's released readable answers, matching or not.
 */
export function shownReleases(rows: Iterable<RowFacts>, constraints: readonly Constraint[], k: number): Set<number> {
  // Rows grouped by release and by what they satisfy: the checks count groups, not rows.
  const groups = new Map<number, Map<string, { masks: readonly number[]; n: number }>>();
  for (const row of rows) {
    let byMasks = groups.get(row.release);
    if (!byMasks) groups.set(row.release, (byMasks = new Map()));
    const key = row.masks.join(',');
    const group = byMasks.get(key);
    if (group) group.n++;
    else byMasks.set(key, { masks: row.masks, n: 1 });
  }
  const itself = constraints.map(() => 0);
  const nodes = looser(constraints);
  const shown = new Set<number>();
  for (const [release, byMasks] of groups) {
    const count = (node: readonly number[]) => {
      let n = 0;
      for (const g of byMasks.values()) if (matches(g.masks, node)) n += g.n;
      return n;
    };
    const result = count(itself);
    if (result === 0 || small(result, k)) continue;
    if (nodes.every((node) => !small(count(node) - result, k))) shown.add(release);
  }
  return shown;
}
