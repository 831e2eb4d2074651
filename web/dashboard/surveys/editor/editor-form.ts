import type { QuestionKind } from '../../../../flows/definition.js';
import { formText, formTexts } from '../../page/forms.js';
import { blankQuestion, KINDS, OPS, PROBE_WHEN, type EditorState, type Op, type QuestionDraft, type RuleDraft, type Texts } from './editor-state.js';
import { cornerName, optionName, qField, ruleField, textName } from './field-names.js';

/**
 * The editor's posted form back into its state. Texts and numbers are taken as typed (the API judges
 * them); what only the page writes (languages, kinds, operators, the counts implied by the fields) must be
 * one of the known values, or the form is refused as damaged: nothing is guessed from a tampered field.
 */

/** Bounds against a form that claims thousands of questions; the schema allows at most 10 options. */
export const MAX_QUESTIONS = 200;
export const MAX_OPTIONS = 10;
export const MAX_RULES = 20;
const LANGUAGE = /^[a-z]{2,3}$/;

export type Posted = Record<string, unknown>;
export type ParsedForm = { ok: true; state: EditorState } | { ok: false; reason: string };

const has = (form: Posted, name: string): boolean => typeof form[name] === 'string' || (Array.isArray(form[name]) && form[name].length > 0);
const isKind = (v: string): v is QuestionKind => (KINDS as readonly string[]).includes(v);
const isOp = (v: string): v is Op => (OPS as readonly string[]).includes(v);

function textsOf(form: Posted, base: string, languages: readonly string[]): Texts {
  return Object.fromEntries(languages.map((lng) => [lng, formText(form, textName(base, lng))]));
}

function questionOf(form: Posted, i: number, languages: readonly string[]): QuestionDraft | string {
  const kind = formText(form, qField(i, 'kind'));
  if (!isKind(kind)) return `question ${i + 1}: unknown kind`;
  const d = blankQuestion(kind, formText(form, qField(i, 'id')));
  const options = [];
  for (let j = 0; has(form, `${optionName(i, j)}.value`); j++) {
    if (j >= MAX_OPTIONS) return `question ${i + 1}: too many options`;
    options.push({ value: formText(form, `${optionName(i, j)}.value`), label: textsOf(form, `${optionName(i, j)}.label`, languages) });
  }
  const next: RuleDraft[] = [];
  for (let r = 0; has(form, ruleField(i, r, 'op')); r++) {
    const op = formText(form, ruleField(i, r, 'op'));
    if (r >= MAX_RULES || !isOp(op)) return `question ${i + 1}: bad rule ${r + 1}`;
    next.push({
      question: formText(form, ruleField(i, r, 'if.question')),
      op,
      value: formText(form, ruleField(i, r, 'value')),
      goto: formText(form, ruleField(i, r, 'goto')),
    });
  }
  const when = formTexts(form, qField(i, 'probe.when'));
  if (when.some((w) => !(PROBE_WHEN as readonly string[]).includes(w))) return `question ${i + 1}: unknown probe answer`;
  return {
    ...d,
    optional: formText(form, qField(i, 'optional')) === 'true',
    hearBack: formText(form, qField(i, 'hearBack')) === 'true',
    text: textsOf(form, qField(i, 'text'), languages),
    options,
    probe: textsOf(form, qField(i, 'probe.text'), languages),
    probeWhen: PROBE_WHEN.filter((w) => when.includes(w)),
    maxLength: formText(form, qField(i, 'maxLength')),
    min: formText(form, qField(i, 'min')),
    max: formText(form, qField(i, 'max')),
    left: textsOf(form, qField(i, 'left'), languages),
    right: textsOf(form, qField(i, 'right'), languages),
    corners: [textsOf(form, cornerName(i, 0), languages), textsOf(form, cornerName(i, 1), languages), textsOf(form, cornerName(i, 2), languages)],
    next,
  };
}

/** The state the form holds (hono `parseBody({ all: true })`), or why it cannot be read. */
export function parseEditorForm(form: Posted): ParsedForm {
  const languages = formTexts(form, 'languages');
  if (languages.length === 0 || languages.length > 20 || new Set(languages).size !== languages.length || !languages.every((l) => LANGUAGE.test(l))) {
    return { ok: false, reason: 'languages' };
  }
  const about = Object.fromEntries(
    Object.keys(form)
      .filter((k) => k.startsWith('about.') && LANGUAGE.test(k.slice(6)))
      .map((k) => [k.slice(6), formText(form, k)]),
  );
  const questions: QuestionDraft[] = [];
  for (let i = 0; has(form, qField(i, 'kind')); i++) {
    if (i >= MAX_QUESTIONS) return { ok: false, reason: 'too many questions' };
    const parsed = questionOf(form, i, languages);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    questions.push(parsed);
  }
  // A question posted beyond a gap (questions[0], questions[2]) is a form this page did not write.
  if (Object.keys(form).some((k) => Number(/^questions\[(\d+)\]/.exec(k)?.[1] ?? -1) >= questions.length))
    return { ok: false, reason: 'questions out of order' };
  return { ok: true, state: { languages, title: textsOf(form, 'title', languages), about, maxReprompts: formText(form, 'maxReprompts'), questions } };
}
