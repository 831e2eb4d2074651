import type { ReachedBy } from '../model.js';
import type { FeedbackDelivery, FeedbackDeliveryStatus, RoundFeedback } from './model.js';
import type { MessageDelivery, ReportOutcome } from '../rounds/delivery-state.js';

export interface FeedbackStore {
  get(projectId: string, roundId: string): Promise<RoundFeedback | null>;
  /** Save the draft; false when it was sent meanwhile (a sent message is not changed). */
  saveDraft(feedback: Omit<RoundFeedback, 'sentAt'>): Promise<boolean>;
  /** Mark it sent: true for the first caller only. */
  markSent(projectId: string, roundId: string, at: string): Promise<boolean>;
  /** Record who gets it (status queued); people already recorded keep their status. */
  addRecipients(projectId: string, roundId: string, contactKeys: readonly string[], at: string): Promise<void>;
  /** Take one queued copy to send (or one whose claim is older than `staleBefore`): true for one caller. */
  claim(projectId: string, roundId: string, contactKey: string, at: string, staleBefore: string): Promise<boolean>;
  mark(
    projectId: string,
    roundId: string,
    contactKey: string,
    change: { status: FeedbackDeliveryStatus; reachedBy?: ReachedBy | null; failure?: string | null; at: string },
  ): Promise<void>;
  deliveries(projectId: string, roundId: string): AsyncIterable<FeedbackDelivery[]>;
  /** Record a provider's report on a copy's message, only if it is later than the one recorded. */
  recordDelivery(projectId: string, roundId: string, contactKey: string, delivery: MessageDelivery): Promise<ReportOutcome>;
}

/**
 * Quiet hours hold a round's "you said, we did" (core/quiet-hours.ts): the round carries until when
 * (`Round.feedbackHeldUntil`), and the scheduler's pass hands the copies still queued on after that.
 */
export interface FeedbackHold {
  /** Hold until `until`; an earlier hold already set stays (it resumes sooner, and the sender checks again). */
  holdFeedback(projectId: string, roundId: string, until: string): Promise<void>;
  /** The held copies were handed on: the hold is cleared if it is still `until`. */
  releaseFeedback(projectId: string, roundId: string, until: string): Promise<void>;
}
