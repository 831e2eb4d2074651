import { html } from 'hono/html';
import type { LibraryEntry } from '../api/library-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, fieldId, FormErrors, textInput } from '../page/forms.js';
import { languageLabel } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';
import { titleIn } from '../projects/launch-form.js';

export interface LibraryView {
  entries: LibraryEntry[];
  /** Staff copy and withdraw; coordinators only read. */
  staff: boolean;
  notice?: string | undefined;
  /** A copy form sent back with its problem: which entry, what was typed. */
  copy?: { entryId: string; surveyId: string; errors: FormErrors } | undefined;
}

export const libraryHref = `${DASHBOARD}/library`;
const entryPath = (entryId: string) => `${libraryHref}/${encodeURIComponent(entryId)}`;
/** Each entry's copy field has its own id: a page holds one form per entry. */
const copyFieldId = (entryId: string) => (control: string) => `${fieldId(control)}-${entryId}`;

function languages(ui: Ui, entry: LibraryEntry): Html {
  const { t } = ui;
  return html`<ul data-testid="library-languages">${entry.languages.map(
    (l) =>
      html`<li data-language="${l.language}" data-state="${l.state}">${languageLabel(l.language, t('unknownLanguage'))}: <strong>${t.lookup('libraryStates', l.state) ?? l.state}</strong>${
        l.state === 'reviewed' && l.by
          ? html` (${t.lookup('libraryReviewers', l.by) ?? l.by}${l.at ? html`, ${formatDateTime(l.at, ui.locale, ui.timeZone)}` : ''})`
          : ''
      }</li>`,
  )}</ul>`;
}

function questions(ui: Ui, entry: LibraryEntry): string {
  const { t } = ui;
  const kinds = Object.entries(entry.questions.kinds).map(([kind, n]) => `${n} × ${t.lookup('libraryKinds', kind) ?? kind}`);
  return `${t('libraryQuestions', { count: entry.questions.count })}: ${kinds.join(', ')}`;
}

function copyForm(ui: Ui, entry: LibraryEntry, view: LibraryView): Html {
  const { t } = ui;
  const sent = view.copy?.entryId === entry.entryId ? view.copy : undefined;
  const idOf = copyFieldId(entry.entryId);
  const errors = sent?.errors;
  return html`<form method="post" action="${entryPath(entry.entryId)}/copy" class="stack" data-testid="library-copy">
    ${errors ? errorSummary(t('errorSummary'), errors, { surveyId: t('fieldSurveyId') }, idOf) : ''}
    ${textInput({
      name: 'surveyId',
      id: idOf('surveyId'),
      label: t('libraryCopyId'),
      hint: t('hintSurveyId'),
      value: sent?.surveyId ?? '',
      errors: errors ?? FormErrors.none(),
      extra: html` spellcheck="false" autocomplete="off"`,
    })}
    <button type="submit">${t('libraryCopyButton')}</button>
  </form>`;
}

function entryCard(ui: Ui, entry: LibraryEntry, view: LibraryView): Html {
  const { t } = ui;
  const headingId = `entry-${entry.entryId}`;
  return html`<article class="card" aria-labelledby="${headingId}" data-testid="library-entry" data-entry-id="${entry.entryId}">
    <h3 id="${headingId}">${titleIn(entry.title, ui.lang)}</h3>
    <p>${t('libraryPublishedBy', { organisation: entry.organisation.name, when: formatDateTime(entry.publishedAt, ui.locale, ui.timeZone) })}</p>
    <p data-testid="library-questions">${questions(ui, entry)}</p>
    ${languages(ui, entry)}
    ${view.staff ? copyForm(ui, entry, view) : ''}
    ${
      view.staff && entry.mine
        ? html`<form method="post" action="${entryPath(entry.entryId)}/withdraw" class="inline-form" data-testid="library-withdraw">
            <button type="submit" class="secondary">${t('libraryWithdrawButton')}</button>
          </form>`
        : ''
    }
  </article>`;
}

/** The network's library: every entry with its languages and their states; staff copy, and withdraw their own. */
export function libraryPage(ui: Ui, view: LibraryView): PageSpec {
  const { t } = ui;
  const main = html`
    ${notice(view.notice)}
    <p>${view.staff ? t('libraryIntroStaff') : t('libraryIntroCoordinator')}</p>
    <section aria-labelledby="library-entries">
      <h2 id="library-entries">${t('libraryEntriesTitle')}</h2>
      ${view.entries.length ? view.entries.map((e) => entryCard(ui, e, view)) : html`<p data-testid="library-empty">${t('libraryEmpty')}</p>`}
    </section>`;
  return { title: t('libraryTitle'), main, section: 'library', self: libraryHref };
}
