import * as z from '../../kernel/zod.js';

/**
 * How far a message Stem sent got, as Twilio's status callbacks tell it (core/rounds/message-delivery.ts).
 * A leaf of its own: the model (core/model.ts) names it, and the use cases that move it import the model.
 */
export const DeliveryState = z.enum(['accepted', 'sent', 'not-delivered', 'delivered', 'read']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** The order a delivery moves in. Not delivered ranks below delivered: a late "delivered" is the truth. */
export const DELIVERY_RANK: Record<DeliveryState, number> = { accepted: 1, sent: 2, 'not-delivered': 3, delivered: 4, read: 5 };

export const MessageDelivery = z.object({
  state: DeliveryState,
  /** Why it was not delivered, in words (with the provider's public error code); null otherwise. */
  reason: z.nullable(z.string()),
  at: z.string(),
});
export type MessageDelivery = z.infer<typeof MessageDelivery>;

/** What a status report did: moved a delivery forward, found it already further, or found no message. */
export type ReportOutcome = 'recorded' | 'not-newer' | 'unknown';
