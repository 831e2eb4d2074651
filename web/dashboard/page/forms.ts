import { html } from 'hono/html';
import type { FieldError, Problem } from '../api/api-shapes.js';
import { attr, type Html } from './markup.js';

/** The id of a form control, from its field name ("whatsappTemplates.ar" → "f-whatsappTemplates-ar"). */
export const fieldId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const belongsTo = (issue: string, field: string): boolean => issue === field || issue.startsWith(`${field}.`) || issue.startsWith(`${field}[`);

/**
 * The API's field errors (`{field, message}`, fields as paths like `languages[0]` or
 * `whatsappTemplates.ar`) sorted to the form's controls, so each shows next to the right one. Issues no
 * control claims go to `catchAll` when there is one, and are always listed in the summary.
 */
export class FormErrors {
  private readonly assigned = new Map<string, FieldError[]>();
  readonly issues: ReadonlyArray<FieldError & { control: string | null }>;

  constructor(
    readonly problem: Problem | null,
    controls: readonly string[] = [],
    aliases: Record<string, readonly string[]> = {},
    catchAll?: string,
    /** The language of the messages: the API writes English; the dashboard's own messages are in the UI language. */
    readonly messageLang = 'en',
  ) {
    this.issues = (problem?.errors ?? []).map((issue) => {
      const control = controls.find((c) => belongsTo(issue.field, c) || (aliases[c] ?? []).some((a) => belongsTo(issue.field, a))) ?? catchAll ?? null;
      if (control) this.assigned.set(control, [...(this.assigned.get(control) ?? []), issue]);
      return { ...issue, control };
    });
  }

  static none(): FormErrors {
    return new FormErrors(null);
  }

  for(control: string): FieldError[] {
    return this.assigned.get(control) ?? [];
  }
}

/**
 * "There is a problem": every issue, linked to its control; the problem's detail when no field is named.
 * `idOf`: the controls' ids when a page holds several forms with the same field names.
 */
export function errorSummary(heading: string, errors: FormErrors, labels: Record<string, string> = {}, idOf: (control: string) => string = fieldId): Html | '' {
  const { problem } = errors;
  if (!problem) return '';
  const items = errors.issues.map((i) => {
    const label = i.control ? (labels[i.control] ?? i.field) : i.field;
    const path = i.control && i.field !== i.control ? html` <code>${i.field}</code>` : '';
    const text = html`${label}${path}: <span lang="${errors.messageLang}">${i.message}</span>`;
    return i.control ? html`<li><a href="#${idOf(i.control)}">${text}</a></li>` : html`<li>${text}</li>`;
  });
  return html`<div class="alert" role="alert" data-testid="error-summary" tabindex="-1">
    <h2>${heading}</h2>
    ${items.length ? html`<ul>${items}</ul>` : html`<p lang="en">${problem.title}: ${problem.detail ?? ''}</p>`}
  </div>`;
}

/** The messages of one control; a path is shown when the issue is about a part of it (`questions[2].text.ar`). */
function issueList(issues: readonly FieldError[], control: string, lang: string): Html {
  return html`${issues.map((i, n) => html`${n ? html`<br>` : ''}${i.field !== control ? html`<code>${i.field}</code>: ` : ''}<span lang="${lang}">${i.message}</span>`)}`;
}

interface FieldSpec {
  name: string;
  /** The control's id, when `fieldId(name)` is not unique on the page (several forms alike). */
  id?: string | undefined;
  label: string;
  hint?: string | undefined;
  /** Something to act on that is not (yet) an error, e.g. "nobody can read this yet"; shown above the hint. */
  note?: string | undefined;
  errors: FormErrors;
}

/** Label, note, hint and error lines of a control, tied to it with aria-describedby / aria-invalid. */
function field(spec: FieldSpec, control: (a11y: Html) => Html): Html {
  const id = spec.id ?? fieldId(spec.name);
  const issues = spec.errors.for(spec.name);
  const describedBy = [spec.note ? `${id}-note` : '', spec.hint ? `${id}-hint` : '', issues.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const a11y = html`${attr('aria-describedby', describedBy || null)}${attr('aria-invalid', issues.length > 0 && 'true')}`;
  return html`<div class="field${spec.note ? ' field-noted' : ''}">
    <label for="${id}">${spec.label}</label>
    ${spec.note ? html`<p class="field-note" id="${id}-note" data-testid="field-note" data-field="${spec.name}">${spec.note}</p>` : ''}
    ${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
    ${issues.length ? html`<p class="field-error" id="${id}-error" data-testid="field-error" data-field="${spec.name}">${issueList(issues, spec.name, spec.errors.messageLang)}</p>` : ''}
    ${control(a11y)}
  </div>`;
}

export function textInput(spec: FieldSpec & { value: string; type?: string; required?: boolean; extra?: Html }): Html {
  return field(
    spec,
    (a11y) =>
      html`<input type="${spec.type ?? 'text'}" id="${spec.id ?? fieldId(spec.name)}" name="${spec.name}" value="${spec.value}"${attr('required', spec.required)}${a11y}${spec.extra ?? ''}>`,
  );
}

/**
 * A textarea; `prose` for people's words (proportional font, spell-checked, `lang`/`dir` of the text) rather
 * than code. `dir` defaults to "auto" (the text decides); a field for one known language gives its own.
 */
export function textArea(spec: FieldSpec & { value: string; rows: number; prose?: { lang: string | null; dir?: 'ltr' | 'rtl' | 'auto' } }): Html {
  const id = spec.id ?? fieldId(spec.name);
  if (spec.prose) {
    const { lang, dir = 'auto' } = spec.prose;
    return field(
      spec,
      (a11y) =>
        html`<textarea id="${id}" name="${spec.name}" rows="${spec.rows}" class="prose" dir="${dir}"${attr('lang', lang)}${a11y}>${spec.value}</textarea>`,
    );
  }
  return field(spec, (a11y) => html`<textarea id="${id}" name="${spec.name}" rows="${spec.rows}" spellcheck="false"${a11y}>${spec.value}</textarea>`);
}

export function fileInput(spec: FieldSpec & { accept: string; required?: boolean }): Html {
  return field(
    spec,
    (a11y) =>
      html`<input type="file" id="${spec.id ?? fieldId(spec.name)}" name="${spec.name}" accept="${spec.accept}"${attr('required', spec.required)}${a11y}>`,
  );
}

export interface Option {
  value: string;
  label: string;
  lang?: string;
  /** Shown after the label, outside its language and direction (e.g. the code "(ar)"). */
  note?: string;
}

export function select(spec: FieldSpec & { value: string; groups: Array<{ label: string; options: Option[] }>; required?: boolean }): Html {
  const option = (o: Option) => html`<option value="${o.value}"${attr('selected', o.value === spec.value)}>${o.label}</option>`;
  const groups = spec.groups.filter((g) => g.options.length > 0).map((g) => html`<optgroup label="${g.label}">${g.options.map(option)}</optgroup>`);
  return field(
    spec,
    (a11y) => html`<select id="${spec.id ?? fieldId(spec.name)}" name="${spec.name}"${attr('required', spec.required)}${a11y}>${groups}</select>`,
  );
}

/** A group of checkboxes or radios in a fieldset; the legend names it, errors sit under the legend. */
export function choiceGroup(
  spec: FieldSpec & { type: 'checkbox' | 'radio'; options: Array<Option & { dir?: string }>; checked: readonly string[]; className: string },
): Html {
  const id = fieldId(spec.name);
  const issues = spec.errors.for(spec.name);
  const describedBy = [spec.hint ? `${id}-hint` : '', issues.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const boxes = spec.options.map(
    (o, i) =>
      html`<label><input type="${spec.type}" name="${spec.name}" value="${o.value}"${attr('id', i === 0 ? id : null)}${attr('checked', spec.checked.includes(o.value))}>
        <span${attr('lang', o.lang)}${attr('dir', o.dir)}>${o.label}</span>${o.note ? html` <span class="muted">${o.note}</span>` : ''}</label>`,
  );
  return html`<fieldset${attr('aria-describedby', describedBy || null)}${attr('aria-invalid', issues.length > 0 && 'true')}>
    <legend>${spec.label}</legend>
    ${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
    ${issues.length ? html`<p class="field-error" id="${id}-error" data-testid="field-error" data-field="${spec.name}">${issueList(issues, spec.name, spec.errors.messageLang)}</p>` : ''}
    <div class="${spec.className}">${boxes}</div>
  </fieldset>`;
}

/** A form field's text value from a parsed body (hono `parseBody`), or "" when absent or a file. */
export function formText(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** All values of a repeated field (checkboxes). */
export function formTexts(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
