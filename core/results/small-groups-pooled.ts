import { audit, type Published, type Table } from '../disclosure/audit.js';
import { SUPPRESSED, small, type Cell } from '../disclosure/cells.js';
import type { RoundRef } from './compare.js';
import type { AnswerSource } from './ports.js';
import { givenAnswer } from './answered.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { byRespondent } from './respondents.js';
import type { SummaryRelease } from './releases.js';
import { mergePlans, type MergedView, type MergePlan } from './small-groups.js';
import { ids, meanPinsAnswers, RoundTally } from './summary.js';

/**
 * A round beside the whole project (issue 21, item 3): per question asked in two released rounds or more,
 * the answers of all those rounds pooled — their number, the kind's coarsest merge (agree vs. not, a
 * dyad's thirds, a triad's corners vs. middle; a choice or consent by option), and for scale and number
 * questions the mean. Pooled numbers count answers: someone in three rounds counts three times.
 *
 * The whole project less the rounds shown is the rounds hidden: every pooled number is audited in one
 * table with the numbers each round's release published (core/disclosure/audit.ts, solved exactly per
 * question over rounds × values), and against what earlier pooled views published. A pooled number is
 * taken only if no round's published number would have to go for it. Because people answer several
 * rounds, a pooled number is also refused when the people behind it, or behind its part in the rounds that
 * hide it, are 1..k−1 (five answers may be one person's five rounds).
 */

export interface PooledQuestion {
  questionId: string;
  kind: QuestionInfo['kind'];
  text: string;
  /** The rounds pooled, oldest first. */
  rounds: RoundRef[];
  /** Answers over those rounds (a person counts once per round). */
  answers: Cell;
  /** The kind's coarsest merge over those rounds; absent for scale, number and open questions. */
  merged?: MergedView;
  /** Scale and number questions: the mean over all those answers (2 decimals), under the summary's rules for means. */
  mean?: Cell;
}

export interface PooledRound {
  roundOfSurvey: RoundOfSurvey;
  releases: readonly SummaryRelease[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const rid = (roundId: string, id: string) => `R:${roundId}:${id}`;
export const pooledIds = {
  answers: (q: string) => `P:q/${q}/n`,
  group: (q: string, values: readonly string[]) => `P:q/${q}/g/${values.join('+')}`,
  sum: (q: string) => `P:q/${q}/sum`,
};

/** The groups pooled for a question: the kind's coarsest merge, or every value on its own. */
function pooledPlan(q: QuestionInfo): MergePlan | null {
  if (q.values.length === 0) return null;
  const [coarsest] = q.kind === 'choice' ? [] : mergePlans(q, new Set());
  return coarsest ?? { level: 'other', groups: q.values.map((v) => ({ key: v, values: [v] })) };
}

interface Tallied {
  ref: RoundRef;
  tally: RoundTally;
  /** The tally's table, made once. */
  table: Table;
  published: Published;
  /** Per question, per value: the people (stored codes) who gave it. */
  people: Map<string, Map<string, Set<string>>>;
}

/** The released respondents of a round tallied again; null when that no longer gives what its release published (an erasure since). */
async function retally(r: PooledRound, source: Pick<AnswerSource, 'records'>): Promise<Tallied | null> {
  const latest = r.releases.at(-1);
  if (!latest) return null;
  const { round, survey } = r.roundOfSurvey;
  const questions = questionsOf(survey);
  const qi = new Map(r.releases.flatMap((x) => x.batch.map((b) => [b.code, b.qi] as const)));
  const tally = new RoundTally(r.roundOfSurvey, questions);
  const people = new Map<string, Map<string, Set<string>>>();
  for await (const respondent of byRespondent(source.records(round.projectId, round.roundId), questions)) {
    const given = qi.get(respondent.respondentCode);
    if (!given) continue;
    tally.add(respondent.answers, given);
    for (const a of respondent.answers) {
      const q = questions.get(a.questionId);
      if (!q || !givenAnswer(a, q)) continue;
      // A story told by voice has no value: it is one of the question's answers all the same (summary.ts counts it).
      const value = a.value === null ? '' : String(a.value);
      const byValue = people.get(a.questionId) ?? new Map<string, Set<string>>();
      byValue.set(value, (byValue.get(value) ?? new Set()).add(respondent.respondentCode));
      people.set(a.questionId, byValue);
    }
  }
  const table = tally.table();
  for (const [id, n] of Object.entries(latest.published)) if (table.counts.has(id) && table.counts.get(id) !== n) return null;
  return { ref: { roundId: round.roundId, label: round.label }, tally, table, published: latest.published, people };
}

/** The joint table of one question over rounds: each round's family as it published it, and the pooled sums. */
function jointTable(q: QuestionInfo, rounds: readonly Tallied[], plan: MergePlan | null): Table {
  const counts = new Map<string, number>();
  const neverPublished = new Set<string>([`J:${q.id}`]);
  const cellIds: string[] = [];
  const subtotals: Array<{ id: string; members: string[] }> = [];
  const valueCells = (values: readonly string[]) => rounds.flatMap((r) => values.map((v) => rid(r.ref.roundId, ids.value(q.id, v))));
  for (const r of rounds) {
    const { table } = r;
    const family = table.families.find((f) => f.id === `q/${q.id}`);
    if (!family) continue;
    const own = (id: string) => rid(r.ref.roundId, id);
    const publish = (id: string, n: number) => {
      counts.set(own(id), n);
      if (r.published[id] === undefined) neverPublished.add(own(id));
    };
    for (const id of family.cellIds) {
      publish(id, table.counts.get(id) ?? 0);
      cellIds.push(own(id));
    }
    publish(ids.respondents, table.counts.get(ids.respondents) ?? 0);
    subtotals.push({ id: own(ids.respondents), members: family.cellIds.map(own) });
    for (const s of family.subtotals ?? []) {
      publish(s.id, table.counts.get(s.id) ?? 0);
      subtotals.push({ id: own(s.id), members: s.members.map(own) });
    }
    // The round's merged groups as its release published them.
    for (const id of Object.keys(r.published)) {
      const m = /^q\/(.+)\/m\/(.+)$/.exec(id);
      if (!m || m[1] !== q.id || !m[2]) continue;
      const members = m[2].split('+').map((v) => ids.value(q.id, v));
      publish(
        id,
        members.reduce((s, c) => s + (table.counts.get(c) ?? 0), 0),
      );
      subtotals.push({ id: own(id), members: members.map(own) });
    }
  }
  const pooled = (id: string, members: string[]) => {
    counts.set(
      id,
      members.reduce((s, c) => s + (counts.get(c) ?? 0), 0),
    );
    subtotals.push({ id, members });
  };
  // Without counted values (scale, number) a round's answered count is its family's cell.
  pooled(pooledIds.answers(q.id), q.values.length > 0 ? valueCells(q.values) : rounds.map((r) => rid(r.ref.roundId, ids.answered(q.id))));
  for (const g of plan?.groups ?? []) pooled(pooledIds.group(q.id, g.values), valueCells(g.values));
  counts.set(
    `J:${q.id}`,
    cellIds.reduce((s, c) => s + (counts.get(c) ?? 0), 0),
  );
  const solvedOrHidden = subtotals.filter((s) => s.id.startsWith('P:')).map((s) => s.id);
  return { counts, families: [{ id: `J:${q.id}`, totalId: `J:${q.id}`, cellIds, subtotals, solvedOrHidden }], neverPublished };
}

/** People behind `values` of a question in `rounds`. */
const peopleOf = (q: string, values: readonly string[], rounds: readonly Tallied[]): number =>
  new Set(rounds.flatMap((r) => values.flatMap((v) => [...(r.people.get(q)?.get(v) ?? [])]))).size;

/** Per question, which pooled ids may be shown: greedily, each only if every round's published number and every one taken before stays. */
function choose(q: QuestionInfo, rounds: readonly Tallied[], plan: MergePlan | null, k: number, earlier: readonly Published[]): Published {
  const table = jointTable(q, rounds, plan);
  const roundShown = [...table.counts.keys()].filter((id) => id.startsWith('R:') && !table.neverPublished?.has(id));
  const given = q.values.length > 0 ? q.values : [...new Set(rounds.flatMap((r) => [...(r.people.get(q.id)?.keys() ?? [])]))];
  const candidates: Array<{ id: string; values: readonly string[] }> = [
    { id: pooledIds.answers(q.id), values: given },
    ...(plan?.groups ?? []).map((g) => ({ id: pooledIds.group(q.id, g.values), values: g.values })),
  ];
  // The rounds in which each value is hidden: the pooled number less the rounds shown is about them.
  const hiddenIn = (v: string) => rounds.filter((r) => (q.values.length > 0 ? r.published[ids.value(q.id, v)] : r.published[ids.answered(q.id)]) === undefined);
  const peopleSafe = (values: readonly string[]) =>
    !small(peopleOf(q.id, values, rounds), k) &&
    !small(new Set(values.flatMap((v) => hiddenIn(v).flatMap((r) => [...(r.people.get(q.id)?.get(v) ?? [])]))).size, k);
  const taken: string[] = [];
  let published: Published = {};
  for (const c of candidates) {
    if (!peopleSafe(c.values)) continue;
    const hide = new Set([...(table.neverPublished ?? []), ...candidates.map((x) => x.id).filter((id) => id !== c.id && !taken.includes(id))]);
    const shown = audit({ ...table, neverPublished: hide }, k, earlier);
    if ([...roundShown, ...taken, c.id].every((id) => shown[id] !== undefined)) {
      taken.push(c.id);
      published = shown;
    }
  }
  return published;
}

/**
 * The pooled view of a project's rounds (oldest first), and what it publishes (pooled ids, with the
 * round numbers it was audited with and the sums behind its means) for the next one's audit.
 */
export async function pooledResults(
  rounds: readonly PooledRound[],
  source: Pick<AnswerSource, 'records'>,
  k: number,
  earlier: readonly Published[],
): Promise<{ pooled: PooledQuestion[]; published: Published }> {
  const tallied: Tallied[] = [];
  for (const r of rounds) {
    if (r.releases.length === 0) continue;
    const t = await retally(r, source);
    // A round changed since its release (someone erased): nothing is pooled rather than pooled against stale numbers.
    if (!t) return { pooled: [], published: {} };
    tallied.push(t);
  }
  const out: PooledQuestion[] = [];
  let published: Record<string, number> = {};
  const seen = new Set<string>();
  for (const t of tallied) {
    for (const q of t.tally.questions.values()) {
      if (seen.has(q.id) || q.kind === 'open' || q.kind === 'story') continue;
      seen.add(q.id);
      const asked = tallied.filter((r) => {
        const other = r.tally.questions.get(q.id);
        return other?.kind === q.kind && other.values.join('|') === q.values.join('|');
      });
      if (asked.length < 2) continue;
      const plan = pooledPlan(q);
      const shown = choose(q, asked, plan, k, earlier);
      published = { ...published, ...Object.fromEntries(Object.entries(shown).filter(([id]) => id.startsWith('P:') || id.startsWith('R:'))) };
      const answers = shown[pooledIds.answers(q.id)];
      const sum = asked.reduce((s, r) => s + r.tally.sumOf(q.id), 0);
      const mean = q.kind === 'scale' || q.kind === 'number' ? pooledMean(q, asked, answers, sum, k, earlier) : undefined;
      if (typeof mean === 'number') published[pooledIds.sum(q.id)] = sum;
      out.push({
        questionId: q.id,
        kind: q.kind,
        text: q.text,
        rounds: asked.map((r) => r.ref),
        answers: answers ?? SUPPRESSED,
        ...(plan && plan.groups.some((g) => g.values.length > 1 || q.kind === 'choice' || q.kind === 'consent')
          ? {
              merged: {
                level: plan.level,
                groups: plan.groups.map((g) => ({ key: g.key, values: [...g.values], count: shown[pooledIds.group(q.id, g.values)] ?? SUPPRESSED })),
              },
            }
          : {}),
        ...(mean !== undefined ? { mean } : {}),
      });
    }
  }
  return { pooled: out, published };
}

/**
 * The pooled mean of a scale or number question: shown over shown answers, pinning no answer down —
 * neither its own, nor that of the rounds whose own mean is hidden (pooled less the rounds shown), nor
 * its change since an earlier pooled view.
 */
function pooledMean(q: QuestionInfo, rounds: readonly Tallied[], answers: number | undefined, sum: number, k: number, earlier: readonly Published[]): Cell {
  if (answers === undefined || answers === 0) return SUPPRESSED;
  if (meanPinsAnswers(sum, answers, q.range, k)) return SUPPRESSED;
  const hiddenRounds = rounds.filter((r) => r.published[ids.sum(q.id)] === undefined);
  const hiddenN = hiddenRounds.reduce((s, r) => s + (r.table.counts.get(ids.answered(q.id)) ?? 0), 0);
  const hiddenSum = hiddenRounds.reduce((s, r) => s + r.tally.sumOf(q.id), 0);
  if (small(hiddenN, k) || meanPinsAnswers(hiddenSum, hiddenN, q.range, k)) return SUPPRESSED;
  for (const before of earlier) {
    const n0 = before[pooledIds.answers(q.id)];
    const s0 = before[pooledIds.sum(q.id)];
    if (n0 === undefined || s0 === undefined) continue;
    if (answers === n0 ? sum !== s0 : small(answers - n0, k) || meanPinsAnswers(sum - s0, answers - n0, q.range, k)) return SUPPRESSED;
  }
  return round2(sum / answers);
}
