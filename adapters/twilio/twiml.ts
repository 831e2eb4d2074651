import { MessagingResponse } from './twiml-writer.js';
import type { PictureRef, Reply } from '../../core/model.js';

/** WhatsApp shows a message's text under its picture as a caption, of at most 1,024 characters (Meta's limit). */
export const WHATSAPP_CAPTION_MAX = 1024;

/**
 * TwiML for the reply. All parts go in one <Message>: separate SMS are not guaranteed to arrive in order,
 * and a question must never arrive before the "thank you" that precedes it. A reply's picture (WhatsApp
 * triads) goes in the same <Message> as <Media>, with the text as its caption; WhatsApp takes one picture
 * per message, so only the first is sent. A text too long for a caption goes alone, the picture in a
 * <Message> of its own after it (a picture may arrive before or after the text; the text stands alone).
 */
export function messagingTwiml(replies: readonly Reply[], pictureUrl?: (picture: PictureRef) => string): string {
  const response = new MessagingResponse();
  if (replies.length === 0) return response.toString();
  const text = replies.map((r) => r.text).join('\n\n');
  const picture = pictureUrl ? replies.find((r) => r.picture)?.picture : undefined;
  if (!picture || !pictureUrl) {
    response.message(text);
    return response.toString();
  }
  const url = pictureUrl(picture);
  if ([...text].length <= WHATSAPP_CAPTION_MAX) {
    const message = response.message({}, '');
    message.body(text);
    message.media(url);
  } else {
    response.message(text);
    response.message({}, '').media(url);
  }
  return response.toString();
}
