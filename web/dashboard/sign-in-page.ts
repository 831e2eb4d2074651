import { html } from 'hono/html';
import { DASHBOARD, type Ui } from './context.js';
import { errorSummary, FormErrors, textInput } from './forms.js';
import type { PageSpec } from './layout.js';
import { notice } from './layout.js';

export interface SignInView {
  next: string;
  errors: FormErrors;
  reason: 'expired' | 'signed-out' | null;
}

/** Paste a token; the token never goes back into the page (the field stays empty after an error). */
export function signInPage(ui: Ui, view: SignInView): PageSpec {
  const { t } = ui;
  const info = view.reason === 'expired' ? t.sessionExpired : view.reason === 'signed-out' ? t.signedOut : undefined;
  const main = html`
    ${notice(info)}
    ${errorSummary(t.errorSummary, view.errors, { token: t.tokenLabel })}
    <section class="card">
      <p class="lead">${t.signInIntro}</p>
      <form method="post" action="${DASHBOARD}/sign-in" class="stack" autocomplete="off">
        <input type="hidden" name="next" value="${view.next}">
        ${textInput({ name: 'token', label: t.tokenLabel, value: '', type: 'password', required: true, errors: view.errors, extra: html` autocomplete="off" spellcheck="false" data-testid="token"` })}
        <button type="submit" data-testid="sign-in">${t.signInButton}</button>
      </form>
    </section>`;
  return { title: t.signInTitle, main };
}
