import type { Logger } from '../../core/ports.js';
import * as z from '../../kernel/zod.js';

/**
 * The EventBridge event `aws.transcribe` / `Transcribe Job State Change`. Events are best effort (the
 * sweep polls too) and only a hint: the job is advanced by asking Transcribe for its state.
 */
const TranscribeEvent = z.object({
  source: z.literal('aws.transcribe'),
  'detail-type': z.literal('Transcribe Job State Change'),
  detail: z.object({
    TranscriptionJobName: z.string().check(z.regex(/^[0-9a-zA-Z._-]{1,200}$/)),
    TranscriptionJobStatus: z.enum(['QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED']),
  }),
});

export type JobStateChange = { jobName: string; status: 'COMPLETED' | 'FAILED' };
export type OnJobStateChange = (jobName: string, status: JobStateChange['status']) => Promise<void>;

/** The job and its final status, or null for anything else (another event, a non-final status, garbage). */
export function parseTranscribeEvent(event: unknown): JobStateChange | null {
  const parsed = TranscribeEvent.safeParse(event);
  if (!parsed.success) return null;
  const { TranscriptionJobName: jobName, TranscriptionJobStatus: status } = parsed.data.detail;
  return status === 'COMPLETED' || status === 'FAILED' ? { jobName, status } : null;
}

/** Errors from `onJobStateChange` propagate, so Lambda retries the asynchronous invocation. */
export function jobStateChangeHandler(onJobStateChange: OnJobStateChange, logger?: Logger): (event: unknown) => Promise<void> {
  return async (event) => {
    const change = parseTranscribeEvent(event);
    // Not ours to retry: a malformed event would fail forever. Logged without its content.
    if (!change) {
      logger?.warn('transcribe-event.ignored');
      return;
    }
    await onJobStateChange(change.jobName, change.status);
  };
}
