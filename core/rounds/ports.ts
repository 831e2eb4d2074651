import type { Channel } from '../model.js';

/**
 * An outbound message. `to` is an E.164 number: it exists only between the worker and the messenger.
 * `statusTicket` (sealed: what the message was sent for) comes back with the provider's status reports
 * (core/rounds/message-delivery.ts); without one, none are asked for.
 */
export type Outbound = (
  | { channel: 'sms' | 'whatsapp'; to: string; text: string }
  /** WhatsApp outside the 24-hour window: an approved template; `preview` is the text it stands for. */
  | { channel: 'whatsapp'; to: string; template: { contentSid: string; variables: Record<string, string> }; preview: string }
) & { statusTicket?: string | undefined };

export type SendResult = { ok: true } | { ok: false; permanent: boolean; reason: string };

export interface Messenger {
  send(message: Outbound): Promise<SendResult>;
}

/**
 * Outbound phone calls: Twilio calls `to` and, once answered by a person, runs the survey at our voice
 * webhook. `ticket` (sealed, no personal data readable) comes back with the call's final status.
 */
export interface Dialer {
  /** `purpose`: a survey (the voice webhook runs it) or a message read out, then goodbye ("you said, we did"). */
  call(to: string, ticket: string, purpose?: 'survey' | 'message'): Promise<SendResult>;
}

/** Work for the invitation worker: who, which round, what. No phone number: the worker looks it up. */
export interface DeliveryJob {
  /** `feedback`: the round's "you said, we did" message (core/feedback). */
  type: 'invite' | 'remind' | 'feedback';
  projectId: string;
  roundId: string;
  contactKey: string;
  /** So a queue can pace each channel at its own rate. */
  channel: Channel;
}

export interface JobQueue {
  enqueue(jobs: readonly DeliveryJob[]): Promise<void>;
}
