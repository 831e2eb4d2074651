import { DYAD_POINTS, isTriadZone } from '../../flows/triad.js';
import { answerKey, codable } from '../coding/codable.js';
import type { CodingStore } from '../coding/ports.js';
import { unionOfCoders } from '../coding/tag-index.js';
import { kOf } from '../disclosure/cells.js';
import type { Released, ReleaseStore } from '../disclosure/release.js';
import type { Answer, Project, Round } from '../model.js';
import type { Protector } from '../ports.js';
import { constraintsOf, factsOf, foldText, matchesAll, type AnswersFilter, type RowAttributes } from './answers-filter.js';
import { shownReleases } from './answers-rule.js';
import { answerRow, CSV_COLUMNS, ownWords, WITHHELD } from './csv.js';
import type { AnswerSource } from './ports.js';
import { questionsOf, type QuestionInfo, type RoundOfSurvey } from './questions.js';
import { byRespondent, isAnswer, type Respondent } from './respondents.js';

/**
 * Reading what people said: one question's answers in their own words (open questions, stories, a
 * statement's "why"), typed or transcribed, of a round's released respondents only, newest release first,
 * a page at a time, filtered by words, by the same person's triad zone, dyad range or statement answer,
 * and by code. Text is what the export writes (`answerRow` in core/results/csv.ts: redacted when stored,
 * withheld where its script would single someone out; the translation beside it). Which rows a filter
 * may show: core/results/answers-rule.ts. Nothing else of the person is shown: no code that links their
 * answers, no language, channel or day, no signifier answer, no codes — only the filters that were checked.
 */

export interface ReadingDeps {
  releases: Pick<ReleaseStore, 'list'>;
  answers: Pick<AnswerSource, 'records'>;
  coding: Pick<CodingStore, 'taggings'>;
  protector: Pick<Protector, 'exportCode'>;
}

export interface ReadingRequest {
  questionId: string;
  /** As typed: folded here (case and accents do not matter). */
  search?: string | undefined;
  triad?: { questionId: string; zone: number } | undefined;
  dyad?: { questionId: string; lo: number; hi: number } | undefined;
  /** Absent `questionId`: the statement a probe follows. */
  statement?: { questionId?: string | undefined; value: string } | undefined;
  code?: string | undefined;
  /** Where the previous page ended. */
  after?: Position | undefined;
  pageSize: number;
}

/** A place in the reading order: newest release first, then by a key that links nothing. */
export interface Position {
  release: number;
  key: string;
}

export interface ReadAnswer {
  release: number;
  /** The day the release was made. */
  releasedOn: string;
  text: string | null;
  transcript: string | null;
  translation: string | null;
  /** Their further words to the question (past the question's length, or after it): one per message. */
  more: string[];
}

export type Reading =
  | { ok: true; k: number; total: number; answers: ReadAnswer[]; after: Position | null; leftOut: number }
  | { ok: false; refusal: 'not-found' }
  /** A filter names a question of the wrong kind or a value it cannot have. */
  | { ok: false; refusal: 'bad-filter'; field: string; message: string }
  /** Nothing may be shown: fewer than k, or too few told apart (answers-rule.ts). `fields`: the request's filters. */
  | { ok: false; refusal: 'too-few'; k: number; fields: string[] };

/** Words to read: an own-words question answered with typed words (as coding counts them) or a transcript. */
export function readable(answer: Answer, question: QuestionInfo | undefined): boolean {
  if (codable(answer, question)) return true;
  return question !== undefined && ownWords(question) && answer.status === 'answered' && answer.transcript !== null;
}

interface Row {
  attributes: RowAttributes;
  key: string;
  answer: ReadAnswer;
}

const ANSWER = CSV_COLUMNS.indexOf('answer');
const TRANSCRIPT = CSV_COLUMNS.indexOf('transcript');
const TRANSLATION = CSV_COLUMNS.indexOf('translation');
const textAt = (fields: ReadonlyArray<string | number | null>, i: number): string | null => {
  const v = fields[i];
  return v === null || v === undefined ? null : String(v);
};

type Checked =
  | { ok: true; filter: Omit<AnswersFilter, 'code'>; ids: { triad?: string; dyad?: string; statement?: string } }
  | Extract<Reading, { refusal: 'bad-filter' }>;

/** The request's filters checked against the survey. */
function checkFilters(request: ReadingRequest, questions: ReadonlyMap<string, QuestionInfo>, probeOf: string | undefined): Checked {
  const bad = (field: string, message: string) => ({ ok: false as const, refusal: 'bad-filter' as const, field, message });
  const filter: Omit<AnswersFilter, 'code'> = {};
  const ids: { triad?: string; dyad?: string; statement?: string } = {};
  if (request.search !== undefined) {
    const folded = foldText(request.search);
    if (folded === '') return bad('q', 'no letters to search for');
    filter.search = folded;
  }
  if (request.triad) {
    if (questions.get(request.triad.questionId)?.kind !== 'triad') return bad('triad', 'not a triad of this round');
    if (!isTriadZone(request.triad.zone)) return bad('zone', 'a zone from 1 to 7');
    ids.triad = request.triad.questionId;
    filter.zone = request.triad.zone;
  }
  if (request.dyad) {
    const { lo, hi } = request.dyad;
    if (questions.get(request.dyad.questionId)?.kind !== 'dyad') return bad('dyad', 'not a dyad of this round');
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi && hi <= DYAD_POINTS)) return bad('from', `a range within 1 to ${DYAD_POINTS}`);
    ids.dyad = request.dyad.questionId;
    filter.dyad = { lo, hi };
  }
  if (request.statement) {
    const id = request.statement.questionId ?? probeOf;
    const q = id === undefined ? undefined : questions.get(id);
    if (!q || q.kind !== 'statement') return bad('statement', 'not a statement of this round');
    if (!q.values.includes(request.statement.value)) return bad('value', `one of ${q.values.join(', ')}`);
    ids.statement = q.id;
    filter.statement = request.statement.value;
  }
  return { ok: true, filter, ids };
}

/** Their answer to a signifier or statement, as stored (one answer record per question). */
const valueOf = (r: Respondent, questionId: string | undefined): string | number | null => {
  if (questionId === undefined) return null;
  const a = r.answers.find((x) => x.questionId === questionId && isAnswer(x) && x.status === 'answered');
  return a?.value ?? null;
};

export async function readAnswers(deps: ReadingDeps, project: Project, of: RoundOfSurvey, request: ReadingRequest): Promise<Reading> {
  const { round, survey } = of;
  const questions = questionsOf(survey);
  const question = questions.get(request.questionId);
  if (!question || !ownWords(question)) return { ok: false, refusal: 'not-found' };
  const asked = survey.askables.get(request.questionId);
  const checked = checkFilters(request, questions, asked && 'probeOf' in asked ? asked.probeOf : undefined);
  if (!checked.ok) return checked;
  const k = kOf(project);
  const filter: AnswersFilter = { ...checked.filter, ...(request.code !== undefined ? { code: request.code } : {}) };
  const constraints = constraintsOf(filter);
  const rows = await releasedRows(deps, round, questions, question, checked.ids);
  const facts = rows.map((row) => factsOf(row.attributes, constraints));
  const releases = shownReleases(facts, constraints, k);
  const fields = constraints.length > 0 ? constraints.map((c) => c.field) : ['question'];
  const matching = rows.filter((row, i) => releases.has(row.attributes.release) && matchesAll(facts[i] ?? { release: 0, masks: [] }));
  // Nothing to show is answered like too little: "none" and "one or two" must look the same.
  if (matching.length === 0) return { ok: false, refusal: 'too-few', k, fields };
  // Keys compared by code unit, as the cursor compares them.
  matching.sort((a, b) => b.attributes.release - a.attributes.release || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = request.after;
  const from = after ? matching.findIndex((r) => r.attributes.release < after.release || (r.attributes.release === after.release && r.key > after.key)) : 0;
  const page = from < 0 ? [] : matching.slice(from, from + request.pageSize);
  const last = page.at(-1);
  const more = from >= 0 && from + request.pageSize < matching.length;
  const allReleases = new Set(rows.map((r) => r.attributes.release));
  return {
    ok: true,
    k,
    total: matching.length,
    answers: page.map((r) => r.answer),
    after: more && last ? { release: last.attributes.release, key: last.key } : null,
    leftOut: [...allReleases].filter((r) => !releases.has(r)).length,
  };
}

/** Every released respondent's readable answer to the question, with what the filters test. */
async function releasedRows(
  deps: ReadingDeps,
  round: Round,
  questions: ReadonlyMap<string, QuestionInfo>,
  question: QuestionInfo,
  ids: { triad?: string; dyad?: string; statement?: string },
): Promise<Row[]> {
  const { projectId, roundId } = round;
  const releases = await deps.releases.list(projectId, roundId);
  const releaseOf = new Map<string, { number: number; on: string; released: Released }>();
  for (const r of releases) for (const b of r.batch) releaseOf.set(b.code, { number: r.number, on: r.createdAt.slice(0, 10), released: b });
  if (releaseOf.size === 0) return [];
  const codes = unionOfCoders(await deps.coding.taggings(projectId, roundId));
  // A key per question: the order of one question's answers says nothing about another's.
  const scope = `answers:${projectId}:${roundId}:${question.id}`;
  const rows: Row[] = [];
  for await (const r of byRespondent(deps.answers.records(projectId, roundId), questions)) {
    const release = releaseOf.get(r.respondentCode);
    if (!release) continue;
    const answer = r.answers.find((a) => a.questionId === question.id && isAnswer(a) && readable(a, question));
    if (!answer) continue;
    // The export's own row: the same redaction and withholding (one copy of those rules).
    const row = { ...release.released, code: '' };
    const fields = answerRow(answer, round.label, question, row, false);
    const more = r.answers
      .filter((a) => a.questionId === question.id && a.status === 'comment')
      .map((a) => textAt(answerRow(a, round.label, question, row, false), ANSWER))
      .filter((t): t is string => t !== null);
    const shown: ReadAnswer = {
      release: release.number,
      releasedOn: release.on,
      text: textAt(fields, ANSWER),
      transcript: textAt(fields, TRANSCRIPT),
      translation: textAt(fields, TRANSLATION),
      more,
    };
    // Search finds only what is shown: withheld words are no oracle.
    const words = [shown.text, shown.transcript, shown.translation, ...more].filter((t): t is string => t !== null && t !== WITHHELD);
    const number = (v: string | number | null) => (v === null || Number.isNaN(Number(v)) ? null : Number(v));
    const statement = valueOf(r, ids.statement);
    rows.push({
      key: deps.protector.exportCode(scope, r.respondentCode),
      answer: shown,
      attributes: {
        release: release.number,
        words: foldText(words.join('\u0000')),
        zone: number(valueOf(r, ids.triad)),
        dyad: number(valueOf(r, ids.dyad)),
        statement: statement === null ? null : String(statement),
        codes: codes.get(answerKey(r.respondentCode, question.id)) ?? new Set(),
      },
    });
  }
  return rows;
}
