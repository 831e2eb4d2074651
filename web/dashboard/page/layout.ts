import { html, raw } from 'hono/html';
import type { Me } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from './context.js';
import { UI_LANGUAGE_NAMES, UI_LANGUAGES } from './i18n.js';
import { attr, type Html } from './markup.js';
import { STYLE } from './style.js';

export type { Html };

export interface PageSpec {
  title: string;
  main: Html;
  /** The menu entry to mark as current. */
  section?: 'projects' | 'surveys' | 'library' | 'voice' | 'we-did' | 'network' | 'translations';
  /** The GET address of this page, when it is rendered in answer to a POST (for the language links). */
  self?: string;
}

/** The language switcher: the same page in each UI language; the choice is remembered in a cookie. */
function languageSwitcher(ui: Ui, self: string): Html {
  const links = UI_LANGUAGES.map((lang) => {
    const target = new URL(self, ui.url);
    target.searchParams.set('lang', lang);
    return html`<li><a href="${target.pathname}${target.search}" lang="${lang}" hreflang="${lang}"${attr('aria-current', lang === ui.lang && 'true')}>${UI_LANGUAGE_NAMES[lang]}</a></li>`;
  });
  return html`<nav class="langs" aria-label="${ui.t('language')}"><ul>${links}</ul></nav>`;
}

function header(ui: Ui, me: Me | null, spec: PageSpec, self: string): Html {
  const { t } = ui;
  const current = (section: PageSpec['section']) => attr('aria-current', spec.section === section && 'page');
  const organisation = me?.organisation?.name ?? me?.organisationId ?? '';
  const who = !me
    ? ''
    : me.role === 'coordinator'
      ? t('signedInCoordinator')
      : me.role === 'interpreter'
        ? me.organisationId
          ? t('signedInInterpreter', { organisation })
          : t('signedInNetworkInterpreter')
        : t('signedInStaff', { organisation });
  const nav = me
    ? html`<nav aria-label="${t('mainNav')}"><ul>
        ${me.role !== 'interpreter' ? html`<li><a href="${DASHBOARD}" ${current('projects')}>${t('navProjects')}</a></li>` : ''}
        ${me.role === 'staff' ? html`<li><a href="${DASHBOARD}/surveys" ${current('surveys')}>${t('navSurveys')}</a></li>` : ''}
        ${me.role !== 'interpreter' ? html`<li><a href="${DASHBOARD}/library" ${current('library')} data-testid="nav-library">${t('libraryNav')}</a></li>` : ''}
        ${me.role === 'coordinator' ? html`<li><a href="${DASHBOARD}/network" ${current('network')} data-testid="nav-network">${t('networkNav')}</a></li>` : ''}
        ${me.role !== 'coordinator' ? html`<li><a href="${DASHBOARD}/voice" ${current('voice')} data-testid="nav-voice">${t('navVoice')}</a></li>` : ''}
        ${me.role === 'coordinator' ? html`<li><a href="${DASHBOARD}/we-did" ${current('we-did')} data-testid="nav-said-did">${t('saidDidNav')}</a></li>` : ''}
        ${me.role !== 'coordinator' ? html`<li><a href="${DASHBOARD}/translations" ${current('translations')} data-testid="nav-translations">${t('navTranslations')}</a></li>` : ''}
      </ul></nav>
      <p class="who" data-testid="who">${who}</p>
      <form method="post" action="${DASHBOARD}/sign-out" class="inline-form"><button type="submit" class="link" data-testid="sign-out">${t('signOut')}</button></form>`
    : '';
  return html`<header class="top"><div class="top-inner">
    <a class="brand" href="${DASHBOARD}">${t('dashboard')}</a>
    ${nav}
    ${languageSwitcher(ui, self)}
  </div></header>`;
}

/** A whole page: one h1 (the title), a skip link, the header with menu and language switcher. */
export function layout(ui: Ui, me: Me | null, spec: PageSpec): Html {
  const self = spec.self ?? `${ui.url.pathname}${ui.url.search}`;
  return html`<!doctype html>
<html lang="${ui.lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spec.title} · ${ui.t('appName')}</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
${ui.script ? html`<script src="${ui.script.src}" integrity="${ui.script.integrity}" defer></script>` : ''}
</head>
<body>
<a class="skip" href="#main">${ui.t('skipToContent')}</a>
${header(ui, me, spec, self)}
<main id="main" tabindex="-1">
<h1>${spec.title}</h1>
${spec.main}
</main>
</body>
</html>`;
}

/** A short message page (not found, not allowed, refused), with a way back. */
export function messagePage(ui: Ui, me: Me | null, title: string, text: string): Html {
  return layout(ui, me, { title, main: html`<p>${text}</p><p><a href="${DASHBOARD}">${ui.t('backToProjects')}</a></p>` });
}

/** A green confirmation line after a redirect (`?done=…`). */
export function notice(text: string | undefined): Html | '' {
  return text ? html`<p class="notice" role="status" data-testid="notice">${text}</p>` : '';
}
