import type { Answer } from '../model.js';

/** Where exports and summaries read answers from. */
export interface AnswerSource {
  /**
   * The answers of one round, a page at a time, so that a caller holds one page, never the round.
   * Pages come in key order: all answers of one respondent are adjacent (the summary relies on it to
   * count respondents without keeping a set of them).
   */
  pages(projectId: string, roundId: string): AsyncIterable<Answer[]>;
}
