import type { Askable } from '../../flows/answers.js';
import type { CompiledSurvey } from '../../flows/compile.js';
import type { Channel, PictureRef, Reply, TapChoices } from '../model.js';
import { smsSegments, type SmsEncoding } from '../sms-segments.js';
import type { LanguageChain, Texts } from '../texts.js';
import { voiceNoteText } from '../voice-notes/say.js';
import type { SpeechRef, VoiceNoteMode } from '../voice-notes/speech.js';
import { askReplies } from './ask.js';
import { messageGroups, writtenText } from './message-groups.js';
import { restTurn } from './tap-delivery.js';

/**
 * A survey version as its participants get it, question by question, on one channel — for staff to see
 * before a launch. Nothing here renders a question: each is asked by askReplies (ask.ts), the function
 * the conversation's planner asks with, as a first ask (no apology) of someone who chose nothing for
 * themselves (the project's voice-note mode, or the one staff try). What the delivery then does with the
 * replies is also the delivery's own code: one SMS per turn (message-groups.ts, as the TwiML writer),
 * WhatsApp's messages to tap (tap-delivery.ts `restTurn`, else as TwiML sends them), a call's spoken parts.
 * Pure: whether a voice note can be made, and which prompts are recorded, the caller finds out (store reads).
 */
export interface PreviewSettings {
  survey: CompiledSurvey;
  /** The participant's chain: their language, then the project's fallbacks (languageChain). */
  chain: LanguageChain;
  channel: Channel;
  /** Whose recordings say a question where no voice speaks its language. */
  organisationId: string;
  /** How WhatsApp questions go (the project's choice, or one staff try out). */
  voiceNotes: VoiceNoteMode;
  /** In a call, the languages whose prompts are all recorded (load-view.ts finds them so). */
  recorded: readonly string[];
}

export interface AskedQuestion {
  question: Askable;
  replies: Reply[];
}

/** Every question of the survey (probes included), in order, with the replies that ask it. */
export function askEveryQuestion(s: PreviewSettings, texts: Texts): AskedQuestion[] {
  const survey = s.survey.definition;
  return [...s.survey.askables.values()].map((question) => ({
    question,
    replies: askReplies(
      {
        question,
        again: false,
        heardNothing: false,
        keptWords: false,
        chain: s.chain,
        survey,
        project: { organisationId: s.organisationId, voiceNotes: s.voiceNotes },
        contact: null,
        channel: s.channel,
        recorded: s.recorded,
      },
      texts,
    ),
  }));
}

/** An SMS: the turn's replies in one message (one TwiML <Message>), and the parts a carrier bills for it. */
export function smsMessage(replies: readonly Reply[]): { text: string; parts: number; encoding: SmsEncoding } {
  const text = writtenText(messageGroups(replies, false).flatMap((g) => (g.kind === 'written' ? g.replies : [])));
  const { segments, encoding } = smsSegments(text);
  return { text, parts: segments, encoding };
}

/** One WhatsApp message of a question's turn, in the order they are sent. */
export type WhatsappPart =
  | { kind: 'text'; text: string; picture?: PictureRef }
  | { kind: 'voice-note'; speech: SpeechRef; says: string }
  | { kind: 'picture'; picture: PictureRef }
  | { kind: 'taps'; text: string; choices: TapChoices };

/**
 * The WhatsApp messages of a question's turn: as the REST delivery sends a turn with answers to tap or a
 * voice note (restTurn), when `taps` (the provider takes them); else as the webhook's reply sends it,
 * numbered text with the picture and each voice note a message of its own. Replies whose voice note
 * cannot be made must have lost it already (keepSpeakable), as at the edge.
 */
export function whatsappParts(asked: AskedQuestion, survey: CompiledSurvey, texts: Texts, taps: boolean): WhatsappPart[] {
  const says = (speech: SpeechRef): string => voiceNoteText(asked.question, speech.language, survey.definition, texts);
  const rest = taps ? restTurn(asked.replies) : null;
  if (rest) {
    return rest.map((part): WhatsappPart => {
      switch (part.kind) {
        case 'text':
          return { kind: 'text', text: part.body };
        case 'voice-note':
          return { kind: 'voice-note', speech: part.speech, says: says(part.speech) };
        case 'picture':
          return { kind: 'picture', picture: part.picture };
        case 'taps':
          return { kind: 'taps', text: part.body, choices: part.choices };
      }
    });
  }
  return messageGroups(asked.replies, true).flatMap((group): WhatsappPart[] => {
    if (group.kind === 'voice-note') return [{ kind: 'voice-note', speech: group.speech, says: says(group.speech) }];
    const text = writtenText(group.replies);
    const picture = group.replies.find((r) => r.picture)?.picture;
    return text === '' && !picture ? [] : [{ kind: 'text', text, ...(picture ? { picture } : {}) }];
  });
}

/** A call's spoken parts of a question: what each says, in which language, and what can be recorded for it. */
export const spokenParts = (asked: AskedQuestion): Reply[] => asked.replies.filter((r) => r.text.trim() !== '');
