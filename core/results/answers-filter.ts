import { DYAD_POINTS } from '../../flows/triad.js';
import { widenings, type Constraint, type RowFacts } from './answers-rule.js';

/**
 * The filters of a reading of people's words (core/results/answers-read.ts), as constraints for the
 * disclosure rule (answers-rule.ts): what a row is tested on, and each constraint's looser variants.
 */

/** What a row is filtered on: the same respondent's answers in the round, and the codes on these words. */
export interface RowAttributes {
  release: number;
  /** Every word shown of the row (never withheld text), folded by `foldText`. */
  words: string;
  /** Their answer to the filter's triad question (a zone), to its dyad (a point), to its statement. */
  zone: number | null;
  dyad: number | null;
  statement: string | null;
  /** Every coder's codes on these words. */
  codes: ReadonlySet<string>;
}

export interface AnswersFilter {
  /** Words to find, folded by `foldText` and not empty. */
  search?: string | undefined;
  zone?: number | undefined;
  dyad?: { lo: number; hi: number } | undefined;
  statement?: string | undefined;
  code?: string | undefined;
}

/**
 * Text as search compares it: case, accents and other combining marks (Arabic vowel signs too) left out,
 * compatibility forms folded (ﬁ → fi, full-width → plain), runs of white space as one space.
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

export interface FilterConstraint extends Constraint {
  /** The variants this row satisfies, bit i for variant i. */
  mask(row: RowAttributes): number;
}

const one = (field: string, test: (row: RowAttributes) => boolean): FilterConstraint => ({ field, variants: 1, mask: (row) => (test(row) ? 1 : 0) });

/** The constraints of a filter, in a fixed order (the field names are the API's query parameters). */
export function constraintsOf(filter: AnswersFilter): FilterConstraint[] {
  const out: FilterConstraint[] = [];
  const { search, zone, dyad, statement, code } = filter;
  if (search !== undefined) out.push(one('q', (row) => row.words.includes(search)));
  if (zone !== undefined) out.push(one('zone', (row) => row.zone === zone));
  if (dyad !== undefined) {
    const ranges = widenings(dyad.lo, dyad.hi, DYAD_POINTS);
    out.push({
      field: 'from',
      variants: ranges.length,
      mask: (row) => ranges.reduce((m, [a, b], i) => (row.dyad !== null && row.dyad >= a && row.dyad <= b ? m | (1 << i) : m), 0),
    });
  }
  if (statement !== undefined) out.push(one('value', (row) => row.statement === statement));
  if (code !== undefined) out.push(one('code', (row) => row.codes.has(code)));
  return out;
}

/** A row as the rule counts it. */
export const factsOf = (row: RowAttributes, constraints: readonly FilterConstraint[]): RowFacts => ({
  release: row.release,
  masks: constraints.map((c) => c.mask(row)),
});

/** Does the row match the filter itself (variant 0 of every constraint)? */
export const matchesAll = (facts: RowFacts): boolean => facts.masks.every((m) => (m & 1) === 1);
