import { html } from 'hono/html';
import { fieldId } from '../../page/forms.js';
import { attr, type Html } from '../../page/markup.js';
import { actionButton, autofocus, checkbox, errorLine, smallInput, textGrid, type EditorCtx } from './editor-fields.js';
import { PROBE_WHEN, type QuestionDraft } from './editor-state.js';
import { cornerName, optionName, q as qName, qField } from './field-names.js';
import { ruleFields } from './rule-fields.js';

/** The fields of one question by its kind; every kind's texts in all the survey's languages. */

function choiceOptions(ctx: EditorCtx, i: number, q: QuestionDraft): Html {
  const { t } = ctx.ui;
  const option = (o: QuestionDraft['options'][number], j: number) => html`<fieldset class="option" data-testid="option">
    <legend>${t('editorOption', { number: j + 1 })}</legend>
    ${smallInput(ctx, { name: `${optionName(i, j)}.value`, label: t('editorOptionValue'), value: o.value, hint: t('editorOptionValueHint') })}
    ${textGrid(ctx, `${optionName(i, j)}.label`, t('editorOptionLabel'), o.label, 1)}
    ${actionButton(ctx, `remove-option:${i}:${j}`, t('editorRemoveOption'), { context: t('editorOptionOf', { option: j + 1, number: i + 1 }), className: 'danger' })}
  </fieldset>`;
  return html`${q.options.map(option)}${q.options.length < 10 ? actionButton(ctx, `add-option:${i}`, t('editorAddOption'), { context: t('editorOfQuestion', { number: i + 1 }) }) : ''}`;
}

function probeFields(ctx: EditorCtx, i: number, q: QuestionDraft): Html {
  const { t } = ctx.ui;
  const name = qField(i, 'probe.when');
  const id = fieldId(name);
  const boxes = PROBE_WHEN.map(
    (w, n) =>
      html`<label><input type="checkbox" name="${name}" value="${w}"${attr('id', n === 0 ? id : null)}${attr('checked', q.probeWhen.includes(w))}${n === 0 ? autofocus(ctx, id) : ''}> ${t.lookup('editorAnswers', w) ?? w}</label>`,
  );
  return html`${textGrid(ctx, qField(i, 'probe.text'), t('editorProbe'), q.probe, 2, t('editorProbeHint'))}
    <fieldset class="when"${attr('aria-invalid', ctx.errors.for(name).length > 0 && 'true')}>
      <legend>${t('editorProbeWhen')}</legend>
      <p class="hint">${t('editorProbeWhenHint')}</p>
      ${errorLine(ctx, name)}
      <div class="choices">${boxes}</div>
    </fieldset>`;
}

function kindFields(ctx: EditorCtx, i: number, q: QuestionDraft): Html | '' {
  const { t } = ctx.ui;
  switch (q.kind) {
    case 'choice':
      return choiceOptions(ctx, i, q);
    case 'scale':
      return html`<p class="hint">${t('editorScaleHint')}</p>`;
    case 'statement':
      return probeFields(ctx, i, q);
    case 'open':
    case 'story':
      return smallInput(ctx, { name: qField(i, 'maxLength'), label: t('editorMaxLength'), value: q.maxLength, hint: t('editorMaxLengthHint'), number: true });
    case 'number':
      return html`<div class="pair">
        ${smallInput(ctx, { name: qField(i, 'min'), label: t('editorMin'), value: q.min, number: true })}
        ${smallInput(ctx, { name: qField(i, 'max'), label: t('editorMax'), value: q.max, number: true })}
      </div>`;
    case 'dyad':
      return html`${textGrid(ctx, qField(i, 'left'), t('editorLeft'), q.left, 1)}${textGrid(ctx, qField(i, 'right'), t('editorRight'), q.right, 1)}`;
    case 'triad':
      return html`${q.corners.map((c, k) => textGrid(ctx, cornerName(i, k), t('editorCorner', { number: k + 1 }), c, 1))}`;
    default:
      return '';
  }
}

/** One question: its id, whether it may be skipped, its texts, its kind's fields, its rules, and the buttons that move it. */
export function questionFields(ctx: EditorCtx, i: number): Html {
  const { t } = ctx.ui;
  const q = ctx.state.questions[i];
  if (!q) return html``;
  const last = ctx.state.questions.length - 1;
  const kindName = t.lookup('editorKinds', q.kind) ?? q.kind;
  const of = t('editorOfQuestion', { number: i + 1 });
  const flags =
    q.kind === 'consent'
      ? checkbox(ctx, { name: qField(i, 'hearBack'), label: t('editorHearBack'), checked: q.hearBack, hint: t('editorHearBackHint') })
      : checkbox(ctx, { name: qField(i, 'optional'), label: t('editorOptional'), checked: q.optional });
  return html`<li class="question" data-testid="question" data-question-id="${q.id}" data-kind="${q.kind}">
    <fieldset id="${fieldId(qName(i))}">
      <legend>${t('editorQuestion', { number: i + 1, kind: kindName })}</legend>
      ${errorLine(ctx, qName(i))}
      <input type="hidden" name="${qField(i, 'kind')}" value="${q.kind}">
      <div class="q-head">
        ${smallInput(ctx, { name: qField(i, 'id'), label: t('editorQuestionId'), value: q.id, hint: t('editorQuestionIdHint') })}
        ${flags}
      </div>
      ${textGrid(ctx, qField(i, 'text'), t('editorQuestionText'), q.text, 3)}
      ${kindFields(ctx, i, q)}
      ${ruleFields(ctx, i)}
      <div class="q-actions">
        ${i > 0 ? actionButton(ctx, `move-up:${i}`, t('editorMoveUp'), { context: of }) : ''}
        ${i < last ? actionButton(ctx, `move-down:${i}`, t('editorMoveDown'), { context: of }) : ''}
        ${actionButton(ctx, `duplicate:${i}`, t('editorDuplicate'), { context: of })}
        ${actionButton(ctx, `delete:${i}`, t('editorDelete'), { context: of, className: 'danger' })}
      </div>
    </fieldset>
  </li>`;
}
