import { Hono } from 'hono';
import { SUPPORTED_LANGUAGES } from '../../../locales/index.js';
import { ProjectCreated, ProjectList, SurveyList, TemplateList } from '../api/api-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, formTexts, FormErrors } from '../page/forms.js';
import { defaultPlanDraft, planDraftOf, planJson } from './plan-form.js';
import { emptyDraft, PROJECT_ALIASES, PROJECT_CONTROLS, projectsPage, type ProjectDraft, type SurveyChoices } from './projects-page.js';
import { failure, render } from '../page/respond.js';

/** "en, nl" or "en > nl" or "en nl" → ["en", "nl"]. */
export const codeList = (text: string): string[] =>
  text
    .split(/[\s,;>→]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

function draftOf(form: Record<string, unknown>): ProjectDraft {
  const whatsappTemplates: Record<string, string> = {};
  for (const code of SUPPORTED_LANGUAGES) {
    const sid = formText(form, `whatsappTemplates.${code}`).trim();
    if (sid) whatsappTemplates[code] = sid;
  }
  return {
    projectId: formText(form, 'projectId').trim(),
    name: formText(form, 'name'),
    languages: formTexts(form, 'languages'),
    fallbackLanguages: formText(form, 'fallbackLanguages'),
    joinCode: formText(form, 'joinCode'),
    whatsappTemplates,
    callNumber: formText(form, 'callNumber').replace(/[\s.\/()-]/g, ''),
    whatsappFallback: formText(form, 'whatsappFallback') || 'sms',
    plan: planDraftOf(form),
  };
}

const NO_SURVEYS: SurveyChoices = { own: [], templates: [] };

/** The survey versions a plan may use (staff only: coordinators see no create form). */
async function surveyChoices(c: DashboardContext): Promise<SurveyChoices | Response> {
  const { me, api } = sessionOf(c);
  if (me.role !== 'staff') return NO_SURVEYS;
  const [own, templates] = await Promise.all([api.get('/api/surveys', SurveyList), api.get('/api/templates', TemplateList)]);
  if (!own.ok) return failure(c, own.status, own.problem);
  if (!templates.ok) return failure(c, templates.status, templates.problem);
  return { own: own.data.surveys, templates: templates.data.templates };
}

/** The projects list and the create-project form (POST /api/projects), rounds planned with it if staff choose. */
export function projectsRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(DASHBOARD, async (c) => {
    const { me, api } = sessionOf(c);
    // An interpreter account has one page: the voice answers waiting for a person.
    if (me.role === 'interpreter') return c.redirect(`${DASHBOARD}/voice`);
    const [list, surveys] = await Promise.all([api.get('/api/projects', ProjectList), surveyChoices(c)]);
    if (!list.ok) return failure(c, list.status, list.problem);
    if (surveys instanceof Response) return surveys;
    const ui = c.get('ui');
    const draft = emptyDraft(defaultPlanDraft(new Date(), ui.timeZone, surveys.templates));
    return render(c, projectsPage(ui, me, list.data.projects, { draft, errors: FormErrors.none(), surveys }));
  });

  app.post(`${DASHBOARD}/projects`, async (c) => {
    const { me, api } = sessionOf(c);
    const ui = c.get('ui');
    const draft = draftOf(await c.req.parseBody({ all: true }));
    const plan = planJson(draft.plan, ui.timeZone, ui.t('repeatLabel'));
    const { plan: _typed, ...fields } = draft;
    const created = await api.post('/api/projects', ProjectCreated, {
      json: { ...fields, fallbackLanguages: codeList(draft.fallbackLanguages), callNumber: draft.callNumber || null, ...(plan ? { plan } : {}) },
    });
    if (created.ok) return c.redirect(`${DASHBOARD}/projects/${encodeURIComponent(created.data.project.projectId)}?done=created`, 303);
    if (created.status === 401 || created.status === 403) return failure(c, created.status, created.problem);
    const [list, surveys] = await Promise.all([api.get('/api/projects', ProjectList), surveyChoices(c)]);
    if (!list.ok) return failure(c, list.status, list.problem);
    if (surveys instanceof Response) return surveys;
    const errors = new FormErrors(created.problem, PROJECT_CONTROLS, PROJECT_ALIASES);
    return render(c, { ...projectsPage(ui, me, list.data.projects, { draft, errors, surveys }), self: DASHBOARD }, created.status === 409 ? 409 : 400);
  });

  return app;
}
