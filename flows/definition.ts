import { z } from 'zod';

/**
 * A survey definition as authored (JSON). Validated here, once, at the boundary; everything after this
 * works with the parsed `SurveyDefinition` type.
 */

const LanguageCode = z.string().regex(/^[a-z]{2,3}$/, 'a lowercase ISO 639 language code such as "nl" or "ar"');
const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter, at most 40 characters');

/** Text per language, e.g. `{ "nl": "Hoe gaat het?", "ar": "كيف حالك؟" }`. */
export const LocalizedText = z.record(LanguageCode, z.string().trim().min(1, 'must not be empty'));
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A condition on an earlier answer, used by `next`. */
export const Condition = z
  .object({
    question: Id,
    equals: z.union([z.string(), z.number()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).min(1).optional(),
    lessThan: z.number().optional(),
    greaterThan: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .strict()
  .refine(
    (c) => [c.equals, c.in, c.lessThan, c.greaterThan, c.answered].filter((v) => v !== undefined).length === 1,
    { message: 'give exactly one of equals, in, lessThan, greaterThan, answered' },
  );
export type Condition = z.infer<typeof Condition>;

export const END = 'end';
const Target = z.union([Id, z.literal(END)]);

export const NextRule = z.object({ if: Condition, goto: Target }).strict();
export type NextRule = z.infer<typeof NextRule>;

const base = {
  id: Id,
  text: LocalizedText,
  /** Rules tried in order after the answer; the first whose condition holds decides. Else the next question. */
  next: z.array(NextRule).optional(),
  /** May the participant send the skip word? Consent can never be skipped. */
  optional: z.boolean().default(true),
};

export const ChoiceOption = z.object({ value: Id, label: LocalizedText }).strict();
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const Consent = z.object({ ...base, kind: z.literal('consent'), optional: z.literal(false).default(false) }).strict();
const Choice = z
  .object({ ...base, kind: z.literal('choice'), options: z.array(ChoiceOption).min(2).max(10) })
  .strict();
const Scale = z.object({ ...base, kind: z.literal('scale'), points: z.literal(5).default(5) }).strict();
const Probe = z
  .object({
    text: LocalizedText,
    /** Ask the probe only after these statement answers; every answer when absent. */
    when: z.array(z.enum(['true', 'not_true', 'dont_know'])).min(1).optional(),
  })
  .strict();
const Statement = z.object({ ...base, kind: z.literal('statement'), probe: Probe.optional() }).strict();
const Open = z.object({ ...base, kind: z.literal('open'), maxLength: z.number().int().min(1).max(1600).default(1000) }).strict();
const NumberQ = z
  .object({ ...base, kind: z.literal('number'), min: z.number().int().default(0), max: z.number().int().default(999) })
  .strict()
  .refine((q) => q.min <= q.max, { message: 'min must not be above max', path: ['min'] });

export const Question = z.discriminatedUnion('kind', [Consent, Choice, Scale, Statement, Open, NumberQ]);
export type Question = z.infer<typeof Question>;
export type QuestionKind = Question['kind'];

export const SurveyDefinition = z
  .object({
    id: Id,
    version: z.number().int().min(1),
    title: LocalizedText,
    /** The languages every text must exist in; the first is the survey's main language (for exports). */
    languages: z.array(LanguageCode).min(1),
    /** Re-prompts on an unreadable answer before the question is passed over. */
    maxReprompts: z.number().int().min(0).max(5).default(2),
    questions: z.array(Question).min(1),
  })
  .strict()
  .superRefine((def, ctx) => {
    const ids = new Map<string, number>();
    def.questions.forEach((q, i) => {
      if (ids.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
      ids.set(q.id, i);
    });
    const texts = (q: Question): Array<[Array<string | number>, LocalizedText]> => {
      const list: Array<[Array<string | number>, LocalizedText]> = [[['text'], q.text]];
      if (q.kind === 'choice') q.options.forEach((o, j) => list.push([['options', j, 'label'], o.label]));
      if (q.kind === 'statement' && q.probe) list.push([['probe', 'text'], q.probe.text]);
      return list;
    };
    for (const lng of def.languages) {
      if (!def.title[lng]) ctx.addIssue({ code: 'custom', path: ['title', lng], message: `missing text in "${lng}"` });
    }
    def.questions.forEach((q, i) => {
      for (const [path, text] of texts(q)) {
        for (const lng of def.languages) {
          if (!text[lng]) ctx.addIssue({ code: 'custom', path: ['questions', i, ...path, lng], message: `missing text in "${lng}"` });
        }
      }
      (q.next ?? []).forEach((rule, r) => {
        const at = ['questions', i, 'next', r];
        const source = ids.get(rule.if.question);
        if (source === undefined || source > i) {
          ctx.addIssue({ code: 'custom', path: [...at, 'if', 'question'], message: `"${rule.if.question}" is not this or an earlier question` });
        }
        if (rule.goto !== END) {
          const target = ids.get(rule.goto);
          if (target === undefined) ctx.addIssue({ code: 'custom', path: [...at, 'goto'], message: `no question "${rule.goto}"` });
          else if (target <= i) ctx.addIssue({ code: 'custom', path: [...at, 'goto'], message: `"${rule.goto}" is not a later question (loops are not allowed)` });
        }
      });
    });
    if (def.questions.some((q, i) => q.kind === 'consent' && i !== 0)) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'a consent question must come first' });
    }
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;
export type SurveyDefinitionInput = z.input<typeof SurveyDefinition>;

export class SurveyDefinitionError extends Error {
  readonly code = 'SURVEY_DEFINITION_INVALID';
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`Invalid survey definition: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'SurveyDefinitionError';
  }
}

/** `questions[2].text.ar` style paths: what a person editing the JSON looks for. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export function parseSurveyDefinition(json: unknown): SurveyDefinition {
  const result = SurveyDefinition.safeParse(json);
  if (!result.success) {
    throw new SurveyDefinitionError(result.error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: i.message })));
  }
  return result.data;
}
