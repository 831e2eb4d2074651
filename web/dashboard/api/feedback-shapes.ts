import * as z from '../../../kernel/zod.js';
import { Cell } from './api-shapes.js';

/** "You said, we did": its report and what sending or recording answers. */

/**
 * "You said, we did" of a round (core/feedback): the message per language (and which languages have a
 * recording; the keys of the audio store are not the dashboard's business), who asked to hear back, and
 * once sent, how the copies went.
 */
export const FeedbackReport = z.object({
  feedback: z.nullable(
    z.object({
      texts: z.record(z.string(), z.string()),
      audio: z.record(z.string(), z.string()),
      updatedAt: z.string(),
      sentAt: z.nullable(z.string()),
    }),
  ),
  audience: z.object({ recipients: Cell, byLanguage: z.record(z.string(), Cell), missing: z.array(z.string()) }),
  deliveries: z.object({
    byStatus: z.record(z.string(), Cell),
    byReachedBy: z.record(z.string(), Cell),
    failures: z.record(z.string(), Cell),
    notDelivered: z._default(z.record(z.string(), Cell), {}),
  }),
});
export type FeedbackReport = z.infer<typeof FeedbackReport>;
/** `heldUntil`: sent in quiet hours, the copies go out from then. */
export const FeedbackSent = z.object({ recipients: Cell, queued: Cell, alreadySent: z.boolean(), heldUntil: z.optional(z.string()) });
export const FeedbackAudioSaved = z.object({ language: z.string(), seconds: z.number() });
