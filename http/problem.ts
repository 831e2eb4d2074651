import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem details: what went wrong, and which field, for anyone calling an API by hand. */
export function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string, errors: Array<{ field: string; message: string }> = []) {
  return c.json({ type: 'about:blank', title, status, detail, ...(errors.length ? { errors } : {}) }, status, {
    'Content-Type': 'application/problem+json',
  });
}
