import * as z from '../../../kernel/zod.js';
import { Cell } from './api-shapes.js';

/** Coding the answers (http/api/coding-routes.ts), as the dashboard reads it. */

const Texts = z.object({ nl: z.optional(z.string()), fr: z.optional(z.string()), en: z.optional(z.string()) });

export const CodeShape = z.object({ id: z.string(), label: Texts, description: z.optional(Texts), builtIn: z.boolean(), archived: z.boolean() });
export type CodeShape = z.infer<typeof CodeShape>;

/** Staff also get who else codes and the version to save against; a coder only the codes. */
export const CodebookView = z.object({
  codes: z.array(CodeShape),
  interpreters: z.optional(z.object({ own: z.boolean(), network: z.array(z.string()) })),
  version: z.optional(z.int()),
});
export type CodebookView = z.infer<typeof CodebookView>;

const RoundHeading = z.object({ roundId: z.string(), label: z.string(), released: z.boolean(), k: z.number() });

export const CodingQuestions = z.object({
  round: RoundHeading,
  questions: z.array(z.object({ questionId: z.string(), kind: z.string(), text: z.string() })),
});

export const CodingSheet = z.object({
  round: RoundHeading,
  question: z.object({ questionId: z.string(), text: z.string() }),
  answers: z.array(
    z.object({
      respondentCode: z.string(),
      text: z.nullable(z.string()),
      transcript: z.nullable(z.string()),
      translation: z.nullable(z.string()),
      codes: z.array(z.string()),
      coders: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
  ),
});
export type CodingSheet = z.infer<typeof CodingSheet>;

export const CodeCounts = z.object({
  k: z.number(),
  codes: z.array(CodeShape),
  roundId: z.string(),
  label: z.string(),
  release: z.number(),
  questions: z.array(z.object({ questionId: z.string(), text: z.string(), codes: z.record(z.string(), Cell) })),
});
export type CodeCounts = z.infer<typeof CodeCounts>;

export const TagsSaved = z.object({ codes: z.array(z.string()) });

/** Cohen's kappa between coders (staff only); counts of 1..k−1 and kappas over too few answers are null. */
export const CodingAgreement = z.object({
  k: z.number(),
  rounds: z.array(z.string()),
  coders: z.array(z.object({ coder: z.string(), answers: z.nullable(z.number()) })),
  pairs: z.array(
    z.object({
      coders: z.tuple([z.string(), z.string()]),
      answers: z.nullable(z.number()),
      tooFew: z.boolean(),
      overall: z.nullable(z.number()),
      codes: z.array(z.object({ code: z.string(), kappa: z.nullable(z.number()) })),
    }),
  ),
});
export type CodingAgreement = z.infer<typeof CodingAgreement>;

/** The rounds an interpreter may code (GET /api/coding/assignments); the project's name only for its own interpreters. */
export const CodingAssignments = z.object({
  rounds: z.array(z.object({ projectId: z.string(), projectName: z.nullable(z.string()), roundId: z.string(), roundLabel: z.string() })),
});
export type CodingAssignments = z.infer<typeof CodingAssignments>;
