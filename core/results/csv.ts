import type { AnswerValue } from '../../flows/answers.js';
import type { Answer } from '../model.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { byRespondent, outcomeOf, participationConsentId, type Outcome } from './respondents.js';

/**
 * The anonymized answer export: one row per answer, streamed as string chunks. The columns are the only
 * fields an `Answer` has that may leave (it holds no phone number, contact key, provider id or profile
 * name to begin with); the day is the only time. `completed` is the respondent's, repeated on each of
 * their rows: `yes` (finished the survey), `no` (stopped before the end; the round has closed),
 * `in progress` (not finished while the round still runs), `declined` (said no to taking part).
 */

export const CSV_COLUMNS = ['respondent_code', 'round', 'language', 'channel', 'question_id', 'question_text', 'answer', 'status', 'voice', 'transcript', 'translation', 'day', 'completed'] as const;

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

function answerRow(answer: Answer, label: string, question: QuestionInfo | undefined, outcome: Outcome): Array<string | number | null> {
  const value: AnswerValue | null = answer.status === 'answered' ? answer.value : null;
  return [
    answer.respondentCode,
    label,
    answer.language,
    answer.channel,
    answer.questionId,
    question?.text ?? '',
    value,
    answer.status,
    answer.voice, // voice answers: received, transcribing, transcribed, needs-human, unsupported, failed
    answer.transcript, // redacted before it was stored
    answer.translation,
    answer.day.slice(0, 10), // a day, whatever was stored
    COMPLETED_VALUES[outcome],
  ];
}

export interface CsvOptions {
  separator?: Separator;
  /** Characters gathered before a chunk is handed on: fewer, larger writes. */
  chunkChars?: number;
}

/** The CSV of one or more rounds (a project export), in the order given, BOM and header first. */
export async function* exportCsv(rounds: readonly RoundOfSurvey[], source: AnswerSource, options: CsvOptions = {}): AsyncGenerator<string> {
  const separator = options.separator ?? ',';
  const chunkChars = options.chunkChars ?? 64 * 1024;
  let buffer = BOM + csvLine(CSV_COLUMNS, separator);
  for (const { round, survey } of rounds) {
    const questions = questionsOf(survey);
    const consentId = participationConsentId(survey.definition);
    for await (const respondent of byRespondent(source.records(round.projectId, round.roundId), questions)) {
      const outcome = outcomeOf(respondent, round, consentId);
      for (const answer of respondent.answers) buffer += csvLine(answerRow(answer, round.label, questions.get(answer.questionId), outcome), separator);
      if (buffer.length >= chunkChars) {
        yield buffer;
        buffer = '';
      }
    }
  }
  if (buffer) yield buffer;
}
