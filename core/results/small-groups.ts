import { audit, type Family, type Published, type Table } from '../disclosure/audit.js';
import { SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { QuestionInfo } from './questions.js';

/**
 * Small groups still see a picture (issue 21, item 3): where k hides a question's values, the values
 * merged into a few groups — agree vs. not, a dyad's thirds, a triad's corners vs. its middle, a choice's
 * rare options as "other" — published only as the audit (core/disclosure/audit.ts) lets them, in the same
 * table as the values: a group is a partial sum of the question's family, so group − shown values, the
 * answered count − a group, and every change since an earlier release are checked with everything else.
 *
 * Which merge, deterministically: the merges of a question's kind are tried coarsest first, and the first
 * is taken whose table still shows everything the values alone showed (a merge never costs the fine view
 * a number) and shows at least one group holding a hidden value. Only a question with a hidden value gets
 * one. Once a release published a merge of a question, later releases try only that one: the groups keep
 * their members, so their changes are changes of the same people.
 */

export interface MergeGroup {
  /** Names the group for texts: agree, notAgree, left, middle, right, corners, cornerA…, other, or a choice value. */
  key: string;
  values: readonly string[];
}

export interface MergePlan {
  level: 'agree' | 'thirds' | 'cornersMiddle' | 'eachCorner' | 'other';
  groups: readonly MergeGroup[];
}

/** A question's merged view as published: each group's count, or hidden. */
export interface MergedView {
  level: MergePlan['level'];
  groups: Array<{ key: string; values: string[]; count: Cell }>;
}

/** The count id of a group: its values' own cell for one value, else one naming its members (never reused for others). */
export const groupId = (questionId: string, values: readonly string[], valueId: (q: string, v: string) => string): string =>
  values.length === 1 ? valueId(questionId, values[0] ?? '') : `q/${questionId}/m/${values.join('+')}`;

const MERGED = /^q\/(.+)\/m\/(.+)$/;

/** The merges of a question's kind, coarsest first. `hidden`: its values the fine view hid (a choice's "other"). */
export function mergePlans(q: QuestionInfo, hidden: ReadonlySet<string>): MergePlan[] {
  switch (q.kind) {
    case 'statement':
      return [
        {
          level: 'agree',
          groups: [
            { key: 'agree', values: ['true'] },
            { key: 'notAgree', values: ['not_true', 'dont_know'] },
          ],
        },
      ];
    case 'dyad':
      return [
        {
          level: 'thirds',
          groups: [
            { key: 'left', values: ['1', '2'] },
            { key: 'middle', values: ['3'] },
            { key: 'right', values: ['4', '5'] },
          ],
        },
      ];
    case 'triad':
      return [
        {
          level: 'cornersMiddle',
          groups: [
            { key: 'corners', values: ['1', '2', '3'] },
            { key: 'middle', values: ['4', '5', '6', '7'] },
          ],
        },
        {
          level: 'eachCorner',
          groups: [
            { key: 'cornerA', values: ['1'] },
            { key: 'cornerB', values: ['2'] },
            { key: 'cornerC', values: ['3'] },
            { key: 'middle', values: ['4', '5', '6', '7'] },
          ],
        },
      ];
    case 'choice': {
      // Which options are hidden is public (they show as hidden): "other" is built from that, never from their sizes.
      const rare = q.values.filter((v) => hidden.has(v));
      if (rare.length < 2) return [];
      return [{ level: 'other', groups: [...q.values.filter((v) => !hidden.has(v)).map((v) => ({ key: v, values: [v] })), { key: 'other', values: rare }] }];
    }
    default:
      return [];
  }
}

/** The groups of several values a question published in earlier releases (their member lists, joined by "+"). */
function earlierGroups(questionId: string, earlier: readonly Published[]): Set<string> {
  const groups = new Set<string>();
  for (const before of earlier)
    for (const id of Object.keys(before)) {
      const m = MERGED.exec(id);
      if (m && m[1] === questionId && m[2]) groups.add(m[2]);
    }
  return groups;
}

/** The plan a question published in an earlier release: the coarsest holding every group it published. */
function earlierPlan(q: QuestionInfo, plans: readonly MergePlan[], groups: ReadonlySet<string>): MergePlan | null {
  if (groups.size === 0) return null;
  const multi = (p: MergePlan) => p.groups.filter((g) => g.values.length > 1).map((g) => g.values.join('+'));
  const same = plans.find((p) => [...groups].every((g) => multi(p).includes(g)));
  if (same) return same;
  if (q.kind !== 'choice' || groups.size !== 1) return null;
  // A choice's "other" as it was then, with the options outside it on their own.
  const rare = [...groups][0]?.split('+') ?? [];
  return { level: 'other', groups: [...q.values.filter((v) => !rare.includes(v)).map((v) => ({ key: v, values: [v] })), { key: 'other', values: rare }] };
}

/** A plan whose groups cross a published partial sum (a follow-up's respondents) would open sums the audit does not follow. */
function nests(questionId: string, plan: MergePlan, family: Family, valueId: (q: string, v: string) => string): boolean {
  return plan.groups.every((g) =>
    (family.subtotals ?? []).every((s) => {
      const inside = g.values.filter((v) => s.members.includes(valueId(questionId, v))).length;
      return inside === 0 || inside === g.values.length || inside === s.members.length;
    }),
  );
}

export interface Merged {
  published: Published;
  plans: ReadonlyMap<string, MergePlan>;
}

/**
 * `table` (a round's, with its question families `q/<id>`) audited with the merged groups that may be
 * shown beside it. The published counts are those of one audit of the values and the chosen groups together.
 */
export function auditWithMerges(
  table: Table,
  questions: ReadonlyMap<string, QuestionInfo>,
  k: number,
  earlier: readonly Published[],
  valueId: (q: string, v: string) => string,
): Merged {
  /** `base` with the plan's groups of several values as partial sums of the question's family. */
  const withPlan = (base: Table, q: QuestionInfo, plan: MergePlan): Table => {
    const family = base.families.find((f) => f.id === `q/${q.id}`);
    const counts = new Map(base.counts);
    const subtotals = plan.groups
      .filter((g) => g.values.length > 1)
      .map((g) => {
        const members = g.values.map((v) => valueId(q.id, v));
        const id = groupId(q.id, g.values, valueId);
        counts.set(
          id,
          members.reduce((s, m) => s + (base.counts.get(m) ?? 0), 0),
        );
        return { id, members };
      });
    return { ...base, counts, families: base.families.map((f) => (f === family ? { ...f, subtotals: [...(f.subtotals ?? []), ...subtotals] } : f)) };
  };
  const plans = new Map<string, MergePlan>();
  // A merge published before stays in the table whatever is shown now: its old counts are out there, and
  // every change since must be audited against them.
  let current: Table = table;
  const fineOnly = audit(table, k, earlier);
  const hiddenOf = (published: Published, q: QuestionInfo) => new Set(q.values.filter((v) => published[valueId(q.id, v)] === undefined));
  const sticky = new Map<string, MergePlan>();
  const published0 = new Set<string>();
  for (const q of questions.values()) {
    const groups = q.values.length > 0 ? earlierGroups(q.id, earlier) : new Set<string>();
    if (groups.size === 0) continue;
    const plan = earlierPlan(q, mergePlans(q, hiddenOf(fineOnly, q)), groups);
    // Every group published before, in the plan or not (then no new merge is tried for the question).
    const before: MergePlan = { level: plan?.level ?? 'other', groups: [...groups].map((g) => ({ key: g, values: g.split('+') })) };
    current = withPlan(
      current,
      q,
      plan ? { ...plan, groups: [...plan.groups, ...before.groups.filter((g) => !plan.groups.some((p) => p.values.join('+') === g.key))] } : before,
    );
    published0.add(q.id);
    if (plan) sticky.set(q.id, plan);
  }
  let published = published0.size > 0 ? audit(current, k, earlier) : fineOnly;
  const showsHidden = (shown: Published, q: QuestionInfo, plan: MergePlan, hidden: ReadonlySet<string>) =>
    plan.groups.some((g) => g.values.some((v) => hidden.has(v)) && shown[groupId(q.id, g.values, valueId)] !== undefined);
  for (const q of questions.values()) {
    const family = current.families.find((f) => f.id === `q/${q.id}`);
    if (!family || q.values.length === 0) continue;
    const hidden = hiddenOf(published, q);
    if (hidden.size === 0) continue;
    const kept = sticky.get(q.id);
    if (kept && showsHidden(published, q, kept, hidden)) plans.set(q.id, kept);
    if (published0.has(q.id)) continue;
    for (const plan of mergePlans(q, hidden)) {
      if (!nests(q.id, plan, family, valueId)) continue;
      const candidate = withPlan(current, q, plan);
      const shown = audit(candidate, k, earlier);
      // A merge never costs the view a number it showed without it.
      if (Object.keys(published).every((id) => shown[id] !== undefined) && showsHidden(shown, q, plan, hidden)) {
        current = candidate;
        published = shown;
        plans.set(q.id, plan);
        break;
      }
    }
  }
  return { published, plans };
}

/** The merged view of a question as `published` shows it. */
export function mergedView(questionId: string, plan: MergePlan, published: Published, valueId: (q: string, v: string) => string): MergedView {
  return {
    level: plan.level,
    groups: plan.groups.map((g) => ({ key: g.key, values: [...g.values], count: published[groupId(questionId, g.values, valueId)] ?? SUPPRESSED })),
  };
}
