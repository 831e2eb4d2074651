import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import type { Reply } from '../../core/model.js';

/**
 * TwiML for the reply. All parts go in one <Message>: separate SMS are not guaranteed to arrive in order,
 * and a question must never arrive before the "thank you" that precedes it.
 */
export function messagingTwiml(replies: readonly Reply[]): string {
  const response = new MessagingResponse();
  if (replies.length > 0) response.message(replies.map((r) => r.text).join('\n\n'));
  return response.toString();
}
