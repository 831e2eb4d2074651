import * as z from '../../../kernel/zod.js';

/** Reading what people said (http/api/answers-routes.ts), as the dashboard reads it. */

const Texts = z.object({ nl: z.optional(z.string()), fr: z.optional(z.string()), en: z.optional(z.string()) });
const Heading = z.object({ roundId: z.string(), label: z.string(), k: z.int() });

export const AnswersChoices = z.object({
  round: Heading,
  questions: z.array(z.object({ questionId: z.string(), kind: z.string(), text: z.string(), probeOf: z.nullable(z.string()) })),
  triads: z.array(z.object({ questionId: z.string(), text: z.string(), corners: z.nullable(z.tuple([z.string(), z.string(), z.string()])) })),
  dyads: z.array(z.object({ questionId: z.string(), text: z.string(), poles: z.nullable(z.tuple([z.string(), z.string()])), points: z.int() })),
  statements: z.array(z.object({ questionId: z.string(), text: z.string(), values: z.array(z.string()) })),
  codes: z.array(z.object({ id: z.string(), label: Texts, builtIn: z.boolean() })),
});
export type AnswersChoices = z.infer<typeof AnswersChoices>;

export const AnswersPage = z.object({
  round: Heading,
  question: z.object({ questionId: z.string(), kind: z.string(), text: z.string(), probeOf: z.nullable(z.string()) }),
  k: z.int(),
  total: z.int(),
  leftOutReleases: z.int(),
  answers: z.array(
    z.object({
      release: z.int(),
      releasedOn: z.string(),
      text: z.nullable(z.string()),
      transcript: z.nullable(z.string()),
      translation: z.nullable(z.string()),
      more: z.array(z.string()),
    }),
  ),
  next: z.nullable(z.string()),
});
export type AnswersPage = z.infer<typeof AnswersPage>;
