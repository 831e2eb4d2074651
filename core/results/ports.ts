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
  /** Store the text or bytes (read chunk by chunk, held a part at a time) and return a link that downloads it as `filename`. */
  put(chunks: AsyncIterable<string | Uint8Array>, file: { filename: string; contentType: string }): Promise<string>;
}

/** A spreadsheet cell: text, a number, or empty. Text is written as text, never as a formula. */
export type SheetCell = string | number | null;

/** One sheet of a workbook: its name, its header row, and its rows, read only when the sheet is written. */
export interface Sheet {
  name: string;
  header: readonly string[];
  rows: () => AsyncIterable<readonly SheetCell[]>;
}

/** Writes workbooks as a stream of bytes, sheet after sheet, holding a few rows at a time, not the book. */
export interface WorkbookWriter {
  /** The workbook as XLSX (Office Open XML), in the order of `sheets`. */
  xlsx(sheets: readonly Sheet[]): AsyncIterable<Uint8Array>;
}
