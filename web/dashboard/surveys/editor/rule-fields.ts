import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { actionButton, selectInput, smallInput, type EditorCtx } from './editor-fields.js';
import { OPS, type RuleDraft } from './editor-state.js';
import { actionId, qField, ruleField } from './field-names.js';

/**
 * Branching after question i: rules tried in order, the first that holds decides where to go. Questions
 * are offered by id: "if" among this and the earlier ones, "go to" among the later ones and the end (the
 * API refuses loops and names the rule's field).
 */
export function ruleFields(ctx: EditorCtx, i: number): Html {
  const { t } = ctx.ui;
  const q = ctx.state.questions[i];
  if (!q) return html``;
  const ids = ctx.state.questions.map((x) => x.id);
  const earlier = ids.slice(0, i + 1).map((id) => ({ value: id, label: id }));
  const later = [...ids.slice(i + 1).map((id) => ({ value: id, label: id })), { value: 'end', label: t('editorGotoEnd') }];
  const ops = OPS.map((op) => ({ value: op, label: t.lookup('editorOps', op) ?? op }));
  const rule = (r: RuleDraft, n: number) => html`<fieldset class="rule" data-testid="rule">
    <legend>${t('editorRule', { number: n + 1 })}</legend>
    <div class="rule-row">
      ${selectInput(ctx, { name: ruleField(i, n, 'if.question'), label: t('editorRuleIf'), value: r.question, options: earlier })}
      ${selectInput(ctx, { name: ruleField(i, n, 'op'), label: t('editorRuleOp'), value: r.op, options: ops })}
      ${smallInput(ctx, { name: ruleField(i, n, 'value'), label: t('editorRuleValue'), value: r.value })}
      ${selectInput(ctx, { name: ruleField(i, n, 'goto'), label: t('editorRuleGoto'), value: r.goto, options: later })}
    </div>
    ${actionButton(ctx, `remove-rule:${i}:${n}`, t('editorRemoveRule'), { context: t('editorOfQuestion', { number: i + 1 }), className: 'danger' })}
  </fieldset>`;
  const open = q.next.length > 0 || ctx.focus === actionId(`add-rule:${i}`);
  return html`<details class="rules"${open ? html` open` : ''} data-field="${qField(i, 'next')}">
    <summary>${t('editorRules', { count: q.next.length })}</summary>
    <p class="hint">${t('editorRulesHint')}</p>
    ${q.next.map(rule)}
    ${actionButton(ctx, `add-rule:${i}`, t('editorAddRule'), { context: t('editorOfQuestion', { number: i + 1 }) })}
  </details>`;
}
