import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../functions/http/api/context.js';
import { apiClient, type ApiHandler } from './api-client.js';
import { Me } from './api-shapes.js';
import { DASHBOARD, type DashboardContext, type DashboardEnv } from './context.js';
import { formText, FormErrors } from './forms.js';
import { failure, render, toSignIn } from './respond.js';
import { isHttps } from './security.js';
import { signInPage } from './sign-in-page.js';

const SESSION_HOURS = 12;

/** Only addresses inside the dashboard: "next" must never send anyone elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/dashboard(?:[/?]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : DASHBOARD;
}

function reasonOf(value: string | undefined): 'expired' | 'signed-out' | null {
  return value === 'expired' || value === 'signed-out' ? value : null;
}

export function tokenOf(c: DashboardContext): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** The sign-in check of every other page: the cookie's token, confirmed by `GET /api/me`. */
export function requireSession(api: ApiHandler) {
  return async (c: DashboardContext, next: () => Promise<void>): Promise<Response | void> => {
    const token = tokenOf(c);
    if (!token) return toSignIn(c);
    const client = apiClient(api, token);
    const me = await client.get('/api/me', Me);
    if (!me.ok && me.status === 401) {
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
      return toSignIn(c, 'expired');
    }
    if (!me.ok) return failure(c, me.status, me.problem);
    c.set('session', { me: me.data, api: client });
    await next();
  };
}

/** Sign in with a pasted token (HttpOnly, SameSite=Strict cookie; Secure on https) and sign out. */
export function sessionRoutes(api: ApiHandler): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get(`${DASHBOARD}/sign-in`, (c) => render(c, signInPage(c.get('ui'), { next: safeNext(c.req.query('next')), errors: FormErrors.none(), reason: reasonOf(c.req.query('reason')) })));

  app.post(`${DASHBOARD}/sign-in`, async (c) => {
    const ui = c.get('ui');
    const form = await c.req.parseBody();
    const token = formText(form, 'token').trim();
    const next = safeNext(formText(form, 'next'));
    const me = token ? await apiClient(api, token).get('/api/me', Me) : null;
    if (!me?.ok) {
      const message = token ? ui.t.tokenRejected : ui.t.tokenMissing;
      const errors = new FormErrors({ title: 'Unauthorized', status: 401, errors: [{ field: 'token', message }] }, ['token'], {}, undefined, ui.lang);
      return render(c, { ...signInPage(ui, { next, errors, reason: null }), self: `${DASHBOARD}/sign-in` }, token ? 401 : 400);
    }
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c), maxAge: SESSION_HOURS * 3600 });
    return c.redirect(next, 303);
  });

  app.post(`${DASHBOARD}/sign-out`, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return toSignIn(c, 'signed-out');
  });

  return app;
}
