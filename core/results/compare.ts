import type { Answer } from '../model.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { participationConsentId } from './respondents.js';
import { K, SUPPRESSED, type Cell } from './summary.js';

/**
 * The rounds of a project compared over its life: the energy trend (and any other scale question asked
 * in more than one round), agreement with each statement asked again, how dyad answers moved from the
 * first to the last round that asked them, and the people who answered more than one round — linked
 * only by their project-scoped respondent code, which never leaves this module.
 * Small numbers stay hidden as in the summary (k = 5).
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
  /** The first and the last round with at least K respondents; null when fewer than two such rounds. */
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

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round1 = (x: number): number => Math.round(x * 10) / 10;
const cell = (n: number): Cell => (n >= K ? n : SUPPRESSED);
const meanCell = (sum: number, n: number): Cell => (n >= K ? round2(sum / n) : SUPPRESSED);

/**
 * Shown only when at least K answered and neither side singles out fewer than K people: "11 of 12 said
 * true" would tell everyone who knows the group what the 12th said (the summary's group rule, for two cells).
 */
export function agreementCell(agree: number, answered: number): Agreement {
  const other = answered - agree;
  if (answered < K || (agree > 0 && agree < K) || (other > 0 && other < K)) return SUPPRESSED;
  return { percent: round1((100 * agree) / answered), respondents: answered };
}

interface RoundTotals {
  ref: RoundRef;
  questions: ReadonlyMap<string, QuestionInfo>;
  /** The question asking whether they take part; null when the survey has none. */
  consentId: string | null;
  /** People who took part: answered, and did not decline at the consent. */
  respondents: number;
  /** Scale and dyad questions: sum and count of numeric answers. */
  means: Map<string, { sum: number; n: number }>;
  /** Statements: answered, and answered "true". */
  statements: Map<string, { answered: number; agree: number }>;
}

/** Per person, the rounds they answered (index → their energy answer, or null). Held in memory only. */
type Attendance = Map<number, number | null>;

function tallyRound(totals: RoundTotals, answers: readonly Answer[]): number | null | undefined {
  // Rows of other kinds (a completion marker, a question the survey does not have) are not answers here.
  const known = answers.filter((a) => totals.questions.has(a.questionId));
  const consent = known.find((a) => a.questionId === totals.consentId);
  // Someone who said no (or could not be understood) at the consent did not take part.
  if (known.length === 0 || (consent && !(consent.status === 'answered' && consent.value === 'yes'))) return undefined;
  totals.respondents++;
  let energy: number | null = null;
  for (const a of known) {
    if (a.status !== 'answered' || a.value === null) continue;
    const q = totals.questions.get(a.questionId);
    if ((q?.kind === 'scale' || q?.kind === 'dyad') && typeof a.value === 'number') {
      const m = totals.means.get(a.questionId) ?? { sum: 0, n: 0 };
      totals.means.set(a.questionId, { sum: m.sum + a.value, n: m.n + 1 });
      if (a.questionId === ENERGY && q.kind === 'scale') energy = a.value;
    }
    if (q?.kind === 'statement') {
      const s = totals.statements.get(a.questionId) ?? { answered: 0, agree: 0 };
      totals.statements.set(a.questionId, { answered: s.answered + 1, agree: s.agree + (a.value === AGREE ? 1 : 0) });
    }
  }
  return energy;
}

/** Question ids of `kind` asked by at least two rounds, in the order they first appear. */
function sharedQuestions(rounds: readonly RoundTotals[], kind: QuestionInfo['kind']): string[] {
  const seen = new Map<string, number>();
  for (const r of rounds) for (const q of r.questions.values()) if (q.kind === kind) seen.set(q.id, (seen.get(q.id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n >= 2).map(([id]) => id);
}

/** The text of the newest round that asked the question (a later version may have better wording). */
const textOf = (rounds: readonly RoundTotals[], id: string): string => rounds.findLast((r) => r.questions.has(id))?.questions.get(id)?.text ?? '';

const asked = (r: RoundTotals, id: string, kind: QuestionInfo['kind']): boolean => r.questions.get(id)?.kind === kind;

function returning(rounds: readonly RoundTotals[], people: ReadonlyMap<string, Attendance>): Returning {
  let inSeveralRounds = 0;
  for (const attended of people.values()) if (attended.size >= 2) inSeveralRounds++;
  const counted = rounds.flatMap((r, i) => (r.respondents >= K ? [i] : []));
  const firstIndex = counted[0];
  const lastIndex = counted.at(-1);
  const first = firstIndex === undefined ? undefined : rounds[firstIndex];
  const last = lastIndex === undefined ? undefined : rounds[lastIndex];
  if (firstIndex === undefined || lastIndex === undefined || !first || !last || firstIndex === lastIndex) {
    return { first: null, last: null, inSeveralRounds: cell(inSeveralRounds), firstAndLast: cell(0), energy: null };
  }
  let both = 0;
  let pairs = 0;
  let change = 0;
  for (const attended of people.values()) {
    if (!attended.has(firstIndex) || !attended.has(lastIndex)) continue;
    both++;
    const before = attended.get(firstIndex);
    const after = attended.get(lastIndex);
    if (typeof before === 'number' && typeof after === 'number') {
      pairs++;
      change += after - before;
    }
  }
  const energyAsked = asked(first, ENERGY, 'scale') && asked(last, ENERGY, 'scale');
  return {
    first: first.ref,
    last: last.ref,
    inSeveralRounds: cell(inSeveralRounds),
    firstAndLast: cell(both),
    energy: energyAsked ? { pairs: cell(pairs), change: meanCell(change, pairs) } : null,
  };
}

/** A round's rows one respondent at a time: the source yields each respondent's rows adjacently (key order). */
async function* respondents(pages: AsyncIterable<readonly Answer[]>): AsyncGenerator<{ code: string; answers: Answer[] }> {
  let current: { code: string; answers: Answer[] } | null = null;
  for await (const page of pages) {
    for (const row of page) {
      if (current && current.code !== row.respondentCode) {
        yield current;
        current = null;
      }
      current ??= { code: row.respondentCode, answers: [] };
      current.answers.push(row);
    }
  }
  if (current) yield current;
}

/** The project's rounds (oldest first) compared; reads each round's answers once, one respondent at a time. */
export async function compareRounds(rounds: readonly RoundOfSurvey[], source: Pick<AnswerSource, 'pages'>): Promise<Lifecycle> {
  const totals: RoundTotals[] = [];
  const people = new Map<string, Attendance>();
  for (const [index, { round, survey }] of rounds.entries()) {
    const t: RoundTotals = {
      ref: { roundId: round.roundId, label: round.label },
      questions: questionsOf(survey),
      consentId: participationConsentId(survey.definition),
      respondents: 0,
      means: new Map(),
      statements: new Map(),
    };
    for await (const { code, answers } of respondents(source.pages(round.projectId, round.roundId))) {
      const energy = tallyRound(t, answers);
      if (energy === undefined) continue;
      const attended = people.get(code) ?? new Map<number, number | null>();
      attended.set(index, energy);
      people.set(code, attended);
    }
    totals.push(t);
  }

  const point = <T>(r: RoundTotals, value: T | null): RoundPoint<T> => ({ ...r.ref, value });
  const meanOf = (r: RoundTotals, id: string): Cell => {
    const m = r.means.get(id);
    return m ? meanCell(m.sum, m.n) : SUPPRESSED;
  };
  const scales = sharedQuestions(totals, 'scale').sort((a, b) => Number(b === ENERGY) - Number(a === ENERGY));
  const trends = scales.map((id): Trend => ({ questionId: id, kind: 'scale', text: textOf(totals, id), points: totals.map((r) => point(r, asked(r, id, 'scale') ? meanOf(r, id) : null)) }));

  const agreement = sharedQuestions(totals, 'statement').map(
    (id): AgreementTrend => ({
      questionId: id,
      text: textOf(totals, id),
      points: totals.map((r) => {
        const s = r.statements.get(id) ?? { answered: 0, agree: 0 };
        return point(r, asked(r, id, 'statement') ? agreementCell(s.agree, s.answered) : null);
      }),
    }),
  );

  const dyadShifts = sharedQuestions(totals, 'dyad').flatMap((id): DyadShift[] => {
    const askedIn = totals.filter((r) => asked(r, id, 'dyad'));
    const first = askedIn[0];
    const last = askedIn.at(-1);
    const poles = last?.questions.get(id)?.poles;
    if (!first || !last || !poles) return [];
    const from = meanOf(first, id);
    const to = meanOf(last, id);
    const shift = typeof from === 'number' && typeof to === 'number' ? round2(to - from) : null;
    return [{ questionId: id, text: textOf(totals, id), poles, from: { ...first.ref, mean: from }, to: { ...last.ref, mean: to }, shift }];
  });

  return { k: K, rounds: totals.map((r) => r.ref), trends, agreement, dyadShifts, returning: returning(totals, people) };
}
