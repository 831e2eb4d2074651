import { html } from 'hono/html';
import { smsSegments } from '../../../core/sms-segments.js';
import type { Preview } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { titleIn } from '../projects/launch-form.js';
import { languageLabel, languageName } from '../page/language-names.js';
import type { PageSpec } from '../page/layout.js';
import { attr } from '../page/markup.js';
import { previewHref } from './surveys-page.js';

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

/** The questions as chat bubbles in one language (right to left for Arabic and Farsi), with tabs for the others. */
export function previewPage(ui: Ui, view: PreviewView): PageSpec {
  const { t } = ui;
  const { preview } = view;
  const tabs = view.languages.map(
    (code) => html`<li><a href="${previewHref(view, code)}"${attr('aria-current', code === preview.language && 'true')}>${languageLabel(code, code)}</a></li>`,
  );
  const bubbles = preview.messages.map(
    (m) => html`<li data-testid="preview-bubble" data-question-id="${m.questionId}">
      <div class="bubble">${m.text}</div>
      <div class="bubble-meta" dir="ltr" lang="en"><code>${m.questionId}</code> · ${m.kind} · <span lang="${ui.lang}" data-testid="preview-parts">${smsParts(ui, m.text)}</span></div>
    </li>`,
  );
  const main = html`
    <p><a href="${DASHBOARD}/surveys">← ${t('backToSurveys')}</a></p>
    <p class="lead">${t('previewIntro')}</p>
    <nav aria-label="${t('previewLanguages')}"><ul class="tabs">${tabs}</ul></nav>
    <ol class="chat" lang="${preview.language}" dir="${preview.dir}" data-testid="preview" aria-label="${t('previewConversation', { language: languageName(preview.language) })}">${bubbles}</ol>`;
  return { title: t('previewTitle', { title: `${titleIn(view.title, ui.lang)} (${view.surveyId} v${view.version})` }), main, section: 'surveys' };
}
