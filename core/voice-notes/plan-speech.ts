import type { Askable } from '../../flows/answers.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import type { Channel, Contact, Project, Reply } from '../model.js';
import type { LanguageChain, Texts } from '../texts.js';
import { afterVoiceNote } from './say.js';
import type { VoiceNoteMode } from './speech.js';

/**
 * How this person gets their WhatsApp questions: as they asked (TEXT: written only; VOICE: voice notes
 * too, even where the project writes only), else as the project chose.
 */
export function voiceNoteMode(project: Pick<Project, 'voiceNotes'>, contact: Pick<Contact, 'voiceNotes'> | null): VoiceNoteMode {
  const chosen = project.voiceNotes ?? 'text';
  if (contact?.voiceNotes === 'text') return 'text';
  if (contact?.voiceNotes === 'voice') return chosen === 'text' ? 'voice-and-text' : chosen;
  return chosen;
}

export interface Asking {
  question: Askable;
  again: boolean;
  chain: LanguageChain;
  survey: SurveyDefinition;
  /** Whose recordings may say it, and how the project sends its WhatsApp questions. */
  project: Pick<Project, 'organisationId' | 'voiceNotes'>;
  contact: Contact | null;
  channel: Channel;
}

/**
 * A question's reply with its voice note named, where one may go: WhatsApp only (SMS carries no audio; a
 * call speaks anyway), when this person's mode says so, and in the person's own language only when the
 * survey words the question in it (a question shown in a fallback language is not said in another). The
 * planner cannot know whether a voice or a recording can say it: the edge checks and drops it if not
 * (core/voice-notes/availability.ts), and the reply then goes as written.
 */
export function withSpeech(reply: Reply, a: Asking, texts: Texts): Reply {
  if (a.channel !== 'whatsapp') return reply;
  const mode = voiceNoteMode(a.project, a.contact);
  const language = a.chain[0];
  if (mode === 'text' || !language || !a.question.text[language]) return reply;
  const speech = {
    organisationId: a.project.organisationId,
    surveyId: a.survey.id,
    surveyVersion: a.survey.version,
    questionId: a.question.id,
    language,
  };
  if (mode === 'voice-and-text') return { ...reply, speech };
  return { ...reply, speech, afterSpeech: afterVoiceNote(a.question, a.again, a.chain, a.survey, texts) };
}
