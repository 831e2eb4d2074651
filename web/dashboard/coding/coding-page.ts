import { html } from 'hono/html';
import type { CodeCounts, CodeShape, CodingAgreement, CodingSheet } from '../api/coding-shapes.js';
import { countText } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { errorSummary, FormErrors, textInput } from '../page/forms.js';
import { notice, type Html, type PageSpec } from '../page/layout.js';
import { agreementSection, type AgreementScope } from './agreement-view.js';
import { codeName, codingPath } from './code-names.js';

/**
 * A round's coding page: the codebook, the counts per code (staff and coordinators, as disclosure control
 * lets the API give them), and the released answers of one question with a form per answer to give it
 * codes (staff and the interpreters the organisation lets code). Plain forms: no script needed.
 */

export interface CodeDraft {
  id: string;
  nl: string;
  fr: string;
  en: string;
}
export const CODE_CONTROLS = ['id', 'nl', 'fr', 'en'] as const;

export interface CodingView {
  projectId: string;
  projectName: string | null;
  roundId: string;
  roundLabel: string;
  /** Staff manage the codebook and see every coder; coordinators see counts only. */
  role: 'staff' | 'interpreter' | 'coordinator';
  codes: readonly CodeShape[];
  counts: CodeCounts | null;
  /** Questions in people's own words (null: not a coder here). */
  questions: ReadonlyArray<{ questionId: string; text: string }> | null;
  selected: string | null;
  sheet: { answers: CodingSheet['answers'] } | { tooFew: number } | null;
  k: number;
  /** Staff: how far the coders agree, over this round or the whole project. */
  agreement?: { data: CodingAgreement; scope: AgreementScope } | undefined;
  notice?: string | undefined;
  codeForm?: { draft: CodeDraft; errors: FormErrors } | undefined;
}

function codebookSection(ui: Ui, view: CodingView): Html {
  const { t } = ui;
  const items = view.codes.map(
    (c) => html`<li data-testid="code" data-code="${c.id}"><strong>${codeName(ui, c)}</strong>
      ${c.builtIn ? html` <span class="state state-open">${t('codingBuiltIn')}</span>` : ''}
      ${c.archived ? html` <span class="state state-closed">${t('codingArchived')}</span>` : ''}
      ${c.description?.[ui.lang] ? html`<br><span class="muted">${c.description[ui.lang]}</span>` : ''}</li>`,
  );
  const form = view.codeForm;
  const errors = form?.errors ?? FormErrors.none();
  const draft = form?.draft ?? { id: '', nl: '', fr: '', en: '' };
  const add =
    view.role === 'staff'
      ? html`<h3 id="add-code">${t('codingAddTitle')}</h3>
        ${errorSummary(t('errorSummary'), errors)}
        <form method="post" action="${codingPath(view.projectId, view.roundId)}/codes" class="stack" data-testid="add-code">
          ${textInput({ name: 'id', label: t('fieldCodeId'), hint: t('hintCodeId'), value: draft.id, errors, required: true })}
          ${textInput({ name: 'nl', label: t('fieldCodeNl'), value: draft.nl, errors })}
          ${textInput({ name: 'fr', label: t('fieldCodeFr'), value: draft.fr, errors })}
          ${textInput({ name: 'en', label: t('fieldCodeEn'), value: draft.en, errors })}
          <button type="submit">${t('codingAdd')}</button>
        </form>`
      : '';
  return html`<section class="card" aria-labelledby="codebook"><h2 id="codebook">${t('codingCodesTitle')}</h2><ul>${items}</ul>${add}</section>`;
}

function countsSection(ui: Ui, view: CodingView, counts: CodeCounts): Html {
  const { t } = ui;
  const byId = new Map(counts.codes.map((c) => [c.id, c]));
  const tables = counts.questions.map(
    (q) => html`<h3>${q.text}</h3><div class="table-wrap"><table class="side-by-side" data-testid="code-counts" data-question="${q.questionId}">
      <thead><tr><th scope="col">${t('colCode')}</th><th scope="col">${t('codingColRespondents')}</th></tr></thead>
      <tbody>${Object.entries(q.codes).map(
        ([id, cell]) =>
          html`<tr><th scope="row">${codeName(ui, byId.get(id) ?? { id, label: {} })}</th><td data-testid="count" data-code="${id}">${countText(ui, cell, counts.k)}</td></tr>`,
      )}</tbody></table></div>`,
  );
  const body =
    counts.release === 0
      ? html`<p data-testid="not-released">${t('codingNotReleased', { k: counts.k })}</p>`
      : counts.questions.length === 0
        ? html`<p>${t('codingCountsNone')}</p>`
        : tables;
  return html`<section class="card" aria-labelledby="counts"><h2 id="counts">${t('codingCountsTitle')}</h2>
    <p class="lead">${t('codingCountsIntro', { k: counts.k })}</p>${body}</section>`;
}

function answerItem(ui: Ui, view: CodingView, question: string, a: CodingSheet['answers'][number]): Html {
  const { t } = ui;
  // Codes to give: the active ones, and archived ones this coder gave (so they can be taken off).
  const offered = view.codes.filter((c) => !c.archived || a.codes.includes(c.id));
  const others = Object.entries(a.coders ?? {});
  return html`<li class="voice-item" id="answer-${a.respondentCode}" data-testid="coding-answer" data-respondent="${a.respondentCode}">
    <p><code>${a.respondentCode}</code></p>
    ${a.text !== null ? html`<p class="sent-text" dir="auto" data-testid="answer-text">${a.text}</p>` : ''}
    ${a.transcript !== null ? html`<p><strong>${t('colTranscript')}:</strong> <span dir="auto">${a.transcript}</span></p>` : ''}
    ${a.translation !== null ? html`<p><strong>${t('colTranslation')}:</strong> <span dir="auto">${a.translation}</span></p>` : ''}
    <form method="post" action="${codingPath(view.projectId, view.roundId)}/tags" data-testid="tag-form">
      <input type="hidden" name="respondentCode" value="${a.respondentCode}">
      <input type="hidden" name="questionId" value="${question}">
      ${a.codes.map((c) => html`<input type="hidden" name="had" value="${c}">`)}
      <fieldset><legend>${t('codingYourCodes')}</legend><div class="choices">
        ${offered.map(
          (c) =>
            html`<label><input type="checkbox" name="code" value="${c.id}"${a.codes.includes(c.id) ? html` checked` : ''}> <span>${codeName(ui, c)}</span></label>`,
        )}
      </div></fieldset>
      <p><button type="submit" class="secondary">${t('codingSave')}</button></p>
    </form>
    ${
      others.length > 0
        ? html`<details><summary>${t('codingOthers')}</summary><ul>${others.map(([coder, codes]) => html`<li><code>${coder}</code>: ${codes.join(', ')}</li>`)}</ul></details>`
        : ''
    }
  </li>`;
}

function answersSection(ui: Ui, view: CodingView): Html {
  const { t } = ui;
  const questions = view.questions ?? [];
  const base = codingPath(view.projectId, view.roundId);
  const tabs = questions.map(
    (q) =>
      html`<li><a href="${base}?question=${encodeURIComponent(q.questionId)}#answers"${view.selected === q.questionId ? html` aria-current="true"` : ''}>${q.text}</a></li>`,
  );
  let body: Html | '' = '';
  if (view.sheet && 'tooFew' in view.sheet) body = html`<p class="notice-muted" data-testid="too-few">${t('codingTooFew', { k: view.sheet.tooFew })}</p>`;
  else if (view.sheet && view.selected !== null) {
    const selected = view.selected;
    body =
      view.sheet.answers.length === 0
        ? html`<p>${t('codingNoAnswers')}</p>`
        : html`<ol class="voice-list">${view.sheet.answers.map((a) => answerItem(ui, view, selected, a))}</ol>`;
  }
  return html`<section class="card" aria-labelledby="answers"><h2 id="answers">${t('codingAnswersTitle')}</h2>
    ${questions.length === 0 ? html`<p>${t('codingNoQuestions')}</p>` : html`<p>${t('codingChooseQuestion')}</p><ul class="tabs">${tabs}</ul>`}
    ${body}</section>`;
}

export function codingPage(ui: Ui, view: CodingView): PageSpec {
  const { t } = ui;
  const back =
    view.role === 'interpreter'
      ? ''
      : html`<p><a href="${DASHBOARD}/projects/${encodeURIComponent(view.projectId)}">← ${view.projectName ?? view.projectId}</a></p>`;
  const main = html`${back}${notice(view.notice)}
    <p class="lead">${t('codingIntro')}</p>
    ${view.counts ? countsSection(ui, view, view.counts) : ''}
    ${view.questions ? answersSection(ui, view) : ''}
    ${view.agreement ? agreementSection(ui, view, view.agreement.data, view.agreement.scope) : ''}
    ${view.role !== 'coordinator' ? codebookSection(ui, view) : ''}`;
  return { title: t('codingTitle', { round: view.roundLabel }), main, section: view.role === 'interpreter' ? 'voice' : 'projects' };
}
