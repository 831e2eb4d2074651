import { Hono } from 'hono';
import { SurveyDefinition } from '../../../../flows/definition.js';
import { reviewsOf } from '../../../../core/translation/review.js';
import * as z from '../../../../kernel/zod.js';
import { seg } from '../../api/api-client.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../../page/context.js';
import { formText, FormErrors } from '../../page/forms.js';
import { failure, message, notFoundPage, render } from '../../page/respond.js';
import { applyAction, parseAction } from './editor-actions.js';
import { editorErrors } from './editor-errors.js';
import { parseEditorForm } from './editor-form.js';
import { editHref, editorPage, type EditorView } from './editor-page.js';
import { definitionJson, stateOf, type EditorState } from './editor-state.js';
import { newSurveyControls, newSurveyDraftOf, newSurveyJson, newSurveyPage } from './new-survey-form.js';

/** The API's answers the editor reads: a version whole (checked with the schema every survey passes), a saved survey. */
const EditableVersion = z.object({ definition: SurveyDefinition, frozen: z.boolean() });
const Saved = z.object({ survey: z.object({ surveyId: z.string(), version: z.number() }) });

const VERSION = /^[1-9]\d{0,5}$/;

/** The survey editor (staff): a blank survey, a draft version edited as one form, a new draft from a frozen version. */
export function editorRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const path = `${DASHBOARD}/surveys/:surveyId/versions/:version`;

  async function load(c: DashboardContext) {
    const surveyId = c.req.param('surveyId') ?? '';
    const version = c.req.param('version') ?? '';
    if (!VERSION.test(version)) return { ok: false as const, response: await notFoundPage(c) };
    const api = `/api/surveys/${seg(surveyId)}/versions/${version}`;
    const record = await sessionOf(c).api.get(api, EditableVersion);
    if (!record.ok) return { ok: false as const, response: await failure(c, record.status, record.problem) };
    return { ok: true as const, api, surveyId, version: Number(version), ...record.data };
  }

  type Loaded = Extract<Awaited<ReturnType<typeof load>>, { ok: true }>;
  const view = (c: DashboardContext, loaded: Loaded, state: EditorState, extra: Partial<EditorView> = {}): EditorView => ({
    surveyId: loaded.surveyId,
    version: loaded.version,
    frozen: loaded.frozen,
    savedTitle: loaded.definition.title,
    reviews: reviewsOf(loaded.definition),
    state,
    errors: FormErrors.none(),
    labels: {},
    focus: null,
    ...extra,
  });

  app.get(`${path}/edit`, async (c) => {
    const loaded = await load(c);
    if (!loaded.ok) return loaded.response;
    const done = c.req.query('done') === 'saved' ? c.get('ui').t('editorSaved') : undefined;
    return render(c, editorPage(c.get('ui'), view(c, loaded, stateOf(loaded.definition), { notice: done })));
  });

  app.post(`${path}/edit`, async (c) => {
    const ui = c.get('ui');
    const loaded = await load(c);
    if (!loaded.ok) return loaded.response;
    const form = await c.req.parseBody({ all: true });
    const parsed = parseEditorForm(form);
    if (!parsed.ok) return message(c, 400, ui.t('editorDamagedTitle'), ui.t('editorDamagedText'));
    const { state } = parsed;
    // A version launched since the page was opened: shown as it is, read only (the form's changes cannot go in it).
    if (loaded.frozen) return render(c, editorPage(ui, view(c, loaded, stateOf(loaded.definition), { refused: true })), 409);
    const action = parseAction(formText(form, 'action'));
    if (!action) return render(c, editorPage(ui, view(c, loaded, state, { refused: true })), 400);
    if (action.kind === 'save') {
      const saved = await sessionOf(c).api.put(loaded.api, Saved, { json: definitionJson(state, loaded.surveyId, loaded.version) });
      if (saved.ok) return c.redirect(`${editHref(loaded.surveyId, loaded.version)}?done=saved`, 303);
      if (saved.status !== 400 && saved.status !== 409) return failure(c, saved.status, saved.problem);
      const { errors, labels } = editorErrors(ui, state, saved.problem);
      return render(c, editorPage(ui, view(c, loaded, state, { errors, labels })), saved.status);
    }
    const applied = applyAction(state, action, formText(form, 'newLanguage'));
    if (!applied.ok) return render(c, editorPage(ui, view(c, loaded, state, { refused: true })), 400);
    return render(c, editorPage(ui, view(c, loaded, applied.state, { focus: applied.focus })));
  });

  app.post(`${path}/draft`, async (c) => {
    const version = c.req.param('version') ?? '';
    if (!VERSION.test(version)) return notFoundPage(c);
    const made = await sessionOf(c).api.post(`/api/surveys/${seg(c.req.param('surveyId') ?? '')}/versions/${version}/draft`, Saved);
    if (!made.ok) return failure(c, made.status, made.problem);
    return c.redirect(editHref(made.data.survey.surveyId, made.data.survey.version), 303);
  });

  app.post(`${DASHBOARD}/surveys/new`, async (c) => {
    const draft = newSurveyDraftOf(await c.req.parseBody({ all: true }));
    const made = await sessionOf(c).api.post('/api/surveys/new', Saved, { json: newSurveyJson(draft) });
    if (made.ok) return c.redirect(editHref(made.data.survey.surveyId, made.data.survey.version), 303);
    if (made.status !== 400 && made.status !== 409) return failure(c, made.status, made.problem);
    const errors = new FormErrors(made.problem, newSurveyControls(), { surveyId: ['id'] });
    return render(c, newSurveyPage(c.get('ui'), draft, errors), made.status);
  });

  return app;
}
