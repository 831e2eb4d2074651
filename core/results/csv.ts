import type { AnswerValue } from '../../flows/answers.js';
import type { Answer } from '../model.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import type { Released } from '../disclosure/release.js';
import { byRespondent, type Outcome, type Respondent } from './respondents.js';

/**
 * The anonymized answer export: one row per answer, streamed as string chunks, of the respondents a
 * release holds (core/disclosure/release.ts). The columns are the only fields an `Answer` has that may
 * leave (it holds no phone number, contact key, provider id or profile name to begin with). Language,
 * channel, day and `completed` are the respondent's, as their release generalised them (a rare value is
 * `other`, a day shared by too few is empty); `completed`: `yes` (finished the survey), `no` (stopped
 * before the end; the round has closed), `declined` (said no to taking part). `status` is `answered`,
 * `skipped`, `unreadable` (passed over), or `comment`: words that could not be an answer to the question,
 * or what went over its author's cap, each a row after the question's answer. An open answer sent in
 * several messages is one row, its parts on new lines. `codes`: the codebook's codes any coder gave the
 * answer (core/coding; ids, separated by ", "; the XLSX's `codebook` sheet names them), empty on other rows.
 */

export const CSV_COLUMNS = [
  'respondent_code',
  'round',
  'language',
  'channel',
  'question_id',
  'question_text',
  'answer',
  'status',
  'voice',
  'transcript',
  'translation',
  'day',
  'completed',
  'codes',
] as const;

export const COMPLETED_VALUES: Record<Outcome, string> = { complete: 'yes', incomplete: 'no', 'in-progress': 'in progress', declined: 'declined' };

/** Excel detects UTF-8 (and so shows Arabic) only with a byte order mark. */
export const BOM = '\uFEFF';

/** Comma by RFC 4180; semicolon is what Excel with a Belgian (nl-BE, fr-BE) list separator expects. */
export type Separator = ',' | ';';

/** OWASP "CSV injection": a cell starting with one of these is run as a formula by spreadsheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefix text a spreadsheet would evaluate with `'`, which makes it plain text. */
export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field. Text is neutralized, then quoted when it holds either separator (a spreadsheet may split
 * a comma file on ";" by locale, and the other way round), a quote or a line break
 * (RFC 4180, quotes doubled). Numbers stay numbers: `-2` from a number question is a value, not a formula.
 */
export function csvField(value: string | number | null, separator: Separator = ','): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralize(value);
  return text.includes(separator) || /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: ReadonlyArray<string | number | null>, separator: Separator = ','): string {
  return `${fields.map((f) => csvField(f, separator)).join(separator)}\r\n`;
}

/** What the export writes of one respondent: the code of the scope, and the quasi-identifiers of their release. */
export interface ReleasedRow extends Released {
  code: string;
}

export interface ExportRound extends RoundOfSurvey {
  /** The round's released respondents by stored code; nobody else is written. */
  released: ReadonlyMap<string, Released>;
  /** The codes given to answers of the round's released respondents (core/coding/export-codes.ts); absent: none. */
  codes?: RoundCodes | undefined;
}

/** Codes per answer of a round: by stored respondent code, then question id, the code ids in order. */
export type RoundCodes = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** How the `codes` field lists an answer's codes. */
export const CODES_SEPARATOR = ', ';

/** Free text: typed or transcribed in the person's own words, left out of a "numbers only" export. */
export const ownWords = (q: QuestionInfo | undefined): boolean => q === undefined || q.kind === 'open' || q.kind === 'story';

/** Written instead of someone's own words when their script would single them out (core/disclosure/script.ts). */
export const WITHHELD = '[withheld: written in a script fewer than k respondents used; see the translation]';

/** One row's fields, in `columnsOf(numbersOnly)` order, before CSV quoting: the wide form and the XLSX reshape these. */
export function answerRow(
  answer: Answer,
  label: string,
  question: QuestionInfo | undefined,
  row: ReleasedRow,
  numbersOnly: boolean,
  codes: readonly string[] = [],
): Array<string | number | null> {
  // A comment is the person's own words, whatever the question: kept out and withheld like an open answer.
  const comment = answer.status === 'comment';
  const hideWords = (ownWords(question) || comment) && (numbersOnly || row.withholdText);
  const typed: AnswerValue | null = answer.status === 'answered' || comment ? answer.value : null;
  const value = hideWords && typed !== null ? (numbersOnly ? null : WITHHELD) : typed;
  // Transcripts were redacted before they were stored; a translation (nl/fr) says nothing by its script.
  const transcript = row.withholdText && answer.transcript !== null ? WITHHELD : answer.transcript;
  const words = numbersOnly ? [] : [transcript, answer.translation];
  return [
    row.code,
    label,
    row.qi.language,
    row.qi.channel,
    answer.questionId,
    question?.text ?? '',
    value,
    answer.status,
    answer.voice, // voice answers: received, transcribing, transcribed, needs-human, unsupported, failed
    ...words,
    row.qi.day, // the day they first answered, or empty: generalised to the round
    row.qi.completed,
    // Codes are a reading of the words, not the words: like a choice answer, they stay in a numbers-only export.
    codes.length > 0 && !comment ? codes.join(CODES_SEPARATOR) : null,
  ];
}

export interface CsvOptions {
  separator?: Separator;
  /** Characters gathered before a chunk is handed on: fewer, larger writes. */
  chunkChars?: number;
  /** Without free text (no typed open answers, transcripts or translations): for sharing more widely. */
  numbersOnly?: boolean;
}

export const columnsOf = (numbersOnly: boolean): readonly string[] =>
  numbersOnly ? CSV_COLUMNS.filter((c) => c !== 'transcript' && c !== 'translation') : CSV_COLUMNS;

/** A released respondent of one of the rounds, with the code and quasi-identifiers their export row shows. */
export interface ReleasedRespondentRows {
  round: ExportRound;
  questions: ReadonlyMap<string, QuestionInfo>;
  row: ReleasedRow;
  respondent: Respondent;
}

/**
 * The released respondents of the rounds, in the order given, one at a time (one respondent's answers held,
 * never the round): everyone the round's releases do not hold is passed over here, for every export form.
 */
export async function* releasedOf(
  rounds: readonly ExportRound[],
  source: AnswerSource,
  codeOf: (roundId: string, code: string) => string,
): AsyncGenerator<ReleasedRespondentRows> {
  for (const round of rounds) {
    const questions = questionsOf(round.survey);
    for await (const respondent of byRespondent(source.records(round.round.projectId, round.round.roundId), questions)) {
      const r = round.released.get(respondent.respondentCode);
      if (!r) continue;
      yield { round, questions, row: { ...r, code: codeOf(round.round.roundId, respondent.respondentCode) }, respondent };
    }
  }
}

/** The long form's rows of one released respondent (`columnsOf` order), before CSV quoting. */
export function longRows({ round, questions, row, respondent }: ReleasedRespondentRows, numbersOnly: boolean): Array<Array<string | number | null>> {
  const codes = round.codes?.get(respondent.respondentCode);
  return respondent.answers.map((answer) =>
    answerRow(answer, round.round.label, questions.get(answer.questionId), row, numbersOnly, codes?.get(answer.questionId)),
  );
}

/**
 * The CSV of one or more rounds (a project export), in the order given, BOM and header first: only
 * released respondents, with their release's quasi-identifiers and the code `codeOf` gives them.
 */
export async function* exportCsv(
  rounds: readonly ExportRound[],
  source: AnswerSource,
  codeOf: (roundId: string, code: string) => string,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  const separator = options.separator ?? ',';
  const numbersOnly = options.numbersOnly ?? false;
  yield* chunked(
    BOM + csvLine(columnsOf(numbersOnly), separator),
    releasedOf(rounds, source, codeOf),
    (r) => longRows(r, numbersOnly),
    separator,
    options.chunkChars,
  );
}

/** CSV text from `head` and the lines each item gives, handed on in chunks of about `chunkChars` characters. */
export async function* chunked<T>(
  head: string,
  items: AsyncIterable<T>,
  lines: (item: T) => ReadonlyArray<ReadonlyArray<string | number | null>>,
  separator: Separator,
  chunkChars = 64 * 1024,
): AsyncGenerator<string> {
  let buffer = head;
  for await (const item of items) {
    for (const fields of lines(item)) buffer += csvLine(fields, separator);
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
