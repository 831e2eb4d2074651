import type { Askable } from '../../flows/answers.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import type { Channel, Contact, Project, Reply } from '../model.js';
import type { LanguageChain, Texts } from '../texts.js';
import { withSpeech } from '../voice-notes/plan-speech.js';
import { consentPromise, questionReply } from './render.js';
import { spokenQuestion } from './spoken.js';

/** One question being asked, and how (plan/context.ts `ask`; the survey preview asks each question so too). */
export interface QuestionAsked {
  question: Askable;
  again: boolean;
  /** Asked again after silence in a call ("I did not hear"), not after words that made no answer. */
  heardNothing: boolean;
  /** Asked again after words kept as a comment ("we keep what you wrote"). */
  keptWords: boolean;
  chain: LanguageChain;
  survey: SurveyDefinition;
  project: Pick<Project, 'organisationId' | 'voiceNotes'>;
  contact: Contact | null;
  channel: Channel;
  /** In a call, the languages whose prompts are all recorded (they translate the survey); none in a message. */
  recorded: readonly string[];
}

/**
 * The replies that ask a question on its channel — the one place that decides it, for the conversation
 * and for the preview staff see. In a call: the spoken prompts. In a message: the consent's promise (a
 * reply of its own, first), then the question with what its channel adds — a WhatsApp triad its picture,
 * a WhatsApp closed question its answers to tap, and its voice note where the person's mode says so.
 */
export function askReplies(a: QuestionAsked, texts: Texts): Reply[] {
  const { question, again, chain, survey } = a;
  if (a.channel === 'voice') {
    const why = !again ? false : a.heardNothing ? 'silence' : 'unclear';
    return spokenQuestion(question, why, chain, survey, texts, a.recorded);
  }
  const promise = consentPromise(question, again, chain, texts);
  const reply = questionReply(question, again && a.keptWords ? 'kept' : again, chain, survey, texts, a.channel);
  const asking = { question, again, chain, survey, project: a.project, contact: a.contact, channel: a.channel };
  return [...(promise ? [{ text: promise }] : []), withSpeech(reply, asking, texts)];
}
