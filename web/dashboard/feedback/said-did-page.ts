import { html } from 'hono/html';
import type { Round } from '../api/api-shapes.js';
import type { CodeShape, CodingSheet } from '../api/coding-shapes.js';
import type { LinkedAnswerShape, SaidDidStatusShape, StaffItemShape } from '../api/said-did-shapes.js';
import { codeName, codingPath } from '../coding/code-names.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, errorSummary, FormErrors, textArea, textInput } from '../page/forms.js';
import { notice, type Html, type PageSpec } from '../page/layout.js';
import { attr } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';

/**
 * "You said, we did" of a project, for staff of its organisation: every action with its status as a badge
 * in words (not colour alone), when and by which role it was set, its codes (to their counts on the
 * coding page) and its answers (as the coding page shows them, linked there), a form per action to change
 * the status, a panel to link answers (one released question at a time, from its coding sheet), and a form
 * to add an action. Plain forms, no script.
 */

export const STATUSES: readonly SaidDidStatusShape[] = ['planned', 'doing', 'done'];
export const ADD_CONTROLS = ['title', 'note', 'codes', 'status'] as const;

export const saidDidPath = (projectId: string): string => `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/we-did`;
export const itemAnchor = (itemId: string): string => `item-${itemId.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface AddDraft {
  title: string;
  note: string;
  codes: string[];
  status: string;
}

export interface LinkPanel {
  item: StaffItemShape;
  roundId: string;
  questions: ReadonlyArray<{ questionId: string; text: string }>;
  question: string | null;
  sheet: { answers: CodingSheet['answers'] } | { tooFew: number } | null;
}

export interface SaidDidView {
  projectId: string;
  projectName: string;
  rounds: readonly Round[];
  items: readonly StaffItemShape[];
  /** The codebook's codes (active ones are offered for a new action). */
  codes: readonly CodeShape[];
  notice?: string | undefined;
  add?: { draft: AddDraft; errors: FormErrors } | undefined;
  /** An action whose status change was refused (someone changed it first), with the message. */
  stale?: { itemId: string; message: string } | undefined;
  link?: LinkPanel | undefined;
}

/** The status as words on a badge (the colour only repeats it). */
const STATE_CLASS: Record<SaidDidStatusShape, string> = { planned: 'state-scheduled', doing: 'state-open', done: 'state-closed' };
export function statusBadge(ui: Ui, status: SaidDidStatusShape): Html {
  const name = ui.t.lookup('saidDidStatuses', status) ?? status;
  return html`<span class="state ${STATE_CLASS[status]}" data-testid="said-did-status" data-status="${status}">${ui.t('saidDidStatusBadge', { status: name })}</span>`;
}

export function sinceText(ui: Ui, entry: { at: string; by: string } | undefined): string {
  if (!entry) return '';
  return ui.t('saidDidSince', { date: formatDateTime(entry.at, ui.locale, ui.timeZone), role: ui.t.lookup('saidDidRoles', entry.by) ?? entry.by });
}

/** The latest round, where the coding page counts a code. */
const latestRound = (rounds: readonly Round[]): Round | undefined => [...rounds].sort((a, b) => b.opensAt.localeCompare(a.opensAt))[0];

function answerLine(ui: Ui, view: SaidDidView, a: LinkedAnswerShape): Html {
  const { t } = ui;
  if (!a.available)
    return html`<li data-testid="said-did-answer" data-available="false"><span class="muted">${t('saidDidAnswerGone', { question: a.questionText, round: a.roundLabel })}</span></li>`;
  const href = `${codingPath(view.projectId, a.roundId)}?question=${encodeURIComponent(a.questionId)}#answer-${encodeURIComponent(a.respondentCode)}`;
  return html`<li data-testid="said-did-answer" data-available="true" data-respondent="${a.respondentCode}">
    <p class="muted">${a.roundLabel} · ${a.questionText} · <code>${a.respondentCode}</code></p>
    ${a.text !== null ? html`<p class="sent-text" dir="auto" data-testid="said-did-answer-text">${a.text}</p>` : ''}
    ${a.transcript !== null ? html`<p><strong>${t('colTranscript')}:</strong> <span dir="auto">${a.transcript}</span></p>` : ''}
    ${a.translation !== null ? html`<p><strong>${t('colTranslation')}:</strong> <span dir="auto">${a.translation}</span></p>` : ''}
    <p><a href="${href}" data-testid="said-did-answer-link">${t('saidDidOpenAnswer')}</a></p>
  </li>`;
}

function statusForm(ui: Ui, view: SaidDidView, item: StaffItemShape): Html {
  const { t } = ui;
  const id = itemAnchor(item.itemId);
  const stale = view.stale?.itemId === item.itemId ? view.stale.message : null;
  return html`<form method="post" action="${saidDidPath(view.projectId)}/${encodeURIComponent(item.itemId)}/status" data-testid="said-did-status-form">
    <input type="hidden" name="version" value="${String(item.version)}">
    <fieldset${attr('aria-describedby', stale ? `${id}-stale` : null)}>
      <legend>${t('saidDidStatusLegend', { title: item.title })}</legend>
      ${stale ? html`<p class="field-error" id="${id}-stale" role="alert" data-testid="said-did-stale">${stale}</p>` : ''}
      <div class="choices">${STATUSES.map(
        (s) =>
          html`<label><input type="radio" name="status" value="${s}"${attr('checked', s === item.status)}> <span>${ui.t.lookup('saidDidStatuses', s) ?? s}</span></label>`,
      )}</div>
    </fieldset>
    <p><button type="submit" class="secondary" data-testid="said-did-save-status">${t('saidDidSaveStatus')}</button></p>
  </form>`;
}

function itemCard(ui: Ui, view: SaidDidView, item: StaffItemShape): Html {
  const { t } = ui;
  const id = itemAnchor(item.itemId);
  const round = latestRound(view.rounds);
  const codes = item.linkedCodes.map(
    (c) =>
      html`<li data-testid="said-did-code" data-code="${c.id}">${codeName(ui, c)}${
        round ? html` — <a href="${codingPath(view.projectId, round.roundId)}#counts">${t('saidDidOpenCode')}</a>` : ''
      }</li>`,
  );
  const linkHref = `${saidDidPath(view.projectId)}?item=${encodeURIComponent(item.itemId)}#link`;
  return html`<li class="prompt" id="${id}" data-testid="said-did-item" data-item="${item.itemId}">
    <h3 id="${id}-title">${item.title}</h3>
    <p>${statusBadge(ui, item.status)} <span class="muted">${sinceText(ui, item.history.at(-1))}</span></p>
    ${item.note ? html`<p dir="auto">${item.note}</p>` : ''}
    ${codes.length ? html`<h4>${t('saidDidCodesTitle')}</h4><ul>${codes}</ul>` : ''}
    ${item.answers.length ? html`<h4>${t('saidDidAnswersTitle')}</h4><ol class="voice-list">${item.answers.map((a) => answerLine(ui, view, a))}</ol>` : ''}
    ${statusForm(ui, view, item)}
    <p><a href="${linkHref}" data-testid="said-did-link-answers">${t('saidDidLinkAnswers', { title: item.title })}</a></p>
    <details><summary>${t('saidDidHistory')}</summary><ol>${item.history.map(
      (e) => html`<li>${ui.t.lookup('saidDidStatuses', e.status) ?? e.status} — ${sinceText(ui, e)}</li>`,
    )}</ol></details>
  </li>`;
}

function linkSection(ui: Ui, view: SaidDidView, panel: LinkPanel): Html {
  const { t } = ui;
  const base = `${saidDidPath(view.projectId)}?item=${encodeURIComponent(panel.item.itemId)}`;
  const rounds = view.rounds.map(
    (r) =>
      html`<li><a href="${base}&round=${encodeURIComponent(r.roundId)}#link"${attr('aria-current', r.roundId === panel.roundId && 'true')}>${r.label}</a></li>`,
  );
  const questions = panel.questions.map(
    (q) =>
      html`<li><a href="${base}&round=${encodeURIComponent(panel.roundId)}&question=${encodeURIComponent(q.questionId)}#link"${attr('aria-current', q.questionId === panel.question && 'true')}>${q.text}</a></li>`,
  );
  let body: Html | '' = '';
  if (panel.sheet && 'tooFew' in panel.sheet)
    body = html`<p class="notice-muted" data-testid="said-did-too-few">${t('saidDidLinkTooFew', { k: panel.sheet.tooFew })}</p>`;
  else if (panel.sheet && panel.question !== null) {
    const linked = new Set(
      panel.item.answers.flatMap((a) => (a.available && a.roundId === panel.roundId && a.questionId === panel.question ? [a.respondentCode] : [])),
    );
    body =
      panel.sheet.answers.length === 0
        ? html`<p>${t('saidDidNoAnswersHere')}</p>`
        : html`<form method="post" action="${saidDidPath(view.projectId)}/${encodeURIComponent(panel.item.itemId)}/answers" data-testid="said-did-link-form">
          <input type="hidden" name="version" value="${String(panel.item.version)}">
          <input type="hidden" name="roundId" value="${panel.roundId}">
          <input type="hidden" name="questionId" value="${panel.question}">
          <ol class="voice-list">${panel.sheet.answers.map(
            (a) => html`<li data-testid="said-did-link-answer" data-respondent="${a.respondentCode}">
              ${a.text !== null ? html`<p class="sent-text" dir="auto">${a.text}</p>` : ''}
              ${a.transcript !== null ? html`<p><strong>${t('colTranscript')}:</strong> <span dir="auto">${a.transcript}</span></p>` : ''}
              <label><input type="checkbox" name="respondentCode" value="${a.respondentCode}"${attr('checked', linked.has(a.respondentCode))}> <span>${t('saidDidLinkThis')}</span> <code>${a.respondentCode}</code></label>
            </li>`,
          )}</ol>
          <p><button type="submit" data-testid="said-did-link-save">${t('saidDidLinkSave')}</button></p>
        </form>`;
  }
  return html`<section class="card" aria-labelledby="link" data-testid="said-did-link-panel">
    <h2 id="link">${t('saidDidLinkTitle', { title: panel.item.title })}</h2>
    <p class="lead">${t('saidDidLinkIntro')}</p>
    <h3>${t('saidDidLinkRound')}</h3><ul class="tabs">${rounds}</ul>
    ${questions.length ? html`<h3>${t('saidDidLinkQuestion')}</h3><ul class="tabs">${questions}</ul>` : html`<p>${t('codingNoQuestions')}</p>`}
    ${body}
    <p><a href="${saidDidPath(view.projectId)}#${itemAnchor(panel.item.itemId)}">${t('saidDidLinkClose')}</a></p>
  </section>`;
}

function addSection(ui: Ui, view: SaidDidView): Html {
  const { t } = ui;
  const errors = view.add?.errors ?? FormErrors.none();
  const draft = view.add?.draft ?? { title: '', note: '', codes: [], status: 'planned' };
  const offered = view.codes.filter((c) => !c.archived);
  const labels = { title: t('saidDidFieldTitle'), note: t('saidDidFieldNote'), codes: t('saidDidFieldCodes'), status: t('saidDidFieldStatus') };
  return html`<section class="card" aria-labelledby="add">
    <h2 id="add">${t('saidDidAddTitle')}</h2>
    ${errorSummary(t('errorSummary'), errors, labels)}
    <form method="post" action="${saidDidPath(view.projectId)}" class="stack" data-testid="said-did-add">
      ${textInput({ name: 'title', label: labels.title, hint: t('saidDidHintTitle'), value: draft.title, errors, required: true })}
      ${textArea({ name: 'note', label: labels.note, value: draft.note, rows: 3, errors, prose: { lang: null } })}
      ${choiceGroup({
        name: 'codes',
        label: labels.codes,
        type: 'checkbox',
        options: offered.map((c) => ({ value: c.id, label: codeName(ui, c) })),
        checked: draft.codes,
        className: 'choices',
        errors,
      })}
      ${choiceGroup({
        name: 'status',
        label: labels.status,
        type: 'radio',
        options: STATUSES.map((s) => ({ value: s, label: ui.t.lookup('saidDidStatuses', s) ?? s })),
        checked: [draft.status],
        className: 'choices',
        errors,
      })}
      <button type="submit" data-testid="said-did-add-submit">${t('saidDidAdd')}</button>
    </form>
  </section>`;
}

/** On a round's message page: the project's actions with their status, and the way to them all. */
export function saidDidSummary(ui: Ui, projectId: string, items: readonly StaffItemShape[]): Html {
  const { t } = ui;
  return html`<section class="card" aria-labelledby="said-did" data-testid="said-did-summary">
    <h2 id="said-did">${t('saidDidItemsTitle')}</h2>
    ${
      items.length === 0
        ? html`<p>${t('saidDidNone')}</p>`
        : html`<ul>${items.map(
            (i) =>
              html`<li data-testid="said-did-summary-item"><a href="${saidDidPath(projectId)}#${itemAnchor(i.itemId)}">${i.title}</a> ${statusBadge(ui, i.status)}</li>`,
          )}</ul>`
    }
    <p><a href="${saidDidPath(projectId)}" data-testid="said-did-page-link">${t('saidDidLink')}</a></p>
  </section>`;
}

export function saidDidPage(ui: Ui, view: SaidDidView): PageSpec {
  const { t } = ui;
  const main = html`<p><a href="${DASHBOARD}/projects/${encodeURIComponent(view.projectId)}">← ${view.projectName}</a></p>
    ${notice(view.notice)}
    <p class="lead">${t('saidDidIntro')}</p>
    ${view.link ? linkSection(ui, view, view.link) : ''}
    <section class="card" aria-labelledby="items"><h2 id="items">${t('saidDidItemsTitle')}</h2>
      ${view.items.length === 0 ? html`<p data-testid="said-did-none">${t('saidDidNone')}</p>` : html`<ol class="prompt-list" data-testid="said-did-items">${view.items.map((i) => itemCard(ui, view, i))}</ol>`}
    </section>
    ${addSection(ui, view)}`;
  return { title: t('saidDidTitle', { project: view.projectName }), main, section: 'projects', self: saidDidPath(view.projectId) };
}
