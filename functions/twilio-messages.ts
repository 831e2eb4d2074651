import { awsSdk } from '../adapters/aws/sdk.js';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { S3AudioStore } from '../adapters/s3/s3-audio-store.js';
import { SqsVoiceQueue } from '../adapters/sqs/sqs-voice-queue.js';
import { TwilioMediaSource } from '../adapters/twilio/twilio-media.js';
import * as z from '../kernel/zod.js';
import { composeConversation } from './commons/compose.js';
import { composeTaps } from './commons/compose-taps.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { serviceNumberSet } from '../core/conversation/our-numbers.js';
import { messagingRoutes } from '../http/messaging-routes.js';
import { studioRoutes } from '../http/studio-routes.js';
import { voiceRoutes } from '../http/call-webhook-routes.js';
import { messageStatusRoutes } from '../http/message-status-routes.js';
import { VoiceNoteAvailability } from '../core/voice-notes/availability.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda entry point for Twilio's webhooks (API Gateway HTTP API, payload v2): messages and their
 * status callbacks, calls and theirs, the prompt studio, and the recorded prompts calls <Play>. One conversation.
 * Optional settings (voice queue, media bucket, Twilio account) switch on what needs them.
 */
const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    PUBLIC_URL: z.url(),
    /** Voice jobs go here right after their commit (without it, the sweep picks them up). */
    VOICE_QUEUE_URL: z.optional(z.url()),
    /** Recorded prompts (and studio takes) live in the media bucket. */
    AUDIO_BUCKET: z.optional(z.string().check(z.minLength(1))),
    MEDIA_KMS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
    /** The studio copies Twilio's recordings, and WhatsApp answers to tap are sent, with the account's credentials. */
    TWILIO_ACCOUNT_SID: z.optional(z.string()),
    /** Twilio's region (functions/commons/twilio-env.ts): answers to tap only in US1, the default. */
    TWILIO_REGION: z.optional(z.string()),
    /** A stand-in for Twilio's REST APIs (tests). */
    TWILIO_API_BASE: z.optional(z.url()),
    /** Our numbers, comma-separated (`+32…` or `whatsapp:+32…`): messages and calls to others are only counted. */
    SERVICE_NUMBERS: z.pipe(
      z.pipe(
        z.string(),
        z.transform((list) => list.split(',').map((n) => n.trim())),
      ),
      z.array(z.string().check(z.regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'E.164 numbers, comma-separated'))).check(z.minLength(1)),
    ),
  }),
);

// Read once per cold start from Secrets Manager (never in the environment or the template).
const secrets = await loadSecrets();
// SQS (voice jobs) and S3 (recorded prompts, and voice notes a DELETE removes) serve only some requests:
// loaded on first use, not at cold start.
const sqs = () => Promise.resolve(new (awsSdk.sqs().SQSClient)({}));
const s3 = () => Promise.resolve(new (awsSdk.s3().S3Client)({}));
const audio = env.AUDIO_BUCKET && env.MEDIA_KMS_KEY_ID ? new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID) : null;
const dynamoDb = new DynamoDBClient({});
const base = composeConversation({
  dynamoDb,
  tableName: env.TABLE_NAME,
  keys: secrets.keys,
  logger: new JsonLogger(undefined, { fn: 'twilio-messages' }),
  ...(audio ? { audio } : {}),
});
const withQueue = env.VOICE_QUEUE_URL ? { ...base, voiceQueue: new SqsVoiceQueue(sqs, env.VOICE_QUEUE_URL) } : base;
// WhatsApp answers to tap, with the account's credentials. Twilio offers content templates in US1 only
// (error 21671 in IE1: https://www.twilio.com/docs/api/errors/21671); TWILIO_API_BASE is a stand-in for both APIs.
const sid = env.TWILIO_ACCOUNT_SID;
const deps =
  sid && /^AC[0-9a-f]{32}$/.test(sid) && (env.TWILIO_REGION ?? 'us1') === 'us1'
    ? {
        ...withQueue,
        taps: composeTaps({
          dynamoDb,
          tableName: env.TABLE_NAME,
          accountSid: sid,
          authToken: secrets.twilioAuthToken,
          bases: { api: env.TWILIO_API_BASE ?? 'https://api.twilio.com', content: env.TWILIO_API_BASE ?? 'https://content.twilio.com' },
        }),
      }
    : withQueue;

const twilio = { publicUrl: env.PUBLIC_URL, twilioAuthToken: secrets.twilioAuthToken, serviceNumbers: serviceNumberSet(env.SERVICE_NUMBERS) };
// WhatsApp questions may carry voice notes, made by the stack's voice-notes function: Polly says them in
// languages with a voice, and staff's recorded prompts are transcoded there (WebAssembly) for the others —
// so for those the recorded prompts of the survey version and language are listed (a Query, kept a minute).
const voiceNotes = new VoiceNoteAvailability({ prompts: deps.prompts, clock: deps.clock, synthesizer: true, transcoder: true });
const app = new Hono();
app.route('/', messagingRoutes(deps, twilio, voiceNotes));
app.route('/', voiceRoutes(deps, twilio, audio ? { store: deps.prompts, audio } : undefined));
app.route('/', messageStatusRoutes(deps, twilio));
if (audio && env.TWILIO_ACCOUNT_SID && /^AC[0-9a-f]{32}$/.test(env.TWILIO_ACCOUNT_SID)) {
  app.route('/', studioRoutes({ ...deps, audio, media: new TwilioMediaSource(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken, base.mediaUrls) }, twilio));
}
export const handler = handle(app);
