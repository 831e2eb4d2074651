import type { Askable } from '../../flows/answers.js';
import { allowedValues } from '../../flows/answers.js';
import { DYAD_POINTS } from '../../flows/triad.js';
import { columnsOf, longRows, neutralize, releasedOf, type ExportRound } from './csv.js';
import type { AnswerSource, Sheet, SheetCell } from './ports.js';
import type { RoundOfSurvey } from './questions.js';
import { wideColumns, wideRow } from './wide.js';

/**
 * The results workbook: the sheets an XLSX export holds, each a stream of rows read only when the writer
 * reaches it (the answers sheet is a pass over the rounds, the respondents sheet a second one: a zip is
 * written entry by entry, so two sheets at once would hold one of them whole).
 *
 * - `answers`: the long CSV, cell for cell (`longRows`);
 * - `respondents`: the wide CSV, cell for cell (core/results/wide.ts);
 * - `questions`: each survey version's questions in every language of the survey, and the labels of
 *   their answers (choice options, dyad poles, triad corners);
 * - `codebook`: the project's codes (TOPOI and its own), named and glossed in nl/fr/en;
 * - `codes`: one row per code given to an answer of a released respondent (any coder's; coders are never
 *   exported), for pivot tables; the same codes as the `codes` column of `answers`.
 *
 * Cells are what the CSV writes, before quoting: text neutralised (`neutralize`, so that a cell edited
 * and confirmed in a spreadsheet, or the sheet saved as CSV, is still no formula), numbers as numbers,
 * an empty field empty. Nothing else leaves: no sheet shows a respondent the releases do not hold.
 */

export const SHEET_NAMES = { answers: 'answers', respondents: 'respondents', questions: 'questions', codebook: 'codebook', codes: 'codes' } as const;

/** A code of the project's codebook as the sheet writes it (core/coding/code.ts `Code`). */
export interface CodebookEntry {
  id: string;
  label: Readonly<Partial<Record<CodeLanguage, string>>>;
  description?: Readonly<Partial<Record<CodeLanguage, string>>> | undefined;
  builtIn: boolean;
  archived: boolean;
}
const CODE_LANGUAGES = ['nl', 'fr', 'en'] as const;
type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** A CSV field as a cell: the same text, without the CSV's quoting. */
export function cellOf(value: string | number | null): SheetCell {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value === '' ? null : neutralize(value);
}

const cells = (fields: ReadonlyArray<string | number | null>): SheetCell[] => fields.map(cellOf);

export function resultsWorkbook(
  rounds: readonly ExportRound[],
  source: AnswerSource,
  codeOf: (roundId: string, code: string) => string,
  numbersOnly: boolean,
  codebook: readonly CodebookEntry[] = [],
): Sheet[] {
  const wide = wideColumns(rounds, numbersOnly);
  return [
    {
      name: SHEET_NAMES.answers,
      header: columnsOf(numbersOnly),
      async *rows() {
        for await (const r of releasedOf(rounds, source, codeOf)) for (const fields of longRows(r, numbersOnly)) yield cells(fields);
      },
    },
    {
      name: SHEET_NAMES.respondents,
      header: wide.map((c) => c.header),
      async *rows() {
        for await (const r of releasedOf(rounds, source, codeOf)) yield cells(wideRow(r, wide, numbersOnly));
      },
    },
    questionsSheet(rounds),
    codebookSheet(codebook),
    codesSheet(rounds, codeOf),
  ];
}

/** The codebook: built-in codes first, then the project's, as the coding page lists them. */
export function codebookSheet(codebook: readonly CodebookEntry[]): Sheet {
  return {
    name: SHEET_NAMES.codebook,
    header: ['code', 'kind', 'archived', ...CODE_LANGUAGES.map((l) => `name_${l}`), ...CODE_LANGUAGES.map((l) => `description_${l}`)],
    async *rows() {
      for (const code of codebook)
        yield [
          cellOf(code.id),
          code.builtIn ? 'TOPOI' : 'project',
          code.archived ? 'yes' : 'no',
          ...CODE_LANGUAGES.map((l) => cellOf(code.label[l] ?? null)),
          ...CODE_LANGUAGES.map((l) => cellOf(code.description?.[l] ?? null)),
        ];
    },
  };
}

/**
 * One row per code per answer, round after round; within a round by the exported respondent code, then
 * question (so the order says nothing about who answered first). Read from the codes the rounds carry,
 * not from the answers: only released respondents, as everywhere.
 */
export function codesSheet(rounds: readonly ExportRound[], codeOf: (roundId: string, code: string) => string): Sheet {
  return {
    name: SHEET_NAMES.codes,
    header: ['respondent_code', 'round', 'question_id', 'code'],
    async *rows() {
      for (const round of rounds) {
        const rows: SheetCell[][] = [];
        for (const [stored, byQuestion] of round.codes ?? []) {
          if (!round.released.has(stored)) continue;
          const exported = codeOf(round.round.roundId, stored);
          for (const [questionId, codes] of byQuestion)
            for (const code of codes) rows.push([cellOf(exported), cellOf(round.round.label), cellOf(questionId), cellOf(code)]);
        }
        rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2])) || String(a[3]).localeCompare(String(b[3])));
        yield* rows;
      }
    },
  };
}

/** What a question takes as an answer, in words a reader of the sheet can check values against. */
function answersOf(q: Askable): string {
  switch (q.kind) {
    case 'scale':
      return `1–${q.points}`;
    case 'number':
      return `${q.min}–${q.max}`;
    case 'dyad':
      return `1–${DYAD_POINTS}`;
    case 'triad':
      return '1–7 (1–3 corners, 4 = 1–2, 5 = 2–3, 6 = 3–1, 7 centre)';
    case 'open':
    case 'story':
      return 'own words';
    default:
      return allowedValues(q).join(' | ');
  }
}

/** The labelled values of a question: choice options, the dyad's poles (1 and the last point), the triad's corners. */
function labelled(q: Askable): Array<{ value: string; text: Record<string, string> }> {
  if (q.kind === 'choice') return q.options.map((o) => ({ value: o.value, text: o.label }));
  if (q.kind === 'dyad')
    return [
      { value: '1', text: q.left },
      { value: String(DYAD_POINTS), text: q.right },
    ];
  if (q.kind === 'triad') return q.corners.map((text, i) => ({ value: String(i + 1), text }));
  return [];
}

/** One row per question of each survey version the rounds asked, then one per labelled value of it. */
export function questionsSheet(rounds: readonly RoundOfSurvey[]): Sheet {
  const languages = [...new Set(rounds.flatMap((r) => r.survey.definition.languages))];
  const versions = new Map<string, { survey: RoundOfSurvey['survey']; labels: string[] }>();
  for (const { round, survey } of rounds) {
    const key = `${survey.definition.id}@${survey.definition.version}`;
    const entry = versions.get(key) ?? { survey, labels: [] };
    entry.labels.push(round.label);
    versions.set(key, entry);
  }
  const texts = (text: Record<string, string>) => languages.map((l) => cellOf(text[l] ?? null));
  return {
    name: SHEET_NAMES.questions,
    header: ['survey', 'version', 'rounds', 'question_id', 'kind', 'answers', 'value', ...languages.map((l) => `text_${l}`)],
    async *rows() {
      for (const { survey, labels } of versions.values()) {
        const head = [cellOf(survey.definition.id), survey.definition.version, cellOf(labels.join(', '))];
        for (const q of survey.askables.values()) {
          yield [...head, cellOf(q.id), cellOf(q.kind), cellOf(answersOf(q)), null, ...texts(q.text)];
          for (const { value, text } of labelled(q)) yield [...head, cellOf(q.id), cellOf(q.kind), null, cellOf(value), ...texts(text)];
        }
      }
    },
  };
}
