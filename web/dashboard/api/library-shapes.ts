import * as z from '../../../kernel/zod.js';
import { LocalizedText } from './api-shapes.js';

/** What the API says of the network's library (http/api/library-routes.ts), parsed, not cast. */
export const LibraryEntry = z.object({
  entryId: z.string(),
  title: LocalizedText,
  languages: z.array(
    z.object({ language: z.string(), state: z.enum(['machine', 'draft', 'reviewed']), by: z.optional(z.string()), at: z.optional(z.string()) }),
  ),
  questions: z.object({ count: z.number(), kinds: z.record(z.string(), z.number()) }),
  organisation: z.object({ organisationId: z.string(), name: z.string() }),
  publishedAt: z.string(),
  mine: z.boolean(),
  source: z.nullable(z.object({ surveyId: z.string(), version: z.number() })),
});
export type LibraryEntry = z.infer<typeof LibraryEntry>;
export const LibraryList = z.object({ entries: z.array(LibraryEntry) });
export const LibraryPublished = z.object({ entry: LibraryEntry });
export const LibraryCopied = z.object({ survey: z.object({ surveyId: z.string(), version: z.number() }) });
