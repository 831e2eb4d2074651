import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText } from '../page/forms.js';
import { languageName } from '../page/language-names.js';
import { failure, notFoundPage, render } from '../page/respond.js';
import { FORMATS, translationPage, translationsHref, type FileFormat, type TranslationView } from './translation-page.js';
import { TranslationList, TranslationUpload, type TranslationRefusal } from './translation-shapes.js';

const PAGE = `${DASHBOARD}/surveys/:surveyId/versions/:version/translations`;
const isFormat = (value: string): value is FileFormat => (FORMATS as readonly string[]).includes(value);
const STATE_KEYS = { machine: 'reviewMachine', draft: 'reviewDraft', reviewed: 'reviewReviewed' } as const;

function apiBase(c: DashboardContext): string | null {
  const version = c.req.param('version') ?? '';
  if (!/^[1-9]\d{0,5}$/.test(version)) return null;
  return `/api/surveys/${seg(c.req.param('surveyId') ?? '')}/versions/${version}/translations`;
}

async function show(c: DashboardContext, base: string, extra: Omit<TranslationView, 'list'>, status: 200 | 422 = 200): Promise<Response> {
  const list = await sessionOf(c).api.get(base, TranslationList);
  if (!list.ok) return failure(c, list.status, list.problem);
  return render(c, translationPage(c.get('ui'), { list: list.data, ...extra }), status);
}

/** A survey's translations (issue 22): the page, each file to download, and an import. No script needed. */
export function translationRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(PAGE, async (c) => {
    const base = apiBase(c);
    if (!base) return notFoundPage(c);
    const { t } = c.get('ui');
    const done = c.req.query('done');
    const language = c.req.query('language') ?? '';
    const state = c.req.query('state') ?? '';
    const words = state in STATE_KEYS ? t(STATE_KEYS[state as keyof typeof STATE_KEYS]) : '';
    const notice =
      done === 'imported'
        ? t('translationImported', { language: languageName(language), state: words })
        : done === 'unchanged'
          ? t('translationUnchanged')
          : undefined;
    return show(c, base, { notice, form: { language, format: 'xliff', reviewed: false } });
  });

  /** The file itself, with the session's token: passed on as the API made it (an attachment). */
  app.get(`${PAGE}/:language`, async (c) => {
    const base = apiBase(c);
    const format = c.req.query('format') ?? 'xliff';
    if (!base || !isFormat(format)) return notFoundPage(c);
    const file = await sessionOf(c).api.bytes(`${base}/${seg(c.req.param('language'))}?format=${format}`);
    if (!file.ok) return failure(c, file.status, file.problem);
    return c.body(await file.response.arrayBuffer(), 200, {
      'Content-Type': file.response.headers.get('content-type') ?? 'application/octet-stream',
      'Content-Disposition': file.response.headers.get('content-disposition') ?? 'attachment',
      'Cache-Control': 'no-store',
    });
  });

  app.post(PAGE, async (c) => {
    const base = apiBase(c);
    if (!base) return notFoundPage(c);
    const form = await c.req.parseBody();
    const language = formText(form, 'language');
    const chosen = formText(form, 'format');
    const format: FileFormat = isFormat(chosen) ? chosen : 'xliff';
    const reviewed = formText(form, 'reviewed') === 'true';
    const file = form.file;
    const kept = { language, format, reviewed };
    if (!(file instanceof File) || file.size === 0 || !/^[a-z]{2,3}$/.test(language)) {
      const refusal: TranslationRefusal = {
        title: 'Bad request',
        status: 400,
        errors: [{ field: 'file', message: c.get('ui').t('translationNoFile') }],
        problems: [],
      };
      return show(c, base, { form: kept, refusal }, 422);
    }
    const sent = await sessionOf(c).api.post(
      `${base}/${seg(language)}?format=${format}&reviewed=${reviewed}`,
      TranslationUpload,
      { bytes: await file.arrayBuffer(), type: file.type || 'application/octet-stream' },
      [422],
    );
    if (!sent.ok) return failure(c, sent.status, sent.problem);
    const result = sent.data;
    if (!('version' in result)) return show(c, base, { form: kept, refusal: result }, 422);
    const [surveyId = ''] = [c.req.param('surveyId')];
    const query = result.changed ? `done=imported&language=${seg(result.language)}&state=${result.review.state}` : 'done=unchanged';
    return c.redirect(`${translationsHref({ surveyId, version: result.version })}?${query}`, 303);
  });

  return app;
}
