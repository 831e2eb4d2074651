import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../api/api-shapes.js';
import { DASHBOARD, sessionOf, type DashboardContext } from './context.js';
import { layout, messagePage, type PageSpec } from './layout.js';

/** Render a page of the dashboard for the current user and language. */
export function render(c: DashboardContext, spec: PageSpec, status: ContentfulStatusCode = 200): Response | Promise<Response> {
  return c.html(layout(c.get('ui'), c.get('session')?.me ?? null, spec), status);
}

export function message(c: DashboardContext, status: ContentfulStatusCode, title: string, text: string): Response | Promise<Response> {
  return c.html(messagePage(c.get('ui'), c.get('session')?.me ?? null, title, text), status);
}

export const notFoundPage = (c: DashboardContext) => message(c, 404, c.get('ui').t('notFoundTitle'), c.get('ui').t('notFoundText'));

/** The sign-in page, remembering where the user was going (a dashboard address only: no open redirect). */
export function toSignIn(c: DashboardContext, reason?: 'expired' | 'signed-out'): Response {
  const params = new URLSearchParams();
  if (reason) params.set('reason', reason);
  if (c.req.method === 'GET' && reason !== 'signed-out') params.set('next', `${c.get('ui').url.pathname}${c.get('ui').url.search}`);
  const query = params.toString();
  return c.redirect(`${DASHBOARD}/sign-in${query ? `?${query}` : ''}`, 303);
}

const SHOWN_STATUSES: readonly ContentfulStatusCode[] = [400, 409, 410, 413, 415, 422, 429, 500, 502, 503];

/**
 * An API refusal that is not about a form field: 401 back to sign-in, 403 and 404 as such pages (a
 * project of another organisation is a 404, exactly as the API says), anything else as an error page.
 */
export function failure(c: DashboardContext, status: number, problem: Problem): Response | Promise<Response> {
  const { t } = c.get('ui');
  if (status === 401) return toSignIn(c, 'expired');
  if (status === 403) return message(c, 403, t('forbiddenTitle'), t('forbiddenText'));
  if (status === 404) return notFoundPage(c);
  const code = SHOWN_STATUSES.find((known) => known === status) ?? 500;
  return message(c, code, t('otherProblem'), `${problem.title}: ${problem.detail ?? ''}`);
}

/**
 * A recording from the API, with the session's token (an <audio> element cannot send a bearer token,
 * and the pages run no script): played inline, never cached. Small (at most WhatsApp's 16 MB) and
 * already in the API's memory: passed on whole, not streamed.
 */
export async function audioFromApi(c: DashboardContext, apiPath: string): Promise<Response> {
  const audio = await sessionOf(c).api.bytes(apiPath);
  if (!audio.ok) return failure(c, audio.status, audio.problem);
  return c.body(await audio.response.arrayBuffer(), 200, {
    'Content-Type': audio.response.headers.get('content-type') ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'Content-Disposition': 'inline',
  });
}
