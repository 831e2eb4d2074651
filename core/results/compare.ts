import type { Answer } from '../model.js';
import { audit, type Published, type Table } from '../disclosure/audit.js';
import { SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { byRespondent } from './respondents.js';
import type { QuestionSummary, RoundSummary } from './summary.js';

/**
 * The rounds of a project compared over its life. Trends, agreement and dyad shifts are read from each
 * round's released summary, so they show nothing its release did not. People who answered more than one
 * round are linked only when the project chose to compare the same people (`disclosure.linkRounds`), only
 * through released respondents, and their counts go through disclosure control against what earlier
 * comparisons published.
 */

export interface RoundRef {
  roundId: string;
  label: string;
}

/** A value of one round; `null`: the round did not ask the question. */
export interface RoundPoint<T> extends RoundRef {
  value: T | null;
}

/** A statement's agreement: the share of those who answered it who said "true", in percent. */
export type Agreement = { percent: number; respondents: number } | typeof SUPPRESSED;

export interface Trend {
  questionId: string;
  kind: 'scale';
  text: string;
  /** Every round of the project, oldest first. */
  points: Array<RoundPoint<Cell>>;
}

export interface AgreementTrend {
  questionId: string;
  text: string;
  points: Array<RoundPoint<Agreement>>;
}

export interface DyadShift {
  questionId: string;
  text: string;
  poles: readonly [string, string];
  from: RoundRef & { mean: Cell };
  to: RoundRef & { mean: Cell };
  /** Mean of the last minus mean of the first; null when either is hidden. */
  shift: number | null;
}

export interface Returning {
  /** The project links people across rounds (`disclosure.linkRounds`); otherwise nothing below is counted. */
  linked: boolean;
  /** The first and the last round with a release; null when fewer than two such rounds. */
  first: RoundRef | null;
  last: RoundRef | null;
  /** People who answered in two rounds or more. */
  inSeveralRounds: Cell;
  /** People who answered in both the first and the last round. */
  firstAndLast: Cell;
  /** Of those, the ones who gave an energy answer both times, and the mean of (last − first); null when one round did not ask it. */
  energy: { pairs: Cell; change: Cell } | null;
}

export interface Lifecycle {
  k: number;
  rounds: RoundRef[];
  trends: Trend[];
  agreement: AgreementTrend[];
  dyadShifts: DyadShift[];
  returning: Returning;
}

export const ENERGY = 'energy';
const AGREE = 'true';
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

const refOf = (s: RoundSummary): RoundRef => ({ roundId: s.roundId, label: s.label });
const questionOf = (s: RoundSummary, id: string, kind: QuestionInfo['kind']): QuestionSummary | undefined =>
  s.questions.find((q) => q.questionId === id && q.kind === kind);

/** Question ids of `kind` asked by at least two rounds, in the order they first appear. */
function sharedQuestions(rounds: readonly RoundSummary[], kind: QuestionInfo['kind']): string[] {
  const seen = new Map<string, number>();
  for (const r of rounds) for (const q of r.questions) if (q.kind === kind) seen.set(q.questionId, (seen.get(q.questionId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n >= 2).map(([id]) => id);
}

/** The text of the newest round that asked the question (a later version may have better wording). */
const textOf = (rounds: readonly RoundSummary[], id: string): string =>
  rounds.findLast((r) => r.questions.some((q) => q.questionId === id))?.questions.find((q) => q.questionId === id)?.text ?? '';

/** Agreement from the released counts: shown only where the count of "true" and the answered count are. */
export function agreementOf(q: QuestionSummary): Agreement {
  const agree = q.values?.[AGREE];
  if (typeof agree !== 'number' || typeof q.respondents !== 'number' || q.respondents === 0) return SUPPRESSED;
  return { percent: round1((100 * agree) / q.respondents), respondents: q.respondents };
}

export const notLinked = (): Returning => ({ linked: false, first: null, last: null, inSeveralRounds: SUPPRESSED, firstAndLast: SUPPRESSED, energy: null });

/** The released summaries of a project's rounds (oldest first) compared. */
export function lifecycleOf(summaries: readonly RoundSummary[], k: number, returning: Returning): Lifecycle {
  const point = <T>(r: RoundSummary, value: T | null): RoundPoint<T> => ({ ...refOf(r), value });
  const scales = sharedQuestions(summaries, 'scale').sort((a, b) => Number(b === ENERGY) - Number(a === ENERGY));
  const trends = scales.map(
    (id): Trend => ({
      questionId: id,
      kind: 'scale',
      text: textOf(summaries, id),
      points: summaries.map((r) => point(r, questionOf(r, id, 'scale')?.mean ?? null)),
    }),
  );
  const agreement = sharedQuestions(summaries, 'statement').map(
    (id): AgreementTrend => ({
      questionId: id,
      text: textOf(summaries, id),
      points: summaries.map((r) => {
        const q = questionOf(r, id, 'statement');
        return point(r, q ? agreementOf(q) : null);
      }),
    }),
  );
  const dyadShifts = sharedQuestions(summaries, 'dyad').flatMap((id): DyadShift[] => {
    const askedIn = summaries.filter((r) => questionOf(r, id, 'dyad'));
    const first = askedIn[0];
    const last = askedIn.at(-1);
    const poles = last && questionOf(last, id, 'dyad')?.poles;
    if (!first || !last || !poles) return [];
    const from = questionOf(first, id, 'dyad')?.mean ?? SUPPRESSED;
    const to = questionOf(last, id, 'dyad')?.mean ?? SUPPRESSED;
    const shift = typeof from === 'number' && typeof to === 'number' ? round2(to - from) : null;
    return [{ questionId: id, text: textOf(summaries, id), poles, from: { ...refOf(first), mean: from }, to: { ...refOf(last), mean: to }, shift }];
  });
  return { k, rounds: summaries.map(refOf), trends, agreement, dyadShifts, returning };
}

/** One round's released respondents, for linking people across rounds. */
export interface LinkedRound extends RoundOfSurvey {
  released: ReadonlyMap<string, unknown>;
}

/** Per person (project-scoped code), the rounds they answered: index → their energy answer, or null. Held in memory only. */
type Attendance = Map<number, number | null>;

const energyOf = (answers: readonly Answer[]): number | null => {
  const a = answers.find((x) => x.questionId === ENERGY && x.status === 'answered');
  return typeof a?.value === 'number' ? a.value : null;
};

/**
 * People in several rounds, among released respondents of rounds with a release: counts as one table for
 * the audit (stages once / several / first-and-last / energy pair), published against earlier comparisons.
 */
export async function returningPeople(
  rounds: readonly LinkedRound[],
  source: Pick<AnswerSource, 'records'>,
  k: number,
  earlier: readonly Published[],
): Promise<{ returning: Returning; published: Published }> {
  const counted = rounds.filter((r) => r.released.size > 0);
  const first = counted[0];
  const last = counted.at(-1);
  const people = new Map<string, Attendance>();
  for (const [index, r] of counted.entries()) {
    for await (const respondent of byRespondent(source.records(r.round.projectId, r.round.roundId), questionsOf(r.survey))) {
      if (!r.released.has(respondent.respondentCode)) continue;
      const attended = people.get(respondent.respondentCode) ?? new Map<number, number | null>();
      attended.set(index, energyOf(respondent.answers));
      people.set(respondent.respondentCode, attended);
    }
  }
  const lastIndex = counted.length - 1;
  const stage = new Map([
    ['once', 0],
    ['several', 0],
    ['both', 0],
    ['pair', 0],
  ]);
  let change = 0;
  for (const attended of people.values()) {
    const before = attended.get(0);
    const after = attended.get(lastIndex);
    const both = lastIndex > 0 && attended.has(0) && attended.has(lastIndex);
    const pair = both && typeof before === 'number' && typeof after === 'number';
    const s = attended.size < 2 ? 'once' : pair ? 'pair' : both ? 'both' : 'several';
    stage.set(s, (stage.get(s) ?? 0) + 1);
    if (pair) change += after - before;
  }
  const n = (s: string) => stage.get(s) ?? 0;
  const counts = new Map<string, number>([
    ['r/people', people.size],
    ['r/once', n('once')],
    ['r/several-only', n('several')],
    ['r/both-only', n('both')],
    ['r/pair', n('pair')],
    ['r/several', n('several') + n('both') + n('pair')],
    ['r/both', n('both') + n('pair')],
    ['r/pairs', n('pair')],
  ]);
  const table: Table = {
    counts,
    families: [
      {
        id: 'returning',
        totalId: 'r/people',
        cellIds: ['r/once', 'r/several-only', 'r/both-only', 'r/pair'],
        subtotals: [
          { id: 'r/several', members: ['r/several-only', 'r/both-only', 'r/pair'] },
          { id: 'r/both', members: ['r/both-only', 'r/pair'] },
          { id: 'r/pairs', members: ['r/pair'] },
        ],
      },
    ],
    // The number of distinct people is shown nowhere (and cannot be worked out from the rounds' counts).
    neverPublished: new Set(['r/people', 'r/once', 'r/several-only', 'r/both-only', 'r/pair']),
  };
  const published = audit(table, k, earlier);
  const cell = (id: string): Cell => published[id] ?? SUPPRESSED;
  const energyAsked = (r: LinkedRound | undefined) => (r ? questionsOf(r.survey).get(ENERGY)?.kind === 'scale' : false);
  const twoRounds = first && last && first !== last;
  const pairs = cell('r/pairs');
  return {
    published,
    returning: {
      linked: true,
      first: twoRounds ? { roundId: first.round.roundId, label: first.round.label } : null,
      last: twoRounds ? { roundId: last.round.roundId, label: last.round.label } : null,
      inSeveralRounds: cell('r/several'),
      firstAndLast: twoRounds ? cell('r/both') : SUPPRESSED,
      energy:
        twoRounds && energyAsked(first) && energyAsked(last)
          ? { pairs, change: typeof pairs === 'number' && pairs > 0 ? round2(change / pairs) : SUPPRESSED }
          : null,
    },
  };
}
