import type { DeliveryReport } from '../../core/rounds/message-delivery.js';

/**
 * Twilio's message status callback (MessageStatus, ErrorCode) → a delivery report in words staff can
 * act on. Statuses: https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
 * (accepted, scheduled, queued, sending, sent, delivered, undelivered, failed, read, canceled,
 * partially_delivered; receiving and received are inbound). Error codes: https://www.twilio.com/docs/api/errors.
 * The code is Twilio's public error number, never data about the person.
 */
const STATE: Record<string, DeliveryReport['state']> = {
  accepted: 'accepted',
  scheduled: 'accepted',
  queued: 'accepted',
  sending: 'accepted',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'not-delivered',
  failed: 'not-delivered',
  canceled: 'not-delivered',
  partially_delivered: 'not-delivered',
};

/** The errors staff can do something about (or at least understand), in plain words. */
const WORDS: Record<number, string> = {
  30001: 'too many messages queued at Twilio',
  30002: 'the Twilio account is suspended',
  30003: 'the phone was off or out of reach',
  30004: 'the person or their carrier blocks our messages',
  30005: 'the number does not exist or is no longer in use',
  30006: 'a landline, or a carrier that cannot take it',
  30007: 'filtered by the carrier as unwanted',
  30008: 'an unknown error at the carrier',
  63003: 'WhatsApp: the number is not on WhatsApp',
  63016: 'WhatsApp: outside the 24-hour window a template is needed',
  63024: 'WhatsApp: the recipient cannot be reached',
  63032: 'WhatsApp: not delivered because of a WhatsApp limit on this recipient',
  63049: 'WhatsApp: Meta chose not to deliver this message',
};

/** null for a status that says nothing about an outbound message (or one Twilio adds later). */
export function twilioDeliveryReport(messageStatus: string, errorCode: string | undefined): DeliveryReport | null {
  const state = STATE[messageStatus.trim().toLowerCase()];
  if (!state) return null;
  if (state !== 'not-delivered') return { state, reason: null };
  const code = errorCode && /^\d{1,6}$/.test(errorCode.trim()) ? Number(errorCode.trim()) : null;
  const words = code === null ? undefined : WORDS[code];
  const reason = code === null ? 'not delivered (no reason given)' : words ? `not delivered: ${words} (error ${code})` : `not delivered (error ${code})`;
  return { state, reason };
}
