import { html } from 'hono/html';
import { SUPPORTED_LANGUAGES } from '../../../../locales/index.js';
import { DASHBOARD, type Ui } from '../../page/context.js';
import { fieldId, type FormErrors } from '../../page/forms.js';
import { languageLabel } from '../../page/language-names.js';
import { notice, type PageSpec } from '../../page/layout.js';
import type { Html } from '../../page/markup.js';
import { titleIn } from '../../projects/launch-form.js';
import { actionButton, autofocus, smallInput, textGrid, type EditorCtx } from './editor-fields.js';
import { editorSummary } from './editor-errors.js';
import { KINDS, type EditorState } from './editor-state.js';
import { questionFields } from './question-fields.js';
import { reviewList, uiLanguageName, type ReviewLine } from './review-states.js';

export interface EditorView {
  surveyId: string;
  version: number;
  frozen: boolean;
  /** The saved title, for the page's heading (the form may hold another, unsaved). */
  savedTitle: Record<string, string>;
  /** The saved version's review states (the API computes the next ones on save). */
  reviews: readonly ReviewLine[];
  state: EditorState;
  errors: FormErrors;
  labels: Record<string, string>;
  focus: string | null;
  notice?: string | undefined;
  /** An action that could not be done (a stale or changed form): said, nothing changed. */
  refused?: boolean;
}

export const editHref = (surveyId: string, version: number): string => `${DASHBOARD}/surveys/${encodeURIComponent(surveyId)}/versions/${version}/edit`;

function languagesSection(ctx: EditorCtx): Html {
  const { t } = ctx.ui;
  const { languages } = ctx.state;
  const addable = SUPPORTED_LANGUAGES.filter((l) => !languages.includes(l));
  const id = fieldId('newLanguage');
  return html`<section class="card" aria-labelledby="${fieldId('languages')}">
    <h2 id="${fieldId('languages')}" tabindex="-1">${t('editorLanguages')}</h2>
    <p class="hint">${t('editorLanguagesHint')}</p>
    <ul class="lang-list" data-testid="editor-languages">
      ${languages.map(
        (
          lng,
          n,
        ) => html`<li data-language="${lng}">${languageLabel(lng, lng)} <span class="muted">(${lng})</span>${n === 0 ? html` — ${t('editorMainLanguage')}` : ''}
          <input type="hidden" name="languages" value="${lng}">
          ${languages.length > 1 ? actionButton(ctx, `remove-language:${lng}`, t('editorRemoveLanguage'), { context: uiLanguageName(ctx.ui, lng), className: 'danger' }) : ''}</li>`,
      )}
    </ul>
    ${
      addable.length
        ? html`<div class="add-language">
        <div class="field"><label for="${id}">${t('editorAddLanguageLabel')}</label>
          <select id="${id}" name="newLanguage"${autofocus(ctx, id)}>${addable.map((l) => html`<option value="${l}">${uiLanguageName(ctx.ui, l)} (${l})</option>`)}</select></div>
        ${actionButton(ctx, 'add-language', t('editorAddLanguage'))}
      </div>`
        : ''
    }
  </section>`;
}

function surveySection(ctx: EditorCtx): Html {
  const { t } = ctx.ui;
  const about = Object.keys(ctx.state.about);
  return html`<section class="card" aria-labelledby="editor-survey">
    <h2 id="editor-survey">${t('editorSurvey')}</h2>
    ${textGrid(ctx, 'title', t('editorSurveyTitle'), ctx.state.title, 1, t('editorSurveyTitleHint'))}
    ${smallInput(ctx, { name: 'maxReprompts', label: t('editorMaxReprompts'), value: ctx.state.maxReprompts, hint: t('editorMaxRepromptsHint'), number: true })}
    ${
      about.length
        ? html`<fieldset class="texts"><legend>${t('editorAbout')}</legend><div class="lang-grid">${about.map(
            (lng) =>
              html`<div class="lang-field"><label for="${fieldId(`about.${lng}`)}">${lng}</label><textarea id="${fieldId(`about.${lng}`)}" name="about.${lng}" rows="3" class="prose" lang="${lng}">${ctx.state.about[lng] ?? ''}</textarea></div>`,
          )}</div></fieldset>`
        : ''
    }
  </section>`;
}

function questionsSection(ctx: EditorCtx): Html {
  const { t } = ctx.ui;
  const { questions } = ctx.state;
  return html`<section class="card" aria-labelledby="${fieldId('questions')}">
    <h2 id="${fieldId('questions')}" tabindex="-1">${t('editorQuestions')}</h2>
    ${questions.length ? html`<ol class="questions" data-testid="questions">${questions.map((_, i) => questionFields(ctx, i))}</ol>` : html`<p>${t('editorNoQuestions')}</p>`}
    <fieldset class="add-question">
      <legend>${t('editorAddQuestion')}</legend>
      <div class="button-row">${KINDS.map((k) => actionButton(ctx, `add:${k}`, t.lookup('editorKinds', k) ?? k, { context: t('editorAddQuestionContext') }))}</div>
    </fieldset>
  </section>`;
}

/** The header: which version, whether it can change, and how far each language's texts are reviewed. */
function stateSection(ui: Ui, view: EditorView): Html {
  const { t } = ui;
  const draftAction = `${DASHBOARD}/surveys/${encodeURIComponent(view.surveyId)}/versions/${view.version}/draft`;
  return html`<section class="card" aria-labelledby="editor-state">
    <h2 id="editor-state">${t('editorVersion', { version: view.version })} — ${view.frozen ? t('frozen') : t('editorDraft')}</h2>
    ${
      view.frozen
        ? html`<p class="caution" data-testid="editor-frozen">${t('editorFrozenText')}</p>
      <form method="post" action="${draftAction}" class="inline-form"><button type="submit" data-testid="new-draft">${t('editorNewDraft')}</button></form>`
        : html`<p class="hint">${t('editorDraftText')}</p>`
    }
    <p><a href="${DASHBOARD}/surveys/${encodeURIComponent(view.surveyId)}/versions/${view.version}?language=${encodeURIComponent(view.state.languages[0] ?? 'nl')}" data-testid="editor-preview">${t('colPreview')}</a></p>
    <h3>${t('editorReviewTitle')}</h3>
    ${reviewList(ui, view.reviews, 'editor-reviews')}
    <p class="hint">${t('editorReviewHint')}</p>
  </section>`;
}

/** One draft version of a survey as one form: every action is a submit button, nothing is saved before "Save". */
export function editorPage(ui: Ui, view: EditorView): PageSpec {
  const { t } = ui;
  const ctx: EditorCtx = { ui, state: view.state, errors: view.errors, focus: view.focus };
  const saveButton = (where: string) =>
    html`<button type="submit" name="action" value="save" data-testid="save" id="save-${where}">${t('editorSave')}</button>`;
  const body = html`<div class="editor-toolbar">${saveButton('top')} <span class="hint">${t('editorUnsaved')}</span></div>
    ${languagesSection(ctx)}
    ${surveySection(ctx)}
    ${questionsSection(ctx)}
    <div class="editor-toolbar">${saveButton('bottom')}</div>`;
  // Frozen: the same form, read only (a disabled fieldset disables every control in it), and no way to send it.
  const form = view.frozen
    ? html`<form class="editor" data-testid="editor" aria-label="${t('editorFormLabel')}"><fieldset disabled class="frozen-form"><legend class="vh">${t('frozen')}</legend>${body}</fieldset></form>`
    : html`<form method="post" action="${editHref(view.surveyId, view.version)}" class="editor" data-testid="editor" novalidate aria-label="${t('editorFormLabel')}">${body}</form>`;
  const main = html`
    <p><a href="${DASHBOARD}/surveys">← ${t('backToSurveys')}</a></p>
    ${editorSummary(ui, view.errors, view.labels)}
    ${view.refused ? html`<p class="alert" role="alert" data-testid="editor-refused">${t('editorRefused')}</p>` : ''}
    ${notice(view.notice)}
    ${stateSection(ui, view)}
    ${form}`;
  return {
    title: t('editorTitle', { title: view.savedTitle[ui.lang] ?? titleIn(view.savedTitle, view.state.languages[0] ?? ui.lang), survey: view.surveyId }),
    main,
    section: 'surveys',
    self: editHref(view.surveyId, view.version),
  };
}
