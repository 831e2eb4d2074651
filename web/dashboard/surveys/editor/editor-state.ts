import type { Condition, LocalizedText, NextRule, Question, QuestionKind, SurveyDefinition } from '../../../../flows/definition.js';

/**
 * The survey editor's state: a survey definition as its form holds it, every value a string as typed, so
 * an unsaved state (a half-typed number, an empty Arabic text) survives each round trip through the form
 * and reaches the API as typed, which then names what is wrong (the same zod schema as every upload).
 * `stateOf` reads a definition into it, `definitionJson` writes it back; a valid definition comes back
 * unchanged (tests/unit/survey-editor-form.test.ts).
 */

/** Text per language, '' where none is typed yet. */
export type Texts = Record<string, string>;

export const KINDS = ['consent', 'choice', 'scale', 'statement', 'open', 'story', 'number', 'dyad', 'triad'] as const satisfies readonly QuestionKind[];
/** How a rule compares: the condition's keys, with "answered: false" as an operator of its own. */
export const OPS = ['equals', 'in', 'lessThan', 'greaterThan', 'answered', 'notAnswered'] as const;
export type Op = (typeof OPS)[number];
export const PROBE_WHEN = ['true', 'not_true', 'dont_know'] as const;
/** Answers of these kinds are numbers (1–5, zones 1–7, a count): a rule's value is compared as a number. */
const NUMERIC: readonly QuestionKind[] = ['scale', 'number', 'dyad', 'triad'];

export interface RuleDraft {
  question: string;
  op: Op;
  value: string;
  goto: string;
}

export interface OptionDraft {
  value: string;
  label: Texts;
}

/** Every kind's fields in one shape; only the kind's own are shown and sent. */
export interface QuestionDraft {
  id: string;
  kind: QuestionKind;
  optional: boolean;
  text: Texts;
  hearBack: boolean;
  options: OptionDraft[];
  probe: Texts;
  probeWhen: string[];
  maxLength: string;
  min: string;
  max: string;
  left: Texts;
  right: Texts;
  corners: [Texts, Texts, Texts];
  next: RuleDraft[];
}

export interface EditorState {
  /** The first is the main language. */
  languages: string[];
  title: Texts;
  /** The note for staff, in the languages it has (the dashboard's). */
  about: Texts;
  maxReprompts: string;
  questions: QuestionDraft[];
}

export function blankQuestion(kind: QuestionKind, id: string): QuestionDraft {
  return {
    id,
    kind,
    optional: kind !== 'consent',
    text: {},
    hearBack: false,
    options:
      kind === 'choice'
        ? [
            { value: 'option_1', label: {} },
            { value: 'option_2', label: {} },
          ]
        : [],
    probe: {},
    probeWhen: [],
    maxLength: '',
    min: '0',
    max: '999',
    left: {},
    right: {},
    corners: [{}, {}, {}],
    next: [],
  };
}

const texts = (t: LocalizedText | undefined): Texts => ({ ...(t ?? {}) });

function ruleOf(rule: NextRule): RuleDraft {
  const c = rule.if;
  const base = { question: c.question, goto: rule.goto };
  if (c.answered !== undefined) return { ...base, op: c.answered ? 'answered' : 'notAnswered', value: '' };
  if (c.in !== undefined) return { ...base, op: 'in', value: c.in.map(String).join(', ') };
  if (c.lessThan !== undefined) return { ...base, op: 'lessThan', value: String(c.lessThan) };
  if (c.greaterThan !== undefined) return { ...base, op: 'greaterThan', value: String(c.greaterThan) };
  return { ...base, op: 'equals', value: String(c.equals ?? '') };
}

function questionOf(q: Question): QuestionDraft {
  const d = { ...blankQuestion(q.kind, q.id), optional: q.optional, text: texts(q.text), next: (q.next ?? []).map(ruleOf), options: [] as OptionDraft[] };
  switch (q.kind) {
    case 'consent':
      return { ...d, hearBack: q.hearBack === true };
    case 'choice':
      return { ...d, options: q.options.map((o) => ({ value: o.value, label: texts(o.label) })) };
    case 'statement':
      return { ...d, probe: texts(q.probe?.text), probeWhen: [...(q.probe?.when ?? [])] };
    case 'open':
    case 'story':
      return { ...d, maxLength: q.maxLength === undefined ? '' : String(q.maxLength) };
    case 'number':
      return { ...d, min: String(q.min), max: String(q.max) };
    case 'dyad':
      return { ...d, left: texts(q.left), right: texts(q.right) };
    case 'triad':
      return { ...d, corners: [texts(q.corners[0]), texts(q.corners[1]), texts(q.corners[2])] };
    default:
      return d;
  }
}

export function stateOf(def: SurveyDefinition): EditorState {
  return {
    languages: [...def.languages],
    title: texts(def.title),
    about: texts(def.about),
    maxReprompts: String(def.maxReprompts),
    questions: def.questions.map(questionOf),
  };
}

/** The texts of the survey's languages that hold more than spaces; an empty one is left out, so the API names it missing. */
function localized(t: Texts, languages: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lng of languages) {
    const text = t[lng] ?? '';
    if (text.trim()) out[lng] = text;
  }
  return out;
}

/** A whole number as a number; anything else as typed (the API names the field), nothing when empty. */
function int(value: string): number | string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  return /^-?\d{1,15}$/.test(v) ? Number(v) : v;
}

/** A rule's value as the answer it compares with: a number for numeric questions, else the text (an option's value, "true"…). */
function scalar(value: string, numeric: boolean): string | number {
  const v = value.trim();
  return numeric && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function conditionJson(rule: RuleDraft, kinds: ReadonlyMap<string, QuestionKind>): Partial<Record<keyof Condition, unknown>> {
  const numeric = NUMERIC.includes(kinds.get(rule.question) ?? 'open');
  const question = rule.question;
  switch (rule.op) {
    case 'answered':
      return { question, answered: true };
    case 'notAnswered':
      return { question, answered: false };
    case 'in':
      return {
        question,
        in: rule.value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => scalar(v, numeric)),
      };
    case 'lessThan':
      return { question, lessThan: int(rule.value) ?? '' };
    case 'greaterThan':
      return { question, greaterThan: int(rule.value) ?? '' };
    default:
      return { question, equals: scalar(rule.value, numeric) };
  }
}

function questionJson(q: QuestionDraft, languages: readonly string[], kinds: ReadonlyMap<string, QuestionKind>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: q.id.trim(), kind: q.kind, text: localized(q.text, languages) };
  if (q.next.length) out.next = q.next.map((r) => ({ if: conditionJson(r, kinds), goto: r.goto }));
  // A consent to hear back is optional, consent to take part never (the schema's rule): one box decides both.
  out.optional = q.kind === 'consent' ? q.hearBack : q.optional;
  const t = (x: Texts) => localized(x, languages);
  switch (q.kind) {
    case 'consent':
      if (q.hearBack) out.hearBack = true;
      break;
    case 'choice':
      out.options = q.options.map((o) => ({ value: o.value.trim(), label: t(o.label) }));
      break;
    case 'scale':
      out.points = 5;
      break;
    case 'statement': {
      const when = PROBE_WHEN.filter((w) => q.probeWhen.includes(w));
      const text = t(q.probe);
      // A probe is there when any of its texts is typed or an answer is ticked for it.
      if (Object.keys(text).length || when.length) out.probe = { text, ...(when.length ? { when } : {}) };
      break;
    }
    case 'open':
    case 'story': {
      const max = int(q.maxLength);
      if (max !== undefined) out.maxLength = max;
      break;
    }
    case 'number':
      out.min = int(q.min) ?? 0;
      out.max = int(q.max) ?? 999;
      break;
    case 'dyad':
      out.left = t(q.left);
      out.right = t(q.right);
      break;
    case 'triad':
      out.corners = q.corners.map(t);
      break;
  }
  return out;
}

/** The definition to send the API (unvalidated: the API validates it and names each issue). */
export function definitionJson(state: EditorState, surveyId: string, version: number): Record<string, unknown> {
  const kinds = new Map(state.questions.map((q) => [q.id.trim(), q.kind]));
  const about = localized(state.about, Object.keys(state.about));
  return {
    id: surveyId,
    version,
    title: localized(state.title, state.languages),
    ...(Object.keys(about).length ? { about } : {}),
    languages: [...state.languages],
    maxReprompts: int(state.maxReprompts) ?? 2,
    questions: state.questions.map((q) => questionJson(q, state.languages, kinds)),
  };
}
