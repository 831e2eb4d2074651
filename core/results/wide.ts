import type { AnswerSource } from './ports.js';
import { BOM, chunked, columnsOf, csvLine, longRows, ownWords, releasedOf, type CsvOptions, type ExportRound, type ReleasedRespondentRows } from './csv.js';
import { questionsOf, type RoundOfSurvey } from './questions.js';

/**
 * The wide form of the answer export: one row per released respondent and round (a project export whose
 * codes link rounds has one row per person per round; which release someone came in is not shown, as the
 * long CSV does not show it), one group of columns per question, probes after their statement, in the
 * survey's order. It is the long form reshaped and nothing else: every cell is
 * a cell of the long CSV's rows of that respondent (`longRows`, the same redaction, withholding and
 * generalisation), so a wide export can never show what the long one would not. Columns:
 *
 * - respondent_code, round, language, channel, day, completed: as on each of their long rows;
 * - `<question>`: the long row's `answer` (`<question>:answer` when a question is called like one of the
 *   columns above or `comments`); `<question>:status`: its `status` (empty: never asked);
 * - questions in the person's own words (open, story, probes) also `<question>:voice`, unless numbers
 *   only `<question>:transcript` and `<question>:translation`, and `<question>:codes` (the codes given);
 * - `comments` (not with numbers only): each comment row's answer on a line of its own, after the id of
 *   the question it was given at, e.g. `[change] and the bus is late`.
 */

type Field = string | number | null;

const RESPONDENT_COLUMNS = ['respondent_code', 'round', 'language', 'channel', 'day', 'completed'] as const;
export const COMMENTS_COLUMN = 'comments';

interface WideQuestion {
  id: string;
  ownWords: boolean;
}

/**
 * The questions of the rounds' survey versions in survey order: a question a later version added comes
 * right after the one before it in that version, wherever that one stands.
 */
export function wideQuestions(rounds: readonly RoundOfSurvey[]): WideQuestion[] {
  const out: WideQuestion[] = [];
  for (const { survey } of rounds) {
    let at = -1;
    for (const q of questionsOf(survey).values()) {
      const found = out.findIndex((w) => w.id === q.id);
      if (found >= 0) {
        const existing = out[found];
        if (existing && ownWords(q)) existing.ownWords = true;
        at = found;
        continue;
      }
      out.splice(++at, 0, { id: q.id, ownWords: ownWords(q) });
    }
  }
  return out;
}

/** A column of the wide form: its header, and which cell of the long rows it takes. */
export interface WideColumn {
  header: string;
  /** A respondent column, or a question's part (the long column it comes from), or the comments. */
  cell:
    | { respondent: (typeof RESPONDENT_COLUMNS)[number] }
    | { question: string; part: 'answer' | 'status' | 'voice' | 'transcript' | 'translation' | 'codes' }
    | 'comments';
}

const PARTS = (q: WideQuestion, numbersOnly: boolean) =>
  q.ownWords
    ? (['answer', 'status', 'voice', ...(numbersOnly ? [] : (['transcript', 'translation'] as const)), 'codes'] as const)
    : (['answer', 'status'] as const);

export function wideColumns(rounds: readonly RoundOfSurvey[], numbersOnly: boolean): WideColumn[] {
  // A question may be called "day" or "comments": its answer column is then `day:answer`, never a second "day".
  const reserved = new Set<string>([...RESPONDENT_COLUMNS, COMMENTS_COLUMN]);
  return [
    ...RESPONDENT_COLUMNS.map((respondent): WideColumn => ({ header: respondent, cell: { respondent } })),
    ...wideQuestions(rounds).flatMap((q) =>
      PARTS(q, numbersOnly).map(
        (part): WideColumn => ({ header: part === 'answer' && !reserved.has(q.id) ? q.id : `${q.id}:${part}`, cell: { question: q.id, part } }),
      ),
    ),
    ...(numbersOnly ? [] : [{ header: COMMENTS_COLUMN, cell: 'comments' as const }]),
  ];
}

/** Reshapes one respondent's long rows into their wide row; `columns` from `wideColumns`. */
export function wideRow(released: ReleasedRespondentRows, columns: readonly WideColumn[], numbersOnly: boolean): Field[] {
  const long = columnsOf(numbersOnly);
  const asked = new Set(columns.flatMap((c) => (typeof c.cell === 'object' && 'question' in c.cell ? [c.cell.question] : [])));
  const respondent = new Map<string, Field>();
  const byQuestion = new Map<string, Field[]>();
  const comments: string[] = [];
  for (const fields of longRows(released, numbersOnly)) {
    const get = (name: string): Field => fields[long.indexOf(name)] ?? null;
    if (respondent.size === 0) for (const c of RESPONDENT_COLUMNS) respondent.set(c, get(c));
    const id = String(get('question_id'));
    // A comment, an answer to a question the survey no longer has, or (never by the store's keys: one
    // answer record per question) a second answer: a line of the comments, never dropped or over the first.
    if (get('status') === 'comment' || !asked.has(id) || byQuestion.has(id)) {
      comments.push(`[${id}] ${String(get('answer') ?? '')}`);
      continue;
    }
    byQuestion.set(id, fields);
  }
  return columns.map(({ cell }) => {
    if (cell === 'comments') return comments.length > 0 ? comments.join('\n') : null;
    if ('respondent' in cell) return respondent.get(cell.respondent) ?? null;
    const fields = byQuestion.get(cell.question);
    return fields ? (fields[long.indexOf(cell.part)] ?? null) : null;
  });
}

/** The wide rows of the rounds' released respondents, in the order of the long export. */
export async function* wideRows(
  rounds: readonly ExportRound[],
  source: AnswerSource,
  codeOf: (roundId: string, code: string) => string,
  numbersOnly: boolean,
): AsyncGenerator<Field[]> {
  const columns = wideColumns(rounds, numbersOnly);
  for await (const released of releasedOf(rounds, source, codeOf)) yield wideRow(released, columns, numbersOnly);
}

/** The wide CSV, BOM and header first, streamed a respondent at a time like the long one. */
export async function* exportWideCsv(
  rounds: readonly ExportRound[],
  source: AnswerSource,
  codeOf: (roundId: string, code: string) => string,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  const separator = options.separator ?? ',';
  const numbersOnly = options.numbersOnly ?? false;
  const columns = wideColumns(rounds, numbersOnly);
  yield* chunked(
    BOM +
      csvLine(
        columns.map((c) => c.header),
        separator,
      ),
    releasedOf(rounds, source, codeOf),
    (r) => [wideRow(r, columns, numbersOnly)],
    separator,
    options.chunkChars,
  );
}
