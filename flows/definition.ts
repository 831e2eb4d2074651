import * as z from '../kernel/zod.js';
import { fieldIssues } from '../kernel/validation.js';

/**
 * A survey definition as authored (JSON). Validated here, once, at the boundary; everything after this
 * works with the parsed `SurveyDefinition` type.
 */

const LanguageCode = z.string().check(z.regex(/^[a-z]{2,3}$/, 'a lowercase ISO 639 language code such as "nl" or "ar"'));
const Id = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter, at most 40 characters'));

/** Text per language, e.g. `{ "nl": "Hoe gaat het?", "ar": "كيف حالك؟" }`. */
export const LocalizedText = z.record(LanguageCode, z.string().check(z.trim(), z.minLength(1, 'must not be empty')));
export type LocalizedText = z.infer<typeof LocalizedText>;

const Scalar = z.union([z.string(), z.number()]);

/** A condition on an earlier answer, used by `next`. */
export const Condition = z
  .strictObject({
    question: Id,
    equals: z.optional(Scalar),
    in: z.optional(z.array(Scalar).check(z.minLength(1))),
    lessThan: z.optional(z.number()),
    greaterThan: z.optional(z.number()),
    answered: z.optional(z.boolean()),
  })
  .check(
    z.refine((c) => [c.equals, c.in, c.lessThan, c.greaterThan, c.answered].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of equals, in, lessThan, greaterThan, answered',
    }),
  );
export type Condition = z.infer<typeof Condition>;

export const END = 'end';
const Target = z.union([Id, z.literal(END)]);

export const NextRule = z.strictObject({ if: Condition, goto: Target });
export type NextRule = z.infer<typeof NextRule>;

const base = {
  id: Id,
  text: LocalizedText,
  /** Rules tried in order after the answer; the first whose condition holds decides. Else the next question. */
  next: z.optional(z.array(NextRule)),
  /** May the participant send the skip word? Consent can never be skipped. */
  optional: z._default(z.boolean(), true),
};

export const ChoiceOption = z.strictObject({ value: Id, label: LocalizedText });
export type ChoiceOption = z.infer<typeof ChoiceOption>;

/**
 * Consent to take part (first, never skippable: "no" ends the survey), or with `hearBack` the consent to
 * hear later what was done with the answers: anywhere, optional, and "no" just goes on.
 */
const Consent = z.strictObject({ ...base, kind: z.literal('consent'), optional: z._default(z.boolean(), false), hearBack: z.optional(z.boolean()) }).check(
  z.refine((q) => q.optional === (q.hearBack === true), {
    message: 'a hear-back consent must be optional (a "no" must not end the survey); consent to take part cannot be',
    path: ['optional'],
  }),
);
const Choice = z.strictObject({ ...base, kind: z.literal('choice'), options: z.array(ChoiceOption).check(z.minLength(2), z.maxLength(10)) });
const Scale = z.strictObject({ ...base, kind: z.literal('scale'), points: z._default(z.literal(5), 5) });
const Probe = z.strictObject({
  text: LocalizedText,
  /** Ask the probe only after these statement answers; every answer when absent. */
  when: z.optional(z.array(z.enum(['true', 'not_true', 'dont_know'])).check(z.minLength(1))),
});
const Statement = z.strictObject({ ...base, kind: z.literal('statement'), probe: z.optional(Probe) });
/**
 * `maxLength` (optional): the length the author asks for, in characters. Never a cut: a longer answer keeps
 * this many characters as the answer, the rest is kept as a comment on the question, and the person is told
 * (core/conversation/plan/own-words.ts). Without it an answer is as long as the channel carries (SMS 1,600
 * characters, WhatsApp 4,096). Up to 4,096, the longest message any channel brings.
 */
const AuthorCap = z.optional(z.int().check(z.minimum(1), z.maximum(4096)));
const Open = z.strictObject({ ...base, kind: z.literal('open'), maxLength: AuthorCap });
const NumberQ = z
  .strictObject({ ...base, kind: z.literal('number'), min: z._default(z.int(), 0), max: z._default(z.int(), 999) })
  .check(z.refine((q) => q.min <= q.max, { message: 'min must not be above max', path: ['min'] }));

/** A story in the participant's own words (a voice note or text), which the signifiers after it let them interpret. */
const Story = z.strictObject({ ...base, kind: z.literal('story'), maxLength: AuthorCap });
/** Where the story sits between two poles: 1 (the left pole) to 5 (the right pole). */
const Dyad = z.strictObject({ ...base, kind: z.literal('dyad'), left: LocalizedText, right: LocalizedText });
/**
 * Where the story sits between three qualities, as one of seven zones (flows/triad.ts): the three corners
 * (1–3), the three edges (4 = A–B, 5 = B–C, 6 = C–A) and the centre (7).
 */
const Triad = z.strictObject({ ...base, kind: z.literal('triad'), corners: z.tuple([LocalizedText, LocalizedText, LocalizedText]) });

export const Question = z.discriminatedUnion('kind', [Consent, Choice, Scale, Statement, Open, NumberQ, Story, Dyad, Triad]);
export type Question = z.infer<typeof Question>;
export type QuestionKind = Question['kind'];

type Path = Array<string | number>;

/** Cross-field rules: every text in every language, ids unique, `next` only forward, consent first. */
function checkDefinition(def: { title: LocalizedText; languages: string[]; questions: Question[] }): Array<{ path: Path; message: string }> {
  const issues: Array<{ path: Path; message: string }> = [];
  const ids = new Map<string, number>();
  def.questions.forEach((q, i) => {
    if (ids.has(q.id)) issues.push({ path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
    ids.set(q.id, i);
  });
  const texts = (q: Question): Array<[Path, LocalizedText]> => {
    const list: Array<[Path, LocalizedText]> = [[['text'], q.text]];
    if (q.kind === 'choice') q.options.forEach((o, j) => list.push([['options', j, 'label'], o.label]));
    if (q.kind === 'statement' && q.probe) list.push([['probe', 'text'], q.probe.text]);
    if (q.kind === 'dyad') list.push([['left'], q.left], [['right'], q.right]);
    if (q.kind === 'triad') q.corners.forEach((c, j) => list.push([['corners', j], c]));
    return list;
  };
  for (const lng of def.languages) {
    if (!def.title[lng]) issues.push({ path: ['title', lng], message: `missing text in "${lng}"` });
  }
  def.questions.forEach((q, i) => {
    for (const [path, text] of texts(q)) {
      for (const lng of def.languages) {
        if (!text[lng]) issues.push({ path: ['questions', i, ...path, lng], message: `missing text in "${lng}"` });
      }
    }
    (q.next ?? []).forEach((rule, r) => {
      const at: Path = ['questions', i, 'next', r];
      const source = ids.get(rule.if.question);
      if (source === undefined || source > i) {
        issues.push({ path: [...at, 'if', 'question'], message: `"${rule.if.question}" is not this or an earlier question` });
      }
      if (rule.goto !== END) {
        const target = ids.get(rule.goto);
        if (target === undefined) issues.push({ path: [...at, 'goto'], message: `no question "${rule.goto}"` });
        else if (target <= i) issues.push({ path: [...at, 'goto'], message: `"${rule.goto}" is not a later question (loops are not allowed)` });
      }
    });
  });
  if (def.questions.some((q, i) => q.kind === 'consent' && q.hearBack !== true && i !== 0)) {
    issues.push({ path: ['questions'], message: 'a consent question must come first' }); // a hear-back consent may come later
  }
  return issues;
}

/**
 * How far a language's texts can be trusted (issue 22): `machine` (machine- or developer-translated by
 * someone who does not speak it), `draft` (written or changed by a person, not yet reviewed), `reviewed`
 * (checked by a speaker through the translation workflow, core/translation). Who: a role, never a name.
 */
export const ReviewState = z.enum(['machine', 'draft', 'reviewed']);
export type ReviewState = z.infer<typeof ReviewState>;
export const ReviewerRole = z.enum(['staff', 'interpreter', 'coordinator', 'developer']);
export type ReviewerRole = z.infer<typeof ReviewerRole>;
export const LanguageReview = z.strictObject({
  state: ReviewState,
  by: z.optional(ReviewerRole),
  /** ISO 8601 time of the change; absent for files in the repository whose history is git's. */
  at: z.optional(z.iso.datetime()),
});
export type LanguageReview = z.infer<typeof LanguageReview>;

export const SurveyDefinition = z
  .strictObject({
    id: Id,
    version: z.int().check(z.minimum(1)),
    title: LocalizedText,
    /** For staff: what the survey (or the method it follows) is for and how to use it, in the dashboard's languages. */
    about: z.optional(LocalizedText),
    /** The languages every text must exist in; the first is the survey's main language (for exports). */
    languages: z.array(LanguageCode).check(z.minLength(1)),
    /** Re-prompts on an unreadable answer before the question is passed over. */
    maxReprompts: z._default(z.int().check(z.minimum(0), z.maximum(5)), 2),
    questions: z.array(Question).check(z.minLength(1)),
    /**
     * The review state of each language's texts (core/translation/review.ts); a language without one is a
     * `draft`. Part of the version: a launched version's states stay as they were at launch.
     */
    reviews: z.optional(z.record(LanguageCode, LanguageReview)),
  })
  .check(
    z.superRefine((def, ctx) => {
      for (const issue of checkDefinition(def)) ctx.addIssue({ code: 'custom', input: def, ...issue });
    }),
  );
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;
export type SurveyDefinitionInput = z.input<typeof SurveyDefinition>;

export class SurveyDefinitionError extends Error {
  readonly code = 'SURVEY_DEFINITION_INVALID';
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`Invalid survey definition: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'SurveyDefinitionError';
  }
}

export function parseSurveyDefinition(json: unknown): SurveyDefinition {
  const result = SurveyDefinition.safeParse(json);
  if (!result.success) {
    throw new SurveyDefinitionError(fieldIssues(result.error, '(root)').map((i) => ({ path: i.field, message: i.message })));
  }
  return result.data;
}
export { formatPath } from '../kernel/validation.js';
