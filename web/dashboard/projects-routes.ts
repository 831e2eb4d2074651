import { Hono } from 'hono';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { ProjectCreated, ProjectList } from './api-shapes.js';
import { DASHBOARD, sessionOf, type DashboardEnv } from './context.js';
import { formText, formTexts, FormErrors } from './forms.js';
import { EMPTY_DRAFT, PROJECT_CONTROLS, projectsPage, type ProjectDraft } from './projects-page.js';
import { failure, render } from './respond.js';

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
  };
}

/** The projects list and the create-project form (POST /api/projects). */
export function projectsRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(DASHBOARD, async (c) => {
    const { me, api } = sessionOf(c);
    // An interpreter account has one page: the voice answers waiting for a person.
    if (me.role === 'interpreter') return c.redirect(`${DASHBOARD}/voice`);
    const list = await api.get('/api/projects', ProjectList);
    if (!list.ok) return failure(c, list.status, list.problem);
    return render(c, projectsPage(c.get('ui'), me, list.data.projects, { draft: EMPTY_DRAFT, errors: FormErrors.none() }));
  });

  app.post(`${DASHBOARD}/projects`, async (c) => {
    const { me, api } = sessionOf(c);
    const draft = draftOf(await c.req.parseBody({ all: true }));
    const created = await api.post('/api/projects', ProjectCreated, {
      json: { ...draft, fallbackLanguages: codeList(draft.fallbackLanguages), callNumber: draft.callNumber || null },
    });
    if (created.ok) return c.redirect(`${DASHBOARD}/projects/${encodeURIComponent(created.data.project.projectId)}?done=created`, 303);
    if (created.status === 401 || created.status === 403) return failure(c, created.status, created.problem);
    const list = await api.get('/api/projects', ProjectList);
    if (!list.ok) return failure(c, list.status, list.problem);
    const errors = new FormErrors(created.problem, PROJECT_CONTROLS);
    return render(c, { ...projectsPage(c.get('ui'), me, list.data.projects, { draft, errors }), self: DASHBOARD }, created.status === 409 ? 409 : 400);
  });

  return app;
}
