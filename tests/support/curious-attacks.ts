/**
 * The curious reader's arithmetic (issue 16): what someone who reads published results can work out by
 * filtering rows, comparing two downloads, and adding and subtracting published numbers. Written from
 * the promise (/work/notes/disclosure-contract.md), never from the code that defends it: every function
 * takes only what an output publishes (plus what any reader knows: the survey and the value of k) and
 * returns findings — things learned about a group of 1..k−1 people. An empty list means the attack failed.
 *
 * Where the contract can be read two ways, these tools take the strict reading:
 * - a count's change between two releases is itself a count (of the people added): 0 or ≥ k;
 * - a mean with no counts beside it still must not force a hidden cell (4.8 over 5 = four 5s and one 4);
 * - coordinators get no live totals: every number they see is 0 or ≥ k, and moves by 0 or ≥ k;
 * - a reader keeps what each download said about a code: a value shown once and generalised later is known;
 * - with `linkRounds`, the linked people, those only in round 1 and those only in round 2 are each 0 or ≥ k.
 */

export interface Finding {
  attack: string;
  detail: string;
}

export type Row = Record<string, string>;

/** The columns of the row-level CSV that split people (contract, point 4). */
export const QUASI_IDENTIFIERS = ['language', 'channel', 'day', 'completed'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isSuppressed = (v: unknown): boolean => isObj(v) && v.suppressed === true;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const small = (n: number, k: number) => n >= 1 && n <= k - 1;

/** Every non-empty subset of a list (the ways to filter a spreadsheet by some of its columns). */
export function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// 1. Published numbers that are counts of 1..k−1 people.

/** Keys whose numbers are statistics, settings or identifiers rather than counts of people. */
const NOT_COUNTS = new Set([
  'k',
  'number',
  'mean',
  'percent',
  'difference',
  'change',
  'shift',
  'value',
  'surveyVersion',
  'version',
  'reminderAfterHours',
  'callAttempts',
  'seconds',
]);

/** A readable place in a JSON answer: array items are named by their id where they have one. */
function step(parent: string, key: string | number, value: unknown): string {
  if (typeof key === 'number') {
    const id = isObj(value) ? (value.questionId ?? value.roundId ?? value.label ?? value.language) : undefined;
    return `${parent}[${typeof id === 'string' ? id : key}]`;
  }
  return parent ? `${parent}.${key}` : key;
}

/** Every number in a JSON value with its path and key. */
export function numbersIn(json: unknown, at = ''): Array<{ path: string; key: string; value: number }> {
  const out: Array<{ path: string; key: string; value: number }> = [];
  const walk = (v: unknown, path: string, key: string) => {
    if (typeof v === 'number') out.push({ path, key, value: v });
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, step(path, i, item), key));
    else if (isObj(v)) for (const [k2, item] of Object.entries(v)) walk(item, step(path, k2, item), k2);
  };
  walk(json, at, '');
  return out;
}

/**
 * Counts of 1..k−1 published anywhere in `json` (contract, point 1: every published count is 0 or ≥ k).
 * `exempt` names paths allowed to be live (e.g. staff's invited/started/completed totals).
 */
export function smallCounts(json: unknown, k: number, at: string, exempt: (path: string) => boolean = () => false): Finding[] {
  return numbersIn(json, at)
    .filter((n) => !NOT_COUNTS.has(n.key) && !exempt(n.path) && small(n.value, k))
    .map((n) => ({ attack: 'published count under k', detail: `${n.path} = ${n.value}` }));
}

/**
 * Two downloads of the same output: every count that moved, moved by 0 or ≥ k (contract, points 1–3:
 * other counts come from releases, and releases differ by ≥ k). `exempt` names the live totals.
 */
export function countsDifferencing(before: unknown, after: unknown, k: number, at: string, exempt: (path: string) => boolean = () => false): Finding[] {
  const old = new Map(numbersIn(before, at).map((n) => [n.path, n]));
  const findings: Finding[] = [];
  for (const n of numbersIn(after, at)) {
    const o = old.get(n.path);
    if (!o || NOT_COUNTS.has(n.key) || exempt(n.path)) continue;
    if (small(Math.abs(n.value - o.value), k)) findings.push({ attack: 'differencing two downloads', detail: `${n.path}: ${o.value} → ${n.value}` });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// 2. Row-level CSV: filter by quasi-identifiers, compare two downloads.

const codesOf = (rows: readonly Row[]) => new Set(rows.map((r) => r.respondent_code ?? ''));

/**
 * Filter the CSV by every combination of quasi-identifier values (per round): every class that holds
 * anybody must hold ≥ k distinct respondent codes.
 */
export function smallClasses(rows: readonly Row[], k: number, attack = 'CSV filtered by quasi-identifiers'): Finding[] {
  const qis = QUASI_IDENTIFIERS.filter((q) => rows.some((r) => q in r));
  const findings: Finding[] = [];
  for (const combo of subsets(qis)) {
    const classes = new Map<string, Set<string>>();
    for (const r of rows) {
      const key = `round=${r.round ?? ''} ${combo.map((q) => `${q}=${r[q] ?? ''}`).join(' ')}`;
      const set = classes.get(key) ?? new Set<string>();
      set.add(r.respondent_code ?? '');
      classes.set(key, set);
    }
    for (const [key, codes] of classes) if (small(codes.size, k)) findings.push({ attack, detail: `${key}: ${codes.size} respondent(s)` });
  }
  return findings;
}

/** How the contract writes a generalised value: `other`, or an empty day. */
const GENERALISED = new Set(['other', '']);

const rowKey = (r: Row) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
// A transcript or translation may arrive after a release (it is work on an answer given): only answers count here.
const answerKey = (r: Row) => JSON.stringify([r.round, r.question_id, r.answer, r.status]);

function byCode(rows: readonly Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const r of rows) map.set(r.respondent_code ?? '', [...(map.get(r.respondent_code ?? '') ?? []), r]);
  return map;
}

/**
 * Two downloads of a round's CSV (contract, points 2 and 4): identical, or the second adds ≥ k
 * respondents, whose own quasi-identifier classes hold ≥ k; nobody already released changes their
 * answers; and linking a code's values in both downloads singles out no group under k.
 */
export function csvDifferencing(before: readonly Row[], after: readonly Row[], k: number): Finding[] {
  const a = new Set(before.map(rowKey));
  const b = new Set(after.map(rowKey));
  if (a.size === b.size && [...a].every((x) => b.has(x))) return [];
  const findings: Finding[] = [];
  const was = byCode(before);
  const now = byCode(after);
  const added = [...now.keys()].filter((c) => !was.has(c));
  const removed = [...was.keys()].filter((c) => !now.has(c));
  if (added.length < k)
    findings.push({
      attack: 'CSV differencing',
      detail:
        added.length === 0
          ? 'the downloads differ without any new respondent'
          : `the downloads differ by ${added.length} new respondent(s) (${added.slice(0, 4).join(', ')})`,
    });
  if (removed.length > 0)
    findings.push({ attack: 'CSV differencing', detail: `${removed.length} respondent(s) left the download: ${removed.slice(0, 4).join(', ')}` });
  const grown = [...was.keys()]
    .filter((c) => now.has(c))
    .filter((c) => {
      const x = new Set((was.get(c) ?? []).map(answerKey));
      const y = new Set((now.get(c) ?? []).map(answerKey));
      return x.size !== y.size || [...x].some((v) => !y.has(v));
    });
  if (grown.length > 0)
    findings.push({
      attack: 'CSV differencing',
      detail: `${grown.length} already downloaded respondent(s) changed their answers (someone in progress was published): ${grown.slice(0, 4).join(', ')}`,
    });
  findings.push(
    ...smallClasses(
      after.filter((r) => added.includes(r.respondent_code ?? '')),
      k,
      'CSV differencing: the added respondents filtered by quasi-identifiers',
    ),
  );
  // A reader keeps what each download told about a code: where the second generalised a value the first
  // showed (or the other way round), she knows the more exact one. Filter on that merged knowledge.
  const merged: Row[] = [];
  for (const [code, rows] of now) {
    const earlier = was.get(code) ?? [];
    const known: Record<string, string> = {};
    for (const q of QUASI_IDENTIFIERS) {
      const exact = (list: readonly Row[]) =>
        [...new Set(list.map((r) => r[q] ?? ''))]
          .filter((v) => !GENERALISED.has(v))
          .sort()
          .join('+');
      known[q] = exact(rows) || exact(earlier) || (rows[0]?.[q] ?? '');
    }
    merged.push({ respondent_code: code, round: rows[0]?.round ?? '', ...known });
  }
  findings.push(...smallClasses(merged, k, 'CSV differencing: what both downloads tell about each code, filtered by quasi-identifiers'));
  return findings;
}

/** Respondent codes that appear in the rows of two different rounds (joining rounds by code). */
export function linkedCodes(rows: readonly Row[]): Map<string, Set<string>> {
  const rounds = new Map<string, Set<string>>();
  for (const r of rows) rounds.set(r.round ?? '', (rounds.get(r.round ?? '') ?? new Set<string>()).add(r.respondent_code ?? ''));
  return rounds;
}
export { codesOf };

/**
 * A project that links rounds (`disclosure.linkRounds`): the reader joins a code's rows of every round it
 * answered — its language and channel as exact as any round shows them, its day and completion in each —
 * and filters the people linked that way (the issue: "the combined release still holds ≥ k").
 */
export function linkedClasses(rows: readonly Row[], k: number): Finding[] {
  const perCode = byCode(rows);
  const merged: Row[] = [];
  for (const [code, own] of perCode) {
    const rounds = [...new Set(own.map((r) => r.round ?? ''))].sort();
    if (rounds.length < 2) continue;
    const exact = (q: string) =>
      [...new Set(own.map((r) => r[q] ?? ''))]
        .filter((v) => !GENERALISED.has(v))
        .sort()
        .join('+') || 'other';
    const perRound = (q: string) =>
      rounds.map((round) => [...new Set(own.filter((r) => r.round === round).map((r) => r[q] ?? ''))].sort().join('+')).join(' | ');
    merged.push({
      respondent_code: code,
      round: rounds.join(' + '),
      language: exact('language'),
      channel: exact('channel'),
      day: perRound('day'),
      completed: perRound('completed'),
    });
  }
  return smallClasses(merged, k, 'rounds joined by code, filtered by quasi-identifiers');
}

// ---------------------------------------------------------------------------------------------------
// 3. Adding and subtracting published counts.

/** The people a published count counts: for each facet the values allowed (absent facet: anything). */
export type Box = Readonly<Record<string, readonly string[]>>;

export interface Cell {
  label: string;
  box: Box;
  value: number;
}

/** What a reader knows besides the outputs: the survey's probes and the options after which each is asked. */
export interface Knowledge {
  probes?: Readonly<Record<string, readonly string[]>>;
}

function normalize(box: Box, universes: Readonly<Record<string, readonly string[]>>): Box {
  const out: Record<string, string[]> = {};
  for (const [facet, values] of Object.entries(box)) {
    const set = [...new Set(values)].sort();
    const universe = universes[facet];
    if (universe && universe.every((u) => set.includes(u))) continue; // everything: no constraint
    out[facet] = set;
  }
  return out;
}

/** Every person counted by `inner` is counted by `outer`. */
function contains(outer: Box, inner: Box): boolean {
  return Object.entries(outer).every(([facet, allowed]) => {
    const mine = inner[facet];
    return mine !== undefined && mine.every((v) => allowed.includes(v));
  });
}

const boxKey = (box: Box) => JSON.stringify(Object.entries(box).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Everything a reader can derive from `cells` by subtraction: a total minus one of its parts, a total
 * minus any sum of its disjoint parts (the other options, the other languages), a follow-up against the
 * options it follows. Findings for every result of 1..k−1.
 */
export function deriveSmall(cells: readonly Cell[], universes: Readonly<Record<string, readonly string[]>>, k: number, where: string): Finding[] {
  type Known = Cell & { parts: ReadonlySet<string> };
  const real: Known[] = cells.map((c) => ({ ...c, box: normalize(c.box, universes), parts: new Set([c.label]) }));
  const all: Known[] = [...real];
  // Sums of parts that differ in one facet only and do not overlap: "nl + fr + ar", "not true + don't know".
  for (const facet of Object.keys(universes)) {
    const groups = new Map<string, Known[]>();
    for (const c of real) {
      if (!c.box[facet]) continue;
      const { [facet]: _f, ...rest } = c.box;
      const key = boxKey(rest);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const members of groups.values()) {
      if (members.length < 2 || members.length > 12) continue;
      for (const family of subsets(members)) {
        if (family.length < 2) continue;
        const values = family.flatMap((c) => c.box[facet] ?? []);
        if (new Set(values).size !== values.length) continue; // they overlap
        const box = normalize({ ...(family[0]?.box ?? {}), [facet]: values }, universes);
        all.push({
          label: family.map((c) => c.label).join(' + '),
          box,
          value: family.reduce((s, c) => s + c.value, 0),
          parts: new Set(family.map((c) => c.label)),
        });
      }
    }
  }
  const findings = new Map<string, Finding>();
  for (const outer of all) {
    for (const inner of all) {
      if (outer === inner || !contains(outer.box, inner.box)) continue;
      // Nothing new: a sum minus some of its own published parts, or minus a zero, is a published sum.
      if (inner.value === 0 || [...inner.parts].every((p) => outer.parts.has(p))) continue;
      const d = outer.value - inner.value;
      if (small(d, k)) {
        const detail = `${where}: ${outer.label} − (${inner.label}) = ${outer.value} − ${inner.value} = ${d}`;
        findings.set(detail, { attack: 'derived by subtraction', detail });
      }
    }
  }
  return [...findings.values()];
}

/** A mean with the number of answers over which it was taken, and whatever counts of its values are shown. */
export interface MeanFact {
  label: string;
  respondents: number;
  /** The published mean times the respondents, and how far rounding may have moved it. */
  sum: number;
  tolerance: number;
  /** The values an answer can take (1–5 for a scale). */
  scale: readonly number[];
  shown: ReadonlyMap<number, number>;
}

/**
 * Solve for the hidden cells of a mean (contract, point 1: never published "together with enough counts to
 * solve for a hidden cell"). Whether the published respondents include people who skipped is not known, so
 * any number of them may have: a cell is found only when every solution gives it the same count, 1..k−1.
 */
export function solveMean(m: MeanFact, k: number, where: string): Finding[] {
  const hidden = m.scale.filter((v) => !m.shown.has(v));
  const shownCount = [...m.shown.values()].reduce((s, c) => s + c, 0);
  const shownSum = [...m.shown.entries()].reduce((s, [v, c]) => s + v * c, 0);
  const left = m.respondents - shownCount;
  if (left < 0 || hidden.length === 0) return [];
  // Keep the enumeration bounded: (left + parts choose parts) combinations.
  let size = 1;
  for (let i = 1; i <= hidden.length; i++) size = (size * (left + i)) / i;
  if (size > 400_000) return [];
  const seen = hidden.map(() => new Set<number>());
  const counts = hidden.map(() => 0);
  let solutions = 0;
  const go = (i: number, rest: number, weighted: number) => {
    if (i === hidden.length) {
      const answered = m.respondents - rest; // `rest` people skipped
      if (answered <= 0) return;
      const target = (m.sum / m.respondents) * answered;
      if (Math.abs(weighted + shownSum - target) <= (m.tolerance / m.respondents) * answered + 1e-9) {
        solutions++;
        counts.forEach((c, j) => seen[j]?.add(c));
      }
      return;
    }
    for (let c = 0; c <= rest; c++) {
      counts[i] = c;
      go(i + 1, rest - c, weighted + c * (hidden[i] ?? 0));
    }
    counts[i] = 0;
  };
  go(0, left, 0);
  if (solutions === 0) return [];
  const findings: Finding[] = [];
  hidden.forEach((v, j) => {
    const only = seen[j];
    if (only?.size === 1) {
      const [c = 0] = [...only];
      if (small(c, k)) findings.push({ attack: 'mean solved for a hidden cell', detail: `${where}: ${m.label} forces exactly ${c} answer(s) of ${v}` });
    }
  });
  return findings;
}

/** A published share ("50 % of 12 agreed"): the count it stands for. */
export function solveShare(label: string, percent: number, respondents: number, k: number): Finding[] {
  const feasible: number[] = [];
  for (let c = 0; c <= respondents; c++) if (Math.abs((100 * c) / respondents - percent) <= 0.5 + 1e-9) feasible.push(c);
  if (feasible.length === 0) return [];
  const findings: Finding[] = [];
  if (feasible.every((c) => small(c, k)))
    findings.push({ attack: 'share turned into a count', detail: `${label}: ${percent} % of ${respondents} = ${feasible.join(' or ')}` });
  if (feasible.every((c) => small(respondents - c, k)))
    findings.push({
      attack: 'share turned into a count',
      detail: `${label}: ${100 - percent} % of ${respondents} = ${feasible.map((c) => respondents - c).join(' or ')}`,
    });
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// 4. The summary (contract: `GET /summary` → { k, rounds: RoundSummary[], comparison, lifecycle }).

const SCALES: Record<string, number[]> = { scale: [1, 2, 3, 4, 5], dyad: [1, 2, 3, 4, 5], triad: [1, 2, 3, 4, 5, 6, 7] };

interface RoundModel {
  roundId: string;
  cells: Cell[];
  universes: Record<string, string[]>;
  means: MeanFact[];
}

/** A round of the summary as cells: who each published count counts, as far as the promise says. */
export function roundModel(round: Obj, know: Knowledge = {}): RoundModel {
  const roundId = String(round.roundId ?? round.label ?? '?');
  const cells: Cell[] = [];
  // `otherOutcome`: respondents whose outcome the export writes as "other" (a group too small to show); part of the partition.
  const universes: Record<string, string[]> = { completion: ['complete', 'incomplete', 'declined', 'otherOutcome'] };
  const means: MeanFact[] = [];
  const push = (label: string, box: Box, v: unknown) => {
    const n = num(v);
    if (n !== null) cells.push({ label, box, value: n });
  };
  push('respondents', {}, round.respondents);
  if (isObj(round.release)) push('release.respondents', {}, round.release.respondents);
  for (const [facet, field] of [
    ['language', 'languages'],
    ['channel', 'channels'],
  ] as const) {
    const breakdown = round[field];
    if (!isObj(breakdown)) continue;
    universes[facet] = Object.keys(breakdown);
    for (const [value, count] of Object.entries(breakdown)) push(`${field}.${value}`, { [facet]: [value] }, count);
  }
  for (const c of ['complete', 'incomplete', 'declined', 'otherOutcome']) push(c, { completion: [c] }, round[c]);
  const questions = Array.isArray(round.questions) ? round.questions.filter(isObj) : [];
  const answered = (q: Obj): string[] => {
    const values = isObj(q.values) ? Object.keys(q.values) : (SCALES[String(q.kind)] ?? ['text']).map(String);
    return [...values, 'skipped'];
  };
  const byId = new Map(questions.map((q) => [String(q.questionId), q]));
  for (const q of questions) {
    const id = String(q.questionId);
    const facet = `q:${id}`;
    universes[facet] = [...answered(q), 'none'];
    // A follow-up is answered only by people who gave its parent one of the options it follows.
    const parentId = id.endsWith('.probe') ? id.slice(0, -'.probe'.length) : null;
    const parent = parentId ? byId.get(parentId) : undefined;
    const within: Record<string, string[]> =
      parentId && parent ? { [`q:${parentId}`]: [...(know.probes?.[parentId] ?? answered(parent).filter((v) => v !== 'skipped'))] } : {};
    push(`${id}.respondents`, { ...within, [facet]: answered(q) }, q.respondents);
    if (isObj(q.values)) for (const [v, count] of Object.entries(q.values)) push(`${id}.values.${v}`, { ...within, [facet]: [v] }, count);
    const mean = num(q.mean);
    const n = num(q.respondents);
    if (mean !== null && n !== null && n > 0) {
      const scale = isObj(q.values) ? Object.keys(q.values).map(Number).filter(Number.isFinite) : (SCALES[String(q.kind)] ?? []);
      const shown = new Map<number, number>();
      if (isObj(q.values)) for (const [v, count] of Object.entries(q.values)) if (num(count) !== null) shown.set(Number(v), num(count) ?? 0);
      if (scale.length > 0) means.push({ label: `${id}: mean ${mean} over ${n}`, respondents: n, sum: mean * n, tolerance: 0.005 * n, scale, shown });
    }
  }
  return { roundId, cells, universes, means };
}

const roundsOf = (summary: Obj): Obj[] => (Array.isArray(summary.rounds) ? summary.rounds.filter(isObj) : []);

/** Everything a reader of one summary can learn about fewer than k people. */
export function attackSummary(summary: Obj, k: number, know: Knowledge = {}): Finding[] {
  const findings: Finding[] = smallCounts(summary, k, 'summary');
  for (const round of roundsOf(summary)) {
    const model = roundModel(round, know);
    const where = `summary[${model.roundId}]`;
    findings.push(...deriveSmall(model.cells, model.universes, k, where));
    for (const m of model.means) findings.push(...solveMean(m, k, where));
  }
  const life = isObj(summary.lifecycle) ? summary.lifecycle : {};
  for (const a of Array.isArray(life.agreement) ? life.agreement.filter(isObj) : []) {
    for (const p of Array.isArray(a.points) ? a.points.filter(isObj) : []) {
      const v = isObj(p.value) ? p.value : {};
      const percent = num(v.percent);
      const n = num(v.respondents);
      if (percent !== null && n !== null && n > 0)
        findings.push(...solveShare(`lifecycle.agreement[${String(a.questionId)}][${String(p.label)}]`, percent, n, k));
    }
  }
  // People in the first and the last round, against each round's released respondents.
  const returning = isObj(life.returning) ? life.returning : {};
  const both = num(returning.firstAndLast);
  if (both !== null) {
    for (const end of ['first', 'last'] as const) {
      const ref = isObj(returning[end]) ? String((returning[end] as Obj).roundId) : '';
      const round = roundsOf(summary).find((r) => r.roundId === ref);
      const total = round ? num(round.respondents) : null;
      if (total !== null && small(total - both, k))
        findings.push({ attack: 'derived by subtraction', detail: `respondents of ${ref} (${total}) − firstAndLast (${both}) = ${total - both}` });
    }
  }
  return findings;
}

/** A round's settings (its dates change when it closes): not something published about people. */
const ROUND_SETTINGS = new Set([
  'label',
  'surveyId',
  'surveyVersion',
  'opensAt',
  'closesAt',
  'expiredAt',
  'inviteAtOpening',
  'reminderAfterHours',
  'status',
  'open',
  'closed',
]);
const published = (round: Obj): Obj => Object.fromEntries(Object.entries(round).filter(([key]) => !ROUND_SETTINGS.has(key)));

function releaseSize(round: Obj | undefined): number {
  if (!round) return 0;
  if (isObj(round.release)) return num(round.release.respondents) ?? 0;
  return num(round.respondents) ?? 0; // no release published: the round's respondents are what a reader compares
}

/**
 * Two downloads of the summary (contract, point 2): each round identical, or its release grew by ≥ k
 * respondents — and then what changed (every count, and what the changes add up to, and the means)
 * is itself about a group of ≥ k.
 */
export function summaryDifferencing(before: Obj, after: Obj, k: number, know: Knowledge = {}): Finding[] {
  const findings: Finding[] = [];
  const earlier = new Map(roundsOf(before).map((r) => [String(r.roundId), r]));
  for (const round of roundsOf(after)) {
    const roundId = String(round.roundId);
    const old = earlier.get(roundId);
    if (old && JSON.stringify(published(old)) === JSON.stringify(published(round))) continue;
    const where = `summary[${roundId}] between two downloads`;
    const grew = releaseSize(round) - releaseSize(old);
    const releaseNumber = (r: Obj | undefined) => (r && isObj(r.release) ? num(r.release.number) : null);
    if (old && releaseNumber(old) !== null && releaseNumber(old) === releaseNumber(round))
      findings.push({ attack: 'summary differencing', detail: `${where}: changed within release ${releaseNumber(round)}` });
    if (grew < k)
      findings.push({
        attack: 'summary differencing',
        detail: `${where}: changed, with ${grew} more respondent(s) (${releaseSize(old)} → ${releaseSize(round)})`,
      });
    // What changed is a summary of the people added: run the same arithmetic on the differences.
    const a = roundModel(old ?? {}, know);
    const b = roundModel(round, know);
    const oldCells = new Map(a.cells.map((c) => [c.label, c.value]));
    const delta: Cell[] = [];
    for (const c of b.cells) {
      const was = oldCells.get(c.label) ?? (old ? undefined : 0);
      if (was !== undefined) delta.push({ ...c, value: c.value - was });
    }
    for (const c of delta) if (small(c.value, k)) findings.push({ attack: 'summary differencing', detail: `${where}: ${c.label} went up by ${c.value}` });
    findings.push(...deriveSmall(delta, b.universes, k, `${where} (differences)`));
    const oldMeans = new Map(a.means.map((m) => [m.label.split(':')[0], m]));
    for (const m of b.means) {
      const id = m.label.split(':')[0] ?? '';
      const o = oldMeans.get(id);
      const respondents = m.respondents - (o?.respondents ?? 0);
      if (respondents <= 0 || !o) continue;
      const shown = new Map<number, number>();
      for (const [v, c] of m.shown) if (o.shown.has(v)) shown.set(v, c - (o.shown.get(v) ?? 0));
      const label = `${id}: ${m.respondents}×${(m.sum / m.respondents).toFixed(2)} − ${o.respondents}×${(o.sum / o.respondents).toFixed(2)}`;
      if (respondents < k)
        findings.push({ attack: 'mean differencing', detail: `${where}: ${label} = the sum of ${respondents} answer(s): ${(m.sum - o.sum).toFixed(2)}` });
      else findings.push(...solveMean({ label, respondents, sum: m.sum - o.sum, tolerance: m.tolerance + o.tolerance, scale: m.scale, shown }, k, where));
    }
  }
  // The comparison over rounds and the project's life are made of the releases: they move only with them.
  const releasesMoved = roundsOf(after).some((r) => releaseSize(r) !== releaseSize(earlier.get(String(r.roundId))));
  for (const part of ['comparison', 'lifecycle'] as const) {
    if (JSON.stringify(before[part]) === JSON.stringify(after[part])) continue;
    if (!releasesMoved) findings.push({ attack: 'summary differencing', detail: `summary.${part} changed while no round's release did` });
    findings.push(...countsDifferencing(before[part], after[part], k, `summary.${part}`));
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// 5. Progress and the "you said, we did" audience.

/** Staff may see these totals live (contract, point 3); coordinators see less. */
export const LIVE_TOTALS = ['enrolled', 'invited', 'started', 'completed'] as const;

/** Progress (`{ total, byLanguage, byChannel, … }`) as a reader in `role` sees it. */
export function attackProgress(progress: Obj, k: number, role: 'staff' | 'coordinator', where: string): Finding[] {
  const live = (path: string) => role === 'staff' && LIVE_TOTALS.some((m) => path === `${where}.total.${m}`);
  const findings = smallCounts(progress, k, where, live);
  const total = isObj(progress.total) ? progress.total : {};
  const metrics = new Set<string>(Object.keys(total));
  for (const field of ['byLanguage', 'byChannel'] as const) {
    const b = progress[field];
    if (isObj(b)) for (const cell of Object.values(b)) if (isObj(cell)) for (const m of Object.keys(cell)) metrics.add(m);
  }
  for (const metric of metrics) {
    const cells: Cell[] = [];
    const universes: Record<string, string[]> = {};
    // A live total and a released breakdown describe different moments: only released totals are subtracted from.
    if (!(role === 'staff' && (LIVE_TOTALS as readonly string[]).includes(metric)) && num(total[metric]) !== null)
      cells.push({ label: `total.${metric}`, box: {}, value: num(total[metric]) ?? 0 });
    for (const [field, facet] of [
      ['byLanguage', 'language'],
      ['byChannel', 'channel'],
    ] as const) {
      const b = progress[field];
      if (!isObj(b)) continue;
      universes[facet] = Object.keys(b);
      for (const [value, cell] of Object.entries(b)) {
        const n = isObj(cell) ? num(cell[metric]) : null;
        if (n !== null) cells.push({ label: `${field}.${value}.${metric}`, box: { [facet]: [value] }, value: n });
      }
    }
    findings.push(...deriveSmall(cells, universes, k, where));
  }
  return findings;
}

/** The feedback report (`{ audience: { recipients, byLanguage }, deliveries }`). */
export function attackFeedback(report: Obj, k: number, where: string): Finding[] {
  const findings = smallCounts(report, k, where);
  const audience = isObj(report.audience) ? report.audience : {};
  const byLanguage = isObj(audience.byLanguage) ? audience.byLanguage : {};
  const cells: Cell[] = [];
  if (num(audience.recipients) !== null) cells.push({ label: 'recipients', box: {}, value: num(audience.recipients) ?? 0 });
  for (const [l, n] of Object.entries(byLanguage)) if (num(n) !== null) cells.push({ label: `byLanguage.${l}`, box: { language: [l] }, value: num(n) ?? 0 });
  findings.push(...deriveSmall(cells, { language: Object.keys(byLanguage) }, k, where));
  return findings;
}

/** For assertions: the first findings, readable, and how many there were. */
export function explain(findings: readonly Finding[], max = 15): string[] {
  const lines = findings.slice(0, max).map((f) => `${f.attack} — ${f.detail}`);
  if (findings.length > max) lines.push(`… and ${findings.length - max} more`);
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// 6. Everything a reader downloads about one round at one moment, attacked alone and against another moment.

export interface Snapshot {
  /** What the reader did just before this download (for messages). */
  after: string;
  summary: Obj;
  /** The round's CSV rows, and the same round in the "numbers only" export. */
  rows: Row[];
  numbers: Row[];
  /** `progress` of the round as staff and as a coordinator see it. */
  progress: Obj;
  coordinatorProgress: Obj;
  /** The "you said, we did" report of the round (staff). */
  feedback: Obj;
}

/** Every attack on one moment's downloads. */
export function attackSnapshot(s: Snapshot, k: number, know: Knowledge = {}): Finding[] {
  return [
    ...smallClasses(s.rows, k),
    ...smallClasses(s.numbers, k, 'numbers-only CSV filtered by quasi-identifiers'),
    ...attackSummary(s.summary, k, know),
    ...attackProgress(s.progress, k, 'staff', 'progress'),
    ...attackProgress(s.coordinatorProgress, k, 'coordinator', 'coordinator progress'),
    ...attackFeedback(s.feedback, k, 'feedback'),
  ].map((f) => ({ ...f, detail: `after ${s.after}: ${f.detail}` }));
}

/** Every attack on two moments' downloads of the same round. */
export function attackPair(a: Snapshot, b: Snapshot, k: number, know: Knowledge = {}): Finding[] {
  const live = (path: string) => LIVE_TOTALS.some((m) => path === `progress.total.${m}`);
  return [
    ...csvDifferencing(a.rows, b.rows, k),
    ...csvDifferencing(a.numbers, b.numbers, k),
    ...summaryDifferencing(a.summary, b.summary, k, know),
    ...countsDifferencing(a.progress, b.progress, k, 'progress', live),
    ...countsDifferencing(a.coordinatorProgress, b.coordinatorProgress, k, 'coordinator progress'),
    ...countsDifferencing(a.feedback, b.feedback, k, 'feedback'),
  ].map((f) => ({ ...f, detail: `between "${a.after}" and "${b.after}": ${f.detail}` }));
}
