import * as z from '../../../kernel/zod.js';
import { Cell } from './api-shapes.js';
import { CodeShape } from './coding-shapes.js';

/** "You said, we did" items (http/api/said-did-routes.ts), as the dashboard reads them. */

export const SaidDidStatusShape = z.enum(['planned', 'doing', 'done']);
export type SaidDidStatusShape = z.infer<typeof SaidDidStatusShape>;

const Entry = z.object({ status: SaidDidStatusShape, at: z.string(), by: z.string() });

const LinkedAnswer = z.union([
  z.object({
    available: z.literal(true),
    roundId: z.string(),
    roundLabel: z.string(),
    questionId: z.string(),
    questionText: z.string(),
    respondentCode: z.string(),
    text: z.nullable(z.string()),
    transcript: z.nullable(z.string()),
    translation: z.nullable(z.string()),
  }),
  z.object({ available: z.literal(false), roundId: z.string(), roundLabel: z.string(), questionId: z.string(), questionText: z.string() }),
]);
export type LinkedAnswerShape = z.infer<typeof LinkedAnswer>;

/** An item as staff of its organisation see it. */
export const StaffItemShape = z.object({
  itemId: z.string(),
  title: z.string(),
  note: z.nullable(z.string()),
  codes: z.array(z.string()),
  linkedCodes: z.array(CodeShape),
  status: SaidDidStatusShape,
  history: z.array(Entry),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  answers: z.array(LinkedAnswer),
});
export type StaffItemShape = z.infer<typeof StaffItemShape>;

export const StaffItems = z.object({ projectId: z.string(), items: z.array(StaffItemShape) });

/** An item as the network sees it: no note, no answers. */
const NetworkItem = z.object({
  itemId: z.string(),
  title: z.string(),
  status: SaidDidStatusShape,
  statusSince: z.string(),
  history: z.array(Entry),
  codes: z.optional(z.array(CodeShape)),
});
export type NetworkItemShape = z.infer<typeof NetworkItem>;

const StatusCounts = z.object({ planned: z.number(), doing: z.number(), done: z.number() });

const LinkedCodeCounts = z.object({
  roundId: z.string(),
  label: z.string(),
  k: z.number(),
  byCode: z.record(z.string(), z.array(z.object({ questionId: z.string(), text: z.string(), count: Cell }))),
});

export const NetworkSaidDid = z.object({
  organisations: z.array(
    z.object({
      organisationId: z.string(),
      name: z.nullable(z.string()),
      counts: StatusCounts,
      projects: z.array(
        z.object({ projectId: z.string(), name: z.string(), counts: StatusCounts, items: z.array(NetworkItem), codeCounts: z.nullable(LinkedCodeCounts) }),
      ),
    }),
  ),
});
export type NetworkSaidDid = z.infer<typeof NetworkSaidDid>;
