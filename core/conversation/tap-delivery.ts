import type { Reply, TapChoices } from '../model.js';
import type { Logger } from '../ports.js';

/**
 * Answers to tap go by the provider's REST API: a webhook's reply (TwiML) carries text and media only.
 * Sent after the commit, while the webhook waits, as ONE message: the turn's texts in order (a "thank
 * you", then the next question) as its body, the buttons or list under it. One message cannot arrive out
 * of order, and nothing of the turn goes by TwiML beside it (which would arrive after it). When it cannot
 * go so — a picture or anything else besides the text, a body over WhatsApp's limit, the provider refusing
 * or unreachable — nothing was sent, and the caller answers with the same texts, numbered, by TwiML.
 * Only a message's first application sends by REST: a duplicate (a Twilio retry, a replay) is answered
 * from the ledger's sealed reply, which keeps no choices — by TwiML, which reaches the person only when
 * Twilio itself asked — so a replayed request never makes Stem write to anyone.
 */

/** One WhatsApp message to tap. Numbers in E.164; `from` is the number the person wrote to. */
export interface TapMessage {
  to: string;
  from: string;
  body: string;
  choices: TapChoices;
}

export type TapSendResult = { ok: true } | { ok: false; reason: string };

/** Sends a message to tap (adapters/twilio/tap-messenger.ts). A reason names no person: codes and limits. */
export interface TapMessenger {
  send(message: TapMessage): Promise<TapSendResult>;
}

/** The body of a WhatsApp message with buttons or a list: at most 1,024 characters (Twilio's twilio/quick-reply, twilio/list-picker). */
export const TAP_BODY_MAX = 1024;

const TAP_REPLY_PARTS = new Set(['text', 'lang', 'choices']);

/** The turn as one message to tap, or null when it goes as text: no choices, two sets of them, anything but text besides, or too long. */
export function tapMessage(replies: readonly Reply[]): { body: string; choices: TapChoices } | null {
  const withChoices = replies.filter((r) => r.choices);
  const choices = withChoices[0]?.choices;
  if (!choices || withChoices.length > 1) return null;
  // A picture (a triad) or a part another channel feature adds (a voice note) still goes as TwiML does it.
  if (replies.some((r) => Object.entries(r).some(([key, value]) => value !== undefined && !TAP_REPLY_PARTS.has(key)))) return null;
  // UTF-16 units: never fewer than the characters WhatsApp counts, so within it either way.
  const body = replies.map((r) => r.text).join('\n\n');
  return body.length <= TAP_BODY_MAX ? { body, choices } : null;
}

/**
 * Send the turn as one message to tap; true when it went (the webhook then answers with empty TwiML),
 * false when nothing was sent and the turn goes as text. Never throws: the answers are committed, and a
 * failure here must not make Twilio retry a message that was applied.
 */
export async function sendAsTaps(messenger: TapMessenger, logger: Logger, to: string, from: string, replies: readonly Reply[]): Promise<boolean> {
  const message = tapMessage(replies);
  if (!message) return false;
  try {
    const result = await messenger.send({ to, from, ...message });
    if (result.ok) {
      logger.info('taps.sent', { options: message.choices.options.length });
      return true;
    }
    logger.warn('taps.as-text', { reason: result.reason });
  } catch (error) {
    logger.warn('taps.as-text', { reason: error instanceof Error ? error.name : 'unknown' });
  }
  return false;
}
