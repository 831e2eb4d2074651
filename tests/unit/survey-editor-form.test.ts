import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition, SurveyDefinition, type SurveyDefinitionInput } from '../../flows/definition.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import { FormErrors } from '../../web/dashboard/page/forms.js';
import { applyAction, parseAction } from '../../web/dashboard/surveys/editor/editor-actions.js';
import { editorErrors } from '../../web/dashboard/surveys/editor/editor-errors.js';
import { parseEditorForm } from '../../web/dashboard/surveys/editor/editor-form.js';
import { editorPage, type EditorView } from '../../web/dashboard/surveys/editor/editor-page.js';
import { definitionJson, stateOf, type EditorState } from '../../web/dashboard/surveys/editor/editor-state.js';
import { formFields } from './support/form-fields.js';
import { builtInTemplates } from './support/participant-messages.js';

/**
 * The survey editor's form and its definition (web/dashboard/surveys/editor): every kind of question goes
 * through the rendered form's fields (as a browser posts them) and comes back unchanged; the buttons
 * reorder, duplicate and delete without losing a typed text; the API's error paths land next to the right
 * control; a form this page did not write (unknown action, an index out of range, a tampered hidden
 * field) changes nothing and is refused.
 */

const ui = uiFor('en', new URL('http://localhost/dashboard/surveys/all_kinds/versions/1/edit'), 'Europe/Brussels');
const nlar = (nl: string, ar: string) => ({ nl, ar });

/** Every kind and every field the editor shows, in Dutch and Arabic. */
const ALL_KINDS: SurveyDefinitionInput = {
  id: 'all_kinds',
  version: 1,
  title: nlar('Alles', 'الكل'),
  about: { en: 'For testing', nl: 'Om te testen' },
  languages: ['nl', 'ar'],
  maxReprompts: 3,
  questions: [
    { id: 'consent', kind: 'consent', text: nlar('Doe je mee?', 'هل تشارك؟') },
    {
      id: 'service',
      kind: 'choice',
      text: nlar('Welke dienst?', 'أي خدمة؟'),
      options: [
        { value: 'housing', label: nlar('Wonen', 'السكن') },
        { value: 'money', label: nlar('Geld', 'المال') },
        { value: 'other', label: nlar('Iets anders', 'شيء آخر') },
      ],
      optional: false,
      next: [
        { if: { question: 'service', equals: 'housing' }, goto: 'feel' },
        { if: { question: 'service', in: ['money', 'other'] }, goto: 'respected' },
      ],
    },
    { id: 'feel', kind: 'scale', text: nlar('Hoe voel je je?', 'كيف تشعر؟'), next: [{ if: { question: 'feel', lessThan: 3 }, goto: 'end' }] },
    {
      id: 'respected',
      kind: 'statement',
      text: nlar('Ik word gerespecteerd.', 'أشعر بالاحترام.'),
      probe: { text: nlar('Waarom?', 'لماذا؟'), when: ['not_true', 'dont_know'] },
      next: [{ if: { question: 'feel', greaterThan: 4 }, goto: 'why' }],
    },
    { id: 'plain', kind: 'statement', text: nlar('Ik heb hulp.', 'لدي مساعدة.'), probe: { text: nlar('Vertel?', 'أخبرنا؟') } },
    {
      id: 'why',
      kind: 'open',
      text: nlar('Wat kan beter?', 'ما الذي يمكن تحسينه؟'),
      maxLength: 280,
      next: [{ if: { question: 'service', answered: false }, goto: 'end' }],
    },
    { id: 'story', kind: 'story', text: nlar('Vertel een verhaal.', 'احك قصة.'), next: [{ if: { question: 'why', answered: true }, goto: 'visits' }] },
    {
      id: 'visits',
      kind: 'number',
      text: nlar('Hoe vaak?', 'كم مرة؟'),
      min: 1,
      max: 20,
      optional: false,
      next: [{ if: { question: 'visits', equals: 2 }, goto: 'pace' }],
    },
    { id: 'pace', kind: 'dyad', text: nlar('Hoe snel?', 'ما مدى السرعة؟'), left: nlar('Te traag', 'بطيء جدا'), right: nlar('Te snel', 'سريع جدا') },
    { id: 'triad', kind: 'triad', text: nlar('Wat hielp?', 'ما الذي ساعد؟'), corners: [nlar('Mensen', 'الناس'), nlar('Geld', 'المال'), nlar('Tijd', 'الوقت')] },
    { id: 'later', kind: 'consent', hearBack: true, optional: true, text: nlar('Later iets horen?', 'هل تريد أن تسمع لاحقا؟') },
  ],
};

const view = (state: EditorState, extra: Partial<EditorView> = {}): EditorView => ({
  surveyId: 'all_kinds',
  version: 1,
  frozen: false,
  savedTitle: { nl: 'Alles' },
  reviews: [
    { language: 'nl', state: 'draft', by: 'staff', at: '2026-12-08T09:00:00.000Z' },
    { language: 'ar', state: 'machine', by: 'developer' },
  ],
  state,
  errors: FormErrors.none(),
  labels: {},
  focus: null,
  ...extra,
});
const rendered = async (v: EditorView): Promise<string> => String(await editorPage(ui, v).main);

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
          { language: 'nl', state: 'reviewed' as const, by: 'staff' },
          { language: 'ar', state: 'machine' as const, by: 'developer' },
          { language: 'ti', state: 'machine' as const },
        ],
      },
    ];
    const html = String(
      await launchForm(ui, 'p', { own, templates: [] }, { label: 'start', survey: '', opensAt: '', closesAt: '', reminderAfterHours: '48' }, FormErrors.none()),
    );
    expect(html).toContain(
      'data-survey="buurt@2"><strong>Buurt — buurt v2</strong>: Arabic, Tigrinya: machine translation, not reviewed · Dutch: reviewed</li>',
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
