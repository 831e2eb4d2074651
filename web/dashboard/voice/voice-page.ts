import { html } from 'hono/html';
import type { VoiceJob, VoiceQueue } from '../api/voice-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, errorSummary, FormErrors, textArea } from '../page/forms.js';
import { languageLabel, languageName } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import { attr, type Html } from '../page/markup.js';

/** The fields of the transcript form, as the API names them. */
export const TRANSCRIPT_CONTROLS = ['transcript', 'translation'] as const;

/** What staff read about a voice answer besides the recording: which project and question it answers. */
export interface VoiceItem {
  job: VoiceJob;
  projectName: string | null;
  /** The question's text, in the UI language when the survey has it (a probe after its statement). */
  question: { text: string; lang: string } | null;
}

/** A transcript form sent back with the API's field errors, its input kept. */
export interface TranscriptDraft {
  jobId: string;
  transcript: string;
  translation: string;
  errors: FormErrors;
}

/** The own-listening form sent back with the API's field errors, its input kept. */
export interface OwnListeningDraft {
  on: boolean;
  reason: string;
  errors: FormErrors;
}

export interface VoiceView {
  items: VoiceItem[];
  /** The organisation's choice of who hears its participants' voices (from the queue answer). */
  own: Pick<VoiceQueue, 'ownListening' | 'canChange'>;
  /** An interpreter of no organisation: nothing to show about one. */
  independent: boolean;
  notice?: string | undefined;
  draft?: TranscriptDraft | undefined;
  ownDraft?: OwnListeningDraft | undefined;
  /** Interpreters: the rounds they may code (core/coding/assignments.ts). */
  coding?: Html | '' | undefined;
}

export const OWN_LISTENING_CONTROLS = ['on', 'reason'] as const;

/** Who hears the organisation's voices: for its staff (who may change it) and its interpreters. */
function ownListening(ui: Ui, view: VoiceView): Html | '' {
  const { t } = ui;
  if (view.independent) return '';
  const current = view.own.ownListening;
  const state = current
    ? html`<p data-testid="own-listening-state">${t('ownListeningOn', { since: formatDay(current.since.slice(0, 10), ui.locale) })}</p>
      <p><strong>${t('ownListeningReason')}:</strong> <q dir="auto" data-testid="own-listening-reason">${current.reason}</q></p>`
    : html`<p data-testid="own-listening-state">${t('ownListeningOff')}</p>`;
  if (!view.own.canChange)
    return html`<section class="stack" aria-labelledby="own-listening-title"><h2 id="own-listening-title">${t('ownListeningTitle')}</h2>${state}</section>`;
  const errors = view.ownDraft?.errors ?? FormErrors.none();
  const on = view.ownDraft?.on ?? current !== null;
  return html`<section class="stack" aria-labelledby="own-listening-title" data-testid="own-listening">
    <h2 id="own-listening-title">${t('ownListeningTitle')}</h2>
    ${state}
    <form method="post" action="${DASHBOARD}/voice/own-listening" class="stack" data-testid="own-listening-form" novalidate>
      ${errorSummary(t('errorSummary'), errors, { on: t('fieldOwnListening'), reason: t('fieldOwnListeningReason') })}
      ${choiceGroup({
        name: 'on',
        label: t('fieldOwnListening'),
        type: 'radio',
        options: [
          { value: 'no', label: t('ownListeningChoiceOff') },
          { value: 'yes', label: t('ownListeningChoiceOn') },
        ],
        checked: [on ? 'yes' : 'no'],
        className: 'radios',
        errors,
      })}
      ${textArea({ name: 'reason', label: t('fieldOwnListeningReason'), hint: t('hintOwnListeningReason'), value: view.ownDraft?.reason ?? current?.reason ?? '', rows: 2, errors, prose: { lang: null } })}
      <button type="submit" data-testid="own-listening-save">${t('saveOwnListening')}</button>
    </form>
  </section>`;
}

export const voicePath = (jobId: string): string => `${DASHBOARD}/voice/${encodeURIComponent(jobId)}`;
const domId = (jobId: string): string => `v-${jobId.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** "23 nov. 2026" for the day (YYYY-MM-DD) the voice note came in. */
function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

function item(ui: Ui, entry: VoiceItem, n: number, draft: TranscriptDraft | undefined): Html {
  const { t } = ui;
  const { job } = entry;
  const id = domId(job.jobId);
  const controlId = (control: string) => `${id}-${control}`;
  const errors = draft?.errors ?? FormErrors.none();
  const audio = `${voicePath(job.jobId)}/audio`;
  const project = entry.projectName ?? job.projectId ?? '—';
  const title = job.access === 'network' ? t('voiceItemNetwork', { n }) : t('voiceItem', { n, project });
  const question = entry.question
    ? html`<span lang="${entry.question.lang}" dir="auto">${entry.question.text}</span> <span class="muted">(<code>${job.questionId ?? ''}</code>)</span>`
    : html`<code>${job.questionId ?? '—'}</code>`;
  const reason = job.reason === null ? html`${t('voiceReasonNoMachine')}` : html`<span lang="en">${job.reason}</span>`;
  const spoken = job.language === null ? t('unknownLanguage') : languageName(job.language);
  return html`<li class="voice-item" data-testid="voice-item" data-job-id="${job.jobId}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    <dl class="facts">
      ${job.access === 'own' ? html`<dt>${t('voiceQuestion')}</dt><dd data-testid="voice-question">${question}</dd>` : ''}
      <dt>${t('voiceLanguage')}</dt><dd data-testid="voice-language">${languageLabel(job.language, t('unknownLanguage'))}</dd>
      <dt>${t('voiceDay')}</dt><dd><time datetime="${job.day}">${formatDay(job.day, ui.locale)}</time></dd>
      <dt>${t('voiceReason')}</dt><dd data-testid="voice-reason">${reason}</dd>
    </dl>
    ${
      job.takenByColleague
        ? html`<p class="notice" data-testid="voice-taken">${t('voiceTaken')}</p>`
        : html`<p class="muted" id="${id}-audio-label">${t('voiceListen')}</p>
    <audio controls controlslist="nodownload" preload="none" src="${audio}" data-testid="voice-audio" aria-labelledby="${id}-audio-label ${id}-title">
      ${t('voiceNoAudioPlayer')}
    </audio>
    ${form(ui, job, draft, errors, controlId, spoken)}`
    }
  </li>`;
}

function form(ui: Ui, job: VoiceJob, draft: TranscriptDraft | undefined, errors: FormErrors, controlId: (control: string) => string, spoken: string): Html {
  const { t } = ui;
  return html`    <form method="post" action="${voicePath(job.jobId)}" class="stack" data-testid="transcript-form" novalidate>
      ${errorSummary(t('errorSummary'), errors, { transcript: t('fieldTranscript'), translation: t('fieldTranslation') }, controlId)}
      ${textArea({
        name: 'transcript',
        id: controlId('transcript'),
        label: t('fieldTranscript'),
        hint: t('hintTranscript', { language: spoken }),
        value: draft?.transcript ?? '',
        rows: 4,
        errors,
        prose: { lang: job.language },
      })}
      ${textArea({
        name: 'translation',
        id: controlId('translation'),
        label: `${t('fieldTranslation')} (${t('optional')})`,
        hint: t('hintTranslation'),
        value: draft?.translation ?? '',
        rows: 3,
        errors,
        prose: { lang: null },
      })}
      <button type="submit" data-testid="transcript-submit">${t('saveTranscript')}</button>
    </form>`;
}

/**
 * The human transcription queue: each waiting voice answer with its recording (disguised by the API,
 * played through the dashboard, which fetches it with the session), and a form for its transcript and
 * an optional Dutch or French translation; below, who hears the organisation's voices (its staff may
 * change that). Interpreters of the network see no project or question. No script: plain form POSTs.
 */
export function voicePage(ui: Ui, view: VoiceView): PageSpec {
  const { t } = ui;
  const { items } = view;
  const main = html`
    ${notice(view.notice)}
    <p class="lead">${t('voiceIntro')}</p>
    <p class="muted">${t('voiceClaim')}</p>
    <p class="muted" data-testid="voice-disguised">${t('voiceDisguised')}</p>
    <p data-testid="voice-count"${attr('role', items.length === 0 ? 'status' : null)}>${items.length === 0 ? t('voiceEmpty') : t('voiceCount', { count: items.length })}</p>
    ${
      items.length
        ? html`<ol class="voice-list" data-testid="voice-list">${items.map((entry, i) => item(ui, entry, i + 1, view.draft?.jobId === entry.job.jobId ? view.draft : undefined))}</ol>`
        : ''
    }
    ${ownListening(ui, view)}
    ${view.coding ?? ''}`;
  return { title: t('voiceTitle'), main, section: 'voice', self: `${DASHBOARD}/voice` };
}
