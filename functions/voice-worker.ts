import { awsSdk } from '../adapters/aws/sdk.js';
import { audioDurationSeconds } from '../adapters/audio/audio-duration.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { MAX_RECEIVES, SqsRetryDelay } from '../adapters/sqs/sqs-retry-delay.js';
import { VoiceJobMessage } from '../adapters/sqs/sqs-voice-queue.js';
import { twilioRestClient } from '../adapters/twilio/rest-client.js';
import { TwilioMediaSource } from '../adapters/twilio/twilio-media.js';
import { twilioMediaHosts } from '../adapters/twilio/media-hosts.js';
import { retryingTwilioFetch, TwilioMessenger } from '../adapters/twilio/twilio-messenger.js';
import { processVoice } from '../core/voice/process-voice.js';
import * as z from '../kernel/zod.js';
import { composeConversation } from './commons/compose.js';
import { composeVoice } from './commons/compose-voice.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { awsVoiceMedia, MEDIA_ENV } from './commons/media.js';
import { sqsBatchHandler } from './commons/sqs-batch.js';
import { readTwilioApiBase } from './commons/twilio-env.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda consumer of the voice queue: each message advances one voice job (fetch from Twilio → S3 →
 * Transcribe, or the human queue). A job that throws is reported back alone, so SQS retries just it
 * after a growing, jittered delay and moves it to the dead-letter queue after the configured receives.
 */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    ...MEDIA_ENV,
    TWILIO_ACCOUNT_SID: z.string().check(z.regex(/^AC[0-9a-f]{32}$/, 'an Account SID (AC…)')),
    /** Senders for telling a participant why a voice note was refused. */
    TWILIO_SMS_FROM: z.string().check(z.minLength(1)),
    TWILIO_WHATSAPP_FROM: z.string().check(z.minLength(1)),
  }),
);

/** TWILIO_REGION + TWILIO_EDGE (e.g. ie1 + dublin: Twilio's EU region), or api.twilio.com. */
const twilioApi = readTwilioApiBase();
const logger = new JsonLogger(undefined, { fn: 'voice-worker' });
// Read once per cold start from Secrets Manager (never in the environment).
const secrets = await loadSecrets();
const base = composeConversation({ dynamoDb: new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: secrets.keys, logger });
// Media comes from Twilio's API hosts, or from the REST base this worker is configured with (a regional
// edge): the credentials go nowhere the REST client does not already send them.
const apiBase = [`${new URL(twilioApi).origin}/`];
const voice = composeVoice(base, {
  media: new TwilioMediaSource(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken, twilioMediaHosts({ extra: () => apiBase })),
  ...awsVoiceMedia(env),
  audioDuration: audioDurationSeconds,
  messenger: new TwilioMessenger(twilioRestClient(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken, twilioApi, retryingTwilioFetch()), {
    sms: env.TWILIO_SMS_FROM,
    whatsapp: env.TWILIO_WHATSAPP_FROM,
  }),
});

// Made on the first failure only: most invocations never load the SQS package.
const retryDelay = new SqsRetryDelay(async () => new (awsSdk.sqs().SQSClient)({}));

// processVoice counts its own tries and hands a note that keeps failing to a person; the queue's
// growing delay spaces those tries out (a Transcribe throttle, a recording Twilio does not serve yet).
export const handler = sqsBatchHandler('voice-worker', VoiceJobMessage, (message) => processVoice(voice, message.jobId), logger, {
  maxReceives: MAX_RECEIVES,
  delay: (record, seconds) => retryDelay.delay(record, seconds),
});
