import { Hono } from 'hono';
import { allCodes, emptyCodebook } from '../../core/coding/codebook.js';
import { kOf } from '../../core/disclosure/cells.js';
import type { Project } from '../../core/model.js';
import { readAnswers, type Position, type ReadingRequest } from '../../core/results/answers-read.js';
import { ownWords } from '../../core/results/csv.js';
import { questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { roundReleases } from '../../core/results/releases.js';
import { DYAD_POINTS } from '../../flows/triad.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, notFound, projectFor, queryParams, type ApiContext, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

/** Answers on one page: enough to read on a phone, few enough that a page is quick. */
export const ANSWERS_PAGE = 20;

const Id = z.string().check(z.minLength(1), z.maxLength(100));
const Small = z.string().check(z.regex(/^[0-9]{1,2}$/, 'a whole number'));

/** The query of GET …/answers: which question, the filters (SenseMaker-style: a triad zone, a dyad range, a statement answer, a code, words) and where the page starts. */
export const AnswersQuery = z.object({
  question: z.optional(Id),
  /** Words to find in what people said (case and accents do not matter). Empty: no search. */
  q: z.optional(z.string().check(z.maxLength(100), z.regex(/^[^\p{Cc}]*$/u, 'no control characters'))),
  triad: z.optional(Id),
  zone: z.optional(Small),
  dyad: z.optional(Id),
  from: z.optional(Small),
  to: z.optional(Small),
  /** The statement whose answer filters (a probe's own statement when left out). */
  statement: z.optional(Id),
  value: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  code: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
});

const Cursor = z.object({ r: z.int().check(z.minimum(1)), k: z.string().check(z.minLength(1), z.maxLength(200)) });

const encodeCursor = (p: Position): string => Buffer.from(JSON.stringify({ r: p.release, k: p.key })).toString('base64url');
function decodeCursor(text: string): Position {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    raw = null;
  }
  const parsed = Cursor.safeParse(raw);
  if (!parsed.success) throw badRequest('cursor', 'not a cursor this API gave');
  return { release: parsed.data.r, key: parsed.data.k };
}

const badRequest = (field: string, message: string) => new ApiProblem(400, 'Bad request', 'bad query parameters', [{ field, message }]);
const whole = (text: string | undefined, field: string): number => {
  if (text === undefined) throw badRequest(field, 'missing');
  return Number(text);
};

/** The query as a reading request; a filter half given (a zone without its triad) is a 400. */
function readingRequest(query: z.infer<typeof AnswersQuery>, questionId: string): ReadingRequest {
  const search = query.q?.trim();
  if ((query.zone === undefined) !== (query.triad === undefined))
    throw badRequest(query.triad === undefined ? 'triad' : 'zone', 'a triad and its zone go together');
  if (query.dyad === undefined && (query.from !== undefined || query.to !== undefined)) throw badRequest('dyad', 'which dyad the range is of');
  if (query.statement !== undefined && query.value === undefined) throw badRequest('value', 'the statement answer to read');
  return {
    questionId,
    search: search === '' ? undefined : search,
    triad: query.triad === undefined ? undefined : { questionId: query.triad, zone: whole(query.zone, 'zone') },
    dyad: query.dyad === undefined ? undefined : { questionId: query.dyad, lo: whole(query.from, 'from'), hi: whole(query.to ?? query.from, 'to') },
    statement: query.value === undefined ? undefined : { questionId: query.statement, value: query.value },
    code: query.code,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    pageSize: ANSWERS_PAGE,
  };
}

type AnswersDeps = Pick<ApiDeps, 'directory' | 'catalog' | 'releases' | 'answers' | 'participants' | 'coding' | 'protector' | 'clock'>;

/**
 * Reading what people said (core/results/answers-read.ts): row-level results (`results:read`, core/access/
 * authorize.ts) — staff of the owning organisation, and the network's coordinators where the organisation
 * shares rows; everyone else is answered as if there were no such project (404).
 * A filter that would show fewer than k, or tell fewer than k apart, is refused (422) naming its fields.
 */
export function answersRoutes(deps: AnswersDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  const access = (c: ApiContext): Promise<Project> => projectFor(c, deps.directory, c.req.param('projectId') ?? '', 'results:read');

  async function roundOf(c: ApiContext, project: Project): Promise<RoundOfSurvey> {
    const roundId = c.req.param('roundId') ?? '';
    const round = (await deps.directory.listRounds(project.projectId)).find((r) => r.roundId === roundId);
    if (!round) throw notFound(`round "${roundId}"`);
    const survey = await deps.catalog.survey(round.surveyId, round.surveyVersion);
    if (!survey) throw new Error(`survey ${round.surveyId}@${round.surveyVersion} of round ${round.roundId} is missing`);
    return { round, survey };
  }

  app.get('/api/projects/:projectId/rounds/:roundId/answers', async (c) => {
    const project = await access(c);
    const query = queryParams(c, AnswersQuery);
    const of = await roundOf(c, project);
    // Like the downloads: a round with no release yet gets its first here, if one is due.
    const releases = await deps.releases.list(project.projectId, of.round.roundId);
    if (releases.length === 0) await roundReleases(deps, project, of);
    const questions = questionsOf(of.survey);
    const heading = { roundId: of.round.roundId, label: of.round.label, k: kOf(project) };
    const probeOf = (id: string) => {
      const asked = of.survey.askables.get(id);
      return asked && 'probeOf' in asked ? asked.probeOf : undefined;
    };
    if (query.question === undefined) {
      const all = [...questions.values()];
      const codebook = (await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId);
      return c.json({
        round: heading,
        questions: all.filter((q) => ownWords(q)).map((q) => ({ questionId: q.id, kind: q.kind, text: q.text, probeOf: probeOf(q.id) ?? null })),
        triads: all.filter((q) => q.kind === 'triad').map((q) => ({ questionId: q.id, text: q.text, corners: q.corners ?? null })),
        dyads: all.filter((q) => q.kind === 'dyad').map((q) => ({ questionId: q.id, text: q.text, poles: q.poles ?? null, points: DYAD_POINTS })),
        statements: all.filter((q) => q.kind === 'statement').map((q) => ({ questionId: q.id, text: q.text, values: q.values })),
        codes: allCodes(codebook).map((code) => ({ id: code.id, label: code.label, builtIn: code.builtIn })),
      });
    }
    const request = readingRequest(query, query.question);
    const reading = await readAnswers(deps, project, of, request);
    if (!reading.ok && reading.refusal === 'not-found') throw notFound(`question "${query.question}" in people's own words`);
    if (!reading.ok && reading.refusal === 'bad-filter') throw badRequest(reading.field, reading.message);
    if (!reading.ok && reading.refusal === 'too-few')
      throw new ApiProblem(
        422,
        'Too few',
        `with these filters fewer than ${reading.k} people's answers would be shown, or told apart from the rest: showing them could single someone out`,
        reading.fields.map((field) => ({ field, message: `too narrow with the other filters (k = ${reading.k})` })),
        { k: reading.k },
      );
    if (!reading.ok) throw new Error('unreachable');
    const question = questions.get(query.question);
    return c.json({
      round: heading,
      question: { questionId: query.question, kind: question?.kind ?? 'open', text: question?.text ?? '', probeOf: probeOf(query.question) ?? null },
      k: reading.k,
      total: reading.total,
      leftOutReleases: reading.leftOut,
      answers: reading.answers,
      next: reading.after ? encodeCursor(reading.after) : null,
    });
  });

  return app;
}
