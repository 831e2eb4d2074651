import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { DynamoDbVoiceJobs } from '../adapters/dynamodb/voice-jobs.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import type { Logger } from '../core/ports.js';
import { completeFromProvider } from '../core/voice/process-voice.js';
import * as z from '../core/zod.js';
import { noProviderMedia, systemClock } from './commons/compose.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { awsVoiceMedia, MEDIA_ENV } from './commons/media.js';

/**
 * EventBridge target for `aws.transcribe` / `Transcribe Job State Change`. Events are best effort (the
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
export function createHandler(onJobStateChange: OnJobStateChange, logger?: Logger): (event: unknown) => Promise<void> {
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

/** The Lambda's wiring, read and built once, on the first event (so tests can import this module). */
async function fromEnv(): Promise<{ onJobStateChange: OnJobStateChange; logger: Logger }> {
  const env = readEnv(
    z.object({
      TABLE_NAME: z.string().check(z.minLength(1)),
      ...MEDIA_ENV,
    }),
  );
  const logger = new JsonLogger(undefined, { fn: 'transcribe-events' });
  const voiceJobs = new DynamoDbVoiceJobs(documentClient(new DynamoDBClient({})), env.TABLE_NAME);
  const deps = {
    jobs: voiceJobs,
    answers: voiceJobs,
    // Completion only meets jobs already transcribing: the provider's copy of the media is gone by then.
    media: noProviderMedia('transcribe-events'),
    ...awsVoiceMedia(env),
    protector: new NodeCryptoProtector((await loadSecrets()).keys),
    clock: systemClock,
    logger,
    // Completion events never fetch a note, so never refuse one: no participant to tell here.
    notices: null,
  };
  return { onJobStateChange: (jobName) => completeFromProvider(deps, jobName), logger };
}

let wired: ((event: unknown) => Promise<void>) | undefined;

export async function handler(event: unknown): Promise<void> {
  if (!wired) {
    const { onJobStateChange, logger } = await fromEnv();
    wired = createHandler(onJobStateChange, logger);
  }
  await wired(event);
}
