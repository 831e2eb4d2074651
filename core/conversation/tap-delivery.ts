import type { PictureRef, Reply, TapChoices } from '../model.js';
import type { Clock, Logger } from '../ports.js';
import type { SpeechRef } from '../voice-notes/speech.js';
import { CHANNEL_TEXT_LIMIT } from './channel-limits.js';

/**
 * Answers to tap go by the provider's REST API: a webhook's reply (TwiML) carries text and media only.
 * Sent after the commit, while the webhook waits. A turn without a voice note is ONE message: the turn's
 * texts in order (a "thank you", then the next question) as its body, the buttons or list under it — one
 * message cannot arrive out of order. A turn whose question is also a voice note is up to three, in this
 * order: the texts before the question, the voice note, then the question's written part (voice first:
 * only its answer options) with the buttons — so a person who does not read hears the question and then
 * finds what to tap right under it. Each message after a voice note goes only once the provider has
 * handed the note on (the adapter waits for it): a note is fetched before it is sent, so a text sent just
 * after it would otherwise overtake it.
 *
 * When the turn cannot go so — a picture or a part another feature adds, a body over WhatsApp's limits,
 * the provider refusing or unreachable — what was not sent goes by TwiML, numbered: all of it when the
 * first message failed, else the rest. Only a message's first application sends by REST: a duplicate (a
 * Twilio retry, a replay) is answered from the ledger's sealed reply, which keeps no choices — by TwiML,
 * which reaches the person only when Twilio itself asked — so a replayed request never makes Stem write.
 */

/** One WhatsApp message to tap. Numbers in E.164; `from` is the number the person wrote to. */
export interface TapMessage {
  to: string;
  from: string;
  body: string;
  choices: TapChoices;
}

/** A message sent before the one to tap: a text, or a voice note or picture the provider fetches from `mediaUrl`. */
export type LeadMessage = { to: string; from: string } & ({ body: string } | { mediaUrl: string; medium: 'voice-note' | 'picture' });

/** `late`: the provider had not handed the message on when the adapter stopped waiting (what follows may overtake it). */
export type TapSendResult = { ok: true; late?: boolean } | { ok: false; reason: string };

/** Sends WhatsApp messages by REST (adapters/twilio/tap-messenger.ts). A reason names no person: codes and limits. */
export interface TapMessenger {
  send(message: TapMessage): Promise<TapSendResult>;
  /** Ok once the provider handed it on (sent to WhatsApp), so the next message cannot overtake it; waits at most `waitMs`. */
  sendLead(message: LeadMessage, waitMs: number): Promise<TapSendResult>;
}

/** The body of a WhatsApp message with buttons or a list: at most 1,024 characters (Twilio's twilio/quick-reply, twilio/list-picker). */
export const TAP_BODY_MAX = 1024;
const TEXT_MAX = CHANNEL_TEXT_LIMIT.whatsapp ?? 4096;

/**
 * One message of a turn sent by REST. `unheard`: the body to send instead when the voice note before it
 * failed (with the question's own words, which the note was to say).
 */
export type RestPart =
  | { kind: 'text'; body: string; unheard?: string }
  | { kind: 'voice-note'; speech: SpeechRef }
  | { kind: 'picture'; picture: PictureRef }
  | { kind: 'taps'; body: string; choices: TapChoices; unheard?: string };

const REST_REPLY_PARTS = new Set(['text', 'lang', 'choices', 'speech', 'afterSpeech', 'picture']);

const joined = (texts: readonly string[]): string => texts.filter((t) => t !== '').join('\n\n');

/**
 * The turn as the messages REST sends, in order, or null when it goes by TwiML: nothing to tap and no voice
 * note with words after it, two sets of choices or two notes, a note on another reply than the question to
 * tap, a picture or another part, or too long. A turn whose question is a note but has nothing to tap (an
 * open question: its hint, "you may answer with a voice message") goes so too: by TwiML the hint, made
 * without a fetch, would arrive before the note. UTF-16 lengths: never fewer than the characters WhatsApp
 * counts, so within its limits either way.
 */
export function restTurn(replies: readonly Reply[]): RestPart[] | null {
  // A part another channel feature adds still goes as TwiML does it.
  if (replies.some((r) => Object.entries(r).some(([key, value]) => value !== undefined && !REST_REPLY_PARTS.has(key)))) return null;
  const withChoices = replies.filter((r) => r.choices);
  const spoken = replies.filter((r) => r.speech);
  const pictured = replies.filter((r) => r.picture);
  if (withChoices.length > 1 || spoken.length > 1 || pictured.length > 1) return null;
  const choices = withChoices[0]?.choices;
  // The question: the reply that is heard, shown or tapped. Its note and picture go before its words.
  const question = spoken[0] ?? pictured[0] ?? withChoices[0];
  if (!question || (choices && !question.choices) || (pictured[0] && pictured[0] !== question)) return null;
  const { speech, picture } = question;
  if (!speech && !picture) {
    const body = joined(replies.map((r) => r.text));
    return choices && body !== '' && body.length <= TAP_BODY_MAX ? [{ kind: 'taps', body, choices }] : null;
  }
  // A picture with nothing to tap (a triad with more zones than a list holds) keeps its caption: TwiML.
  if (picture && !choices) return null;
  const at = replies.indexOf(question);
  const lead = joined(replies.slice(0, at).map((r) => r.text));
  // Voice first: only the options (or the hint) follow the note; voice and text: the question as written.
  const after = replies.slice(at + 1).map((r) => r.text);
  const body = joined([(speech ? question.afterSpeech : undefined) ?? question.text, ...after]);
  const unheard = joined([question.text, ...after]);
  const max = choices ? TAP_BODY_MAX : TEXT_MAX;
  if (unheard.length > max || body.length > max || lead.length > TEXT_MAX) return null;
  const other = unheard === body ? {} : { unheard };
  const last: RestPart[] = choices ? [{ kind: 'taps', body, choices, ...other }] : body === '' ? [] : [{ kind: 'text', body, ...other }];
  // A lone note with nothing after it has nothing to keep in order: TwiML sends it.
  if (last.length === 0) return null;
  return [
    ...(lead === '' ? [] : [{ kind: 'text' as const, body: lead }]),
    ...(speech ? [{ kind: 'voice-note' as const, speech }] : []),
    ...(picture ? [{ kind: 'picture' as const, picture }] : []),
    ...last,
  ];
}

/** What a part not sent by REST becomes in the TwiML reply (numbered text, the note as a message of its own). */
const asReply = (part: RestPart, unheard: boolean): Reply =>
  part.kind === 'voice-note'
    ? { text: '', speech: part.speech, afterSpeech: '' }
    : part.kind === 'picture'
      ? { text: '', picture: part.picture }
      : { text: unheard ? (part.unheard ?? part.body) : part.body };

const reasonOf = (error: unknown): string => (error instanceof Error ? error.name : 'unknown');

export interface RestOptions {
  voiceNoteUrl: (speech: SpeechRef) => string;
  pictureUrl: (picture: PictureRef) => string;
  clock: Clock;
  /**
   * No message is begun after it, and no note waited for beyond it: what is left goes by TwiML. Set so that
   * the last message begun still ends before the function's timeout, itself under Twilio's 15 s.
   */
  deadline: Date;
}

/**
 * Send the turn by REST where it has answers to tap; returns what is left for the TwiML reply: nothing
 * when all went, the turn itself when it goes as text or the first message failed, the rest when a later
 * one failed or the deadline came. Never throws: the answers are committed, and a failure here must not
 * make Twilio retry a message that was applied.
 */
export async function sendByRest(
  messenger: TapMessenger,
  logger: Logger,
  address: { to: string; from: string },
  replies: readonly Reply[],
  options: RestOptions,
): Promise<Reply[]> {
  const { voiceNoteUrl, pictureUrl, clock, deadline } = options;
  const parts = restTurn(replies);
  if (!parts) return [...replies];
  let late = false;
  let unheard = false;
  for (const [i, part] of parts.entries()) {
    if (clock.now() >= deadline) {
      logger.warn('taps.as-text', { reason: 'deadline', sent: i });
      return i === 0 ? [...replies] : parts.slice(i).map((p) => asReply(p, unheard));
    }
    let result: TapSendResult;
    try {
      result =
        part.kind === 'taps'
          ? await messenger.send({ ...address, body: unheard ? (part.unheard ?? part.body) : part.body, choices: part.choices })
          : await messenger.sendLead(
              part.kind === 'text'
                ? { ...address, body: unheard ? (part.unheard ?? part.body) : part.body }
                : part.kind === 'voice-note'
                  ? { ...address, mediaUrl: voiceNoteUrl(part.speech), medium: 'voice-note' }
                  : { ...address, mediaUrl: pictureUrl(part.picture), medium: 'picture' },
              // A duration, not a moment: the adapter measures it on its own clock.
              deadline.getTime() - clock.now().getTime(),
            );
    } catch (error) {
      result = { ok: false, reason: reasonOf(error) };
    }
    if (!result.ok && part.kind === 'voice-note') {
      // The note is lost, not the question: its words go with the buttons instead.
      logger.warn('taps.voice-note-failed', { reason: result.reason });
      unheard = true;
      continue;
    }
    if (!result.ok) {
      logger.warn('taps.as-text', { reason: result.reason, sent: i });
      return i === 0 ? [...replies] : parts.slice(i).map((p) => asReply(p, unheard));
    }
    late ||= result.late === true;
  }
  const taps = parts.at(-1);
  logger.info('taps.sent', {
    options: taps?.kind === 'taps' ? taps.choices.options.length : 0,
    voiceNote: parts.some((p) => p.kind === 'voice-note') && !unheard,
    ...(late ? { late } : {}),
  });
  return [];
}
