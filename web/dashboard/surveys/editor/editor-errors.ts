import { html } from 'hono/html';
import type { Problem } from '../../api/api-shapes.js';
import type { Ui } from '../../page/context.js';
import { fieldId, FormErrors } from '../../page/forms.js';
import type { Html } from '../../page/markup.js';
import type { EditorState, QuestionDraft } from './editor-state.js';
import { cornerName, optionName, q as qName, qField, ruleField, ruleName, textName } from './field-names.js';
import { uiLanguageName } from './review-states.js';

/**
 * Where the API's issues go: each field path (`questions[2].text.ar`) to the control of that name, with a
 * label for the summary ("Question 3 · Text · Arabic"). A rule's condition has one key per operator in
 * the definition and two controls here: its keys go to the value, the rule as a whole to the operator.
 * What no control claims (a whole question, the list of questions) goes to the question or the list;
 * anything else is listed in the summary only.
 */

interface Controls {
  names: string[];
  labels: Record<string, string>;
  aliases: Record<string, string[]>;
}

function questionControls(ui: Ui, state: EditorState, i: number, q: QuestionDraft, out: Controls): void {
  const { t } = ui;
  const head = t('editorQuestionShort', { number: i + 1 });
  const add = (name: string, label: string, aliases: string[] = []) => {
    out.names.push(name);
    out.labels[name] = `${head} · ${label}`;
    if (aliases.length) out.aliases[name] = aliases;
  };
  const texts = (base: string, label: string) => {
    for (const lng of state.languages) add(textName(base, lng), `${label} · ${uiLanguageName(ui, lng)}`);
  };
  add(qField(i, 'id'), t('editorQuestionId'));
  add(qField(i, 'optional'), t('editorOptional'));
  add(qField(i, 'hearBack'), t('editorHearBack'));
  texts(qField(i, 'text'), t('editorQuestionText'));
  q.options.forEach((_, j) => {
    add(`${optionName(i, j)}.value`, `${t('editorOption', { number: j + 1 })} · ${t('editorOptionValue')}`);
    texts(`${optionName(i, j)}.label`, t('editorOption', { number: j + 1 }));
  });
  texts(qField(i, 'probe.text'), t('editorProbe'));
  add(qField(i, 'probe.when'), t('editorProbeWhen'));
  add(qField(i, 'maxLength'), t('editorMaxLength'));
  add(qField(i, 'min'), t('editorMin'));
  add(qField(i, 'max'), t('editorMax'));
  texts(qField(i, 'left'), t('editorLeft'));
  texts(qField(i, 'right'), t('editorRight'));
  for (let k = 0; k < 3; k++) texts(cornerName(i, k), t('editorCorner', { number: k + 1 }));
  q.next.forEach((_, r) => {
    const rule = ruleName(i, r);
    const label = t('editorRule', { number: r + 1 });
    add(ruleField(i, r, 'if.question'), `${label} · ${t('editorRuleIf')}`);
    add(
      ruleField(i, r, 'value'),
      `${label} · ${t('editorRuleValue')}`,
      ['equals', 'in', 'lessThan', 'greaterThan', 'answered'].map((k) => `${rule}.if.${k}`),
    );
    add(ruleField(i, r, 'goto'), `${label} · ${t('editorRuleGoto')}`);
    add(ruleField(i, r, 'op'), `${label} · ${t('editorRuleOp')}`, [`${rule}.if`, rule]);
  });
  // Last: whatever else is about this question (too few options, a bad kind).
  add(qName(i), kindLabel(ui, q));
}

const kindLabel = (ui: Ui, q: QuestionDraft): string => ui.t.lookup('editorKinds', q.kind) ?? q.kind;

export function editorControls(ui: Ui, state: EditorState): Controls {
  const { t } = ui;
  const out: Controls = { names: [], labels: {}, aliases: {} };
  for (const lng of state.languages) {
    out.names.push(textName('title', lng));
    out.labels[textName('title', lng)] = `${t('editorSurveyTitle')} · ${uiLanguageName(ui, lng)}`;
  }
  for (const lng of Object.keys(state.about)) {
    out.names.push(textName('about', lng));
    out.labels[textName('about', lng)] = `${t('editorAbout')} · ${lng}`;
  }
  out.names.push('maxReprompts', 'languages', 'title');
  Object.assign(out.labels, { maxReprompts: t('editorMaxReprompts'), languages: t('editorLanguages'), title: t('editorSurveyTitle') });
  state.questions.forEach((q, i) => questionControls(ui, state, i, q, out));
  out.names.push('questions');
  out.labels.questions = t('editorQuestions');
  return out;
}

/** The API's problem sorted to the editor's controls. */
export function editorErrors(ui: Ui, state: EditorState, problem: Problem | null): { errors: FormErrors; labels: Record<string, string> } {
  const controls = editorControls(ui, state);
  return { errors: new FormErrors(problem, controls.names, controls.aliases), labels: controls.labels };
}

/**
 * "There is a problem": every issue linked to its control, focused when the page loads (the keyboard
 * starts there after a failed save; `autofocus` needs no script).
 */
export function editorSummary(ui: Ui, errors: FormErrors, labels: Record<string, string>): Html | '' {
  const { problem } = errors;
  if (!problem) return '';
  const items = errors.issues.map((i) => {
    const label = i.control ? (labels[i.control] ?? i.field) : i.field;
    const text = html`${label}: <span lang="${errors.messageLang}">${i.message}</span>`;
    return i.control ? html`<li><a href="#${fieldId(i.control)}">${text}</a></li>` : html`<li>${text} <code>${i.field}</code></li>`;
  });
  return html`<div class="alert" role="alert" data-testid="error-summary" id="error-summary" tabindex="-1" autofocus>
    <h2>${ui.t('errorSummary')}</h2>
    ${items.length ? html`<ul>${items}</ul>` : html`<p lang="en">${problem.title}: ${problem.detail ?? ''}</p>`}
  </div>`;
}
