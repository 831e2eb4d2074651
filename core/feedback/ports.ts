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
