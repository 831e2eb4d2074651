import { awsSdk } from '../adapters/aws/sdk.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { DeliveryJobMessage } from '../adapters/sqs/sqs-job-queue.js';
import { MAX_RECEIVES, SqsRetryDelay } from '../adapters/sqs/sqs-retry-delay.js';
import { twilioRestClient } from '../adapters/twilio/rest-client.js';
import { TwilioDialer } from '../adapters/twilio/twilio-dialer.js';
import { retryingTwilioFetch, TwilioMessenger } from '../adapters/twilio/twilio-messenger.js';
import { deliver } from '../core/rounds/deliver.js';
import * as z from '../kernel/zod.js';
import { composeConversation } from './commons/compose.js';
import { messageStatusUrl } from '../http/message-status-url.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { sqsBatchHandler } from './commons/sqs-batch.js';
import { readTwilioApiBase } from './commons/twilio-env.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda consumer of the delivery queues (one per channel; the event source mapping's maximum
 * concurrency paces each channel). Twilio's 429 is waited out briefly in place (retryingTwilioFetch); a
 * job that still fails is reported back alone, so SQS retries just it after a growing, jittered delay,
 * and on its last receive the failure is recorded on the invitation (staff see it in the round's
 * progress) before SQS moves the job to the dead-letter queue, whose alarm tells the operators.
 */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    TWILIO_ACCOUNT_SID: z.string().check(z.regex(/^AC[0-9a-f]{32}$/, 'an Account SID (AC…)')),
    TWILIO_SMS_FROM: z.string().check(z.minLength(1)),
    TWILIO_WHATSAPP_FROM: z.string().check(z.minLength(1)),
    /** With both, invitations to phone participants are calls (from this number, back to this URL). */
    TWILIO_VOICE_FROM: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number'))),
    PUBLIC_URL: z.optional(z.url()),
  }),
);

/** TWILIO_REGION + TWILIO_EDGE (e.g. ie1 + dublin: Twilio's EU region), or api.twilio.com. */
const twilioApi = readTwilioApiBase();
const logger = new JsonLogger(undefined, { fn: 'delivery-worker' });
// Read once per cold start from Secrets Manager (never in the environment).
const secrets = await loadSecrets();
const base = composeConversation({ dynamoDb: new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: secrets.keys, logger });
const publicUrl = env.PUBLIC_URL;
const rest = twilioRestClient(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken, twilioApi, retryingTwilioFetch());
const deps = {
  ...base,
  // With PUBLIC_URL, Twilio reports each message's delivery (delivered, not delivered and why) back to Stem.
  messenger: new TwilioMessenger(
    rest,
    { sms: env.TWILIO_SMS_FROM, whatsapp: env.TWILIO_WHATSAPP_FROM },
    undefined,
    publicUrl ? (ticket) => messageStatusUrl(publicUrl, ticket) : undefined,
  ),
  dialer: env.TWILIO_VOICE_FROM && env.PUBLIC_URL ? new TwilioDialer(rest, { from: env.TWILIO_VOICE_FROM, publicUrl: env.PUBLIC_URL }) : null,
};

// Made on the first failure only: most invocations never load the SQS package.
const retryDelay = new SqsRetryDelay(async () => new (awsSdk.sqs().SQSClient)({}));

export const handler = sqsBatchHandler('delivery', DeliveryJobMessage, (job, attempt) => deliver(deps, job, attempt), logger, {
  maxReceives: MAX_RECEIVES,
  delay: (record, seconds) => retryDelay.delay(record, seconds),
});
