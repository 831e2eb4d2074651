import type { Reply } from '../model.js';
import type { SpeechRef } from '../voice-notes/speech.js';

/**
 * How a turn's replies fall into messages when they go as a webhook's reply (TwiML): the written ones
 * together, a question's voice note as a message of its own. One place for it, so the TwiML writer
 * (adapters/twilio/twiml.ts) and the survey preview (preview.ts) cannot drift apart.
 *
 * A voice note follows the written question ("voice and text"), or comes first with only the answer
 * options written after it ("voice first", `afterSpeech`); what was written before it stays in the
 * message before it. Without voice notes (`notes` false: no URL for them) every reply is written.
 */
export type MessageGroup = { kind: 'written'; replies: Reply[] } | { kind: 'voice-note'; speech: SpeechRef };

export function messageGroups(replies: readonly Reply[], notes: boolean): MessageGroup[] {
  const groups: MessageGroup[] = [];
  let written: Reply[] = [];
  for (const reply of replies) {
    if (!reply.speech || !notes) {
      written.push(reply);
      continue;
    }
    const voiceFirst = reply.afterSpeech !== undefined;
    if (!voiceFirst) written.push(reply);
    groups.push({ kind: 'written', replies: written }, { kind: 'voice-note', speech: reply.speech });
    written = voiceFirst ? [{ ...reply, text: reply.afterSpeech ?? '' }] : [];
  }
  groups.push({ kind: 'written', replies: written });
  return groups;
}

/** The text of replies written as one message: each part, as a paragraph of its own. */
export const writtenText = (replies: readonly Reply[]): string =>
  replies
    .map((r) => r.text)
    .filter((t) => t !== '')
    .join('\n\n');
