import { MessagingResponse } from './twiml-writer.js';
import type { PictureRef, Reply } from '../../core/model.js';
import type { SpeechRef } from '../../core/voice-notes/speech.js';
import { messageGroups, writtenText } from '../../core/conversation/message-groups.js';

/** WhatsApp shows a message's text under its picture as a caption, of at most 1,024 characters (Meta's limit). */
export const WHATSAPP_CAPTION_MAX = 1024;

/**
 * TwiML for the reply. All parts go in one <Message>: separate SMS are not guaranteed to arrive in order,
 * and a question must never arrive before the "thank you" that precedes it. A reply's picture (WhatsApp
 * triads) goes in the same <Message> as <Media>, with the text as its caption; WhatsApp takes one picture
 * per message, so only the first is sent. A text too long for a caption goes alone, the picture in a
 * <Message> of its own after it (a picture may arrive before or after the text; the text stands alone).
 *
 * A question's voice note (WhatsApp, `voiceNoteUrl` given) is a <Message> of its own with only <Media>:
 * WhatsApp takes one medium per message and shows no caption under audio. It follows the written
 * question ("voice and text"), or comes first with only the answer options written after it ("voice
 * first", `afterSpeech`); what was written before it stays in the message before it.
 */
export function messagingTwiml(replies: readonly Reply[], pictureUrl?: (picture: PictureRef) => string, voiceNoteUrl?: (speech: SpeechRef) => string): string {
  const response = new MessagingResponse();
  for (const group of messageGroups(replies, voiceNoteUrl !== undefined)) {
    if (group.kind === 'written') writtenMessage(response, group.replies, pictureUrl);
    else if (voiceNoteUrl) response.message({}, '').media(voiceNoteUrl(group.speech));
  }
  return response.toString();
}

/** Replies in writing as one <Message>, with the first picture among them. */
function writtenMessage(response: MessagingResponse, replies: readonly Reply[], pictureUrl?: (picture: PictureRef) => string): void {
  const text = writtenText(replies);
  const picture = pictureUrl ? replies.find((r) => r.picture)?.picture : undefined;
  if (!picture || !pictureUrl) {
    if (text !== '') response.message(text);
    return;
  }
  const url = pictureUrl(picture);
  if (text === '') {
    response.message({}, '').media(url);
  } else if ([...text].length <= WHATSAPP_CAPTION_MAX) {
    const message = response.message({}, '');
    message.body(text);
    message.media(url);
  } else {
    response.message(text);
    response.message({}, '').media(url);
  }
}
