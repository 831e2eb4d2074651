import * as z from '../../../kernel/zod.js';
import { Cell, Round } from './api-shapes.js';

/** Results as the dashboard reads them: the lifecycle comparison and the project summary (counts go through disclosure control in core). */

const RoundRef = { roundId: z.string(), label: z.string() };
/** Rounds compared over the project's life (core/results/compare.ts); `value` null: the round did not ask it. */
export const Lifecycle = z.object({
  k: z.number(),
  rounds: z.array(z.object(RoundRef)),
  trends: z.array(z.object({ questionId: z.string(), text: z.string(), points: z.array(z.object({ ...RoundRef, value: z.nullable(Cell) })) })),
  agreement: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      points: z.array(
        z.object({
          ...RoundRef,
          value: z.nullable(z.union([z.object({ percent: z.number(), respondents: z.number() }), z.object({ suppressed: z.literal(true) })])),
        }),
      ),
    }),
  ),
  dyadShifts: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      poles: z.tuple([z.string(), z.string()]),
      from: z.object({ ...RoundRef, mean: Cell }),
      to: z.object({ ...RoundRef, mean: Cell }),
      shift: z.nullable(z.number()),
    }),
  ),
  returning: z.object({
    linked: z._default(z.boolean(), false),
    first: z.nullable(z.object(RoundRef)),
    last: z.nullable(z.object(RoundRef)),
    inSeveralRounds: Cell,
    firstAndLast: Cell,
    energy: z.nullable(z.object({ pairs: Cell, change: Cell })),
  }),
});
export type Lifecycle = z.infer<typeof Lifecycle>;

/** Where k hid values: the values merged into groups (core/results/small-groups.ts). */
export const MergedView = z.object({
  level: z.string(),
  groups: z.array(z.object({ key: z.string(), values: z.array(z.string()), count: Cell })),
});
export type MergedView = z.infer<typeof MergedView>;

/** A question over every released round that asked it (core/results/small-groups-pooled.ts): answers, not people. */
export const PooledQuestion = z.object({
  questionId: z.string(),
  kind: z.string(),
  text: z.string(),
  rounds: z.array(z.object(RoundRef)),
  answers: Cell,
  merged: z.optional(MergedView),
  mean: z.optional(Cell),
});
export type PooledQuestion = z.infer<typeof PooledQuestion>;

export const ProjectSummary = z.object({
  projectId: z.string(),
  name: z.string(),
  k: z.number(),
  linkRounds: z._default(z.boolean(), false),
  rounds: z.array(
    z.object({
      ...z.omit(Round, { reminderAfterHours: true }).shape,
      release: z.object({ number: z.number(), respondents: Cell, createdAt: z.nullable(z.string()) }),
      respondents: Cell,
      complete: z.optional(Cell),
      incomplete: z.optional(Cell),
      declined: z.optional(Cell),
      otherOutcome: z.optional(Cell),
      languages: z.record(z.string(), Cell),
      channels: z.record(z.string(), Cell),
      questions: z.array(
        z.object({
          questionId: z.string(),
          kind: z.string(),
          text: z.string(),
          respondents: Cell,
          mean: z.optional(Cell),
          values: z.optional(z.record(z.string(), Cell)),
          poles: z.optional(z.tuple([z.string(), z.string()])),
          corners: z.optional(z.tuple([z.string(), z.string(), z.string()])),
          merged: z.optional(MergedView),
        }),
      ),
    }),
  ),
  comparison: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      rounds: z.array(z.object({ roundId: z.string(), label: z.string(), mean: Cell, difference: z.nullable(z.number()) })),
    }),
  ),
  lifecycle: z.optional(Lifecycle),
  pooled: z._default(z.array(PooledQuestion), []),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;
