import { awsSdk } from '../adapters/aws/sdk.js';
import { audioDurationSeconds } from '../adapters/audio/audio-duration.js';
import { NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { DynamoDbVoiceJobs } from '../adapters/dynamodb/voice-jobs.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { jobStateChangeHandler } from '../adapters/transcribe/job-state-event.js';
import { completeFromProvider } from '../core/voice/process-voice.js';
import * as z from '../kernel/zod.js';
import { systemClock } from '../adapters/time/system-clock.js';
import { noProviderMedia } from './commons/compose-voice.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { awsVoiceMedia, MEDIA_ENV } from './commons/media.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * EventBridge target for Transcribe's job state changes (adapters/transcribe/job-state-event.ts): a
 * finished job's redacted transcript is attached to its answer and the media deleted.
 */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    ...MEDIA_ENV,
  }),
);
const logger = new JsonLogger(undefined, { fn: 'transcribe-events' });
// Read once per cold start from Secrets Manager (never in the environment).
const secrets = await loadSecrets();
const voiceJobs = new DynamoDbVoiceJobs(documentClient(new DynamoDBClient({})), env.TABLE_NAME);
const deps = {
  jobs: voiceJobs,
  answers: voiceJobs,
  // Completion only meets jobs already transcribing: the provider's copy of the media is gone by then.
  media: noProviderMedia('transcribe-events'),
  ...awsVoiceMedia(env),
  audioDuration: audioDurationSeconds,
  protector: new NodeCryptoProtector(secrets.keys),
  clock: systemClock,
  logger,
  // Completion events never fetch a note, so never refuse one: no participant to tell here.
  notices: null,
};

export const handler = jobStateChangeHandler((jobName) => completeFromProvider(deps, jobName), logger);
