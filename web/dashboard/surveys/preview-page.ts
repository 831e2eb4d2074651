import { html } from 'hono/html';
import { SUPPORTED_LANGUAGES } from '../../../locales/index.js';
import { PREVIEW_CHANNELS, VOICE_NOTE_MODES, type Preview, type PreviewChannel, type PreviewVoiceNotes } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { languageLabel, languageName } from '../page/language-names.js';
import type { PageSpec } from '../page/layout.js';
import { attr, type Html } from '../page/markup.js';
import { titleIn } from '../projects/launch-form.js';
import { previewHref, translationsHref } from './surveys-page.js';

export interface PreviewView {
  surveyId: string;
  version: number;
  title: Record<string, string>;
  languages: string[];
  preview: Preview;
  /** The WhatsApp pictures by the path the API gave: a data: URL, or null where it could not be had. */
  pictures?: ReadonlyMap<string, string | null>;
}

type Message = Preview['messages'][number];
type Where = { language: string; channel: PreviewChannel; voiceNotes?: PreviewVoiceNotes | undefined };

/** "SMS: 2 parts (Unicode)": what the message costs by SMS, as the API counted it (core/sms-segments.ts). */
export function smsParts(ui: Ui, sms: { parts: number; encoding: 'GSM-7' | 'UCS-2' }): string {
  return ui.t('previewParts', { count: sms.parts, encoding: sms.encoding === 'GSM-7' ? 'GSM-7' : 'Unicode' });
}

const href = (view: PreviewView, where: Where): string => {
  const extra = new URLSearchParams({
    ...(where.channel === 'sms' ? {} : { channel: where.channel }),
    ...(where.channel === 'whatsapp' && where.voiceNotes ? { voiceNotes: where.voiceNotes } : {}),
  }).toString();
  return `${previewHref(view, where.language)}${extra ? `&${extra}` : ''}`;
};

const meta = (ui: Ui, m: Message, extra: Html | string = '') =>
  html`<div class="bubble-meta" dir="ltr" lang="en"><code>${m.questionId}</code> · ${m.kind}${extra ? html` · <span lang="${ui.lang}">${extra}</span>` : ''}</div>`;

function smsBubble(ui: Ui, m: Message): Html {
  const parts = m.sms ? html`<span data-testid="preview-parts">${smsParts(ui, m.sms)}</span>` : '';
  return html`<li data-testid="preview-bubble" data-question-id="${m.questionId}"><div class="bubble">${m.text}</div>${meta(ui, m, parts)}</li>`;
}

function whatsappBubble(ui: Ui, m: Message, pictures: ReadonlyMap<string, string | null>): Html {
  const { t } = ui;
  const wa = m.whatsapp;
  if (!wa) return smsBubble(ui, m);
  const picture = (path: string) => {
    const src = pictures.get(path);
    return src
      ? html`<img class="wa-picture" src="${src}" alt="${t('previewPictureAlt')}" data-testid="preview-picture">`
      : html`<p class="muted" lang="${ui.lang}" dir="auto" data-testid="preview-picture-missing">${t('previewPictureMissing')}</p>`;
  };
  const taps = (text: string) => {
    const buttons = wa.buttons.map(
      (b) =>
        html`<li><span class="wa-button" data-testid="preview-button" data-id="${b.id}">${b.label}</span>${b.description ? html`<small>${b.description}</small>` : ''}</li>`,
    );
    const label = wa.list ? t('previewList', { button: wa.list.button }) : t('previewButtons');
    return html`<div class="bubble">${text}</div>
      <p class="bubble-meta" lang="${ui.lang}" dir="auto">${label}</p>
      <ul class="wa-buttons${wa.list ? ' wa-list' : ''}" aria-label="${label}" data-testid="preview-buttons">${buttons}</ul>`;
  };
  const parts = wa.messages.map((w) => {
    switch (w.kind) {
      case 'voice-note':
        return html`<div class="voice-chip" data-testid="preview-voice-note"><span aria-hidden="true">▶</span> <span lang="${ui.lang}" dir="auto">${t('previewVoiceNote', { language: languageName(w.language ?? '') })}</span>
          <p><span lang="${ui.lang}" dir="auto">${t('previewVoiceNoteSays')}</span> <q lang="${w.language ?? ''}">${w.text ?? ''}</q></p></div>`;
      case 'picture':
        return picture(w.picture ?? '');
      case 'taps':
        return taps(w.text ?? '');
      case 'text':
        return html`${w.picture ? picture(w.picture) : ''}<div class="bubble">${w.text ?? ''}</div>`;
    }
  });
  const fallback = wa.buttons.length === 0 && m.kind !== 'open' && m.kind !== 'story' && m.kind !== 'number';
  return html`<li data-testid="preview-bubble" data-question-id="${m.questionId}">${parts}${meta(ui, m, fallback ? t('previewNoButtons') : '')}</li>`;
}

function callPrompts(ui: Ui, m: Message): Html {
  const prompts = (m.voice?.prompts ?? []).map(
    (p) =>
      html`<li data-testid="preview-prompt" data-recorded="${p.recorded ? 'true' : 'false'}"><span lang="${p.language}">${p.text}</span>
        <span class="muted" lang="${ui.lang}" dir="auto">(${p.recorded ? ui.t('previewPromptRecorded') : ui.t('previewPromptVoice')})</span></li>`,
  );
  return html`<li data-testid="preview-bubble" data-question-id="${m.questionId}"><ol class="prompts" aria-label="${ui.t('previewPrompts')}">${prompts}</ol>${meta(ui, m)}</li>`;
}

/**
 * The questions as participants get them, in one language (right to left for Arabic and Farsi) and on one
 * channel: SMS bubbles with their parts, WhatsApp bubbles with the buttons drawn (not clickable), the
 * triad's picture and each voice note with what it says, or a call's spoken prompts. Tabs for the other
 * languages — the survey's, then the participant languages it lacks (the page then says what their
 * speakers get) — and for the channels; on WhatsApp, for the voice-note modes. Links only: no script.
 */
export function previewPage(ui: Ui, view: PreviewView): PageSpec {
  const { t } = ui;
  const { preview } = view;
  const channel = preview.channel;
  const here: Where = { language: preview.language, channel, voiceNotes: preview.voiceNotes };
  const lacking = SUPPORTED_LANGUAGES.filter((code) => !view.languages.includes(code));
  const tab = (code: string, missing: boolean) =>
    html`<li${attr('class', missing ? 'tab-missing' : null)}><a href="${href(view, { ...here, language: code })}"${attr('aria-current', code === preview.language && 'true')} data-testid="preview-tab" data-language="${code}">${languageLabel(code, code)}${missing ? html` <span class="muted">(${t('previewMissingTab')})</span>` : ''}</a></li>`;
  const tabs = [...view.languages.map((code) => tab(code, false)), ...lacking.map((code) => tab(code, true))];
  const channelTabs = PREVIEW_CHANNELS.map(
    (ch) =>
      html`<li><a href="${href(view, { ...here, channel: ch })}"${attr('aria-current', ch === channel && 'true')} data-testid="preview-channel" data-channel="${ch}">${t.lookup('channels', ch) ?? ch}</a></li>`,
  );
  const modeTabs =
    channel === 'whatsapp'
      ? html`<nav aria-label="${t('previewVoiceNotes')}"><ul class="tabs">${VOICE_NOTE_MODES.map(
          (mode) =>
            html`<li><a href="${href(view, { ...here, voiceNotes: mode })}"${attr('aria-current', mode === preview.voiceNotes && 'true')} data-testid="preview-voice-notes" data-mode="${mode}">${t(`previewVoiceNoteMode_${mode}`)}</a></li>`,
        )}</ul></nav>`
      : '';
  const shownIn = preview.shownIn ?? preview.language;
  const missing = preview.missing
    ? html`<p class="caution" role="status" data-testid="preview-missing">${t('previewMissing', { language: languageName(preview.language), shownIn: languageName(shownIn) })}</p>`
    : '';
  const pictures = view.pictures ?? new Map<string, string | null>();
  const bubbles = preview.messages.map((m) =>
    channel === 'whatsapp' ? whatsappBubble(ui, m, pictures) : channel === 'voice' ? callPrompts(ui, m) : smsBubble(ui, m),
  );
  const main = html`
    <p><a href="${DASHBOARD}/surveys">← ${t('backToSurveys')}</a> · <a href="${translationsHref(view)}" data-testid="translations-link">${t('translationsLink')}</a></p>
    <p class="lead">${t('previewIntro')}</p>
    <nav aria-label="${t('previewLanguages')}"><ul class="tabs">${tabs}</ul></nav>
    <nav aria-label="${t('previewChannels')}"><ul class="tabs">${channelTabs}</ul></nav>
    ${modeTabs}
    ${missing}
    <ol class="chat chat-${channel}" lang="${shownIn}" dir="${preview.dir}" data-testid="preview" data-channel="${channel}" aria-label="${t('previewConversation', { language: languageName(shownIn) })}">${bubbles}</ol>`;
  return { title: t('previewTitle', { title: `${titleIn(view.title, ui.lang)} (${view.surveyId} v${view.version})` }), main, section: 'surveys' };
}
