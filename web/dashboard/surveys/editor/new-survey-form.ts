import { html } from 'hono/html';
import { SUPPORTED_LANGUAGES } from '../../../../locales/index.js';
import { DASHBOARD, type Ui } from '../../page/context.js';
import { errorSummary, fieldId, formText, formTexts, type FormErrors } from '../../page/forms.js';
import type { Posted } from './editor-form.js';
import { isRtl, languageName } from '../../page/language-names.js';
import { attr, type Html } from '../../page/markup.js';
import type { PageSpec } from '../../page/layout.js';
import { uiLanguageName } from './review-states.js';

/** What staff typed to start a blank survey: an id, its languages (the main one first) and its title in each. */
export interface NewSurveyDraft {
  surveyId: string;
  main: string;
  languages: string[];
  title: Record<string, string>;
}

export const EMPTY_NEW_SURVEY: NewSurveyDraft = { surveyId: '', main: 'nl', languages: ['nl'], title: {} };
export const newSurveyControls = (): string[] => ['surveyId', 'languages', ...SUPPORTED_LANGUAGES.map((l) => `title.${l}`)];

export function newSurveyDraftOf(form: Posted): NewSurveyDraft {
  const main = formText(form, 'mainLanguage');
  const ticked = formTexts(form, 'languages');
  const languages = [...(main ? [main] : []), ...SUPPORTED_LANGUAGES.filter((l) => l !== main && ticked.includes(l))];
  return {
    surveyId: formText(form, 'surveyId').trim(),
    main,
    languages,
    title: Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, formText(form, `title.${l}`)])),
  };
}

/** The body of POST /api/surveys/new: the titles of the chosen languages only. */
export const newSurveyJson = (d: NewSurveyDraft) => ({
  surveyId: d.surveyId,
  languages: d.languages,
  title: Object.fromEntries(d.languages.flatMap((l) => ((d.title[l] ?? '').trim() ? [[l, d.title[l]]] : []))),
});

/** Ids of its own: the surveys page holds other forms with a "surveyId" field. */
const nid = (name: string): string => `new-${fieldId(name)}`;

export function newSurveyForm(ui: Ui, draft: NewSurveyDraft, errors: FormErrors): Html {
  const { t } = ui;
  const labels: Record<string, string> = { surveyId: t('fieldSurveyId'), languages: t('editorLanguages') };
  for (const l of SUPPORTED_LANGUAGES) labels[`title.${l}`] = `${t('editorSurveyTitle')} · ${uiLanguageName(ui, l)}`;
  const issue = (name: string) =>
    errors.for(name).length
      ? html`<p class="field-error" id="${nid(name)}-error" data-testid="field-error" data-field="${name}">${errors.for(name).map((i) => html`<span lang="en">${i.message}</span> `)}</p>`
      : '';
  const invalid = (name: string) => (errors.for(name).length ? html` aria-invalid="true" aria-describedby="${nid(name)}-error"` : '');
  const row = (l: (typeof SUPPORTED_LANGUAGES)[number]) => {
    const name = `title.${l}`;
    const dir = isRtl(l) ? 'rtl' : 'ltr';
    return html`<div class="new-lang">
      <label class="check"><input type="checkbox" name="languages" value="${l}"${attr('checked', draft.languages.includes(l))}> <span lang="${l}" dir="${dir}">${languageName(l)}</span> <span class="muted">(${l})</span></label>
      <div class="field"><label for="${nid(name)}">${t('editorTitleIn', { language: uiLanguageName(ui, l) })}</label>${issue(name)}
        <input type="text" id="${nid(name)}" name="${name}" value="${draft.title[l] ?? ''}" lang="${l}" dir="${dir}"${invalid(name)}></div>
    </div>`;
  };
  return html`<section class="card" aria-labelledby="new-survey">
    <h2 id="new-survey">${t('editorNewSurveyTitle')}</h2>
    <p class="hint">${t('editorNewSurveyIntro')}</p>
    ${errorSummary(t('errorSummary'), errors, labels, nid)}
    <form method="post" action="${DASHBOARD}/surveys/new" class="stack" data-testid="new-survey" novalidate>
      <div class="field"><label for="${nid('surveyId')}">${t('fieldSurveyId')}</label>${issue('surveyId')}
        <input type="text" id="${nid('surveyId')}" name="surveyId" value="${draft.surveyId}" required spellcheck="false" autocomplete="off"${invalid('surveyId')}></div>
      <div class="field"><label for="${nid('languages')}">${t('editorMainLanguage')}</label>${issue('languages')}
        <select id="${nid('languages')}" name="mainLanguage">${SUPPORTED_LANGUAGES.map((l) => html`<option value="${l}"${attr('selected', l === draft.main)}>${uiLanguageName(ui, l)} (${l})</option>`)}</select></div>
      <fieldset><legend>${t('editorNewSurveyLanguages')}</legend><p class="hint">${t('editorNewSurveyLanguagesHint')}</p>${SUPPORTED_LANGUAGES.map(row)}</fieldset>
      <button type="submit" data-testid="new-survey-submit">${t('editorCreate')}</button>
    </form>
  </section>`;
}

/** The form alone, when the API refused it (the list of surveys is a link away). */
export function newSurveyPage(ui: Ui, draft: NewSurveyDraft, errors: FormErrors): PageSpec {
  return {
    title: ui.t('editorNewSurveyTitle'),
    main: html`<p><a href="${DASHBOARD}/surveys">← ${ui.t('backToSurveys')}</a></p>${newSurveyForm(ui, draft, errors)}`,
    section: 'surveys',
    self: `${DASHBOARD}/surveys`,
  };
}
