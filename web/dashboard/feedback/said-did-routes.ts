import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { ProjectWithRounds } from '../api/api-shapes.js';
import { CodebookView, CodingQuestions, CodingSheet } from '../api/coding-shapes.js';
import { NetworkSaidDid, StaffItems, StaffItemShape } from '../api/said-did-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, formTexts, FormErrors } from '../page/forms.js';
import { failure, render } from '../page/respond.js';
import { saidDidNetworkPage } from './said-did-network-page.js';
import { ADD_CONTROLS, itemAnchor, saidDidPage, saidDidPath, type AddDraft, type LinkPanel, type SaidDidView } from './said-did-page.js';

/**
 * The "you said, we did" pages (said-did-page.ts for staff, said-did-network-page.ts for coordinators)
 * and their forms: add an action, change its status (with the version read: someone else's change first
 * is said, not overwritten), link answers of one question. Everything through the API with the signed-in
 * user's token: who sees and does what is the API's (core/feedback/visibility.ts).
 */

interface PageState {
  notice?: string | undefined;
  add?: SaidDidView['add'];
  stale?: SaidDidView['stale'];
  status?: 200 | 400 | 409 | 422;
}

const apiItems = (projectId: string) => `/api/projects/${seg(projectId)}/we-did`;

async function linkPanel(c: DashboardContext, projectId: string, item: StaffItemShape, roundIds: readonly string[]): Promise<LinkPanel | Response> {
  const { api } = sessionOf(c);
  const roundId = c.req.query('round') ?? roundIds.at(-1) ?? '';
  const question = c.req.query('question') ?? null;
  const round = `/api/projects/${seg(projectId)}/rounds/${seg(roundId)}/coding`;
  const listed = await api.get(round, CodingQuestions);
  if (!listed.ok) return failure(c, listed.status, listed.problem);
  let sheet: LinkPanel['sheet'] = null;
  if (question !== null) {
    const answers = await api.get(`${round}?question=${seg(question)}`, CodingSheet);
    if (answers.ok) sheet = { answers: answers.data.answers };
    else if (answers.status === 422) sheet = { tooFew: listed.data.round.k };
    else return failure(c, answers.status, answers.problem);
  }
  return { item, roundId, questions: listed.data.questions, question, sheet };
}

async function showPage(c: DashboardContext, state: PageState = {}): Promise<Response> {
  const { api, me } = sessionOf(c);
  const ui = c.get('ui');
  // A coordinator reads actions on the network page (no notes, no answers there).
  if (me.role === 'coordinator') return c.redirect(`${DASHBOARD}/we-did`, 303);
  const projectId = c.req.param('projectId') ?? '';
  // Staff only: a coordinator's answer has no answers or notes, and the page is not theirs (the network page is).
  const [items, project, book] = await Promise.all([
    api.get(apiItems(projectId), StaffItems),
    api.get(`/api/projects/${seg(projectId)}`, ProjectWithRounds),
    api.get(`/api/projects/${seg(projectId)}/codebook`, CodebookView),
  ]);
  if (!items.ok) return failure(c, items.status, items.problem);
  if (!project.ok) return failure(c, project.status, project.problem);
  if (!book.ok) return failure(c, book.status, book.problem);
  const rounds = [...project.data.rounds].sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  const linking = c.req.query('item');
  const item = linking === undefined ? undefined : items.data.items.find((i) => i.itemId === linking);
  let link: LinkPanel | undefined;
  if (item && rounds.length > 0) {
    const panel = await linkPanel(
      c,
      projectId,
      item,
      rounds.map((r) => r.roundId),
    );
    if (panel instanceof Response) return panel;
    link = panel;
  }
  const view: SaidDidView = {
    projectId,
    projectName: project.data.project.name,
    rounds,
    items: items.data.items,
    codes: book.data.codes,
    notice: state.notice,
    add: state.add,
    stale: state.stale,
    link,
  };
  return render(c, saidDidPage(ui, view), state.status ?? 200);
}

/** An item as the API takes it back: its words, codes and answers by the references the API gave. */
function itemBody(item: StaffItemShape) {
  return {
    title: item.title,
    ...(item.note ? { note: item.note } : {}),
    codes: item.codes,
    answers: item.answers.flatMap((a) => (a.available ? [{ roundId: a.roundId, respondentCode: a.respondentCode, questionId: a.questionId }] : [])),
    version: item.version,
  };
}

export function saidDidRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const page = `${DASHBOARD}/projects/:projectId/we-did`;
  const notices = { added: 'saidDidAdded', status: 'saidDidStatusSaved', links: 'saidDidLinksSaved' } as const;

  app.get(page, (c) => {
    const done = c.req.query('done');
    const key = done === 'added' || done === 'status' || done === 'links' ? notices[done] : undefined;
    return showPage(c, { notice: key ? c.get('ui').t(key) : undefined });
  });

  app.post(page, async (c) => {
    const { api } = sessionOf(c);
    const projectId = c.req.param('projectId');
    const form = await c.req.parseBody({ all: true });
    const draft: AddDraft = {
      title: formText(form, 'title').trim(),
      note: formText(form, 'note').replace(/\r\n?/g, '\n').trim(),
      codes: formTexts(form, 'codes'),
      status: formText(form, 'status') || 'planned',
    };
    const made = await api.post(apiItems(projectId), StaffItemShape, {
      json: { title: draft.title, ...(draft.note ? { note: draft.note } : {}), codes: draft.codes, status: draft.status },
    });
    if (made.ok) return c.redirect(`${saidDidPath(projectId)}?done=added#${itemAnchor(made.data.itemId)}`, 303);
    if (made.status !== 400 && made.status !== 422) return failure(c, made.status, made.problem);
    return showPage(c, { add: { draft, errors: new FormErrors(made.problem, ADD_CONTROLS, {}, 'title') }, status: made.status });
  });

  app.post(`${page}/:itemId/status`, async (c) => {
    const { api } = sessionOf(c);
    const { projectId, itemId } = c.req.param();
    const form = await c.req.parseBody();
    const changed = await api.post(`${apiItems(projectId)}/${seg(itemId)}/status`, StaffItemShape, {
      json: { status: formText(form, 'status'), version: Number(formText(form, 'version')) },
    });
    if (changed.ok) return c.redirect(`${saidDidPath(projectId)}?done=status#${itemAnchor(itemId)}`, 303);
    if (changed.status === 409) return showPage(c, { stale: { itemId, message: c.get('ui').t('saidDidStale') }, status: 409 });
    return failure(c, changed.status, changed.problem);
  });

  /** The answers of one question linked to the item: those ticked, and the item's links elsewhere kept. */
  app.post(`${page}/:itemId/answers`, async (c) => {
    const { api } = sessionOf(c);
    const { projectId, itemId } = c.req.param();
    const form = await c.req.parseBody({ all: true });
    const roundId = formText(form, 'roundId');
    const questionId = formText(form, 'questionId');
    const list = await api.get(apiItems(projectId), StaffItems);
    if (!list.ok) return failure(c, list.status, list.problem);
    const item = list.data.items.find((i) => i.itemId === itemId);
    if (!item) return failure(c, 404, { title: 'Not found', status: 404, errors: [] });
    const back = `${saidDidPath(projectId)}?item=${seg(itemId)}&round=${seg(roundId)}&question=${seg(questionId)}`;
    if (String(item.version) !== formText(form, 'version')) return c.redirect(`${back}#link`, 303);
    const body = itemBody(item);
    const others = body.answers.filter((a) => a.roundId !== roundId || a.questionId !== questionId);
    const ticked = formTexts(form, 'respondentCode').map((respondentCode) => ({ roundId, respondentCode, questionId }));
    const saved = await api.put(`${apiItems(projectId)}/${seg(itemId)}`, StaffItemShape, { json: { ...body, answers: [...others, ...ticked] } });
    if (saved.ok) return c.redirect(`${saidDidPath(projectId)}?done=links#${itemAnchor(itemId)}`, 303);
    if (saved.status === 409) return c.redirect(`${back}#link`, 303);
    return failure(c, saved.status, saved.problem);
  });

  app.get(`${DASHBOARD}/we-did`, async (c) => {
    const network = await sessionOf(c).api.get('/api/we-did', NetworkSaidDid);
    if (!network.ok) return failure(c, network.status, network.problem);
    return render(c, saidDidNetworkPage(c.get('ui'), network.data));
  });

  return app;
}
