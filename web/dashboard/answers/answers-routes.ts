import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { ProjectWithRounds } from '../api/api-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { failure, render } from '../page/respond.js';
import { answersPage, type AnswersFilters, type AnswersView } from './answers-page.js';
import { AnswersChoices, AnswersPage } from './answers-shapes.js';

/**
 * The answers page of a round (answers-page.ts): a GET with the filters in its query, read through the API
 * with the signed-in user's token — who may read, and what a filter may show, are the API's.
 */

const FILTERS = ['question', 'q', 'zone', 'dyad', 'from', 'to', 'answer', 'code'] as const;

/** The API's query for the page's filters: `triad:zone` and `statement:value` split, a dyad without points taken whole. */
export function apiQuery(filters: AnswersFilters, points: number, cursor: string | null): string {
  const params = new URLSearchParams({ question: filters.question });
  if (filters.q.trim() !== '') params.set('q', filters.q);
  const split = (text: string): [string, string] => {
    const at = text.lastIndexOf(':');
    return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
  };
  if (filters.zone !== '') {
    const [triad, zone] = split(filters.zone);
    params.set('triad', triad);
    params.set('zone', zone);
  }
  if (filters.dyad !== '') {
    params.set('dyad', filters.dyad);
    params.set('from', filters.from || '1');
    params.set('to', filters.to || String(points));
  }
  if (filters.answer !== '') {
    const [statement, value] = split(filters.answer);
    params.set('statement', statement);
    params.set('value', value);
  }
  if (filters.code !== '') params.set('code', filters.code);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

async function showAnswers(c: DashboardContext): Promise<Response> {
  const { api } = sessionOf(c);
  const projectId = c.req.param('projectId') ?? '';
  const roundId = c.req.param('roundId') ?? '';
  const base = `/api/projects/${seg(projectId)}`;
  const path = `${base}/rounds/${seg(roundId)}/answers`;
  const choices = await api.get(path, AnswersChoices);
  if (!choices.ok) return failure(c, choices.status, choices.problem);
  const query = (name: string) => (c.req.query(name) ?? '').slice(0, 200);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query(f)])) as unknown as AnswersFilters;
  // A link from a chart names no question: the story, else the first question in people's own words.
  const own = choices.data.questions;
  if (!own.some((q) => q.questionId === filters.question)) filters.question = (own.find((q) => q.kind === 'story') ?? own[0])?.questionId ?? '';
  const cursor = query('cursor') || null;
  const points = Math.max(1, ...choices.data.dyads.map((d) => d.points));
  let result: AnswersView['result'] = null;
  let k = choices.data.round.k;
  if (filters.question !== '') {
    const page = await api.get(`${path}?${apiQuery(filters, points, cursor)}`, AnswersPage);
    if (page.ok) {
      result = { page: page.data, cursor };
      k = page.data.k;
    } else if (page.status === 422) result = { refused: 'too-few' };
    else if (page.status === 400) result = { refused: 'bad-filter' };
    else return failure(c, page.status, page.problem);
  }
  const project = await api.get(base, ProjectWithRounds);
  const view: AnswersView = {
    projectId,
    projectName: project.ok ? project.data.project.name : null,
    roundId,
    choices: choices.data,
    filters,
    k,
    result,
  };
  // A refusal is the page's answer, not an error of it: 200, with the message in the user's language.
  return render(c, answersPage(c.get('ui'), view));
}

export function answersRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get(`${DASHBOARD}/projects/:projectId/rounds/:roundId/answers`, (c) => showAnswers(c));
  return app;
}
