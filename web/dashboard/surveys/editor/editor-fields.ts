import { html } from 'hono/html';
import type { Ui } from '../../page/context.js';
import { fieldId, type FormErrors } from '../../page/forms.js';
import { isRtl, languageName } from '../../page/language-names.js';
import { attr, type Html } from '../../page/markup.js';
import type { EditorState, Texts } from './editor-state.js';
import { actionId, textName } from './field-names.js';
import { uiLanguageName } from './review-states.js';

/** What every part of the editor's form is drawn with. */
export interface EditorCtx {
  ui: Ui;
  state: EditorState;
  errors: FormErrors;
  /** The id of the control the page focuses when it loads (after an action), or null. */
  focus: string | null;
}

export const autofocus = (ctx: EditorCtx, id: string): Html => attr('autofocus', ctx.focus === id);

/** The API's messages for one control, tied to it by `${id}-error`. */
export function errorLine(ctx: EditorCtx, name: string): Html | '' {
  const issues = ctx.errors.for(name);
  if (!issues.length) return '';
  return html`<p class="field-error" id="${fieldId(name)}-error" data-testid="field-error" data-field="${name}">${issues.map(
    (i, n) => html`${n ? html`<br>` : ''}${i.field !== name ? html`<code>${i.field}</code>: ` : ''}<span lang="${ctx.errors.messageLang}">${i.message}</span>`,
  )}</p>`;
}

function described(ctx: EditorCtx, name: string, extra: string[] = []): Html {
  const ids = [...extra, ...(ctx.errors.for(name).length ? [`${fieldId(name)}-error`] : [])];
  return html`${attr('aria-describedby', ids.join(' ') || null)}${attr('aria-invalid', ctx.errors.for(name).length > 0 && 'true')}`;
}

/** One language's text: labelled with the language's own name, written in its direction, marked when missing. */
function languageText(ctx: EditorCtx, base: string, lng: string, value: string, rows: number): Html {
  const name = textName(base, lng);
  const id = fieldId(name);
  const missing = value.trim() === '';
  const missingNote = missing
    ? html`<p class="missing-text" id="${id}-missing" data-testid="missing-text" data-language="${lng}">${ctx.ui.t('editorMissingIn', { language: uiLanguageName(ctx.ui, lng) })}</p>`
    : '';
  const dir = isRtl(lng) ? 'rtl' : 'ltr';
  return html`<div class="lang-field${missing ? ' is-missing' : ''}">
    <label for="${id}"><span lang="${lng}" dir="${dir}">${languageName(lng)}</span> <span class="muted">(${lng})</span></label>
    ${missingNote}${errorLine(ctx, name)}
    <textarea id="${id}" name="${name}" rows="${rows}" class="prose" lang="${lng}" dir="${dir}"${described(ctx, name, missing ? [`${id}-missing`] : [])}${autofocus(ctx, id)}>${value}</textarea>
  </div>`;
}

/** A text in every language of the survey, side by side (one column each, stacked on a phone). */
export function textGrid(ctx: EditorCtx, base: string, legend: string, texts: Texts, rows = 2, hint?: string): Html {
  return html`<fieldset class="texts" data-testid="texts" data-field="${base}">
    <legend>${legend}</legend>
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
    <div class="lang-grid">${ctx.state.languages.map((lng) => languageText(ctx, base, lng, texts[lng] ?? '', rows))}</div>
  </fieldset>`;
}

/** A one-line input (an id, a number) with its label, hint and errors. */
export function smallInput(ctx: EditorCtx, spec: { name: string; label: string; value: string; hint?: string; number?: boolean }): Html {
  const id = fieldId(spec.name);
  const hint = spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : '';
  const type = spec.number ? html` type="number" step="1" inputmode="numeric"` : html` type="text" spellcheck="false" autocomplete="off"`;
  return html`<div class="field">
    <label for="${id}">${spec.label}</label>${hint}${errorLine(ctx, spec.name)}
    <input${type} id="${id}" name="${spec.name}" value="${spec.value}"${described(ctx, spec.name, spec.hint ? [`${id}-hint`] : [])}${autofocus(ctx, id)}>
  </div>`;
}

export function checkbox(ctx: EditorCtx, spec: { name: string; label: string; checked: boolean; hint?: string }): Html {
  const id = fieldId(spec.name);
  return html`<div class="field check">
    ${errorLine(ctx, spec.name)}
    <label><input type="checkbox" id="${id}" name="${spec.name}" value="true"${attr('checked', spec.checked)}${described(ctx, spec.name)}${autofocus(ctx, id)}> ${spec.label}</label>
    ${spec.hint ? html`<p class="hint">${spec.hint}</p>` : ''}
  </div>`;
}

export function selectInput(ctx: EditorCtx, spec: { name: string; label: string; value: string; options: Array<{ value: string; label: string }> }): Html {
  const id = fieldId(spec.name);
  // A value the list does not offer (an id since renamed) stays selectable: nothing typed is lost.
  const options = spec.options.some((o) => o.value === spec.value) ? spec.options : [...spec.options, { value: spec.value, label: spec.value }];
  return html`<div class="field">
    <label for="${id}">${spec.label}</label>${errorLine(ctx, spec.name)}
    <select id="${id}" name="${spec.name}"${described(ctx, spec.name)}${autofocus(ctx, id)}>${options.map(
      (o) => html`<option value="${o.value}"${attr('selected', o.value === spec.value)}>${o.label}</option>`,
    )}</select>
  </div>`;
}

/** A submit button that names an action; `context` (hidden from sight) makes its name unique for screen readers. */
export function actionButton(ctx: EditorCtx, action: string, label: string, opts: { context?: string; className?: string } = {}): Html {
  const id = actionId(action);
  return html`<button type="submit" name="action" value="${action}" id="${id}" class="${opts.className ?? 'secondary'}" data-testid="action" data-action="${action}"${autofocus(ctx, id)}>${label}${
    opts.context ? html`<span class="vh"> ${opts.context}</span>` : ''
  }</button>`;
}
