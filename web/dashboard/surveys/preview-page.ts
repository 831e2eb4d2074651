import { html } from 'hono/html';
import { smsSegments } from '../../../core/sms-segments.js';
import type { Preview } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { titleIn } from '../projects/launch-form.js';
import { languageLabel, languageName } from '../page/language-names.js';
import type { PageSpec } from '../page/layout.js';
import { attr } from '../page/markup.js';
import { previewHref, translationsHref } from './surveys-page.js';
import { SUPPORTED_LANGUAGES } from '../../../locales/index.js';

export interface PreviewView {
  surveyId: string;
  version: number;
  title: Record<string, string>;
  languages: string[];
  preview: Preview;
}

/** "SMS: 2 parts (Unicode)": what the message costs by SMS, counted as carriers count (core/sms-segments.ts). */
export function smsParts(ui: Ui, text: string): string {
  const { segments, encoding } = smsSegments(text);
  return ui.t('previewParts', { count: segments, encoding: encoding === 'GSM-7' ? 'GSM-7' : 'Unicode' });
}

/**
 * The questions as chat bubbles in one language (right to left for Arabic and Farsi), with tabs for the
 * others: the survey's languages, then the participant languages it lacks. In one of those the page says
 * so, and shows what its speakers get instead (the API renders it as they would read it).
 */
export function previewPage(ui: Ui, view: PreviewView): PageSpec {
  const { t } = ui;
  const { preview } = view;
  const lacking = SUPPORTED_LANGUAGES.filter((code) => !view.languages.includes(code));
  const tab = (code: string, missing: boolean) =>
    html`<li${attr('class', missing ? 'tab-missing' : null)}><a href="${previewHref(view, code)}"${attr('aria-current', code === preview.language && 'true')} data-testid="preview-tab" data-language="${code}">${languageLabel(code, code)}${missing ? html` <span class="muted">(${t('previewMissingTab')})</span>` : ''}</a></li>`;
  const tabs = [...view.languages.map((code) => tab(code, false)), ...lacking.map((code) => tab(code, true))];
  const shownIn = preview.shownIn ?? preview.language;
  const missing = preview.missing
    ? html`<p class="caution" role="status" data-testid="preview-missing">${t('previewMissing', { language: languageName(preview.language), shownIn: languageName(shownIn) })}</p>`
    : '';
  const bubbles = preview.messages.map(
    (m) => html`<li data-testid="preview-bubble" data-question-id="${m.questionId}">
      <div class="bubble">${m.text}</div>
      <div class="bubble-meta" dir="ltr" lang="en"><code>${m.questionId}</code> · ${m.kind} · <span lang="${ui.lang}" data-testid="preview-parts">${smsParts(ui, m.text)}</span></div>
    </li>`,
  );
  const main = html`
    <p><a href="${DASHBOARD}/surveys">← ${t('backToSurveys')}</a> · <a href="${translationsHref(view)}" data-testid="translations-link">${t('translationsLink')}</a></p>
    <p class="lead">${t('previewIntro')}</p>
    <nav aria-label="${t('previewLanguages')}"><ul class="tabs">${tabs}</ul></nav>
    ${missing}
    <ol class="chat" lang="${shownIn}" dir="${preview.dir}" data-testid="preview" aria-label="${t('previewConversation', { language: languageName(shownIn) })}">${bubbles}</ol>`;
  return { title: t('previewTitle', { title: `${titleIn(view.title, ui.lang)} (${view.surveyId} v${view.version})` }), main, section: 'surveys' };
}
