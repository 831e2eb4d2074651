import { ReachedBy } from '../model.js';
import { smsSegments } from '../sms-segments.js';
import * as z from '../../kernel/zod.js';
import type { MessageDelivery } from '../rounds/delivery-state.js';

/**
 * "You said, we did": after a round, staff tell the people who asked to hear back what was heard and
 * what will change — a short text per language, optionally a recording for phone calls.
 */
export interface RoundFeedback {
  projectId: string;
  roundId: string;
  /** Language → the message (plain text, SMS-sized). */
  texts: Record<string, string>;
  /** Language → key of a recording in the audio store, played in calls instead of a synthetic voice. */
  audio: Record<string, string>;
  updatedAt: string;
  /** When staff sent it; null while it is a draft. Sent once: later edits go nowhere. */
  sentAt: string | null;
}

export const FeedbackDeliveryStatus = z.enum(['queued', 'sending', 'calling', 'sent', 'failed']);
export type FeedbackDeliveryStatus = z.infer<typeof FeedbackDeliveryStatus>;

/** One person's copy of the message: who (a contact key, never a number), how it went. */
export interface FeedbackDelivery {
  contactKey: string;
  status: FeedbackDeliveryStatus;
  reachedBy: ReachedBy | null;
  /** In words staff can act on; never provider data. */
  failure: string | null;
  at: string;
  /** What the provider reported of the message after taking it (delivered, not delivered and why…). */
  delivery?: MessageDelivery | null | undefined;
}

/**
 * Longest message: three SMS parts as carriers count them (core/sms-segments.ts), which is what a person
 * reads on a phone: 459 letters of GSM-7 (Latin script), 201 characters where the script or an emoji
 * forces UCS-2 (Arabic, Cyrillic, Ge'ez, Turkish ı ş ğ).
 */
export const MAX_FEEDBACK_PARTS = 3;

/** Whether a message fits the limit, trimmed as it is stored. */
export const feedbackFits = (text: string): boolean => smsSegments(text.trim()).segments <= MAX_FEEDBACK_PARTS;
