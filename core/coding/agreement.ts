import { small } from '../disclosure/cells.js';
import { addDecision, addTables, cohensKappa, emptyTable, type AgreementTable } from './kappa.js';

/**
 * How well two coders agree (Cohen's kappa, core/coding/kappa.ts), over the answers both coded — an answer
 * one of them has not given any code yet is not a "no" of theirs, only not coded. For each code either of
 * them used there, every shared answer is a yes/no decision of each; "overall" pools the decisions of all
 * those codes. A code neither used is left out: two coders who both never thought of it are not agreeing
 * about anything.
 *
 * The number of shared answers counts released answers, so it is shown like any count — 0 or k and more —
 * and below k there is no kappa either ("too few"): a κ over three answers says little about the coders
 * and something about those three.
 */

export interface CodedAnswer {
  /** Which answer: unique across the rounds compared. */
  answer: string;
  coder: string;
  codes: readonly string[];
}

export interface CoderWork {
  coder: string;
  /** Answers this coder coded; null when 1..k−1. */
  answers: number | null;
}

export interface PairAgreement {
  coders: [string, string];
  /** Answers both coded; null when 1..k−1. */
  answers: number | null;
  /** Fewer than k shared answers: no kappa is shown. */
  tooFew: boolean;
  /** κ pooled over the codes either used (3 decimals); null when too few. */
  overall: number | null;
  codes: Array<{ code: string; kappa: number | null }>;
}

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
const shownCount = (n: number, k: number): number | null => (small(n, k) ? null : n);

/** Per coder, answer → codes (answers with no code left out). */
function byCoder(coded: readonly CodedAnswer[]): Map<string, Map<string, ReadonlySet<string>>> {
  const out = new Map<string, Map<string, ReadonlySet<string>>>();
  for (const c of coded) {
    if (c.codes.length === 0) continue;
    let answers = out.get(c.coder);
    if (!answers) out.set(c.coder, (answers = new Map()));
    answers.set(c.answer, new Set([...(answers.get(c.answer) ?? []), ...c.codes]));
  }
  return out;
}

/** The decisions of two coders on the answers both coded, per code either used there. */
export function pairTables(
  first: ReadonlyMap<string, ReadonlySet<string>>,
  second: ReadonlyMap<string, ReadonlySet<string>>,
): { answers: number; perCode: Map<string, AgreementTable> } {
  const shared = [...first.keys()].filter((a) => second.has(a));
  const used = new Set<string>();
  for (const a of shared) for (const c of [...(first.get(a) ?? []), ...(second.get(a) ?? [])]) used.add(c);
  const perCode = new Map<string, AgreementTable>();
  for (const code of [...used].sort()) {
    const table = emptyTable();
    for (const a of shared) addDecision(table, first.get(a)?.has(code) === true, second.get(a)?.has(code) === true);
    perCode.set(code, table);
  }
  return { answers: shared.length, perCode };
}

/** Every pair of coders (ids in order), and how much each coded. */
export function agreement(coded: readonly CodedAnswer[], k: number): { coders: CoderWork[]; pairs: PairAgreement[] } {
  const coders = byCoder(coded);
  const ids = [...coders.keys()].sort();
  const pairs: PairAgreement[] = [];
  for (const [i, a] of ids.entries()) {
    for (const b of ids.slice(i + 1)) {
      const { answers, perCode } = pairTables(coders.get(a) ?? new Map(), coders.get(b) ?? new Map());
      const tooFew = answers < k;
      const pooled = [...perCode.values()].reduce(addTables, emptyTable());
      pairs.push({
        coders: [a, b],
        answers: shownCount(answers, k),
        tooFew,
        overall: tooFew ? null : round3(cohensKappa(pooled)),
        codes: tooFew ? [] : [...perCode].map(([code, table]) => ({ code, kappa: round3(cohensKappa(table)) })),
      });
    }
  }
  return { coders: ids.map((coder) => ({ coder, answers: shownCount(coders.get(coder)?.size ?? 0, k) })), pairs };
}
