import * as z from '../../kernel/zod.js';
import type { Answer as StoredAnswer } from '../../core/model.js';
import { joinParts } from '../../core/results/respondents.js';

/**
 * The format of a survey scenario, `tests/integration/scenarios/<survey>.<case>.json` (goflow-style): the
 * participant's messages and what must follow. Replayed by two runners: tests/integration/scenarios.test.ts
 * (signed webhooks, DynamoDB Local) and tests/unit/scenarios-planner.test.ts (the pure planner, in memory).
 */

export const Answer = z.object({
  projectId: z.string(),
  questionId: z.string(),
  value: z.nullable(z.union([z.string(), z.number()])),
  status: z.string(),
  language: z.string(),
});
export const Step = z.object({
  send: z.optional(z.string()),
  /** Send again with the MessageSid of step N (0-based), as Twilio does on a retry. */
  resend: z.optional(z.int()),
  /** A WhatsApp quick-reply button: its payload (the body is the button's text, `send`). */
  payload: z.optional(z.string()),
  /** A photo or voice note attached (no text unless `send` is given too). */
  media: z.optional(z.boolean()),
  /** Move the clock forward before this step (rounds may close). */
  advanceDays: z.optional(z.number()),
  /** Move the clock forward by minutes before this step (a message after the burst window). Steps otherwise come at the same moment. */
  advanceMinutes: z.optional(z.number()),
  /** Messages sent at the same moment. */
  concurrently: z.optional(z.array(z.string())),
  note: z.optional(z.string()),
  replies: z.optional(z.array(z.string())),
  /** The active session's state afterwards (`null`: no session). */
  state: z.optional(z.nullable(z.string())),
  contact: z.optional(
    z.object({ optedOut: z.optional(z.boolean()), language: z.optional(z.nullable(z.string())), awaiting: z.optional(z.nullable(z.string())) }),
  ),
});
/**
 * The answers a scenario expects are what staff read: the parts of an open answer sent in a burst joined to
 * it (core/results/respondents.ts `joinParts`), comments (status `comment`) after the answer to their
 * question in the order they came; sorted by project and question id.
 */
export const Scenario = z.object({
  description: z.string(),
  participant: z.object({ channel: z.enum(['sms', 'whatsapp']), phone: z.string() }),
  setup: z.optional(
    z.object({
      secondProject: z.optional(
        z.object({
          projectId: z.string(),
          name: z.string(),
          joinCode: z.string(),
          languages: z.optional(z.array(z.string())),
          fallbackLanguages: z.optional(z.array(z.string())),
          closesInDays: z.optional(z.number()),
          /** A template from flows/templates/ (file name without .json); the demo survey when absent. */
          survey: z.optional(z.string()),
        }),
      ),
      /** A contact already enrolled in these projects, as a CSV import leaves it (no active project yet). */
      enrolledIn: z.optional(z.array(z.string())),
      language: z.optional(z.string()),
    }),
  ),
  steps: z.array(Step),
  answers: z.optional(z.array(Answer)),
  answersOneOf: z.optional(z.array(z.array(Answer))),
});
export type Scenario = z.infer<typeof Scenario>;
export type Step = z.infer<typeof Step>;

/** A person's stored records as a scenario compares them (see `Scenario`). */
export function asStaffRead(records: readonly StoredAnswer[]): Array<z.infer<typeof Answer>> {
  const order = (a: StoredAnswer) => a.seq ?? -1;
  return joinParts(records)
    .sort((a, b) => `${a.projectId}/${a.questionId}`.localeCompare(`${b.projectId}/${b.questionId}`) || order(a) - order(b))
    .map(({ projectId, questionId, value, status, language }) => ({ projectId, questionId, value, status, language }));
}
