import * as z from '../../../kernel/zod.js';

/** Questions as WhatsApp voice notes, as the dashboard reads them (GET/PUT /api/projects/{id}/voice-notes). */
export const VoiceNotesView = z.object({
  mode: z.enum(['text', 'voice-and-text', 'voice-first']),
  survey: z.nullable(z.object({ id: z.string(), version: z.number() })),
  languages: z.array(
    z.object({
      language: z.string(),
      cover: z.enum(['voice', 'recordings', 'some-recordings', 'text']),
      voice: z.nullable(z.string()),
      questions: z.number(),
      recorded: z.number(),
    }),
  ),
});
export type VoiceNotesView = z.infer<typeof VoiceNotesView>;
