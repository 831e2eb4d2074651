import { html } from 'hono/html';
import { canSay } from '../../../core/calls/voices.js';
import { MAX_FEEDBACK_PARTS } from '../../../core/feedback/model.js';
import { smsSegments } from '../../../core/sms-segments.js';
import type { Cell, Project, Round } from '../api/api-shapes.js';
import type { FeedbackReport } from '../api/feedback-shapes.js';
import { countText, kOfProject, numberOrNull } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { FeedbackT } from '../page/i18n.js';
import { feedbackPath } from './feedback-glance.js';
import { saidDidSummary } from './said-did-page.js';
import type { StaffItemShape } from '../api/said-did-shapes.js';
import { errorSummary, fieldId, fileInput, FormErrors, textArea } from '../page/forms.js';
import { isRtl, languageLabel, languageList, languageName } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import { attr, type Html } from '../page/markup.js';
import { RECORDING_ACCEPT } from '../prompts/prompts-page.js';
import { roundState } from '../projects/rounds-view.js';
import { formatDateTime } from '../page/time.js';

export const feedbackAudioPath = (projectId: string, roundId: string, language: string): string =>
  `${feedbackPath(projectId, roundId)}/audio/${encodeURIComponent(language)}`;

/** The texts form's controls: one textarea per project language, and the send button (round, sent, nothing written). */
export const feedbackControls = (languages: readonly string[]): string[] => [...languages.map((l) => `texts.${l}`), 'send'];
/** The send button's element id: errors about sending link there. */
export const SEND_ID = 'feedback-send';
const TEXTS_FORM_ID = 'feedback-texts';

/**
 * The language someone who reads `language` gets the message in: theirs, else the project's fallbacks,
 * else English: the rule of core/feedback/send-feedback.ts `feedbackLanguage`, restated here. (It was
 * restated to keep i18next out of the dashboard's bundle; the dashboard now uses i18next itself, and
 * importing it would add about 0.3 KB.) Null: nothing they can read is written.
 */
function readsIn(texts: Record<string, string>, language: string, fallbacks: readonly string[]): string | null {
  return [language, ...fallbacks, 'en'].find((l) => (texts[l] ?? '').trim() !== '') ?? null;
}
/** How many asked to hear back: a plural count, nobody, or hidden by disclosure control (null, fewer than k). */
const audienceText = (f: FeedbackT, n: number | null, k: number): string =>
  n === null ? f('audienceHidden', { k }) : n === 0 ? f('audienceNobody') : f('audienceCount', { count: n });
/** "Send to 3 people", or just "Send" when the number is hidden. */
const sendButtonText = (f: FeedbackT, n: number | null): string => (n === null ? f('sendButton') : f('sendButtonTo', { count: n }));
/** "The message is on its way to 3 people", or without the number when it is hidden. */
export const sentNoticeText = (f: FeedbackT, n: number | null): string => (n === null ? f('sentNotice') : f('sentNoticeTo', { count: n }));

export const recordingId = (language: string): string => `rec-${language.replace(/[^A-Za-z0-9_-]/g, '-')}`;
export const recordingInputId = (language: string): string => `f-audio-${language.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface FeedbackView {
  project: Project;
  round: Round;
  report: FeedbackReport;
  now: Date;
  /** The texts as typed, when a save or send was refused; else the saved ones are shown. */
  draft?: Record<string, string> | undefined;
  /** Problems of the texts form (at the textareas) or of sending (at the send button), in the UI language. */
  errors: FormErrors;
  /** A refused recording, shown at that language's file input. */
  upload?: { language: string; errors: FormErrors } | undefined;
  notice?: string | undefined;
  /** The project's "you said, we did" actions (said-did-page.ts), when the API gave them. */
  saidDid?: readonly StaffItemShape[] | undefined;
}

function about(ui: Ui, project: Project): Html {
  const f = ui.feedback;
  return html`<section class="card" aria-labelledby="fb-about" data-testid="feedback-about">
    <h2 id="fb-about">${f('aboutTitle')}</h2>
    ${f.list('about').map((p) => html`<p>${p}</p>`)}
    <p class="muted">${f('fallbackChain')} ${languageList(project.fallbackLanguages, ui.t('none'))}</p>
  </section>`;
}

/** Who asked to hear back, per language they read, and whether that language (or a fallback) has a message. */
function audience(ui: Ui, view: FeedbackView): Html {
  const f = ui.feedback;
  const { audience: who, feedback } = view.report;
  const texts = feedback?.texts ?? {};
  const rows = Object.entries(who.byLanguage)
    .sort(([a], [b]) => view.project.languages.indexOf(a) - view.project.languages.indexOf(b))
    .map(([language, n]) => {
      const reads = readsIn(texts, language, view.project.fallbackLanguages);
      const state =
        reads === language
          ? html`${f('textWritten')}`
          : reads
            ? html`${f('textFallback')} ${languageLabel(reads, reads)}`
            : html`<strong>${f('textMissing')}</strong>`;
      return html`<tr data-testid="audience-row" data-language="${language}"${attr('class', reads ? null : 'missing-row')}>
        <th scope="row">${languageLabel(language, language)}</th><td class="num" data-testid="audience-count">${countText(ui, n, kOfProject(view.project))}</td><td>${state}</td></tr>`;
    });
  return html`<section class="card" aria-labelledby="fb-audience" data-testid="feedback-audience">
    <h2 id="fb-audience">${f('audienceTitle')}</h2>
    <p data-testid="audience-total" data-recipients="${typeof who.recipients === 'number' ? who.recipients : 'hidden'}"><strong>${audienceText(f, numberOrNull(who.recipients), kOfProject(view.project))}</strong></p>
    ${
      rows.length
        ? html`<div class="table-wrap"><table class="side-by-side">
          <thead><tr><th scope="col">${f('colReads')}</th><th scope="col" class="num">${f('colPeople')}</th><th scope="col">${f('colText')}</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`
        : ''
    }
    ${
      who.recipients === 0
        ? ''
        : who.missing.length
          ? html`<p class="missing-line" data-testid="audience-missing" data-languages="${who.missing.join(' ')}">${f('missingSome')} ${languageList(who.missing, ui.t('none'))}</p>`
          : html`<p data-testid="audience-missing" data-languages="">${f('missingNone')}</p>`
    }
  </section>`;
}

/**
 * "This text: 120 characters, 2 SMS parts (Unicode: 67 characters a part)": parts as carriers count them
 * (core/sms-segments.ts, the counter of the participant texts and the bench), so an Arabic text is not
 * taken for a Latin one. Counted when the page is rendered: the dashboard runs no script.
 */
export function countHint(f: FeedbackT, text: string): string {
  const { segments, encoding } = smsSegments(text.trim());
  return f('countHint', {
    count: [...text.trim()].length,
    parts: f('smsParts', { count: segments }),
    max: MAX_FEEDBACK_PARTS,
    encoding: f(encoding === 'GSM-7' ? 'encodingGsm' : 'encodingUnicode'),
  });
}

/** One textarea per project language, with its count of SMS parts and, where nobody can read yet, a note. */
function messageForm(ui: Ui, view: FeedbackView): Html {
  const f = ui.feedback;
  const saved = view.report.feedback?.texts ?? {};
  const texts = view.draft ?? saved;
  const { missing } = view.report.audience;
  const fields = view.project.languages.map((language) => {
    const value = texts[language] ?? '';
    const name = languageName(language);
    return textArea({
      name: `texts.${language}`,
      label: f('fieldText', { language: name }),
      hint: countHint(f, value),
      // Said once: when sending was just refused for it, the error at the field says it already.
      note: missing.includes(language) && view.errors.for(`texts.${language}`).length === 0 ? f('missingHere', { language: name }) : undefined,
      errors: view.errors,
      value,
      rows: 5,
      prose: { lang: language, dir: isRtl(language) ? 'rtl' : 'ltr' },
    });
  });
  return html`<section class="card" aria-labelledby="fb-message" data-testid="feedback-message">
    <h2 id="fb-message">${f('messageTitle')}</h2>
    <p class="lead">${f('messageHint')}</p>
    <form method="post" action="${feedbackPath(view.project.projectId, view.round.roundId)}" id="${TEXTS_FORM_ID}" class="stack" data-testid="feedback-form">
      ${fields}
      <button type="submit" name="action" value="save" class="secondary" data-testid="save-draft">${f('saveDraft')}</button>
    </form>
  </section>`;
}

/** After sending: the texts as they went out, read-only. */
function sentTexts(ui: Ui, view: FeedbackView): Html {
  const f = ui.feedback;
  const texts = view.report.feedback?.texts ?? {};
  return html`<section class="card" aria-labelledby="fb-message" data-testid="feedback-message">
    <h2 id="fb-message">${f('sentTextsTitle')}</h2>
    <dl class="facts">${view.project.languages.map(
      (language) => html`<dt>${languageLabel(language, language)}</dt>
        <dd data-testid="sent-text" data-language="${language}">${texts[language] ? html`<span class="sent-text" lang="${language}" dir="${isRtl(language) ? 'rtl' : 'ltr'}">${texts[language]}</span>` : html`<span class="muted">${f('notWritten')}</span>`}</dd>`,
    )}</dl>
  </section>`;
}

function recordingItem(ui: Ui, view: FeedbackView, language: string, sent: boolean): Html {
  const f = ui.feedback;
  const name = languageName(language);
  const id = recordingId(language);
  const recorded = language in (view.report.feedback?.audio ?? {});
  const audioPath = feedbackAudioPath(view.project.projectId, view.round.roundId, language);
  const errors = view.upload?.language === language ? view.upload.errors : FormErrors.none();
  const status = recorded
    ? html`<span class="state state-open">${f('recorded')}</span>`
    : html`<span class="muted">${canSay(language) ? f('noRecordingVoice') : f('noRecordingNoVoice')}</span>`;
  return html`<li class="prompt" id="${id}" data-testid="recording" data-language="${language}" data-recorded="${recorded ? 'true' : 'false'}" aria-labelledby="${id}-title">
    <h3 id="${id}-title">${languageLabel(language, language)}</h3>
    <p class="prompt-status" data-testid="recording-status">${status}</p>
    ${recorded ? html`<audio controls preload="none" src="${audioPath}" data-testid="recording-audio" aria-label="${f('listen', { language: name })}">${f('noAudioPlayer')}</audio>` : ''}
    ${
      sent
        ? ''
        : html`<div class="prompt-actions">
          <form method="post" action="${audioPath}" enctype="multipart/form-data" class="upload-form" data-testid="recording-upload">
            ${fileInput({ name: 'file', id: recordingInputId(language), label: f('fieldRecording', { language: name }), accept: RECORDING_ACCEPT, required: true, errors })}
            <button type="submit"${attr('class', recorded ? 'secondary' : null)} data-testid="recording-upload-submit" aria-describedby="${id}-title">${recorded ? f('replaceRecording') : f('uploadRecording')}</button>
          </form>
          ${
            recorded
              ? html`<form method="post" action="${audioPath}/delete" class="delete-form" data-testid="recording-delete">
                <button type="submit" class="danger" data-testid="recording-delete-submit" aria-describedby="${id}-title">${f('removeRecording')}</button>
              </form>`
              : ''
          }
        </div>`
    }
  </li>`;
}

function recordings(ui: Ui, view: FeedbackView, sent: boolean): Html | '' {
  const f = ui.feedback;
  const audio = view.report.feedback?.audio ?? {};
  const languages = sent ? view.project.languages.filter((l) => l in audio) : view.project.languages;
  if (languages.length === 0) return '';
  return html`<section class="card" aria-labelledby="fb-recordings" data-testid="feedback-recordings">
    <h2 id="fb-recordings">${f('recordingsTitle')}</h2>
    ${sent ? '' : html`<p class="lead">${f('recordingsIntro')}</p>`}
    <ol class="prompt-list">${languages.map((l) => recordingItem(ui, view, l, sent))}</ol>
  </section>`;
}

/** Why the send button cannot be pressed now, or null when it can. */
function sendBlocked(ui: Ui, view: FeedbackView): string | null {
  const f = ui.feedback;
  const when = (iso: string) => formatDateTime(iso, ui.locale, ui.timeZone);
  const sentAt = view.report.feedback?.sentAt;
  if (sentAt) return f('reasonSent', { date: when(sentAt) });
  if (roundState(view.round, view.now) !== 'closed') return f('reasonNotClosed', { date: when(view.round.closesAt) });
  if (view.report.audience.recipients === 0) return f('reasonNobody');
  return null;
}

/**
 * The send button submits the texts form (its `form` attribute), so what was typed is saved first and
 * never lost by sending; disabled, with the reason next to it, while it cannot go.
 */
function sendSection(ui: Ui, view: FeedbackView): Html {
  const f = ui.feedback;
  const blocked = sendBlocked(ui, view);
  const issues = view.errors.for('send');
  const describedBy = [blocked ? `${SEND_ID}-reason` : `${SEND_ID}-hint`, issues.length ? `${SEND_ID}-error` : ''].filter(Boolean).join(' ');
  return html`<section class="card" aria-labelledby="fb-send" data-testid="feedback-send">
    <h2 id="fb-send">${f('sendTitle')}</h2>
    ${
      issues.length
        ? html`<p class="field-error" id="${SEND_ID}-error" data-testid="field-error" data-field="send">${issues.map((i, n) => html`${n ? html`<br>` : ''}<span lang="${view.errors.messageLang}">${i.message}</span>`)}</p>`
        : ''
    }
    ${blocked ? html`<p class="notice-muted" id="${SEND_ID}-reason" data-testid="send-reason">${blocked}</p>` : html`<p class="hint" id="${SEND_ID}-hint">${f('sendHint')}</p>`}
    <button type="submit" form="${TEXTS_FORM_ID}" name="action" value="send" id="${SEND_ID}" data-testid="send"${attr('disabled', blocked !== null)} aria-describedby="${describedBy}"${attr('aria-invalid', issues.length > 0 && 'true')}>${sendButtonText(f, numberOrNull(view.report.audience.recipients))}</button>
  </section>`;
}

const STATUS_ORDER = ['sent', 'calling', 'sending', 'queued', 'failed'];

/** After sending: copies by status, how they reached people, why some failed. */
function deliveryReport(ui: Ui, view: FeedbackView): Html {
  const f = ui.feedback;
  const { byStatus, byReachedBy, failures, notDelivered } = view.report.deliveries;
  const statuses = Object.entries(byStatus).sort(([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b));
  const list = (testid: string, entries: Array<[string, Cell]>, label: (key: string) => Html) =>
    html`<ul data-testid="${testid}">${entries.map(([key, n]) => html`<li data-key="${key}">${label(key)} — ${typeof n === 'number' ? ui.t('failureCount', { n }) : ui.t('fewerThan', { k: kOfProject(view.project) })}</li>`)}</ul>`;
  const reason = (text: string) => {
    const known = f.lookup('failureReasons', text);
    return known ? html`${known}` : html`<span lang="en">${text}</span>`;
  };
  return html`<section class="card" aria-labelledby="fb-report" data-testid="feedback-report" id="report">
    <h2 id="fb-report">${f('reportTitle')}</h2>
    <p class="lead">${f('reportIntro')} <a href="${feedbackPath(view.project.projectId, view.round.roundId)}#report" data-testid="report-refresh">${f('refresh')}</a></p>
    <div class="table-wrap"><table class="side-by-side" data-testid="report-status">
      <thead><tr><th scope="col">${f('colStatus')}</th><th scope="col" class="num">${f('colCopies')}</th></tr></thead>
      <tbody>${statuses.map(([status, n]) => html`<tr data-status="${status}"><th scope="row">${f.lookup('statuses', status) ?? status}</th><td class="num" data-testid="report-count">${countText(ui, n, kOfProject(view.project))}</td></tr>`)}</tbody>
    </table></div>
    ${Object.keys(byReachedBy).length ? html`<h3>${f('reachedTitle')}</h3>${list('report-reached-by', Object.entries(byReachedBy), (by) => html`${f.lookup('reachedBy', by) ?? by}`)}` : ''}
    ${Object.keys(failures).length ? html`<h3>${f('failuresTitle')}</h3>${list('report-failures', Object.entries(failures), reason)}` : ''}
    ${Object.keys(notDelivered).length ? html`<h3>${f('notDeliveredTitle')}</h3>${list('report-not-delivered', Object.entries(notDelivered), reason)}` : ''}
  </section>`;
}

/**
 * "You said, we did" of one round, for staff: what it is, who gets it, the message per language (saved as
 * a draft), recordings for calls, the send button, and once sent what became of each copy. No script:
 * plain forms, each answered with a redirect back (or the page again with the problem at its field).
 */
export function feedbackPage(ui: Ui, view: FeedbackView): PageSpec {
  const f = ui.feedback;
  const sent = Boolean(view.report.feedback?.sentAt);
  const labels = Object.fromEntries([
    ...view.project.languages.map((l) => [`texts.${l}`, f('fieldText', { language: languageName(l) })]),
    ['send', f('errorSendLabel')],
  ]);
  const uploadLabels: Record<string, string> = view.upload ? { file: f('fieldRecording', { language: languageName(view.upload.language) }) } : {};
  const main = html`
    ${notice(view.notice)}
    ${errorSummary(ui.t('errorSummary'), view.errors, labels, (control) => (control === 'send' ? SEND_ID : fieldId(control)))}
    ${view.upload ? errorSummary(ui.t('errorSummary'), view.upload.errors, uploadLabels, () => recordingInputId(view.upload?.language ?? '')) : ''}
    <p><a href="${DASHBOARD}/projects/${encodeURIComponent(view.project.projectId)}#rounds" data-testid="back-to-project">${f('backToProject', { project: view.project.name })}</a></p>
    ${about(ui, view.project)}
    ${audience(ui, view)}
    ${sent ? sentTexts(ui, view) : messageForm(ui, view)}
    ${recordings(ui, view, sent)}
    ${sendSection(ui, view)}
    ${sent ? deliveryReport(ui, view) : ''}
    ${saidDidSummary(ui, view.project.projectId, view.saidDid ?? [])}`;
  return { title: f('title', { round: view.round.label }), main, section: 'projects', self: feedbackPath(view.project.projectId, view.round.roundId) };
}
