import { html, raw } from 'hono/html';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, FormErrors, textInput } from '../page/forms.js';
import type { Html, PageSpec } from '../page/layout.js';
import { notice } from '../page/layout.js';
import { STYLE } from '../page/style.js';

export interface SignInView {
  next: string;
  errors: FormErrors;
  reason: 'expired' | 'signed-out' | null;
  /** With Cognito: where the organisation-account button goes (it starts the hosted UI sign-in). */
  cognitoStart?: string | null;
  /** Why the last organisation-account sign-in failed, in the UI language. */
  problem?: string | null;
}

/**
 * Locally: paste a token; the token never goes back into the page (the field stays empty after an
 * error). In the cloud: one button to the organisation's sign-in (Cognito hosted UI), no token field.
 */
export function signInPage(ui: Ui, view: SignInView): PageSpec {
  const { t } = ui;
  const info = view.reason === 'expired' ? t('sessionExpired') : view.reason === 'signed-out' ? t('signedOut') : undefined;
  const problem = view.problem
    ? html`<div class="alert" role="alert" data-testid="error-summary" tabindex="-1"><h2>${t('errorSummary')}</h2><p data-testid="sign-in-problem">${view.problem}</p></div>`
    : '';
  const form = view.cognitoStart
    ? html`<section class="card">
      <p class="lead">${t('signInCognitoIntro')}</p>
      <p><a class="button" href="${view.cognitoStart}" data-testid="sign-in-cognito">${t('signInCognitoButton')}</a></p>
    </section>`
    : html`<section class="card">
      <p class="lead">${t('signInIntro')}</p>
      <form method="post" action="${DASHBOARD}/sign-in" class="stack" autocomplete="off">
        <input type="hidden" name="next" value="${view.next}">
        ${textInput({ name: 'token', label: t('tokenLabel'), value: '', type: 'password', required: true, errors: view.errors, extra: html` autocomplete="off" spellcheck="false" data-testid="token"` })}
        <button type="submit" data-testid="sign-in">${t('signInButton')}</button>
      </form>
    </section>`;
  const main = html`
    ${notice(info)}
    ${problem}
    ${errorSummary(t('errorSummary'), view.errors, { token: t('tokenLabel') })}
    ${form}`;
  return { title: t('signInTitle'), main };
}

/**
 * A page that moves on at once by itself (`<meta http-equiv="refresh">`, no script), with a link for
 * when it does not. Used where an HTTP redirect would not do:
 * - after the hosted UI's callback: that navigation came from Cognito's site, and a redirect keeps it
 *   cross-site, so the browser would leave out the SameSite=Strict session cookie just set; a refresh
 *   from this page is a navigation of our own site and carries it;
 * - to Cognito's /logout after a sign-out form: `form-action 'self'` forbids a form's redirect to another site.
 */
export function onwardPage(ui: Ui, title: string, target: string): Html {
  return html`<!doctype html>
<html lang="${ui.lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0;url=${target}">
<meta name="referrer" content="no-referrer">
<title>${title} · ${ui.t('appName')}</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
</head>
<body>
<main id="main">
<h1>${title}</h1>
<p><a href="${target}" data-testid="continue">${ui.t('continueLink')}</a></p>
</main>
</body>
</html>`;
}
