import * as z from '../../kernel/zod.js';

/**
 * WhatsApp questions heard as voice notes: the values the rest of the code names. Kept free of other
 * imports, so that core/model.ts can name them without a cycle.
 *
 * A project chooses how its WhatsApp questions go: `text` (written only, as before), `voice-and-text` (the
 * question written, then its voice note), `voice-first` (the voice note, then only the answer options
 * written). A participant may choose for themselves with a command word (VOICE / TEXT in their language).
 */
export const VoiceNoteMode = z.enum(['text', 'voice-and-text', 'voice-first']);
export type VoiceNoteMode = z.infer<typeof VoiceNoteMode>;

/** What a participant asked for: voice notes, or text only. */
export const VoiceNoteChoice = z.enum(['voice', 'text']);
export type VoiceNoteChoice = z.infer<typeof VoiceNoteChoice>;

/**
 * One question of one survey version said in one language: what a voice note is made from. The channel
 * edge turns it into a signed, expiring URL; the voice-note route makes the audio on Twilio's first fetch.
 * `organisationId`: whose recorded prompts stand in where no voice speaks the language.
 */
export const SpeechRef = z.object({
  organisationId: z.string(),
  surveyId: z.string(),
  surveyVersion: z.int(),
  questionId: z.string(),
  language: z.string(),
});
export type SpeechRef = z.infer<typeof SpeechRef>;
