import type { Context, MiddlewareHandler } from 'hono';
import { STYLE_HASH } from './style.js';

/**
 * No script at all, the one inline stylesheet by hash, forms only to this site, never framed. Audio
 * (voice answers in the transcription queue) plays from this site only.
 */
const CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  'img-src data:',
  "media-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  // Same-origin requests keep their Referer (a fallback for the CSRF check); other sites learn nothing.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
};

/** Is this request on https (directly, or behind a proxy that says so)? Then cookies get `Secure`. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * CSRF: a POST must come from a page of this very host, by its `Origin` header (every current browser
 * sends it on POST), else by its `Referer`. Neither, or another host: refused. The session cookie is
 * also SameSite=Strict, so a cross-site request carries no session to begin with.
 */
export function fromThisSite(c: Context): boolean {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const origin = c.req.header('origin');
  const source = origin && origin !== 'null' ? origin : c.req.header('referer');
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
