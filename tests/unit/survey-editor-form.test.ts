import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition, SurveyDefinition } from '../../flows/definition.js';
import { FormErrors } from '../../web/dashboard/page/forms.js';
import { applyAction, parseAction } from '../../web/dashboard/surveys/editor/editor-actions.js';
import { parseEditorForm } from '../../web/dashboard/surveys/editor/editor-form.js';
import { definitionJson, stateOf, type EditorState } from '../../web/dashboard/surveys/editor/editor-state.js';
import { formFields } from './support/form-fields.js';
import { builtInTemplates } from './support/participant-messages.js';
import { ALL_KINDS, rendered, ui, view } from './support/survey-editor-fixture.js';

/**
 * The survey editor's form and its definition (web/dashboard/surveys/editor): every kind of question goes
 * through the rendered form's fields (as a browser posts them) and comes back unchanged; the buttons
 * reorder, duplicate and delete without losing a typed text, and refuse what the page never offers
 * (survey-editor-attacks.test.ts: tampered forms and where the API's errors land).
 */

/** The definition after a trip through the rendered form and back, as the API would parse it. */
async function throughTheForm(def: SurveyDefinition): Promise<SurveyDefinition> {
  const fields = formFields(await rendered(view(stateOf(def))));
  const parsed = parseEditorForm(fields);
  if (!parsed.ok) throw new Error(parsed.reason);
  return SurveyDefinition.parse(definitionJson(parsed.state, def.id, def.version));
}

describe('survey editor: form ↔ definition', () => {
  it('every kind, option, probe, limit and rule goes through the form unchanged', async () => {
    const def = parseSurveyDefinition(ALL_KINDS);
    expect(new Set(def.questions.map((q) => q.kind))).toEqual(new Set(['consent', 'choice', 'scale', 'statement', 'open', 'story', 'number', 'dyad', 'triad']));
    expect(await throughTheForm(def)).toEqual(def);
  });

  it('every built-in template goes through the form unchanged (its review states are the API’s, not the form’s)', async () => {
    for (const template of builtInTemplates()) {
      const { reviews: _reviews, ...rest } = template;
      expect(await throughTheForm(template), template.id).toEqual(rest);
    }
  });

  it('writes each text with its language and direction, and marks a missing one', async () => {
    const def = parseSurveyDefinition(ALL_KINDS);
    const state = stateOf(def);
    state.questions[3]!.text.ar = '';
    const html = await rendered(view(state));
    expect(html).toMatch(/<textarea id="f-questions-3--text-ar" name="questions\[3\]\.text\.ar" rows="3" class="prose" lang="ar" dir="rtl"/);
    expect(html).toMatch(/<textarea id="f-questions-3--text-nl" name="questions\[3\]\.text\.nl" rows="3" class="prose" lang="nl" dir="ltr"/);
    expect(html.match(/data-testid="missing-text" data-language="ar">missing in Arabic</g)).toHaveLength(1);
    expect(html).toContain('aria-describedby="f-questions-3--text-ar-missing"');
    // The header: each language's review state, by role and when.
    expect(html).toContain('Arabic: machine translation, not reviewed (by the developers)');
    expect(html).toMatch(/Dutch: draft, not reviewed \(by staff, [^)]*2026[^)]*\)/);
  });

  it('a text that looks like markup stays text', async () => {
    const state = stateOf(parseSurveyDefinition(ALL_KINDS));
    state.questions[0]!.text.nl = '</textarea><script>alert(1)</script>';
    const html = await rendered(view(state));
    expect(html).not.toContain('<script>alert(1)</script>');
    const back = parseEditorForm(formFields(html));
    expect(back.ok && back.state.questions[0]?.text.nl).toBe('</textarea><script>alert(1)</script>');
  });
});

describe('survey editor: the buttons', () => {
  const state = () => stateOf(parseSurveyDefinition(ALL_KINDS));
  const act = (s: EditorState, value: string, lang = '') => {
    const action = parseAction(value);
    if (!action) throw new Error(`no action ${value}`);
    return applyAction(s, action, lang);
  };
  const ids = (s: EditorState) => s.questions.map((q) => q.id);

  it('moves a question with its texts, rules and options, and keeps the keyboard on it', () => {
    const moved = act(state(), 'move-down:1');
    if (!moved.ok) throw new Error('refused');
    expect(ids(moved.state).slice(0, 3)).toEqual(['consent', 'feel', 'service']);
    expect(moved.state.questions[2]?.options.map((o) => o.label.ar)).toEqual(['السكن', 'المال', 'شيء آخر']);
    expect(moved.focus).toBe('act-move-down-2');
    const up = act(moved.state, 'move-up:1');
    expect(up.ok && up.focus).toBe('act-move-down-0'); // now first: it has no "up"
    const last = act(state(), 'move-down:9');
    expect(last.ok && last.focus).toBe('act-move-up-10'); // now last: no "down"
  });

  it('duplicates a question under a free id, as a copy that does not share its texts', () => {
    const s = state();
    const dup = act(s, 'duplicate:1');
    if (!dup.ok) throw new Error('refused');
    expect(ids(dup.state).slice(1, 3)).toEqual(['service', 'service_copy']);
    dup.state.questions[2]!.options[0]!.label.nl = 'Veranderd';
    expect(dup.state.questions[1]?.options[0]?.label.nl).toBe('Wonen');
    const again = act(dup.state, 'duplicate:1');
    expect(again.ok && ids(again.state)[2]).toBe('service_copy_2');
  });

  it('deletes, adds every kind, adds and removes options, rules and languages', () => {
    let s = state();
    const del = act(s, 'delete:0');
    expect(del.ok && ids(del.state)[0]).toBe('service');
    for (const kind of ['statement', 'triad', 'statement']) {
      const added = act(s, `add:${kind}`);
      if (!added.ok) throw new Error('refused');
      s = added.state;
    }
    expect(ids(s).slice(-3)).toEqual(['statement', 'triad_2', 'statement_2']); // "triad" is taken
    const opt = act(s, 'add-option:1');
    expect(opt.ok && opt.state.questions[1]?.options.map((o) => o.value)).toEqual(['housing', 'money', 'other', 'option_4']);
    const noOpt = act(s, 'remove-option:1:1');
    expect(noOpt.ok && noOpt.state.questions[1]?.options.map((o) => o.value)).toEqual(['housing', 'other']);
    const rule = act(s, 'add-rule:2');
    expect(rule.ok && rule.state.questions[2]?.next).toEqual([
      { question: 'feel', op: 'lessThan', value: '3', goto: 'end' },
      { question: 'feel', op: 'equals', value: '', goto: 'end' },
    ]);
    const lang = act(s, 'add-language', 'ti');
    expect(lang.ok && lang.state.languages).toEqual(['nl', 'ar', 'ti']);
    const fewer = act(s, 'remove-language:ar');
    expect(fewer.ok && fewer.state.languages).toEqual(['nl']);
  });

  it('refuses what the page never offers: unknown actions, indexes out of range, options of a non-choice', () => {
    for (const value of ['drop', 'delete:', 'delete:-1', 'delete:1; rm', 'add:poll', 'move-up:1:2', 'remove-language:AR', ''])
      expect(parseAction(value), value).toBeNull();
    const s = state();
    for (const value of [
      'move-up:0',
      'move-down:10',
      'delete:11',
      'duplicate:999',
      'add-option:0',
      'remove-option:1:7',
      'remove-rule:0:0',
      'remove-language:fr',
    ]) {
      expect(act(s, value).ok, value).toBe(false);
    }
    expect(act(s, 'add-language', 'nl').ok).toBe(false);
    expect(act(s, 'add-language', '"><b>').ok).toBe(false);
    expect(act({ ...s, languages: ['nl'] }, 'remove-language:nl').ok).toBe(false);
  });
});

describe('review states at launch, and the new-survey form', () => {
  it('the launch form shows each offered version’s languages by review state', async () => {
    const { launchForm } = await import('../../web/dashboard/projects/launch-form.js');
    const own = [
      {
        surveyId: 'buurt',
        version: 2,
        title: { nl: 'Buurt' },
        languages: ['nl', 'ar', 'ti'],
        questions: 3,
        reviews: [
          { language: 'nl', state: 'reviewed' as const, by: 'staff' as const },
          { language: 'ar', state: 'machine' as const, by: 'developer' as const },
          { language: 'ti', state: 'machine' as const },
        ],
      },
    ];
    const html = String(
      await launchForm(ui, 'p', { own, templates: [] }, { label: 'start', survey: '', opensAt: '', closesAt: '', reminderAfterHours: '48' }, FormErrors.none()),
    );
    expect(html).toContain(
      'data-survey="buurt@2"><strong>Buurt — buurt v2</strong>: Arabic, Tigrinya: machine translation, not reviewed · Dutch: reviewed (by staff)</li>',
    );
  });

  it('sends the main language first and the titles of the chosen languages only', async () => {
    const { newSurveyDraftOf, newSurveyJson } = await import('../../web/dashboard/surveys/editor/new-survey-form.js');
    const draft = newSurveyDraftOf({
      surveyId: ' buurt ',
      mainLanguage: 'ar',
      languages: ['nl', 'ar', 'ti'],
      'title.nl': 'Buurt',
      'title.ar': 'الحي',
      'title.fr': 'Quartier',
    });
    expect(newSurveyJson(draft)).toEqual({ surveyId: 'buurt', languages: ['ar', 'nl', 'ti'], title: { ar: 'الحي', nl: 'Buurt' } });
  });
});
