import { Hono } from 'hono';
import { seg, type ApiClient } from '../api/api-client.js';
import { ProjectWithRounds, type Problem } from '../api/api-shapes.js';
import { CodebookView, CodeCounts, CodingAgreement, CodingQuestions, CodingSheet, TagsSaved, type CodeShape } from '../api/coding-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, formTexts, FormErrors } from '../page/forms.js';
import { failure, render } from '../page/respond.js';
import { codingPath } from './code-names.js';
import { CODE_CONTROLS, codingPage, type CodeDraft, type CodingView } from './coding-page.js';

/**
 * The coding page of a round (coding-page.ts) and its two forms: the codes of one answer (the difference
 * to what the coder had is sent as tags added and taken off) and a new code for the codebook (staff).
 * Everything goes through the API with the signed-in user's token: who sees and does what is the API's.
 */

interface PageState {
  notice?: string | undefined;
  codeForm?: { draft: CodeDraft; errors: FormErrors };
  status?: 200 | 400 | 409;
}

async function showCoding(c: DashboardContext, state: PageState = {}): Promise<Response> {
  const { me, api } = sessionOf(c);
  const ui = c.get('ui');
  const projectId = c.req.param('projectId') ?? '';
  const roundId = c.req.param('roundId') ?? '';
  const base = `/api/projects/${seg(projectId)}`;
  const round = `${base}/rounds/${seg(roundId)}`;
  const role = me.role;
  // A coordinator reads counts; staff everything; an interpreter the codebook and the answers to code.
  const counts = role === 'interpreter' ? null : await api.get(`${round}/code-counts`, CodeCounts);
  if (counts && !counts.ok) return failure(c, counts.status, counts.problem);
  let codes: readonly CodeShape[] = counts?.data.codes ?? [];
  let questions: CodingView['questions'] = null;
  let heading = { label: counts?.data.label ?? roundId, k: counts?.data.k ?? 5 };
  let sheet: CodingView['sheet'] = null;
  const selected = c.req.query('question') ?? null;
  if (role !== 'coordinator') {
    const [book, listed] = await Promise.all([api.get(`${base}/codebook`, CodebookView), api.get(`${round}/coding`, CodingQuestions)]);
    if (!book.ok) return failure(c, book.status, book.problem);
    if (!listed.ok) return failure(c, listed.status, listed.problem);
    codes = book.data.codes;
    questions = listed.data.questions;
    heading = { label: listed.data.round.label, k: listed.data.round.k };
    if (selected !== null) {
      const answers = await api.get(`${round}/coding?question=${seg(selected)}`, CodingSheet);
      if (answers.ok) sheet = { answers: answers.data.answers };
      else if (answers.status === 422) sheet = { tooFew: heading.k };
      else return failure(c, answers.status, answers.problem);
    }
  }
  const project = role === 'interpreter' ? null : await api.get(base, ProjectWithRounds);
  let agreement: CodingView['agreement'];
  if (role === 'staff') {
    const scope = c.req.query('agreement') === 'project' ? 'project' : 'round';
    const read = await api.get(`${base}/coding/agreement${scope === 'round' ? `?round=${seg(roundId)}` : ''}`, CodingAgreement);
    if (!read.ok) return failure(c, read.status, read.problem);
    agreement = { data: read.data, scope };
  }
  const view: CodingView = {
    projectId,
    projectName: project?.ok ? project.data.project.name : null,
    roundId,
    roundLabel: heading.label,
    role,
    codes,
    counts: counts?.data ?? null,
    questions,
    selected,
    sheet,
    k: heading.k,
    agreement,
    notice: state.notice,
    codeForm: state.codeForm,
  };
  return render(c, codingPage(ui, view), state.status ?? 200);
}

/** Add the codes ticked and not had, take off those had and not ticked. */
async function saveTags(api: ApiClient, round: string, form: Record<string, unknown>): Promise<{ ok: true } | { ok: false; status: number; problem: Problem }> {
  const respondent = formText(form, 'respondentCode');
  const question = formText(form, 'questionId');
  const ticked = new Set(formTexts(form, 'code'));
  const had = new Set(formTexts(form, 'had'));
  const answer = `${round}/answers/${seg(respondent)}/${seg(question)}/tags`;
  const added = [...ticked].filter((code) => !had.has(code));
  if (added.length > 0) {
    const saved = await api.post(answer, TagsSaved, { json: { codes: added } });
    if (!saved.ok) return saved;
  }
  for (const code of [...had].filter((c) => !ticked.has(c))) {
    const removed = await api.delete(`${answer}/${seg(code)}`);
    if (!removed.ok) return removed;
  }
  return { ok: true };
}

export function codingRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const page = `${DASHBOARD}/projects/:projectId/rounds/:roundId/coding`;

  app.get(page, (c) => {
    const { t } = c.get('ui');
    const done = c.req.query('done');
    return showCoding(c, { notice: done === 'tags' ? t('codingSaved') : done === 'code' ? t('codingCodeAdded') : undefined });
  });

  app.post(`${page}/tags`, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const roundId = c.req.param('roundId');
    const form = await c.req.parseBody({ all: true });
    const saved = await saveTags(api, `/api/projects/${seg(projectId)}/rounds/${seg(roundId)}`, form);
    if (!saved.ok) return failure(c, saved.status, saved.problem);
    const respondent = formText(form, 'respondentCode');
    return c.redirect(`${codingPath(projectId, roundId)}?question=${seg(formText(form, 'questionId'))}&done=tags#answer-${seg(respondent)}`, 303);
  });

  app.post(`${page}/codes`, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const roundId = c.req.param('roundId');
    const form = await c.req.parseBody();
    const draft: CodeDraft = {
      id: formText(form, 'id').trim(),
      nl: formText(form, 'nl').trim(),
      fr: formText(form, 'fr').trim(),
      en: formText(form, 'en').trim(),
    };
    const path = `/api/projects/${seg(projectId)}/codebook`;
    const book = await api.get(path, CodebookView);
    if (!book.ok) return failure(c, book.status, book.problem);
    const own = book.data.codes.filter((code) => !code.builtIn).map(({ builtIn: _builtIn, ...code }) => code);
    const label = Object.fromEntries((['nl', 'fr', 'en'] as const).filter((l) => draft[l] !== '').map((l) => [l, draft[l]]));
    const saved = await api.put(path, CodebookView, {
      json: { codes: [...own, { id: draft.id, label }], interpreters: book.data.interpreters, version: book.data.version },
    });
    if (saved.ok) return c.redirect(`${codingPath(projectId, roundId)}?done=code#codebook`, 303);
    if (saved.status !== 400 && saved.status !== 409) return failure(c, saved.status, saved.problem);
    // The new code is the last of `codes`: its issues belong to this form's fields, the others to the id.
    const errors = new FormErrors(saved.problem, CODE_CONTROLS, { id: ['codes'], nl: [`codes[${own.length}].label`] }, 'id');
    return showCoding(c, { codeForm: { draft, errors }, status: saved.status });
  });

  return app;
}
