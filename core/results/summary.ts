import type { Answer, Round } from '../model.js';
import { type Family, type Published, type Table } from '../disclosure/audit.js';
import { SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { QuasiIdentifiers } from '../disclosure/generalise.js';
import { gatesOf, NO_ANSWER, type Gate } from './question-gates.js';
import { givenAnswer } from './answered.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { auditWithMerges, mergedView, type MergedView } from './small-groups.js';

export { SUPPRESSED, type Cell } from '../disclosure/cells.js';

/**
 * A round's counts and means as of one release (core/disclosure/release.ts), through disclosure control
 * (core/disclosure/audit.ts): every count 0 or ≥ k, nothing smaller derivable from the others, from the
 * follow-up questions or from what earlier releases showed. Tallied one respondent at a time: memory grows
 * with questions and values, never with answers.
 */

export interface QuestionSummary {
  questionId: string;
  kind: QuestionInfo['kind'];
  text: string;
  /** Respondents who answered (not skipped, not unreadable). */
  respondents: Cell;
  /** Scale, number and dyad questions: mean of the answers, 2 decimals, over `respondents` (hidden with it). */
  mean?: Cell;
  /** Consent, choice and statement questions, dyad points and triad zones: respondents per value. */
  values?: Record<string, Cell>;
  /** Dyads: the two poles; triads: the three corners, in the survey's main language. */
  poles?: readonly [string, string];
  corners?: readonly [string, string, string];
  /** Where k hid values: the values merged into groups, as disclosure control shows them (core/results/small-groups.ts). */
  merged?: MergedView;
}

export interface ReleaseInfo {
  /** 0: nothing released yet (fewer than k have finished). */
  number: number;
  /** Respondents in the release (as `respondents` of the summary: hidden should erasure leave it 1..k−1 from the last). */
  respondents: Cell;
  createdAt: string | null;
}

export interface RoundSummary extends Pick<Round, 'roundId' | 'label' | 'surveyId' | 'surveyVersion' | 'opensAt' | 'closesAt'> {
  release: ReleaseInfo;
  /** Respondents in the release. */
  respondents: Cell;
  /** Respondents per language and channel as the export writes them (a rare value is `other`). */
  languages: Record<string, Cell>;
  channels: Record<string, Cell>;
  questions: QuestionSummary[];
  /** Who finished, stopped before the end (the round has closed), declined; `otherOutcome`: written as `other`. */
  complete: Cell;
  incomplete: Cell;
  declined: Cell;
  otherOutcome: Cell;
}

/** The questions whose answers are positions on a line, so a mean says something. */
export type MeanKind = 'scale' | 'number' | 'dyad';
export const hasMean = (kind: QuestionSummary['kind']): kind is MeanKind => kind === 'scale' || kind === 'number' || kind === 'dyad';

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * A mean pins answers down when the answers lie within fewer than k steps of an end of the scale: 4.8
 * over five answers from 1 to 5 can only be four 5s and one 4. Then it is hidden (everyone at the end —
 * "all five said 5" — is about the group, like a count of 0).
 */
export function meanPinsAnswers(sum: number, n: number, range: readonly [number, number] | undefined, k: number): boolean {
  if (n <= 0 || !range) return false;
  const [lo, hi] = range;
  const belowTop = n * hi - sum;
  const aboveBottom = sum - n * lo;
  return (belowTop > 0 && belowTop < k) || (aboveBottom > 0 && aboveBottom < k);
}
const bump = (map: Map<string, number>, key: string, by = 1): void => void map.set(key, (map.get(key) ?? 0) + by);

/** Count ids of the round table. */
export const ids = {
  respondents: 'n',
  language: (v: string) => `lang/${v}`,
  channel: (v: string) => `chan/${v}`,
  outcome: (v: string) => `out/${v}`,
  answered: (q: string) => `q/${q}/n`,
  value: (q: string, v: string) => (v === NO_ANSWER ? `q/${q}/none` : `q/${q}/v/${v}`),
  /** Not a count: the sum behind a published mean, kept so later releases can check what their change pins down. */
  sum: (q: string) => `q/${q}/sum`,
};

const OUTCOMES = { yes: 'complete', no: 'incomplete', declined: 'declined', other: 'other' } as const;

interface QuestionTally {
  answered: number;
  sum: number;
  numeric: number;
  values: Map<string, number>;
}

/** The running totals of one round's released respondents. */
export class RoundTally {
  private respondents = 0;
  private readonly languages = new Map<string, number>();
  private readonly channels = new Map<string, number>();
  private readonly outcomes = new Map<string, number>();
  private readonly tallies = new Map<string, QuestionTally>();
  private readonly gates: Map<string, Gate[]>;

  constructor(
    private readonly roundOfSurvey: RoundOfSurvey,
    readonly questions: ReadonlyMap<string, QuestionInfo> = questionsOf(roundOfSurvey.survey),
  ) {
    this.gates = gatesOf(roundOfSurvey.survey, questions);
    for (const [id, q] of questions) this.tallies.set(id, { answered: 0, sum: 0, numeric: 0, values: new Map(q.values.map((v) => [v, 0])) });
  }

  /** All answers of one released respondent, with the quasi-identifiers their release gave them. */
  add(answers: readonly Answer[], qi: QuasiIdentifiers): void {
    this.respondents++;
    bump(this.languages, qi.language);
    bump(this.channels, qi.channel);
    bump(this.outcomes, OUTCOMES[qi.completed as keyof typeof OUTCOMES] ?? 'other');
    for (const a of answers) {
      const t = this.tallies.get(a.questionId);
      const q = this.questions.get(a.questionId);
      if (!t || !q || !givenAnswer(a, q)) continue;
      // A value the question does not count (an answer kept from an older wording) is not half-counted.
      if (q.values.length > 0 && !q.values.includes(String(a.value))) continue;
      t.answered++;
      if (typeof a.value === 'number') {
        t.sum += a.value;
        t.numeric++;
      }
      if (q.values.length > 0) bump(t.values, String(a.value));
    }
  }

  /** The sum of a question's numeric answers. */
  sumOf(questionId: string): number {
    return this.tallies.get(questionId)?.sum ?? 0;
  }

  /** Every count, as families for the audit. */
  table(): Table {
    const counts = new Map<string, number>([[ids.respondents, this.respondents]]);
    const families: Family[] = [];
    const neverPublished = new Set<string>();
    const family = (id: string, cells: ReadonlyMap<string, number>, cellId: (v: string) => string): Family => {
      for (const [v, n] of cells) counts.set(cellId(v), n);
      return { id, totalId: ids.respondents, cellIds: [...cells.keys()].map(cellId), subtotals: [] };
    };
    families.push(
      family('languages', this.languages, ids.language),
      family('channels', this.channels, ids.channel),
      family('outcomes', this.outcomes, ids.outcome),
    );
    const questionFamilies = new Map<string, Family & { subtotals: Array<{ id: string; members: string[] }> }>();
    for (const [id, t] of this.tallies) {
      const q = this.questions.get(id);
      const cells = new Map(t.values);
      cells.set(NO_ANSWER, this.respondents - t.answered);
      counts.set(ids.answered(id), t.answered);
      neverPublished.add(ids.value(id, NO_ANSWER));
      const f = { ...family(`q/${id}`, cells, (v) => ids.value(id, v)), subtotals: [] as Array<{ id: string; members: string[] }> };
      // With counted values the answered count is their sum; without, it is the family's one cell.
      if (q && q.values.length > 0) f.subtotals.push({ id: ids.answered(id), members: q.values.map((v) => ids.value(id, v)) });
      else f.cellIds = [ids.answered(id), ids.value(id, NO_ANSWER)];
      questionFamilies.set(id, f);
    }
    for (const [id, gates] of this.gates) {
      for (const gate of gates)
        questionFamilies.get(gate.question)?.subtotals.push({ id: ids.answered(id), members: gate.members.map((v) => ids.value(gate.question, v)) });
    }
    families.push(...questionFamilies.values());
    return { counts, families, neverPublished };
  }

  /**
   * The round as `published` lets it be shown. Means: over a shown count, beside no hidden value, pinning
   * no answer down — neither their own nor their change since an earlier release (`earlier`) does.
   */
  summary(published: Published, release: ReleaseInfo, k: number, earlier: readonly Published[] = []): RoundSummary {
    const { round } = this.roundOfSurvey;
    const cell = (id: string): Cell => published[id] ?? SUPPRESSED;
    const cells = (map: ReadonlyMap<string, number>, id: (v: string) => string): Record<string, Cell> =>
      Object.fromEntries([...map.keys()].map((v) => [v, cell(id(v))]));
    const questions = [...this.tallies].map(([id, t]): QuestionSummary => {
      const q = this.questions.get(id);
      const kind = q?.kind ?? 'open';
      const answered = cell(ids.answered(id));
      const values = q && q.values.length > 0 ? cells(t.values, (v) => ids.value(id, v)) : undefined;
      // A mean next to partly hidden counts would let the hidden ones be solved for.
      const changePins = (before: Published): boolean => {
        const n0 = before[ids.answered(id)];
        const s0 = before[ids.sum(id)];
        if (n0 === undefined || s0 === undefined) return false;
        return t.numeric === n0 ? t.sum !== s0 : meanPinsAnswers(t.sum - s0, t.numeric - n0, q?.range, k);
      };
      const meanShown =
        typeof answered === 'number' &&
        t.numeric === t.answered &&
        t.numeric > 0 &&
        Object.values(values ?? {}).every((c) => typeof c === 'number') &&
        !meanPinsAnswers(t.sum, t.numeric, q?.range, k) &&
        !earlier.some(changePins);
      return {
        questionId: id,
        kind,
        text: q?.text ?? '',
        respondents: answered,
        ...(hasMean(kind) ? { mean: meanShown ? round2(t.sum / t.numeric) : SUPPRESSED } : {}),
        ...(values ? { values } : {}),
        ...(q?.poles ? { poles: q.poles } : {}),
        ...(q?.corners ? { corners: q.corners } : {}),
      };
    });
    const outcome = (v: string): Cell => (this.outcomes.has(v) ? cell(ids.outcome(v)) : 0);
    return {
      roundId: round.roundId,
      label: round.label,
      surveyId: round.surveyId,
      surveyVersion: round.surveyVersion,
      opensAt: round.opensAt,
      closesAt: round.closesAt,
      release: { ...release, respondents: release.number === 0 ? SUPPRESSED : cell(ids.respondents) },
      respondents: release.number === 0 ? SUPPRESSED : cell(ids.respondents),
      languages: cells(this.languages, ids.language),
      channels: cells(this.channels, ids.channel),
      questions,
      complete: outcome('complete'),
      incomplete: outcome('incomplete'),
      declined: outcome('declined'),
      otherOutcome: outcome('other'),
    };
  }
}

/** A round's summary before its first release: its questions, every count hidden. */
export function unreleasedSummary(roundOfSurvey: RoundOfSurvey): RoundSummary {
  return new RoundTally(roundOfSurvey).summary({}, { number: 0, respondents: SUPPRESSED, createdAt: null }, Number.POSITIVE_INFINITY);
}

/** Tally, audit against earlier releases, and render: the summary a new release freezes. */
export function releaseSummary(
  tally: RoundTally,
  k: number,
  earlier: readonly Published[],
  release: Omit<ReleaseInfo, 'respondents'>,
): { summary: RoundSummary; published: Published } {
  // The values and, where k hid some, their merged groups: one audit over both.
  const { published: counts, plans } = auditWithMerges(tally.table(), tally.questions, k, earlier, ids.value);
  const rendered = tally.summary(counts, { ...release, respondents: SUPPRESSED }, k, earlier);
  const summary = {
    ...rendered,
    questions: rendered.questions.map((q) => {
      const plan = plans.get(q.questionId);
      return plan ? { ...q, merged: mergedView(q.questionId, plan, counts, ids.value) } : q;
    }),
  };
  // The sums behind the means shown, for the next release's check (never shown themselves).
  const sums = Object.fromEntries(summary.questions.flatMap((q) => (typeof q.mean === 'number' ? [[ids.sum(q.questionId), tally.sumOf(q.questionId)]] : [])));
  return { summary, published: { ...counts, ...sums } };
}
