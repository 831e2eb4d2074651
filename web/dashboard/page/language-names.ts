import { html } from 'hono/html';
import { isSupportedLanguage, localeMeta } from '../../../locales/index.js';
import type { Html } from './markup.js';

/** A participant language in its own name and script ("العربية"), marked up with its lang and direction. */
export function languageLabel(code: string | null, unknown: string): Html {
  if (code === null) return html`${unknown}`;
  if (!isSupportedLanguage(code)) return html`<span lang="${code}">${code}</span>`;
  const meta = localeMeta[code];
  return html`<span lang="${code}" dir="${meta.dir}">${meta.name}</span>`;
}

/** The same as plain text, for places that cannot hold markup (option labels, aria labels). */
export function languageName(code: string): string {
  return isSupportedLanguage(code) ? localeMeta[code].name : code;
}

/** Is this language written right to left? */
export const isRtl = (code: string): boolean => isSupportedLanguage(code) && localeMeta[code].dir === 'rtl';

/** "nl, ar, fr" as a list of names in their own scripts. */
export function languageList(codes: readonly string[], none: string): Html {
  if (codes.length === 0) return html`${none}`;
  return html`${codes.map((code, i) => html`${i ? ', ' : ''}${languageLabel(code, code)}`)}`;
}
