import * as z from '../../../kernel/zod.js';

/** Recorded phone prompts and studio codes, as the dashboard reads them. */

/**
 * The recorded call prompts of a project, for the survey version of its current round: per language,
 * the Polly voice that speaks it, or what to read (in the project's main language) and what is recorded.
 */
export const PromptsOverview = z.object({
  project: z.object({ id: z.string(), name: z.string() }),
  survey: z.object({ id: z.string(), version: z.number() }),
  mainLanguage: z.nullable(z.string()),
  languages: z.array(
    z.object({
      language: z.string(),
      voice: z.nullable(z.string()),
      required: z.number(),
      missing: z.number(),
      prompts: z.array(
        z.object({
          promptId: z.string(),
          read: z.string(),
          recorded: z.nullable(z.object({ at: z.string(), source: z.string() })),
        }),
      ),
    }),
  ),
});
export type PromptsOverview = z.infer<typeof PromptsOverview>;
export type PromptLanguage = PromptsOverview['languages'][number];
export const StudioCode = z.object({ code: z.string(), expiresAt: z.string(), callNumber: z.nullable(z.string()) });
export type StudioCode = z.infer<typeof StudioCode>;
export const PromptSaved = z.object({ language: z.string(), promptId: z.string(), seconds: z.number() });
