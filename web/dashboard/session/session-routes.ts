import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { authorizeUrl, exchangeCode, HostedUiError, logoutUrl, newPkce, type HostedUi } from '../../../adapters/cognito/hosted-ui.js';
import type { Logger } from '../../../core/ports.js';
import { SESSION_COOKIE } from '../../../http/api/context.js';
import { apiClient, type ApiHandler } from '../api/api-client.js';
import { Me } from '../api/api-shapes.js';
import { DASHBOARD, type DashboardContext, type DashboardEnv } from '../page/context.js';
import { formText, FormErrors } from '../page/forms.js';
import { failure, render, toSignIn } from '../page/respond.js';
import { isHttps } from '../page/security.js';
import { onwardPage, signInPage } from './sign-in-page.js';

const SESSION_HOURS = 12;

/** Sign-in with the Cognito hosted UI (the cloud); without it, the dashboard takes a pasted token (local). */
export interface CognitoSignIn extends HostedUi {
  /** A sign-out URL registered on the app client: sign-out then ends the Cognito session too. */
  logoutUri?: string;
  /** The token endpoint's HTTP client (tests); the global fetch otherwise. */
  fetchImpl?: typeof fetch;
  /** Where failed code exchanges are reported (reason and status only). */
  logger?: Logger;
}

export interface SessionOptions {
  cognito?: CognitoSignIn | undefined;
}

const AUTH = `${DASHBOARD}/auth`;
/** The pages that must open without a session. */
export const SESSION_PATHS: readonly string[] = [`${DASHBOARD}/sign-in`, `${DASHBOARD}/sign-out`, `${AUTH}/start`, `${AUTH}/callback`, `${AUTH}/signed-out`];

/** The sign-in in flight: state, PKCE verifier and where to go after, for 10 minutes, sent back only to /dashboard/auth. */
const FLOW_COOKIE = 'stem_oauth';
const FLOW_MINUTES = 10;

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

const startHref = (next: string): string => `${AUTH}/start?${new URLSearchParams({ next }).toString()}`;

interface Flow {
  state: string;
  verifier: string;
  next: string;
}

const B64URL = /^[A-Za-z0-9_-]{16,128}$/;

function readFlow(value: string | undefined): Flow | null {
  const [state = '', verifier = '', next = ''] = (value ?? '').split('.');
  if (!B64URL.test(state) || !B64URL.test(verifier)) return null;
  return { state, verifier, next: safeNext(Buffer.from(next, 'base64url').toString('utf8')) };
}

function sameState(expected: string, got: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Seconds until the JWT's `exp` (0 when it has none or is past): the session cookie must not outlive its token. */
export function secondsLeft(jwt: string, nowMs: number): number {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const exp = typeof payload === 'object' && payload !== null && 'exp' in payload ? payload.exp : undefined;
    return typeof exp === 'number' ? Math.max(0, Math.floor(exp - nowMs / 1000)) : 0;
  } catch {
    return 0;
  }
}

/**
 * Sign-in and sign-out. Locally: a pasted token. With Cognito: the hosted UI's authorization-code flow
 * (state and PKCE in a short-lived cookie), the ID token kept as the session. Either way the session is
 * an HttpOnly, SameSite=Strict cookie (Secure on https), checked by the API on every request.
 */
export function sessionRoutes(api: ApiHandler, opts: SessionOptions = {}): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const { cognito } = opts;

  app.get(`${DASHBOARD}/sign-in`, (c) => {
    const next = safeNext(c.req.query('next'));
    return render(
      c,
      signInPage(c.get('ui'), { next, errors: FormErrors.none(), reason: reasonOf(c.req.query('reason')), cognitoStart: cognito ? startHref(next) : null }),
    );
  });

  app.post(`${DASHBOARD}/sign-in`, async (c) => {
    const ui = c.get('ui');
    const form = await c.req.parseBody();
    const token = formText(form, 'token').trim();
    const next = safeNext(formText(form, 'next'));
    const me = token ? await apiClient(api, token).get('/api/me', Me) : null;
    if (!me?.ok) {
      const message = token ? ui.t('tokenRejected') : ui.t('tokenMissing');
      const errors = new FormErrors({ title: 'Unauthorized', status: 401, errors: [{ field: 'token', message }] }, ['token'], {}, undefined, ui.lang);
      return render(
        c,
        { ...signInPage(ui, { next, errors, reason: null, cognitoStart: cognito ? startHref(next) : null }), self: `${DASHBOARD}/sign-in` },
        token ? 401 : 400,
      );
    }
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c), maxAge: SESSION_HOURS * 3600 });
    return c.redirect(next, 303);
  });

  app.post(`${DASHBOARD}/sign-out`, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    if (cognito?.logoutUri) {
      // Not a redirect: `form-action 'self'` would stop a form's redirect to Cognito.
      return c.html(
        onwardPage(c.get('ui'), c.get('ui').t('signingOut'), logoutUrl({ domain: cognito.domain, clientId: cognito.clientId, logoutUri: cognito.logoutUri })),
      );
    }
    return toSignIn(c, 'signed-out');
  });

  if (!cognito) return app;

  /** The button of the sign-in page: a new state and PKCE pair, then the hosted UI. */
  app.get(`${AUTH}/start`, (c) => {
    const next = safeNext(c.req.query('next'));
    const state = randomBytes(24).toString('base64url');
    const pkce = newPkce();
    setCookie(c, FLOW_COOKIE, `${state}.${pkce.verifier}.${Buffer.from(next).toString('base64url')}`, {
      httpOnly: true,
      // Lax: the cookie must come back on the top-level GET from Cognito's site to the callback.
      sameSite: 'Lax',
      path: AUTH,
      secure: isHttps(c),
      maxAge: FLOW_MINUTES * 60,
    });
    return c.redirect(authorizeUrl({ ...cognito, state, codeChallenge: pkce.challenge, lang: c.get('ui').lang }), 303);
  });

  /** Cognito sends the browser back here with `code` and `state` (or `error`). */
  app.get(`${AUTH}/callback`, async (c) => {
    const ui = c.get('ui');
    const flow = readFlow(getCookie(c, FLOW_COOKIE));
    deleteCookie(c, FLOW_COOKIE, { path: AUTH, secure: isHttps(c) });
    const next = flow?.next ?? DASHBOARD;
    const again = (problem: string, status: 400 | 403 | 502) =>
      render(
        c,
        { ...signInPage(ui, { next, errors: FormErrors.none(), reason: null, cognitoStart: startHref(next), problem }), self: `${DASHBOARD}/sign-in` },
        status,
      );

    const state = c.req.query('state');
    if (!flow || !state || !sameState(flow.state, state)) return again(ui.t('signInStateMismatch'), 400);
    const code = c.req.query('code');
    // `error`: the user cancelled, or Cognito refused (e.g. an unknown redirect URI).
    if (c.req.query('error') !== undefined || !code || code.length > 2048) return again(ui.t('signInFailed'), 400);

    let idToken: string;
    try {
      idToken = await exchangeCode({ ...cognito, code, codeVerifier: flow.verifier });
    } catch (error) {
      if (!(error instanceof HostedUiError)) throw error;
      cognito.logger?.warn('dashboard.sign-in.exchange-failed', { reason: error.reason, status: error.status ?? 0 });
      return again(ui.t('signInFailed'), 502);
    }
    // The API decides who this is, as for every request: a valid login without a role group is no session.
    const me = await apiClient(api, idToken).get('/api/me', Me);
    if (!me.ok) return me.status === 401 ? again(ui.t('signInNoRole'), 403) : failure(c, me.status, me.problem);
    const maxAge = Math.min(SESSION_HOURS * 3600, secondsLeft(idToken, Date.now()));
    if (maxAge <= 0) return again(ui.t('signInFailed'), 502);
    setCookie(c, SESSION_COOKIE, idToken, { httpOnly: true, sameSite: 'Strict', path: '/', secure: true, maxAge });
    // Not a redirect: see onwardPage (a redirect here would arrive without the SameSite=Strict cookie).
    return c.html(onwardPage(ui, ui.t('signingIn'), next));
  });

  /** Where Cognito's /logout sends the browser back (register it as the app client's sign-out URL). */
  app.get(`${AUTH}/signed-out`, (c) => toSignIn(c, 'signed-out'));

  return app;
}
