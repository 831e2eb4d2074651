import { Hono } from 'hono';
import { seg, type ApiHandler } from '../api/api-client.js';
import { Preview, PREVIEW_CHANNELS, SurveyCreated, SurveyList, SurveyVersion, TemplateList, VOICE_NOTE_MODES } from '../api/api-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, FormErrors } from '../page/forms.js';
import { previewPage } from './preview-page.js';
import { previewPictures } from './preview-pictures.js';
import { isSupportedLanguage } from '../../../locales/index.js';
import { failure, notFoundPage, render } from '../page/respond.js';
import { surveysPage, TEMPLATE_CONTROLS, UPLOAD_CONTROLS, type SurveysView } from './surveys-page.js';

type Forms = Pick<SurveysView, 'upload' | 'fromTemplate'>;
const EMPTY_FORMS: Forms = {
  upload: { definition: '', errors: FormErrors.none() },
  fromTemplate: { template: '', surveyId: '', errors: FormErrors.none() },
};

async function showSurveys(c: DashboardContext, forms: Forms, status: 200 | 400 | 409 = 200, notice?: string): Promise<Response> {
  const { api } = sessionOf(c);
  const [own, templates] = await Promise.all([api.get('/api/surveys', SurveyList), api.get('/api/templates', TemplateList)]);
  if (!own.ok) return failure(c, own.status, own.problem);
  if (!templates.ok) return failure(c, templates.status, templates.problem);
  return render(c, surveysPage(c.get('ui'), { own: own.data.surveys, templates: templates.data.templates, notice, ...forms }), status);
}

const statusOf = (status: number): 400 | 409 => (status === 409 ? 409 : 400);

/** Surveys (staff): list, upload a definition, create from a template, preview a version in a language and on a channel. */
export function surveysRoutes(opts: { media: ApiHandler }): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/surveys`, (c) => showSurveys(c, EMPTY_FORMS, 200, c.req.query('done') === 'saved' ? c.get('ui').t('surveySaved') : undefined));

  app.post(`${DASHBOARD}/surveys`, async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    const definition = file instanceof File && file.size > 0 ? await file.text() : formText(form, 'definition');
    const saved = await sessionOf(c).api.post('/api/surveys', SurveyCreated, { text: definition, type: 'application/json' });
    if (saved.ok) return c.redirect(`${DASHBOARD}/surveys?done=saved`, 303);
    if (saved.status === 401 || saved.status === 403 || saved.status >= 500) return failure(c, saved.status, saved.problem);
    const errors = new FormErrors(saved.problem, UPLOAD_CONTROLS, {}, 'definition');
    return showSurveys(c, { ...EMPTY_FORMS, upload: { definition, errors } }, statusOf(saved.status));
  });

  app.post(`${DASHBOARD}/surveys/from-template`, async (c) => {
    const form = await c.req.parseBody();
    const template = formText(form, 'template');
    const surveyId = formText(form, 'surveyId').trim();
    const saved = await sessionOf(c).api.post('/api/surveys/from-template', SurveyCreated, { json: { template, ...(surveyId ? { surveyId } : {}) } });
    if (saved.ok) return c.redirect(`${DASHBOARD}/surveys?done=saved`, 303);
    if (saved.status === 401 || saved.status === 403 || saved.status >= 500) return failure(c, saved.status, saved.problem);
    const errors = new FormErrors(saved.problem, TEMPLATE_CONTROLS, { template: ['id', 'version'] });
    return showSurveys(c, { ...EMPTY_FORMS, fromTemplate: { template, surveyId, errors } }, statusOf(saved.status));
  });

  app.get(`${DASHBOARD}/surveys/:surveyId/versions/:version`, async (c) => {
    const { api } = sessionOf(c);
    const surveyId = c.req.param('surveyId');
    const version = c.req.param('version');
    if (!/^[1-9]\d{0,5}$/.test(version)) return notFoundPage(c);
    const base = `/api/surveys/${seg(surveyId)}/versions/${version}`;
    const record = await api.get(base, SurveyVersion);
    if (!record.ok) return failure(c, record.status, record.problem);
    const { definition } = record.data;
    const asked = c.req.query('language') ?? '';
    // A participant language the survey lacks is previewed too: the page then says what its speakers get.
    const language = definition.languages.includes(asked) || isSupportedLanguage(asked) ? asked : (definition.languages[0] ?? 'en');
    const channel = PREVIEW_CHANNELS.find((ch) => ch === c.req.query('channel')) ?? 'sms';
    const voiceNotes = VOICE_NOTE_MODES.find((m) => m === c.req.query('voiceNotes'));
    const query = new URLSearchParams({ language, channel, ...(channel === 'whatsapp' && voiceNotes ? { voiceNotes } : {}) });
    const preview = await api.get(`${base}/preview?${query}`, Preview);
    if (!preview.ok) return failure(c, preview.status, preview.problem);
    return render(
      c,
      previewPage(c.get('ui'), {
        surveyId: definition.id,
        version: definition.version,
        title: definition.title,
        languages: definition.languages,
        preview: preview.data,
        pictures: await previewPictures(opts.media, preview.data),
      }),
    );
  });

  return app;
}
