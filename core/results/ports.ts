import type { Answer, Completion } from '../model.js';

/** What a round's answers partition holds: answers, and a completion marker beside each finished respondent's. */
export type RoundRecord = Answer | Completion;

/** Where exports and summaries read answers from. */
export interface AnswerSource {
  /**
   * The answers of one round, a page at a time, so that a caller holds one page, never the round.
   * Pages come in key order: all answers of one respondent are adjacent (the summary relies on it to
   * count respondents without keeping a set of them).
   */
  pages(projectId: string, roundId: string): AsyncIterable<Answer[]>;
  /** The same, with the completion markers among them (in key order too: a respondent's records are adjacent). */
  records(projectId: string, roundId: string): AsyncIterable<RoundRecord[]>;
}

/**
 * Where a download goes when it cannot be the response itself: a Lambda behind API Gateway answers at
 * most 6 MB, and the CSV of a large round is more. The file is stored briefly and privately, and the
 * caller is sent to a short-lived link to it.
 */
export interface ExportDrop {
  /** Store the text (read chunk by chunk, held a part at a time) and return a link that downloads it as `filename`. */
  put(chunks: AsyncIterable<string>, file: { filename: string; contentType: string }): Promise<string>;
}
