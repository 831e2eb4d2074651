import { html, raw } from 'hono/html';

/** Markup built with hono/html: every interpolated string is escaped; only other `html` values go in raw. */
export type Html = ReturnType<typeof html>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeAttribute = (value: string): string => value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/**
 * An optional attribute: ` name="value"` (escaped), ` name` for true, nothing for false / null / undefined,
 * so that `aria-current` or `aria-invalid` are left out rather than rendered empty.
 */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === false || value === null || value === undefined) return raw('');
  if (value === true) return raw(` ${name}`);
  return raw(` ${name}="${escapeAttribute(String(value))}"`);
}
