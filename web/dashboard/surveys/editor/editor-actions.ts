import type { QuestionKind } from '../../../../flows/definition.js';
import { blankQuestion, KINDS, type EditorState, type QuestionDraft } from './editor-state.js';
import { fieldId } from '../../page/forms.js';
import { actionId, optionName, qField, ruleField, textName } from './field-names.js';
import { MAX_OPTIONS, MAX_QUESTIONS, MAX_RULES } from './editor-form.js';

/**
 * What the editor's buttons do to its state, without saving: each is a submit button `name="action"`
 * (`add:statement`, `move-up:3`, `remove-option:3:1`…), so the editor works without JavaScript and
 * nothing typed is lost between two actions. Pure: the state in, the state out, and the id of the
 * control the keyboard should be on when the page comes back (the moved question's button, a new field).
 */

export type Action =
  | { kind: 'save' }
  | { kind: 'add'; question: QuestionKind }
  | { kind: 'move-up' | 'move-down' | 'duplicate' | 'delete' | 'add-option' | 'add-rule'; at: number }
  | { kind: 'remove-option' | 'remove-rule'; at: number; item: number }
  | { kind: 'add-language' }
  | { kind: 'remove-language'; language: string };

export type Applied = { ok: true; state: EditorState; focus: string | null } | { ok: false };

const isKind = (v: string): v is QuestionKind => (KINDS as readonly string[]).includes(v);

/** The action a button names, or null for one this page never writes. */
export function parseAction(value: string): Action | null {
  if (value === 'save' || value === 'add-language') return { kind: value };
  let m = /^add:([a-z]+)$/.exec(value);
  if (m?.[1] && isKind(m[1])) return { kind: 'add', question: m[1] };
  m = /^(move-up|move-down|duplicate|delete|add-option|add-rule):(\d{1,3})$/.exec(value);
  if (m?.[1] && m[2]) return { kind: m[1] as 'move-up', at: Number(m[2]) };
  m = /^(remove-option|remove-rule):(\d{1,3}):(\d{1,3})$/.exec(value);
  if (m?.[1] && m[2] && m[3]) return { kind: m[1] as 'remove-option', at: Number(m[2]), item: Number(m[3]) };
  m = /^remove-language:([a-z]{2,3})$/.exec(value);
  if (m?.[1]) return { kind: 'remove-language', language: m[1] };
  return null;
}

/** `base`, or `base_2`, `base_3`… : the first not taken, at most 40 characters (the schema's id). */
function freeId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 36);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

const withQuestions = (state: EditorState, questions: QuestionDraft[]): EditorState => ({ ...state, questions });
const copy = (q: QuestionDraft): QuestionDraft => structuredClone(q);

/** The state after one action; `newLanguage` is the language chosen beside the "add language" button. */
export function applyAction(state: EditorState, action: Action, newLanguage = ''): Applied {
  const qs = state.questions;
  const ids = new Set(qs.map((x) => x.id));
  const at = 'at' in action ? action.at : -1;
  const target = qs[at];
  const main = state.languages[0] ?? '';
  switch (action.kind) {
    case 'save':
      return { ok: true, state, focus: null };
    case 'add': {
      if (qs.length >= MAX_QUESTIONS) return { ok: false };
      const added = blankQuestion(action.question, freeId(action.question, ids));
      return { ok: true, state: withQuestions(state, [...qs, added]), focus: fieldId(textName(qField(qs.length, 'text'), main)) };
    }
    case 'add-language': {
      if (!/^[a-z]{2,3}$/.test(newLanguage) || state.languages.includes(newLanguage)) return { ok: false };
      return { ok: true, state: { ...state, languages: [...state.languages, newLanguage] }, focus: fieldId(textName('title', newLanguage)) };
    }
    case 'remove-language': {
      if (!state.languages.includes(action.language) || state.languages.length < 2) return { ok: false };
      return { ok: true, state: { ...state, languages: state.languages.filter((l) => l !== action.language) }, focus: fieldId('newLanguage') };
    }
  }
  if (!target) return { ok: false };
  switch (action.kind) {
    case 'move-up':
    case 'move-down': {
      const to = action.kind === 'move-up' ? at - 1 : at + 1;
      const other = qs[to];
      if (!other) return { ok: false };
      const next = [...qs];
      next[to] = target;
      next[at] = other;
      // The keyboard stays on the moved question: on the same button, or the other one at the list's end.
      const edge = to === 0 || to === qs.length - 1;
      const same = action.kind;
      const focus = edge ? (same === 'move-up' ? `move-down:${to}` : `move-up:${to}`) : `${same}:${to}`;
      return { ok: true, state: withQuestions(state, next), focus: actionId(focus) };
    }
    case 'duplicate': {
      if (qs.length >= MAX_QUESTIONS) return { ok: false };
      const twin = { ...copy(target), id: freeId(`${target.id}_copy`, ids) };
      return { ok: true, state: withQuestions(state, [...qs.slice(0, at + 1), twin, ...qs.slice(at + 1)]), focus: fieldId(qField(at + 1, 'id')) };
    }
    case 'delete': {
      const next = qs.filter((_, i) => i !== at);
      const focusAt = Math.min(at, next.length - 1);
      return { ok: true, state: withQuestions(state, next), focus: focusAt >= 0 ? actionId(`delete:${focusAt}`) : actionId('add:statement') };
    }
    case 'add-option': {
      if (target.kind !== 'choice' || target.options.length >= MAX_OPTIONS) return { ok: false };
      const value = freeId(`option_${target.options.length + 1}`, new Set(target.options.map((o) => o.value)));
      const changed = { ...target, options: [...target.options, { value, label: {} }] };
      return { ok: true, state: withQuestions(state, qs.with(at, changed)), focus: fieldId(`${optionName(at, target.options.length)}.value`) };
    }
    case 'remove-option': {
      if (target.kind !== 'choice' || !target.options[action.item]) return { ok: false };
      const changed = { ...target, options: target.options.filter((_, j) => j !== action.item) };
      return { ok: true, state: withQuestions(state, qs.with(at, changed)), focus: actionId(`add-option:${at}`) };
    }
    case 'add-rule': {
      if (target.next.length >= MAX_RULES) return { ok: false };
      const changed = { ...target, next: [...target.next, { question: target.id, op: 'equals' as const, value: '', goto: 'end' }] };
      return { ok: true, state: withQuestions(state, qs.with(at, changed)), focus: fieldId(ruleField(at, target.next.length, 'if.question')) };
    }
    case 'remove-rule': {
      if (!target.next[action.item]) return { ok: false };
      const changed = { ...target, next: target.next.filter((_, r) => r !== action.item) };
      return { ok: true, state: withQuestions(state, qs.with(at, changed)), focus: actionId(`add-rule:${at}`) };
    }
  }
}
