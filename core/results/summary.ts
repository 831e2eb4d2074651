import type { Answer, Channel, Project, Round } from '../model.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { byRespondent, outcomeOf, participationConsentId, type Outcome } from './respondents.js';

/**
 * Counts and means per round, rounds side by side, with small cells suppressed (DESIGN.md: k = 5).
 * Aggregated one respondent at a time: memory grows with questions and values, never with answers.
 */

export const K = 5;
export const SUPPRESSED = { suppressed: true } as const;
/** A number, or hidden because fewer than K respondents stand behind it. */
export type Cell = number | typeof SUPPRESSED;

export interface QuestionSummary {
  questionId: string;
  kind: QuestionInfo['kind'] | 'unknown';
  text: string;
  /** Respondents who answered (not skipped, not unreadable). */
  respondents: Cell;
  /** Scale, number and dyad questions: mean of the answers, 2 decimals; its count is `respondents`. */
  mean?: Cell;
  /** Consent, choice and statement questions, dyad points and triad zones: respondents per value. */
  values?: Record<string, Cell>;
  /** Dyads: the two poles; triads: the three corners, in the survey's main language. */
  poles?: readonly [string, string];
  corners?: readonly [string, string, string];
}

export interface RoundSummary extends Pick<Round, 'roundId' | 'label' | 'surveyId' | 'surveyVersion' | 'opensAt' | 'closesAt'> {
  /** Respondents with at least one answer in the round. */
  respondents: Cell;
  /** Respondents per language and per channel (each counted once: the language of their last answer). */
  languages: Record<string, Cell>;
  channels: Record<string, Cell>;
  questions: QuestionSummary[];
  /**
   * Respondents who finished, who did not (still in progress while the round runs; stopped before the end
   * once it has closed), and who declined to take part. They add up to `respondents`, and are suppressed
   * as one group.
   */
  complete: Cell;
  incomplete: Cell;
  declined: Cell;
}

/** The questions whose answers are positions on a line, so a mean says something. */
export type MeanKind = 'scale' | 'number' | 'dyad';
const hasMean = (kind: QuestionSummary['kind']): kind is MeanKind => kind === 'scale' || kind === 'number' || kind === 'dyad';

export interface MeanComparison {
  questionId: string;
  kind: MeanKind;
  text: string;
  /** Every round that asked the question, oldest first; `difference` is against the first of them. */
  rounds: Array<{ roundId: string; label: string; mean: Cell; difference: number | null }>;
}

export interface ProjectSummary {
  projectId: string;
  name: string;
  k: number;
  rounds: RoundSummary[];
  /** Means of questions asked in more than one round (start vs end). */
  comparison: MeanComparison[];
}

const CHANNELS: readonly Channel[] = ['sms', 'whatsapp', 'voice'];
const round2 = (x: number): number => Math.round(x * 100) / 100;
const cell = (n: number): Cell => (n >= K ? n : SUPPRESSED);
const shown = (c: Cell | undefined): c is number => typeof c === 'number';
const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Suppress a group of counts that add up to a total which is itself shown. Cells under K go first; then,
 * while the hidden cells add up to 1..K-1 (which the total would give away: "total 12, yes 10, no ▮" is
 * 2), the smallest shown cell is hidden too.
 */
export function suppressGroup(counts: ReadonlyMap<string, number>): Record<string, Cell> {
  const hidden = new Set([...counts].filter(([, n]) => n < K).map(([key]) => key));
  const hiddenSum = () => [...hidden].reduce((sum, key) => sum + (counts.get(key) ?? 0), 0);
  while (hiddenSum() > 0 && hiddenSum() < K) {
    const smallest = [...counts].filter(([key]) => !hidden.has(key)).sort((a, b) => a[1] - b[1])[0];
    if (!smallest) break;
    hidden.add(smallest[0]);
  }
  return Object.fromEntries([...counts].map(([key, n]) => [key, hidden.has(key) ? SUPPRESSED : n]));
}

interface QuestionTally {
  answered: number;
  sum: number;
  numeric: number;
  values: Map<string, number>;
}

/** The running totals of one round. */
export class RoundTally {
  private respondents = 0;
  private readonly languages = new Map<string, number>();
  private readonly channels = new Map<string, number>(CHANNELS.map((c) => [c, 0]));
  private readonly tallies = new Map<string, QuestionTally>();
  private readonly outcomes = new Map<'complete' | 'incomplete' | 'declined', number>([
    ['complete', 0],
    ['incomplete', 0],
    ['declined', 0],
  ]);
  private readonly consentId: string | null;

  constructor(
    private readonly roundOfSurvey: RoundOfSurvey,
    private readonly questions: ReadonlyMap<string, QuestionInfo>,
    /** Listed even when nobody answered in them, so that a hidden cell does not tell "some" from "none". */
    languages: readonly string[],
  ) {
    this.consentId = participationConsentId(roundOfSurvey.survey.definition);
    for (const l of languages) this.languages.set(l, 0);
    for (const [id, q] of questions) this.tallies.set(id, { answered: 0, sum: 0, numeric: 0, values: new Map(q.values.map((v) => [v, 0])) });
  }

  /** All answers of one respondent in this round, in survey order; `completed`: their completion marker. */
  addRespondent(answers: readonly Answer[], completed = false): void {
    const last = answers.at(-1);
    if (!last) return;
    this.respondents++;
    const outcome: Outcome = outcomeOf({ respondentCode: last.respondentCode, answers: [...answers], completed }, this.roundOfSurvey.round, this.consentId);
    bump(this.outcomes, outcome === 'in-progress' ? 'incomplete' : outcome);
    bump(this.languages, last.language);
    bump(this.channels, last.channel);
    for (const a of answers) {
      let t = this.tallies.get(a.questionId);
      if (!t) this.tallies.set(a.questionId, (t = { answered: 0, sum: 0, numeric: 0, values: new Map() }));
      if (a.status !== 'answered' || a.value === null) continue;
      t.answered++;
      if (typeof a.value === 'number') {
        t.sum += a.value;
        t.numeric++;
      }
      const q = this.questions.get(a.questionId);
      if (q && q.values.length > 0) bump(t.values, String(a.value));
    }
  }

  summary(): RoundSummary {
    const { round } = this.roundOfSurvey;
    const respondents = cell(this.respondents);
    const questions = [...this.tallies].map(([id, t]): QuestionSummary => {
      const q = this.questions.get(id);
      const base = {
        questionId: id,
        kind: q?.kind ?? 'unknown',
        text: q?.text ?? '',
        respondents: cell(t.answered),
        ...(q?.poles ? { poles: q.poles } : {}),
        ...(q?.corners ? { corners: q.corners } : {}),
      } as const;
      const mean = q && hasMean(q.kind) ? { mean: t.numeric >= K ? round2(t.sum / t.numeric) : SUPPRESSED } : {};
      const values = q && q.values.length > 0 ? { values: suppressGroup(t.values) } : {};
      return { ...base, ...mean, ...values };
    });
    return {
      roundId: round.roundId,
      label: round.label,
      surveyId: round.surveyId,
      surveyVersion: round.surveyVersion,
      opensAt: round.opensAt,
      closesAt: round.closesAt,
      respondents,
      languages: suppressGroup(this.languages),
      channels: suppressGroup(this.channels),
      questions,
      ...(suppressGroup(this.outcomes) as Record<'complete' | 'incomplete' | 'declined', Cell>),
    };
  }
}

export async function summarizeRound(roundOfSurvey: RoundOfSurvey, source: AnswerSource, languages: readonly string[] = []): Promise<RoundSummary> {
  const questions = questionsOf(roundOfSurvey.survey);
  const allLanguages = [...new Set([...languages, ...roundOfSurvey.survey.definition.languages])];
  const tally = new RoundTally(roundOfSurvey, questions, allLanguages);
  const { projectId, roundId } = roundOfSurvey.round;
  for await (const r of byRespondent(source.records(projectId, roundId), questions)) tally.addRespondent(r.answers, r.completed);
  return tally.summary();
}

/** Means of the same question id across rounds; a difference only where both means are shown. */
export function compareMeans(rounds: readonly RoundSummary[]): MeanComparison[] {
  const byQuestion = new Map<string, MeanComparison>();
  for (const r of rounds) {
    for (const q of r.questions) {
      if (!hasMean(q.kind) || q.mean === undefined) continue;
      let c = byQuestion.get(q.questionId);
      if (!c) byQuestion.set(q.questionId, (c = { questionId: q.questionId, kind: q.kind, text: q.text, rounds: [] }));
      const base = c.rounds[0]?.mean;
      const difference = c.rounds.length > 0 && shown(base) && shown(q.mean) ? round2(q.mean - base) : null;
      c.rounds.push({ roundId: r.roundId, label: r.label, mean: q.mean, difference });
    }
  }
  return [...byQuestion.values()].filter((c) => c.rounds.length > 1);
}

/** All rounds of a project, in the order given (oldest first), compared. */
export async function summarizeProject(project: Project, rounds: readonly RoundOfSurvey[], source: AnswerSource): Promise<ProjectSummary> {
  const summaries: RoundSummary[] = [];
  for (const r of rounds) summaries.push(await summarizeRound(r, source, project.languages));
  return { projectId: project.projectId, name: project.name, k: K, rounds: summaries, comparison: compareMeans(summaries) };
}
