import { html } from 'hono/html';
import type { SurveySummary } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, fileInput, FormErrors, select, textArea, textInput } from '../page/forms.js';
import { titleIn } from '../projects/launch-form.js';
import { languageLabel } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { reviewList } from '../translations/review-label.js';
import { editHref } from './editor/editor-page.js';
import { EMPTY_NEW_SURVEY, newSurveyForm } from './editor/new-survey-form.js';

export const UPLOAD_CONTROLS = ['definition', 'file'];
export const TEMPLATE_CONTROLS = ['template', 'surveyId'];

export interface SurveysView {
  own: SurveySummary[];
  templates: SurveySummary[];
  notice?: string | undefined;
  upload: { definition: string; errors: FormErrors };
  fromTemplate: { template: string; surveyId: string; errors: FormErrors };
}

/** A survey version's translations page (translation-page.ts). */
export const translationsHref = (s: { surveyId: string; version: number }): string =>
  `${DASHBOARD}/surveys/${encodeURIComponent(s.surveyId)}/versions/${s.version}/translations`;

export const previewHref = (s: { surveyId: string; version: number }, language: string): string =>
  `${DASHBOARD}/surveys/${encodeURIComponent(s.surveyId)}/versions/${s.version}?language=${encodeURIComponent(language)}`;

function previewLinks(ui: Ui, s: SurveySummary): Html {
  return html`${s.languages.map(
    (code, i) =>
      html`${i ? ' · ' : ''}<a href="${previewHref(s, code)}" data-testid="preview-link" data-language="${code}">${languageLabel(code, ui.t('unknownLanguage'))}</a>`,
  )}`;
}

/** Publish this version to the network's library (web/dashboard/library/). */
const publishCell = (ui: Ui, s: SurveySummary): Html =>
  html`<td><form method="post" action="${DASHBOARD}/library/publish" class="inline-form" data-testid="library-publish">
    <input type="hidden" name="surveyId" value="${s.surveyId}"><input type="hidden" name="version" value="${String(s.version)}">
    <button type="submit" class="secondary" aria-label="${ui.t('libraryPublishLabel', { title: titleIn(s.title, ui.lang), version: s.version })}">${ui.t('libraryPublishButton')}</button>
  </form></td>`;

function surveyTable(ui: Ui, surveys: readonly SurveySummary[], withState: boolean, testid: string): Html {
  const { t } = ui;
  const reviewed = surveys.some((s) => s.reviews);
  const rows = surveys.map(
    (s) => html`<tr data-testid="survey-row" data-survey-id="${s.surveyId}">
      <th scope="row">${titleIn(s.title, ui.lang)}</th>
      <td><code>${s.surveyId}</code></td>
      <td class="num">${s.version}</td>
      <td class="num">${s.questions}</td>
      ${withState ? html`<td data-testid="survey-state">${s.frozen ? t('frozen') : t('editable')}</td>` : ''}
      <td>${previewLinks(ui, s)}</td>
      <td><a href="${translationsHref(s)}" data-testid="translations-link">${t('translationsLink')}</a></td>
      ${withState ? html`<td><a href="${editHref(s.surveyId, s.version)}" data-testid="edit-link">${s.frozen ? t('viewSurvey') : t('editSurvey')}</a></td>` : ''}
      ${withState ? publishCell(ui, s) : ''}
      ${reviewed ? html`<td>${s.reviews ? reviewList(ui, s.reviews) : ''}</td>` : ''}
    </tr>`,
  );
  return html`<div class="table-wrap"><table data-testid="${testid}">
    <thead><tr><th scope="col">${t('colTitle')}</th><th scope="col">${t('colId')}</th><th scope="col" class="num">${t('colVersion')}</th><th scope="col" class="num">${t('colQuestions')}</th>
      ${withState ? html`<th scope="col">${t('colState')}</th>` : ''}<th scope="col">${t('colPreview')}</th><th scope="col">${t('translationsLink')}</th>${withState ? html`<th scope="col">${t('colEdit')}</th><th scope="col">${t('libraryNav')}</th>` : ''}${reviewed ? html`<th scope="col">${t('colReview')}</th>` : ''}</tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

function fromTemplateForm(ui: Ui, view: SurveysView): Html {
  const { t } = ui;
  const { errors } = view.fromTemplate;
  const options = view.templates.map((s) => ({ value: s.surveyId, label: titleIn(s.title, ui.lang) }));
  return html`<section class="card" aria-labelledby="from-template">
    <h2 id="from-template">${t('fromTemplateTitle')}</h2>
    ${errorSummary(t('errorSummary'), errors, { template: t('fieldTemplate'), surveyId: t('fieldSurveyId') })}
    <form method="post" action="${DASHBOARD}/surveys/from-template" class="stack" data-testid="from-template">
      ${select({ name: 'template', label: t('fieldTemplate'), value: view.fromTemplate.template, groups: [{ label: t('templatesTitle'), options }], required: true, errors })}
      ${textInput({ name: 'surveyId', label: t('fieldSurveyId'), hint: t('hintSurveyId'), value: view.fromTemplate.surveyId, errors, extra: html` spellcheck="false" autocomplete="off"` })}
      <button type="submit">${t('createFromTemplateButton')}</button>
    </form>
  </section>`;
}

function uploadForm(ui: Ui, view: SurveysView): Html {
  const { t } = ui;
  const { errors } = view.upload;
  return html`<section class="card" aria-labelledby="upload-survey">
    <h2 id="upload-survey">${t('uploadTitle')}</h2>
    ${errorSummary(t('errorSummary'), errors, { definition: t('fieldDefinition'), file: t('fieldDefinitionFile') })}
    <form method="post" action="${DASHBOARD}/surveys" enctype="multipart/form-data" class="stack" data-testid="upload-survey">
      ${textArea({ name: 'definition', label: t('fieldDefinition'), hint: t('hintDefinition'), value: view.upload.definition, rows: 12, errors })}
      ${fileInput({ name: 'file', label: t('fieldDefinitionFile'), accept: '.json,application/json', errors })}
      <button type="submit" data-testid="upload-survey-submit">${t('uploadButton')}</button>
    </form>
  </section>`;
}

/** Staff: the organisation's surveys with versions and frozen state, the templates, and two ways to add one. */
export function surveysPage(ui: Ui, view: SurveysView): PageSpec {
  const { t } = ui;
  const main = html`
    ${notice(view.notice)}
    <section class="card" aria-labelledby="own-surveys">
      <h2 id="own-surveys">${t('ownSurveysTitle')}</h2>
      ${view.own.length ? surveyTable(ui, view.own, true, 'own-surveys') : html`<p>${t('noSurveys')}</p>`}
    </section>
    <section class="card" aria-labelledby="templates">
      <h2 id="templates">${t('templatesTitle')}</h2>
      ${surveyTable(ui, view.templates, false, 'templates')}
    </section>
    ${newSurveyForm(ui, EMPTY_NEW_SURVEY, FormErrors.none())}
    ${fromTemplateForm(ui, view)}
    ${uploadForm(ui, view)}`;
  return { title: t('surveysTitle'), main, section: 'surveys', self: `${DASHBOARD}/surveys` };
}
