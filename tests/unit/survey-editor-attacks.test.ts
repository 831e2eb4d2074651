import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition, SurveyDefinition } from '../../flows/definition.js';
import { editorErrors } from '../../web/dashboard/surveys/editor/editor-errors.js';
import { parseEditorForm } from '../../web/dashboard/surveys/editor/editor-form.js';
import { definitionJson, stateOf } from '../../web/dashboard/surveys/editor/editor-state.js';
import { formFields } from './support/form-fields.js';
import { ALL_KINDS, rendered, ui, view } from './support/survey-editor-fixture.js';

/**
 * The survey editor against a form it did not write (a tampered hidden field, a gap between questions,
 * thousands of questions) and the API's answers: every error path lands next to its control, in a summary
 * that links to them and takes the focus; a frozen version is read only.
 */

describe('survey editor: a form it did not write', () => {
  const fields = async () => formFields(await rendered(view(stateOf(parseSurveyDefinition(ALL_KINDS)))));

  it('refuses a tampered kind, operator, language, probe answer, or a gap between questions', async () => {
    const tampered: Array<[string, (f: Record<string, string | string[]>) => void]> = [
      ['kind', (f) => (f['questions[2].kind'] = 'poll')],
      ['op', (f) => (f['questions[1].next[0].op'] = 'matches')],
      ['language', (f) => (f.languages = ['nl', 'AR'])],
      ['same language twice', (f) => (f.languages = ['nl', 'nl'])],
      ['no language', (f) => delete f.languages],
      ['probe answer', (f) => (f['questions[3].probe.when'] = ['true', 'maybe'])],
      ['gap', (f) => (f['questions[12].kind'] = 'open')],
    ];
    for (const [what, change] of tampered) {
      const f = await fields();
      change(f);
      expect(parseEditorForm(f).ok, what).toBe(false);
    }
  });

  it('reads no more than it bounds: thousands of questions or options are refused, not parsed', () => {
    const many: Record<string, string> = { languages: 'nl' };
    for (let i = 0; i < 5000; i++) many[`questions[${i}].kind`] = 'open';
    expect(parseEditorForm(many)).toEqual({ ok: false, reason: 'too many questions' });
    const options: Record<string, string> = { languages: 'nl', 'questions[0].kind': 'choice' };
    for (let j = 0; j < 50; j++) options[`questions[0].options[${j}].value`] = `o${j}`;
    expect(parseEditorForm(options).ok).toBe(false);
  });

  it('takes texts and numbers as typed, so the API names what is wrong', async () => {
    const f = await fields();
    f['questions[7].min'] = 'ten';
    f['questions[5].maxLength'] = '';
    const parsed = parseEditorForm(f);
    if (!parsed.ok) throw new Error(parsed.reason);
    const json = definitionJson(parsed.state, 'all_kinds', 1) as { questions: Array<Record<string, unknown>> };
    expect(json.questions[7]?.min).toBe('ten');
    expect(json.questions[5]).not.toHaveProperty('maxLength');
    const result = SurveyDefinition.safeParse(json);
    expect(result.success).toBe(false);
  });
});

describe('survey editor: the API’s errors next to their controls', () => {
  it('sorts each path to its control, lists all in a summary that links to them, and focuses it', async () => {
    const state = stateOf(parseSurveyDefinition(ALL_KINDS));
    const problem = {
      type: 'about:blank',
      title: 'Bad request',
      status: 400,
      errors: [
        { field: 'questions[3].text.ar', message: 'missing text in "ar"' },
        { field: 'questions[1].next[0].if', message: 'give exactly one of equals, in, lessThan, greaterThan, answered' },
        { field: 'questions[2].next[0].if.lessThan', message: 'expected number' },
        { field: 'questions[1].options', message: 'too small' },
        { field: 'questions[7].min', message: 'min must not be above max' },
        { field: 'questions', message: 'a consent question must come first' },
        { field: 'title.ar', message: 'missing text in "ar"' },
        { field: '(body)', message: 'odd' },
      ],
    };
    const { errors, labels } = editorErrors(ui, state, problem);
    expect(errors.issues.map((i) => i.control)).toEqual([
      'questions[3].text.ar',
      'questions[1].next[0].op',
      'questions[2].next[0].value',
      'questions[1]',
      'questions[7].min',
      'questions',
      'title.ar',
      null,
    ]);
    const html = await rendered(view(state, { errors, labels }));
    expect(html).toContain('<div class="alert" role="alert" data-testid="error-summary" id="error-summary" tabindex="-1" autofocus>');
    expect(html).toContain('href="#f-questions-3--text-ar">Question 4 · Question · Arabic');
    for (const id of [
      'f-questions-3--text-ar',
      'f-questions-1--next-0--op',
      'f-questions-2--next-0--value',
      'f-questions-1-',
      'f-questions-7--min',
      'f-questions',
      'f-title-ar',
    ]) {
      expect(html, id).toContain(`id="${id}"`);
      expect(html, id).toContain(`href="#${id}"`);
    }
    expect(html).toMatch(/id="f-questions-3--text-ar-error" data-testid="field-error" data-field="questions\[3\]\.text\.ar"/);
    expect(html).toMatch(/aria-describedby="f-questions-7--min-error" aria-invalid="true"/);
  });

  it('focuses the control an action leaves the keyboard on', async () => {
    const state = stateOf(parseSurveyDefinition(ALL_KINDS));
    const html = await rendered(view(state, { focus: 'act-move-down-2' }));
    expect(html.match(/autofocus/g)).toHaveLength(1);
    expect(html).toMatch(/id="act-move-down-2"[^>]*autofocus/);
  });

  it('shows a frozen version read only, with the way to a new draft', async () => {
    const html = await rendered(view(stateOf(parseSurveyDefinition(ALL_KINDS)), { frozen: true }));
    expect(html).toContain('<fieldset disabled class="frozen-form">');
    expect(html).toContain('data-testid="new-draft"');
    expect(html).not.toContain('method="post" action="/dashboard/surveys/all_kinds/versions/1/edit"');
  });
});
