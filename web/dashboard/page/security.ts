import type { Context, Env, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { STYLE_HASH } from './style.js';

/**
 * Hono's secure headers, with a policy of our own: no inline script ever, the one inline stylesheet by
 * hash, forms only to this site, never framed. Audio (voice answers in the transcription queue) plays from
 * this site only. Same-origin requests keep their Referer; other sites learn nothing.
 *
 * `script`: the dashboard serves its one script file (page/script.ts: the progress bars that refresh
 * themselves), so scripts from this site only, loaded by <script src> with its integrity, and fetch to
 * this site only. Without it, no script at all: `default-src 'none'` governs.
 */
function headersFor(script: boolean): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLE_HASH],
      ...(script ? { scriptSrc: ["'self'"], connectSrc: ["'self'"] } : {}),
      imgSrc: ['data:'],
      mediaSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  });
}

/**
 * Pages carry names and counts a staff member may see: no cache, shared or private, keeps them. Only an
 * answer that set its own Cache-Control keeps it (the script file, named by its content).
 */
export function securityHeaders(opts: { script: boolean } = { script: false }): MiddlewareHandler {
  const headers = headersFor(opts.script);
  return async (c, next) => {
    await headers(c, next);
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

/** Is this request on https (directly, or behind a proxy that says so)? Then cookies get `Secure`. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * CSRF with Hono's check: a form POST must say it comes from this very site (`Sec-Fetch-Site:
 * same-origin`, or an `Origin` equal to the dashboard's public origin). Behind CloudFront the request
 * reaches the function under API Gateway's own host name, so the public origin comes from the
 * configuration (`publicOrigin`); locally it is the request's own. The session cookie is also
 * SameSite=Strict, so a cross-site request carries no session to begin with.
 */
export function sameSiteForms<E extends Env>(publicOrigin: string | undefined, refused: (c: Context<E>) => Response | Promise<Response>): MiddlewareHandler<E> {
  const check: MiddlewareHandler<E> = csrf({ origin: (origin, c) => origin === (publicOrigin ?? new URL(c.req.url).origin), secFetchSite: 'same-origin' });
  return async (c, next) => {
    try {
      await check(c, () => Promise.resolve());
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) return refused(c);
      throw error;
    }
    await next();
  };
}
