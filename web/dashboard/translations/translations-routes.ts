import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { TemplateList } from '../api/api-shapes.js';
import { SurveysToTranslate, SystemTranslations } from '../api/translation-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { failure, notFoundPage, render } from '../page/respond.js';
import { FORMATS, translationsPage, type Format } from './translations-page.js';

const formatOf = (value: string | undefined): Format | null => FORMATS.find((f) => f === (value ?? 'xliff')) ?? null;

/**
 * A translation file from the API, with the session's token (a link cannot send a bearer token): passed
 * on as the API made it, as an attachment, never cached. At most a few hundred kilobytes.
 */
async function fileFromApi(c: DashboardContext, apiPath: string): Promise<Response> {
  const file = await sessionOf(c).api.bytes(apiPath);
  if (!file.ok) return failure(c, file.status, file.problem);
  return c.body(await file.response.arrayBuffer(), 200, {
    'Content-Type': file.response.headers.get('content-type') ?? 'application/octet-stream',
    'Content-Disposition': file.response.headers.get('content-disposition') ?? 'attachment',
    'Cache-Control': 'no-store',
  });
}

/** Translations (staff, interpreters): review states of the system texts and templates, and their files. */
export function translationsRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/translations`, async (c) => {
    const { api } = sessionOf(c);
    const [system, templates, own] = await Promise.all([
      api.get('/api/translations/system', SystemTranslations),
      api.get('/api/templates', TemplateList),
      api.get('/api/translations/surveys', SurveysToTranslate),
    ]);
    if (!system.ok) return failure(c, system.status, system.problem);
    if (!templates.ok) return failure(c, templates.status, templates.problem);
    // An interpreter of the network belongs to no organisation: no surveys of its own (403), the rest as for everyone.
    if (!own.ok && own.status !== 403) return failure(c, own.status, own.problem);
    const surveys = own.ok ? own.data.surveys : null;
    return render(c, translationsPage(c.get('ui'), { system: system.data, templates: templates.data.templates, surveys }));
  });

  app.get(`${DASHBOARD}/translations/system/:language`, async (c) => {
    const format = formatOf(c.req.query('format'));
    if (!format) return notFoundPage(c);
    return fileFromApi(c, `/api/translations/system/${seg(c.req.param('language'))}?format=${format}`);
  });

  // The template's current version from the list: a template is translated in its one version in the repository.
  app.get(`${DASHBOARD}/translations/template`, async (c) => {
    const format = formatOf(c.req.query('format'));
    const templates = await sessionOf(c).api.get('/api/templates', TemplateList);
    if (!templates.ok) return failure(c, templates.status, templates.problem);
    const template = templates.data.templates.find((t) => t.surveyId === c.req.query('template'));
    const language = c.req.query('language') ?? '';
    if (!format || !template || !template.languages.includes(language)) return notFoundPage(c);
    return fileFromApi(c, `/api/surveys/${seg(template.surveyId)}/versions/${template.version}/translations/${seg(language)}?format=${format}`);
  });

  return app;
}
