import { Hono } from 'hono';
import { codingAssignments } from '../../core/coding/assignments.js';
import { codingSheet } from '../../core/coding/coding-sheet.js';
import { allCodes, CodebookInput, emptyCodebook, reviseCodebook, type Codebook, type CodebookRefusal } from '../../core/coding/codebook.js';
import { codingRole, type CodingRole } from '../../core/coding/coders.js';
import { projectAgreement } from '../../core/coding/project-agreement.js';
import { releasedRound, type ReleasedRound } from '../../core/coding/released-round.js';
import { roundCodeCounts } from '../../core/coding/round-counts.js';
import { tagAnswer, untagAnswer, type TagResult, type TagTarget } from '../../core/coding/tags.js';
import { kOf } from '../../core/disclosure/cells.js';
import type { Project } from '../../core/model.js';
import { ownWords } from '../../core/results/csv.js';
import { oldestFirst, questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, mayDo, notFound, queryParams, type ApiContext, type ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';

export const TagInput = z.object({
  codes: z.array(z.string().check(z.minLength(1), z.maxLength(60))).check(z.minLength(1, 'at least one code'), z.maxLength(20)),
});

const SheetQuery = z.object({ question: z.optional(z.string().check(z.minLength(1), z.maxLength(100))) });
const AgreementQuery = z.object({ round: z.optional(z.string().check(z.minLength(1), z.maxLength(100))) });

type CodingDeps = Pick<ApiDeps, 'directory' | 'catalog' | 'releases' | 'answers' | 'answerLookup' | 'coding' | 'protector' | 'clock'>;

/** The same answer whatever is missing or not allowed: nothing tells an unreleased answer from one that never was. */
const noAnswer = () => notFound('released answer');

function codebookProblem(refusal: CodebookRefusal): ApiProblem {
  if (refusal.code === 'stale')
    return new ApiProblem(409, 'Conflict', 'someone saved the codebook since you read it: read it again', [], { version: refusal.version });
  if (refusal.code === 'duplicate-code')
    return new ApiProblem(
      400,
      'Bad request',
      'two codes have the same id',
      refusal.ids.map((id) => ({ field: 'codes', message: `"${id}" twice` })),
    );
  return new ApiProblem(
    409,
    'Conflict',
    'a code cannot be removed (answers may carry it): archive it instead',
    refusal.ids.map((id) => ({ field: 'codes', message: `"${id}" is missing` })),
  );
}

function tagResponse(c: ApiContext, result: TagResult): Response {
  if (result.ok) return c.json({ codes: result.codes });
  if (result.refusal === 'not-found') throw noAnswer();
  if (result.refusal === 'unknown-code')
    throw new ApiProblem(
      400,
      'Bad request',
      'not a code of this codebook',
      result.ids.map((id) => ({ field: 'codes', message: `unknown: "${id}"` })),
    );
  throw new ApiProblem(
    409,
    'Conflict',
    'an archived code is not given any more',
    result.ids.map((id) => ({ field: 'codes', message: `archived: "${id}"` })),
  );
}

/** What a coder (not staff) sees of the codebook: the codes, not who else may code. */
const codebookView = (codebook: Codebook, role: CodingRole) => ({
  codes: allCodes(codebook),
  ...(role === 'staff' ? { interpreters: codebook.interpreters, version: codebook.version, updatedAt: codebook.updatedAt } : {}),
});

/**
 * Coding the answers (core/coding): the codebook, tagging released answers, the code counts through
 * disclosure control, and the agreement between coders. Who may do what: core/coding/coders.ts; everything
 * else is answered as if nothing were there (404).
 */
export function codingRoutes(deps: CodingDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function access(c: ApiContext, allowed: readonly CodingRole[]): Promise<{ project: Project; codebook: Codebook; role: CodingRole }> {
    const projectId = c.req.param('projectId') ?? '';
    const project = await deps.directory.getProject(projectId);
    const codebook = project ? ((await deps.coding.codebook(projectId)) ?? emptyCodebook(projectId)) : null;
    const role = project && codebook ? codingRole(c.get('principal'), project, codebook) : null;
    if (!project || !codebook || !role || !allowed.includes(role)) throw notFound(`project "${projectId}"`);
    // A coordinator reads the counts only where the organisation shares its coded themes (core/access/sharing.ts).
    if (role === 'reader' && !(await mayDo(c, project, 'themes:read'))) throw notFound(`project "${projectId}"`);
    return { project, codebook, role };
  }

  async function roundOf(c: ApiContext, project: Project): Promise<{ round: ReleasedRound; survey: RoundOfSurvey['survey'] }> {
    const round = await releasedRound(deps, project, c.req.param('roundId') ?? '');
    if (!round) throw notFound(`round "${c.req.param('roundId')}"`);
    const survey = await deps.catalog.survey(round.round.surveyId, round.round.surveyVersion);
    if (!survey) throw new Error(`survey ${round.round.surveyId}@${round.round.surveyVersion} of round ${round.round.roundId} is missing`);
    return { round, survey };
  }

  async function target(c: ApiContext, project: Project): Promise<TagTarget> {
    const { round, survey } = await roundOf(c, project);
    return { round, questions: questionsOf(survey), respondent: c.req.param('respondentCode') ?? '', questionId: c.req.param('questionId') ?? '' };
  }

  app.get('/api/projects/:projectId/codebook', async (c) => {
    const { codebook, role } = await access(c, ['staff', 'coder']);
    return c.json(codebookView(codebook, role));
  });

  app.put('/api/projects/:projectId/codebook', async (c) => {
    const { codebook } = await access(c, ['staff']);
    const input = await jsonBody(c, CodebookInput);
    const revised = reviseCodebook(codebook, input, deps.clock.now().toISOString());
    if ('refusal' in revised) throw codebookProblem(revised.refusal);
    if (!(await deps.coding.saveCodebook(revised.codebook))) throw codebookProblem({ code: 'stale', version: codebook.version });
    return c.json(codebookView(revised.codebook, 'staff'));
  });

  /** Without `question`: the questions in people's own words; with it, that question's released answers to code. */
  app.get('/api/projects/:projectId/rounds/:roundId/coding', async (c) => {
    const { project, role } = await access(c, ['staff', 'coder']);
    const { question } = queryParams(c, SheetQuery);
    const { round, survey } = await roundOf(c, project);
    const questions = questionsOf(survey);
    const heading = { roundId: round.round.roundId, label: round.round.label, released: round.released.size > 0, k: round.k };
    if (question === undefined) {
      const own = [...questions.values()].filter((q) => ownWords(q)).map((q) => ({ questionId: q.id, kind: q.kind, text: q.text }));
      return c.json({ round: heading, questions: own });
    }
    const sheet = await codingSheet(deps, c.get('principal'), role, round, questions, question);
    if (!sheet.ok && sheet.refusal === 'not-found') throw notFound(`question "${question}"`);
    if (!sheet.ok)
      throw new ApiProblem(
        422,
        'Too few',
        `fewer than ${sheet.k} released respondents answered this question here: showing their answers could single them out`,
        [{ field: 'question', message: `fewer than ${sheet.k} answers` }],
      );
    const text = questions.get(question)?.text ?? '';
    return c.json({ round: heading, question: { questionId: question, text }, answers: sheet.answers });
  });

  app.post('/api/projects/:projectId/rounds/:roundId/answers/:respondentCode/:questionId/tags', async (c) => {
    const { project, codebook } = await access(c, ['staff', 'coder']);
    const input = await jsonBody(c, TagInput);
    return tagResponse(
      c,
      await tagAnswer(
        { coding: deps.coding, answers: deps.answerLookup },
        c.get('principal'),
        codebook,
        await target(c, project),
        input.codes,
        deps.clock.now().toISOString(),
      ),
    );
  });

  app.delete('/api/projects/:projectId/rounds/:roundId/answers/:respondentCode/:questionId/tags/:code', async (c) => {
    const { project } = await access(c, ['staff', 'coder']);
    const at = deps.clock.now().toISOString();
    return tagResponse(
      c,
      await untagAnswer({ coding: deps.coding, answers: deps.answerLookup }, c.get('principal'), await target(c, project), c.req.param('code'), at),
    );
  });

  /** Counts per code and question, as disclosure control lets them out: the same for staff and coordinators, never who coded. */
  app.get('/api/projects/:projectId/rounds/:roundId/code-counts', async (c) => {
    const { project, codebook } = await access(c, ['staff', 'reader']);
    const { round, survey } = await roundOf(c, project);
    const counts = await roundCodeCounts(deps, { round: round.round, survey }, codebook, round.k);
    return c.json({ k: round.k, codes: allCodes(codebook), ...counts });
  });

  /** The rounds this interpreter may code (empty for everyone else): the way in from their dashboard. */
  app.get('/api/coding/assignments', async (c) => c.json({ rounds: await codingAssignments(deps, c.get('principal')) }));

  app.get('/api/projects/:projectId/coding/agreement', async (c) => {
    const { project } = await access(c, ['staff']);
    const { round } = queryParams(c, AgreementQuery);
    const rounds = oldestFirst(await deps.directory.listRounds(project.projectId));
    if (round !== undefined && !rounds.some((r) => r.roundId === round)) throw notFound(`round "${round}"`);
    const roundIds = round === undefined ? rounds.map((r) => r.roundId) : [round];
    const k = kOf(project);
    return c.json({ k, rounds: roundIds, ...(await projectAgreement(deps, project.projectId, roundIds, k)) });
  });

  return app;
}
