import { Hono } from 'hono';
import { seg } from '../api/api-client.js';
import { LibraryCopied, LibraryList, LibraryPublished } from '../api/library-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, FormErrors } from '../page/forms.js';
import { failure, message, render } from '../page/respond.js';
import { libraryHref, libraryPage, type LibraryView } from './library-page.js';

const DONE = ['published', 'withdrawn'] as const;

async function showLibrary(c: DashboardContext, status: 200 | 400 | 409 = 200, extra: Pick<LibraryView, 'notice' | 'copy'> = {}): Promise<Response> {
  const { me, api } = sessionOf(c);
  const list = await api.get('/api/library', LibraryList);
  if (!list.ok) return failure(c, list.status, list.problem);
  return render(c, libraryPage(c.get('ui'), { entries: list.data.entries, staff: me.role === 'staff', ...extra }), status);
}

/**
 * The network's library (http/api/library-routes.ts): staff and coordinators read it; staff publish one of
 * their survey versions (from the surveys page), copy an entry into their surveys, withdraw their own.
 */
export function libraryRoutes(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(libraryHref, async (c) => {
    const { me } = sessionOf(c);
    const { t } = c.get('ui');
    if (me.role === 'interpreter') return message(c, 403, t('forbiddenTitle'), t('forbiddenText'));
    const done = DONE.find((d) => d === c.req.query('done'));
    return showLibrary(c, 200, { notice: done === 'published' ? t('libraryPublished') : done === 'withdrawn' ? t('libraryWithdrawn') : undefined });
  });

  app.post(`${libraryHref}/publish`, async (c) => {
    const form = await c.req.parseBody();
    const version = Number(formText(form, 'version'));
    const published = await sessionOf(c).api.post('/api/library', LibraryPublished, { json: { surveyId: formText(form, 'surveyId'), version } });
    if (!published.ok) return failure(c, published.status, published.problem);
    return c.redirect(`${libraryHref}?done=published`, 303);
  });

  app.post(`${libraryHref}/:entryId/copy`, async (c) => {
    const entryId = c.req.param('entryId');
    const surveyId = formText(await c.req.parseBody(), 'surveyId').trim();
    const copied = await sessionOf(c).api.post(`/api/library/${seg(entryId)}/copy`, LibraryCopied, { json: surveyId ? { surveyId } : {} });
    if (copied.ok) return c.redirect(`${DASHBOARD}/surveys?done=saved`, 303);
    if (copied.status !== 400 && copied.status !== 409) return failure(c, copied.status, copied.problem);
    return showLibrary(c, copied.status, { copy: { entryId, surveyId, errors: new FormErrors(copied.problem, ['surveyId']) } });
  });

  app.post(`${libraryHref}/:entryId/withdraw`, async (c) => {
    const withdrawn = await sessionOf(c).api.delete(`/api/library/${seg(c.req.param('entryId'))}`);
    if (!withdrawn.ok) return failure(c, withdrawn.status, withdrawn.problem);
    return c.redirect(`${libraryHref}?done=withdrawn`, 303);
  });

  return app;
}
