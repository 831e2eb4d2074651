import { html } from 'hono/html';
import type { PromptLanguage, PromptsOverview } from '../api/prompts-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, fileInput, FormErrors } from '../page/forms.js';
import { languageLabel, languageName } from '../page/language-names.js';
import { notice, type PageSpec } from '../page/layout.js';
import type { StudioCode } from '../api/prompts-shapes.js';
import { attr, type Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';

/** What the upload form takes: Twilio's <Play> plays MP3 and WAV only. */
export const RECORDING_ACCEPT = 'audio/mpeg,audio/wav,.mp3,.wav';

export const promptsPath = (projectId: string): string => `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/prompts`;
export const promptPath = (projectId: string, language: string, promptId: string): string =>
  `${promptsPath(projectId)}/${encodeURIComponent(language)}/${encodeURIComponent(promptId)}`;

/** The element id of a prompt's list item (the anchor after an upload); its file input is `${id}-file`. */
export const promptDomId = (language: string, promptId: string): string => `p-${`${language}-${promptId}`.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** An upload sent back with its problem, shown next to that prompt's file input. */
export interface UploadProblem {
  language: string;
  promptId: string;
  errors: FormErrors;
}

export interface PromptsView {
  projectId: string;
  /** The project's name for staff; interpreters cannot read the project, so they see its id. */
  projectName: string;
  /** Staff get a way back to the project page (interpreters cannot open it). */
  staff: boolean;
  /** The page's own scope (`?round=…` or `?survey=…&version=…`, or ""), kept by every form and link. */
  scope: string;
  /** Null: the project has no round yet, so no survey whose prompts to record. */
  overview: PromptsOverview | null;
  notice?: string | undefined;
  upload?: UploadProblem | undefined;
  /** A studio code just issued: shown once, on this response only (never in a URL). */
  studio?: StudioCode | undefined;
}

/** `path` with the page's scope and more parameters. */
export function withQuery(path: string, scope: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(scope);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function promptItem(ui: Ui, view: PromptsView, lang: PromptLanguage, prompt: PromptLanguage['prompts'][number], n: number, mainLanguage: string | null): Html {
  const { t } = ui;
  const id = promptDomId(lang.language, prompt.promptId);
  const path = promptPath(view.projectId, lang.language, prompt.promptId);
  const errors = view.upload?.language === lang.language && view.upload.promptId === prompt.promptId ? view.upload.errors : FormErrors.none();
  const recorded = prompt.recorded;
  const status = recorded
    ? html`<span class="state state-open">${t('promptRecorded')}</span>
        <time datetime="${recorded.at}">${t('promptRecordedOn', { when: formatDateTime(recorded.at, ui.locale, ui.timeZone), how: t.lookup('promptSources', recorded.source) ?? recorded.source })}</time>`
    : html`<span class="state state-missing">${t('promptMissing')}</span>`;
  return html`<li class="prompt" id="${id}" data-testid="prompt" data-prompt-id="${prompt.promptId}" data-recorded="${recorded ? 'true' : 'false'}" aria-labelledby="${id}-title">
    <h3 id="${id}-title">${t('promptNumber', { n })} <code class="prompt-id">${prompt.promptId}</code></h3>
    <p class="prompt-read" dir="auto"${attr('lang', mainLanguage)} data-testid="prompt-read">${prompt.read}</p>
    <p class="prompt-status" data-testid="prompt-status">${status}</p>
    ${
      recorded
        ? html`<audio controls preload="none" src="${withQuery(`${path}/audio`, view.scope)}" data-testid="prompt-audio" aria-label="${t('promptListen', { n })}">${t('promptNoAudioPlayer')}</audio>`
        : ''
    }
    <div class="prompt-actions">
      <form method="post" action="${withQuery(path, view.scope)}" enctype="multipart/form-data" class="upload-form" data-testid="prompt-upload">
        ${fileInput({ name: 'file', id: `${id}-file`, label: t('fieldRecording', { n }), accept: RECORDING_ACCEPT, required: true, errors })}
        <button type="submit"${attr('class', recorded ? 'secondary' : null)} data-testid="prompt-upload-submit" aria-describedby="${id}-title">${recorded ? t('replaceRecording') : t('uploadRecording')}</button>
      </form>
      ${
        recorded
          ? html`<form method="post" action="${withQuery(`${path}/delete`, view.scope)}" class="delete-form" data-testid="prompt-delete">
            <button type="submit" class="danger" data-testid="prompt-delete-submit" aria-describedby="${id}-title">${t('deleteRecording')}</button>
          </form>`
          : ''
      }
    </div>
  </li>`;
}

function languageSection(ui: Ui, view: PromptsView, lang: PromptLanguage, mainLanguage: string | null): Html {
  const { t } = ui;
  const headingId = `lang-${lang.language.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const recorded = lang.required - lang.missing;
  return html`<section class="card" aria-labelledby="${headingId}" data-testid="prompt-language" data-language="${lang.language}">
    <h2 id="${headingId}">${languageLabel(lang.language, lang.language)}</h2>
    <p data-testid="prompt-count"><strong>${t('promptsCount', { recorded, total: lang.required })}</strong> · ${lang.missing ? t('promptsIncomplete', { count: lang.missing }) : t('promptsComplete')}</p>
    <ol class="prompt-list">${lang.prompts.map((prompt, i) => promptItem(ui, view, lang, prompt, i + 1, mainLanguage))}</ol>
  </section>`;
}

/** The error summary at the top, linked to the file input of the prompt whose upload failed. */
function uploadSummary(ui: Ui, view: PromptsView): Html | '' {
  const upload = view.upload;
  if (!upload) return '';
  const lang = view.overview?.languages.find((l) => l.language === upload.language);
  const n = (lang?.prompts.findIndex((p) => p.promptId === upload.promptId) ?? -1) + 1;
  const label = n > 0 ? ui.t('promptErrorLabel', { n, language: languageName(upload.language) }) : upload.promptId;
  return errorSummary(ui.t('errorSummary'), upload.errors, { file: label }, () => `${promptDomId(upload.language, upload.promptId)}-file`);
}

/**
 * The recorded prompts of a project, for staff and interpreters of its organisation: for each language
 * no Polly voice speaks, every sentence a call may say (in the project's main language, to be said in
 * the other), whether it is recorded, a player, and upload / replace / delete forms. No script: plain
 * multipart forms, answered with a redirect back to the prompt.
 */
/** Recording by phone: a one-time code for the studio (a POST, so the code never sits in a URL or history). */
function studioBox(ui: Ui, view: PromptsView): Html {
  const { t } = ui;
  if (view.studio) {
    const until = formatDateTime(view.studio.expiresAt, ui.locale, ui.timeZone);
    const code = view.studio.code.replace(/(\d{4})(\d{4})/, '$1 $2');
    const number = view.studio.callNumber;
    return html`<p class="notice" role="status" data-testid="studio-code">${number ? t('studioCode', { code, until, number }) : t('studioCodeNoNumber', { code, until })}</p>`;
  }
  return html`<form method="post" action="${withQuery(`${promptsPath(view.projectId)}/studio-code`, view.scope)}" class="inline" data-testid="studio-form">
    <button type="submit" data-testid="studio-button">${t('studioButton')}</button> <span class="muted">${t('studioHint')}</span>
  </form>`;
}

export function promptsPage(ui: Ui, view: PromptsView): PageSpec {
  const { t } = ui;
  const { overview } = view;
  const toRecord = overview?.languages.filter((l) => l.voice === null) ?? [];
  const voiced = overview?.languages.filter((l) => l.voice !== null) ?? [];
  const voicedLine = voiced.length
    ? html`<p data-testid="prompts-voiced">${t('promptsVoiced')} ${voiced.map((l, i) => html`${i ? ', ' : ''}${languageLabel(l.language, l.language)} <span class="muted">(${l.voice})</span>`)}</p>`
    : '';
  const body = !overview
    ? html`<p class="notice" role="status" data-testid="prompts-no-round">${t('promptsNoRound')}</p>`
    : html`<p class="muted" data-testid="prompts-survey">${t('promptsSurvey', { survey: overview.survey.id, version: overview.survey.version })}</p>
        ${voicedLine}
        ${
          toRecord.length
            ? html`<p>${t('promptsHow')}</p>${studioBox(ui, view)}${toRecord.map((l) => languageSection(ui, view, l, overview.mainLanguage))}`
            : html`<p class="notice" role="status" data-testid="prompts-nothing">${t('promptsNoVoiceNeeded')}</p>`
        }`;
  const main = html`
    ${notice(view.notice)}
    ${uploadSummary(ui, view)}
    ${view.staff ? html`<p><a href="${DASHBOARD}/projects/${encodeURIComponent(view.projectId)}" data-testid="back-to-project">${t('backToProject')}</a></p>` : ''}
    <p class="lead">${t('promptsIntro')}</p>
    ${body}`;
  return {
    title: t('promptsTitle', { project: view.projectName }),
    main,
    ...(view.staff ? { section: 'projects' as const } : {}),
    self: withQuery(promptsPath(view.projectId), view.scope),
  };
}
