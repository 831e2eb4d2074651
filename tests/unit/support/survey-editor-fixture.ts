import { type SurveyDefinitionInput } from '../../../flows/definition.js';
import { uiFor } from '../../../web/dashboard/page/context.js';
import { FormErrors } from '../../../web/dashboard/page/forms.js';
import { editorPage, type EditorView } from '../../../web/dashboard/surveys/editor/editor-page.js';
import type { EditorState } from '../../../web/dashboard/surveys/editor/editor-state.js';

/** The survey editor's unit tests share this: a survey with every kind of question, and the editor page around a state. */

export const ui = uiFor('en', new URL('http://localhost/dashboard/surveys/all_kinds/versions/1/edit'), 'Europe/Brussels');
const nlar = (nl: string, ar: string) => ({ nl, ar });

/** Every kind and every field the editor shows, in Dutch and Arabic. */
export const ALL_KINDS: SurveyDefinitionInput = {
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

export const view = (state: EditorState, extra: Partial<EditorView> = {}): EditorView => ({
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
export const rendered = async (v: EditorView): Promise<string> => String(await editorPage(ui, v).main);
