import * as z from '../../../kernel/zod.js';
import { LocalizedText } from './api-shapes.js';

/** The transcription queue and a round's voice answers, as the dashboard reads them. */

/** The human transcription queue (interpreters of the network; the organisation's own people when it allows; coordinators get an empty list). */
export const VoiceQueue = z.object({
  jobs: z.array(
    z.object({
      jobId: z.string(),
      projectId: z.nullable(z.string()),
      roundId: z.nullable(z.string()),
      questionId: z.nullable(z.string()),
      language: z.nullable(z.string()),
      day: z.string(),
      /** Why no machine transcribed it; null: no speech-to-text for this language here. */
      reason: z.nullable(z.string()),
      /** Someone else is listening to it now (for 30 minutes at most). */
      takenByColleague: z.boolean(),
      /** `network`: heard as a stranger, told nothing about organisation, project or question. */
      access: z.enum(['own', 'network']),
    }),
  ),
  /** Whether the caller's organisation lets its own people hear its participants' voices, and why (null: it does not, or no organisation). */
  ownListening: z.nullable(z.object({ reason: z.string(), since: z.string() })),
  /** Staff may change that choice. */
  canChange: z.boolean(),
});
export type VoiceQueue = z.infer<typeof VoiceQueue>;
export const OwnListeningView = z.object({ ownListening: VoiceQueue.shape.ownListening, canChange: z.boolean() });
export type VoiceJob = VoiceQueue['jobs'][number];
export const TranscriptSaved = z.object({ ok: z.literal(true) });

/** Just the question texts of a survey version, to say which question a voice answer answers. */
const SurveyQuestion = z.object({
  id: z.string(),
  text: LocalizedText,
  probe: z.optional(z.object({ text: LocalizedText })),
});
export const SurveyQuestions = z.object({
  definition: z.object({ id: z.string(), version: z.number(), languages: z.array(z.string()), questions: z.array(SurveyQuestion) }),
});
export type SurveyQuestions = z.infer<typeof SurveyQuestions>;

export const VoiceAnswers = z.object({
  round: z.object({ roundId: z.string(), label: z.string() }),
  answers: z.array(
    z.object({
      respondentCode: z.string(),
      questionId: z.string(),
      questionText: z.string(),
      voice: z.string(),
      transcript: z.nullable(z.string()),
      translation: z.nullable(z.string()),
      day: z.string(),
    }),
  ),
});
export type VoiceAnswers = z.infer<typeof VoiceAnswers>;
