import { html } from 'hono/html';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, fileInput, FormErrors, select } from '../page/forms.js';
import { languageLabel, languageName } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { reviewLabel } from '../translations/review-label.js';
import { titleIn } from '../projects/launch-form.js';
import { previewHref, translationsHref } from './surveys-page.js';

export { translationsHref };
import type { TranslationList, TranslationProblemShape, TranslationRefusal } from './translation-shapes.js';

export const FORMATS = ['xliff', 'po', 'csv'] as const;
export type FileFormat = (typeof FORMATS)[number];
export const UPLOAD_FIELDS = ['language', 'format', 'file', 'reviewed'];

export interface TranslationView {
  list: TranslationList;
  notice?: string | undefined;
  /** The last upload's choices, kept when it was refused. */
  form: { language: string; format: FileFormat; reviewed: boolean };
  refusal?: TranslationRefusal | undefined;
}

const FORMAT_KEYS = { xliff: 'formatXliff', po: 'formatPo', csv: 'formatCsv' } as const;

/** One check's problem in the UI's words, from its values; the API's English where a check is not known here. */
function problemWords(ui: Ui, p: TranslationProblemShape): Html {
  const { t } = ui;
  const v = p.values ?? {};
  const s = (key: string) => String(v[key] ?? '');
  switch (p.check) {
    case 'missing':
      return html`${t('detailMissing')}`;
    case 'empty':
      return html`${t('detailEmpty')}`;
    case 'placeholders':
      return html`${t('detailPlaceholders', { source: s('source'), target: s('target') })}`;
    case 'script':
      return html`${t('detailScript', { script: s('script') })}`;
    case 'sms-length':
      return html`${t('detailSmsLength', { parts: s('parts'), max: s('max') })}`;
    case 'unknown-unit':
      return html`${t('detailUnknownUnit')}`;
    case 'language':
      return html`${t('detailLanguage', { file: languageName(s('file')), expected: s('expected') })}`;
    case 'source-changed':
      return html`${t('detailSourceChanged')} <q dir="auto">${s('current')}</q>`;
    default:
      return html`<span lang="en">${p.message}</span>`;
  }
}

const CHECK_KEYS = {
  missing: 'checkMissing',
  empty: 'checkEmpty',
  placeholders: 'checkPlaceholders',
  script: 'checkScript',
  'sms-length': 'checkSmsLength',
  'unknown-unit': 'checkUnknownUnit',
  language: 'checkLanguage',
  'source-changed': 'checkSourceChanged',
} as const;

/** The check report: each problem on the row of its text (unit id), in the order the file has them. */
function report(ui: Ui, refusal: TranslationRefusal): Html {
  const { t } = ui;
  if (refusal.problems.length === 0) {
    return html`<div class="alert" role="alert" data-testid="translation-refused" tabindex="-1">
      <h2>${t('translationUnreadable')}</h2>
      <ul>${refusal.errors.map((e) => html`<li data-testid="translation-issue"><code>${e.field}</code>: <span lang="en">${e.message}</span></li>`)}</ul>
    </div>`;
  }
  const items = refusal.problems.map((p) => {
    const key = p.check in CHECK_KEYS ? CHECK_KEYS[p.check as keyof typeof CHECK_KEYS] : null;
    return html`<li data-testid="translation-problem" data-unit="${p.unit ?? ''}" data-check="${p.check}">
      ${p.unit ? html`<code>${p.unit}</code>` : t('wholeFile')} · <strong>${key ? t(key) : p.check}</strong>: ${problemWords(ui, p)}
    </li>`;
  });
  return html`<div class="alert" role="alert" data-testid="translation-refused" tabindex="-1">
    <h2>${t('translationRefused', { count: refusal.problems.length })}</h2>
    <p>${t('translationProblemsCaption')}</p>
    <ul>${items}</ul>
  </div>`;
}

/** Each language: its name, its review state in words, and its texts to download in each format. */
function languagesList(ui: Ui, list: TranslationList): Html {
  const { t } = ui;
  const download = (language: string, format: FileFormat) =>
    html`<a href="${translationsHref(list)}/${encodeURIComponent(language)}?format=${format}" download data-testid="translation-download" data-language="${language}" data-format="${format}">${t(FORMAT_KEYS[format])}</a>`;
  const items = list.languages.map(
    (
      l,
    ) => html`<dt data-testid="translation-language" data-language="${l.language}">${languageLabel(l.language, l.language)}${l.language === list.sourceLanguage ? html` <span class="muted">(${t('sourceLanguage')})</span>` : ''}</dt>
      <dd data-testid="translation-row" data-language="${l.language}">${reviewLabel(ui, l)}<br>${t('colDownload')}: ${FORMATS.map((f, i) => html`${i ? ' · ' : ''}${download(l.language, f)}`)}</dd>`,
  );
  return html`<dl class="facts" data-testid="translations">${items}</dl>`;
}

function uploadForm(ui: Ui, view: TranslationView): Html {
  const { t } = ui;
  const { list, form } = view;
  const errors = FormErrors.none();
  const languages = list.languages.map((l) => ({ value: l.language, label: `${languageName(l.language)} (${l.language})` }));
  const formats = FORMATS.map((f) => ({ value: f, label: t(FORMAT_KEYS[f]) }));
  return html`<section class="card" aria-labelledby="translation-upload">
    <h2 id="translation-upload">${t('translationUploadTitle')}</h2>
    <p class="hint">${list.frozen ? t('translationIntoNewVersion') : t('translationIntoThisVersion')}</p>
    <form method="post" action="${translationsHref(list)}" enctype="multipart/form-data" class="stack" data-testid="translation-upload">
      ${select({ name: 'language', label: t('colLanguage'), value: form.language, groups: [{ label: t('colLanguage'), options: languages }], required: true, errors })}
      ${select({ name: 'format', label: t('fieldFormat'), value: form.format, groups: [{ label: t('fieldFormat'), options: formats }], required: true, errors })}
      ${fileInput({ name: 'file', label: t('fieldTranslationFile'), accept: '.xlf,.xliff,.po,.csv,text/csv,application/xliff+xml', required: true, errors })}
      ${choiceGroup({
        name: 'reviewed',
        type: 'checkbox',
        label: t('fieldReviewedLegend'),
        hint: t('hintReviewed'),
        options: [{ value: 'true', label: t('fieldReviewed') }],
        checked: form.reviewed ? ['true'] : [],
        className: 'choices',
        errors,
      })}
      <button type="submit" data-testid="translation-upload-submit">${t('translationImportButton')}</button>
    </form>
  </section>`;
}

/**
 * A survey version's translations: each language with its review state in words, its texts to download
 * for a translator in three formats, and a form to import a translated file. A refused file's check
 * report is shown above the form, one row per problem, naming the text (unit id) it is about.
 */
export function translationPage(ui: Ui, view: TranslationView): PageSpec {
  const { t } = ui;
  const { list } = view;
  const main = html`
    <p><a href="${DASHBOARD}/surveys">← ${t('backToSurveys')}</a> · <a href="${previewHref(list, list.sourceLanguage ?? 'nl')}">${t('colPreview')}</a></p>
    ${notice(view.notice)}
    ${view.refusal ? report(ui, view.refusal) : ''}
    <p class="lead">${t('translationIntro')}</p>
    ${list.frozen ? html`<p class="notice-muted" data-testid="translation-frozen">${t('translationFrozen')}</p>` : ''}
    <section class="card" aria-labelledby="translation-languages">
      <h2 id="translation-languages">${t('translationLanguagesTitle')}</h2>
      ${languagesList(ui, list)}
    </section>
    ${list.template ? html`<p class="notice-muted" data-testid="translation-template">${t('translationTemplate')}</p>` : uploadForm(ui, view)}`;
  return {
    title: t('surveyTranslationsTitle', { title: `${titleIn(list.title, ui.lang)} (${list.surveyId} v${list.version})` }),
    main,
    section: 'surveys',
  };
}
