import * as z from '../../kernel/zod.js';

/**
 * The part of Transcribe's result JSON (`{ jobName, accountId, status, results: { transcripts, items,
 * language_code? } }`) that Stem reads. It holds unredacted text: read it, then delete it.
 */
export const TranscriptResult = z.object({
  jobName: z.string(),
  status: z.string(),
  results: z.object({
    transcripts: z.array(z.object({ transcript: z.string() })),
    language_code: z.optional(z.string()),
  }),
});
export type TranscriptResult = z.infer<typeof TranscriptResult>;

export class TranscriptResultError extends Error {
  readonly code = 'TRANSCRIPT_RESULT';
  constructor() {
    // Never the content, nor the parser's message: it is unredacted speech.
    super('the transcript object is not a Transcribe result');
    this.name = 'TranscriptResultError';
  }
}

export function parseTranscriptResult(text: string): TranscriptResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TranscriptResultError();
  }
  const parsed = TranscriptResult.safeParse(json);
  if (!parsed.success) throw new TranscriptResultError();
  return parsed.data;
}

export function transcriptText(result: TranscriptResult): string {
  return result.results.transcripts
    .map((t) => t.transcript.trim())
    .filter((t) => t.length > 0)
    .join(' ');
}
