import { awsSdk } from '../adapters/aws/sdk.js';
import { clientOf } from '../adapters/aws/lazy-client.js';
import type { DynamoDBClient as DynamoDbClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { JsVoiceDisguiser } from '../adapters/audio/js-voice-disguiser.js';
import type { ServiceSecrets } from '../adapters/aws/service-secrets.js';
import { CognitoAuthenticator, cognitoIdTokenVerifier, type IdTokenVerifier } from '../adapters/cognito/cognito-authenticator.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { DynamoDbUsers } from '../adapters/dynamodb/users.js';
import { DynamoDbVoiceJobs } from '../adapters/dynamodb/voice-jobs.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { systemClock } from '../adapters/time/system-clock.js';
import { S3AudioStore } from '../adapters/s3/s3-audio-store.js';
import type { Logger } from '../core/ports.js';
import * as z from '../kernel/zod.js';
import { composeVoice, noAudioDuration, noProviderMedia } from './commons/compose-voice.js';
import { apiEnvShape } from './commons/api-env.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { apiBase, withNotFound } from '../http/api/api-base.js';
import type { ApiEnv } from '../http/api/context.js';
import { mountVoiceRoutes } from '../http/api/voice-api-app.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda entry point of the human transcription queue (/api/voice, /api/interpreters) behind the same
 * HTTP API as the staff API: the same Cognito ID tokens and authorization, in a function of its own
 * because disguising voices (libopus in WebAssembly) and redacting transcripts would take the staff API
 * over its bundle budget.
 */

const VoiceApiEnv = z.object(apiEnvShape);
export type VoiceApiEnv = z.infer<typeof VoiceApiEnv>;

export const readVoiceApiEnv = (env: NodeJS.ProcessEnv = process.env): VoiceApiEnv => readEnv(VoiceApiEnv, env);

export interface VoiceApiWiring {
  env: VoiceApiEnv;
  secrets: ServiceSecrets;
  verifier: IdTokenVerifier;
  dynamoDb?: DynamoDbClient;
  s3?: S3Client;
  logger?: Logger;
}

export function createVoiceApiApp(w: VoiceApiWiring): Hono<ApiEnv> {
  const { env } = w;
  const logger = w.logger ?? new JsonLogger(undefined, { fn: 'voice-api' });
  // Only what the queue uses (not composeConversation): the conversation's catalog, texts and engine
  // would weigh on this bundle for nothing.
  const db = documentClient(w.dynamoDb ?? new DynamoDBClient({}));
  const base = { voiceJobs: new DynamoDbVoiceJobs(db, env.TABLE_NAME), protector: new NodeCryptoProtector(w.secrets.keys), clock: systemClock, logger };
  const users = new DynamoDbUsers(db, env.TABLE_NAME);
  const s3 = w.s3 ?? clientOf(() => Promise.resolve(new (awsSdk.s3().S3Client)({})));
  // People transcribe here; machines (and notices to participants) run in the voice worker.
  const voice = composeVoice(base, {
    media: noProviderMedia('the voice queue'),
    audio: new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID),
    transcribers: [],
    messenger: null,
    audioDuration: noAudioDuration('the voice queue'),
  });
  const deps = { logger, users, voice, authenticator: new CognitoAuthenticator(w.verifier) };
  // No ffmpeg in Lambda: voices are disguised in TypeScript and WebAssembly, sized to fit a Lambda answer
  // (6 MB after base64, passed on whole by the dashboard function). No OpenAPI document: the gateway sends
  // /api/openapi.json to the staff API (/api/{proxy+}), never here (cdk/stack/staff-functions.ts).
  return withNotFound(mountVoiceRoutes(apiBase(deps, null), deps, new JsVoiceDisguiser({ maxBytes: 4_000_000 })));
}

export type VoiceApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export function createVoiceApiHandler(w: VoiceApiWiring): VoiceApiHandler {
  return handle(createVoiceApiApp(w)) as VoiceApiHandler;
}

const env = readVoiceApiEnv();
const secrets = await loadSecrets();
export const handler: VoiceApiHandler = createVoiceApiHandler({
  env,
  secrets,
  verifier: cognitoIdTokenVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
});
