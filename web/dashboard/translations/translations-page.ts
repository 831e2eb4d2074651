import { html } from 'hono/html';
import type { SurveySummary } from '../api/api-shapes.js';
import type { SurveysToTranslate, SystemTranslations } from '../api/translation-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { FormErrors, select } from '../page/forms.js';
import { languageLabel, languageName } from '../page/language-names.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { titleIn } from '../projects/launch-form.js';
import { reviewLabel, reviewList } from './review-label.js';
import { translationsHref } from '../surveys/surveys-page.js';

export const FORMATS = ['xliff', 'po', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface TranslationsView {
  system: SystemTranslations;
  templates: SurveySummary[];
  /** The organisation's own surveys, the reader's languages only (null: the reader belongs to no organisation). */
  surveys: SurveysToTranslate['surveys'] | null;
}

/** The organisation's surveys, each with the languages the reader may review and a link to its translations. */
function ownSurveys(ui: Ui, surveys: SurveysToTranslate['surveys'] | null): Html {
  if (surveys === null) return html``;
  const { t } = ui;
  const rows = surveys.map(
    (s) => html`<tr data-testid="survey-to-translate" data-survey-id="${s.surveyId}">
      <th scope="row"><a href="${translationsHref(s)}">${titleIn(s.title, ui.lang)}</a> <code>${s.surveyId}</code> v${s.version}</th>
      <td>${reviewList(ui, s.languages)}</td>
    </tr>`,
  );
  return html`<section class="card" aria-labelledby="own-translations">
    <h2 id="own-translations">${t('translationsOwnTitle')}</h2>
    ${
      surveys.length
        ? html`<div class="table-wrap"><table data-testid="surveys-to-translate">
          <thead><tr><th scope="col">${t('colTitle')}</th><th scope="col">${t('translationsColState')}</th></tr></thead>
          <tbody>${rows}</tbody>
        </table></div>`
        : html`<p>${t('translationsOwnNone')}</p>`
    }
  </section>`;
}

const formatLabel = (ui: Ui, format: Format): string =>
  format === 'xliff' ? ui.t('translationsFormatXliff') : format === 'po' ? ui.t('translationsFormatPo') : ui.t('translationsFormatCsv');

export const systemDownloadHref = (language: string, format: Format): string =>
  `${DASHBOARD}/translations/system/${encodeURIComponent(language)}?format=${format}`;

function systemTable(ui: Ui, system: SystemTranslations): Html {
  const { t } = ui;
  const rows = system.languages.map(
    (l) => html`<tr data-testid="system-language" data-language="${l.language}">
      <th scope="row">${languageLabel(l.language, l.language)} <span class="muted">${l.englishName}</span></th>
      <td>${reviewLabel(ui, l.review)}</td>
      <td>${FORMATS.map(
        (f, i) =>
          html`${i ? ' · ' : ''}<a href="${systemDownloadHref(l.language, f)}" download data-testid="system-download" data-format="${f}">${formatLabel(ui, f)}</a>`,
      )}</td>
    </tr>`,
  );
  return html`<div class="table-wrap"><table data-testid="system-translations">
    <thead><tr><th scope="col">${t('translationsColLanguage')}</th><th scope="col">${t('translationsColState')}</th><th scope="col">${t('translationsColDownload')}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

/** Rows: templates; columns: every language any template has; cells: that language's state. */
function templateTable(ui: Ui, templates: readonly SurveySummary[]): Html {
  const languages = [...new Set(templates.flatMap((s) => s.languages))];
  const rows = templates.map((s) => {
    const reviews = new Map((s.reviews ?? []).map((r) => [r.language, r]));
    return html`<tr data-testid="template-translations" data-survey-id="${s.surveyId}">
      <th scope="row">${titleIn(s.title, ui.lang)} <code>${s.surveyId}</code></th>
      ${languages.map((lng) => {
        const review = reviews.get(lng);
        return html`<td data-language="${lng}">${review ? reviewLabel(ui, review) : '—'}</td>`;
      })}
    </tr>`;
  });
  return html`<div class="table-wrap"><table data-testid="templates-translations">
    <thead><tr><th scope="col">${ui.t('colTitle')}</th>${languages.map((lng) => html`<th scope="col">${languageLabel(lng, lng)}</th>`)}</tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

/** A GET form: a template, a language and a format make one download (too many for links). */
function templateDownload(ui: Ui, templates: readonly SurveySummary[]): Html {
  const { t } = ui;
  const none = FormErrors.none();
  const languages = [...new Set(templates.flatMap((s) => s.languages))];
  return html`<form method="get" action="${DASHBOARD}/translations/template" class="stack" data-testid="template-download">
    <h3>${t('translationsDownloadTitle')}</h3>
    ${select({ name: 'template', label: t('translationsFieldTemplate'), value: '', groups: [{ label: t('translationsTemplatesTitle'), options: templates.map((s) => ({ value: s.surveyId, label: titleIn(s.title, ui.lang) })) }], required: true, errors: none })}
    ${select({ name: 'language', label: t('translationsFieldLanguage'), value: '', groups: [{ label: t('translationsFieldLanguage'), options: languages.map((l) => ({ value: l, label: languageName(l) })) }], required: true, errors: none })}
    ${select({ name: 'format', label: t('translationsFieldFormat'), value: 'xliff', groups: [{ label: t('translationsFieldFormat'), options: FORMATS.map((f) => ({ value: f, label: formatLabel(ui, f) })) }], required: true, errors: none })}
    <button type="submit">${t('translationsDownloadButton')}</button>
  </form>`;
}

function importHelp(ui: Ui): Html {
  const { t } = ui;
  return html`<section class="card" aria-labelledby="translations-import">
    <h2 id="translations-import">${t('translationsImportTitle')}</h2>
    <p>${t('translationsImportText')}</p>
    <p>${t('translationsImportSystem')}</p>
    <p><code class="sent-text" data-testid="import-command">npm run translations -- import --system --language ar --format po --reviewed --by interpreter &lt; ar.po</code></p>
    <p>${t('translationsImportTemplate')}</p>
    <p><code class="sent-text">npm run translations -- import --template statement_probe --language ar --format xliff --reviewed --by interpreter &lt; statement_probe.ar.xlf</code></p>
  </section>`;
}

/** Staff and interpreters: the system texts' and the templates' languages with their review states, files to download. */
export function translationsPage(ui: Ui, view: TranslationsView): PageSpec {
  const { t } = ui;
  const main = html`
    <p>${t('translationsIntro')}</p>
    ${ownSurveys(ui, view.surveys)}
    <section class="card" aria-labelledby="system-texts">
      <h2 id="system-texts">${t('translationsSystemTitle')}</h2>
      <p class="muted">${t('translationsSystemHint')}</p>
      ${systemTable(ui, view.system)}
    </section>
    <section class="card" aria-labelledby="template-texts">
      <h2 id="template-texts">${t('translationsTemplatesTitle')}</h2>
      <p class="muted">${t('translationsTemplatesHint')}</p>
      ${templateTable(ui, view.templates)}
      ${templateDownload(ui, view.templates)}
    </section>
    ${importHelp(ui)}`;
  return { title: t('translationsTitle'), main, section: 'translations', self: `${DASHBOARD}/translations` };
}
