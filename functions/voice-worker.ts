import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { S3AudioStore } from '../adapters/s3/s3-audio-store.js';
import { VoiceJobMessage } from '../adapters/sqs/sqs-voice-queue.js';
import { AwsTranscriber } from '../adapters/transcribe/aws-transcriber.js';
import { twilioRestClient } from '../adapters/twilio/rest-client.js';
import { TwilioMediaSource } from '../adapters/twilio/twilio-media.js';
import { TwilioMessenger } from '../adapters/twilio/twilio-messenger.js';
import { processVoice } from '../core/voice/process-voice.js';
import * as z from '../core/zod.js';
import { composeConversation, composeVoice } from './commons/compose.js';
import { loadSecrets, readEnv } from './commons/env.js';

/**
 * Lambda consumer of the voice queue: each message advances one voice job (fetch from Twilio → S3 →
 * Transcribe, or the human queue). A job that throws is reported back alone, so SQS retries just it
 * after the visibility timeout and moves it to the dead-letter queue after the configured receives.
 */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    AUDIO_BUCKET: z.string().check(z.minLength(1)),
    TRANSCRIPT_BUCKET: z.string().check(z.minLength(1)),
    MEDIA_KMS_KEY_ID: z.string().check(z.minLength(1)),
    TWILIO_ACCOUNT_SID: z.string().check(z.regex(/^AC[0-9a-f]{32}$/, 'an Account SID (AC…)')),
    /** A Twilio edge/region (e.g. https://api.dublin.ie1.twilio.com) keeps data in the EU. */
    TWILIO_API_BASE: z._default(z.url(), 'https://api.twilio.com'),
    /** Senders for telling a participant why a voice note was refused. */
    TWILIO_SMS_FROM: z.string().check(z.minLength(1)),
    TWILIO_WHATSAPP_FROM: z.string().check(z.minLength(1)),
  }),
);

const logger = new JsonLogger(undefined, { fn: 'voice-worker' });
// Read once per cold start from Secrets Manager (never in the environment).
const secrets = await loadSecrets();
const base = composeConversation({ dynamoDb: new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: secrets.keys, logger });
const s3 = new S3Client({});
const voice = composeVoice(base, {
  media: new TwilioMediaSource(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken),
  audio: new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID),
  transcribers: [new AwsTranscriber(new TranscribeClient({}), s3, { audioBucket: env.AUDIO_BUCKET, outputBucket: env.TRANSCRIPT_BUCKET, kmsKeyId: env.MEDIA_KMS_KEY_ID })],
  messenger: new TwilioMessenger(twilioRestClient(env.TWILIO_ACCOUNT_SID, secrets.twilioAuthToken, env.TWILIO_API_BASE), {
    sms: env.TWILIO_SMS_FROM,
    whatsapp: env.TWILIO_WHATSAPP_FROM,
  }),
});

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const message = VoiceJobMessage.safeParse(parseJson(record.body));
    if (!message.success) {
      // Not ours to retry: a malformed message would fail forever. Logged without its content.
      logger.error('voice-worker.malformed-job');
      continue;
    }
    try {
      await processVoice(voice, message.data.jobId);
    } catch (error) {
      logger.warn('voice-worker.retry', { error: error instanceof Error ? error.name : 'unknown' });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
