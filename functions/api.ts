import { awsSdk } from '../adapters/aws/sdk.js';
import { audioDurationSeconds } from '../adapters/audio/audio-duration.js';
import { clientOf } from '../adapters/aws/lazy-client.js';
import type { DynamoDBClient as DynamoDbClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { ServiceSecrets } from '../adapters/aws/service-secrets.js';
import { CognitoAuthenticator, cognitoIdTokenVerifier, type IdTokenVerifier } from '../adapters/cognito/cognito-authenticator.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { S3AudioStore } from '../adapters/s3/s3-audio-store.js';
import { S3ExportDrop } from '../adapters/s3/s3-export-drop.js';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.js';
import type { Logger } from '../core/ports.js';
import * as z from '../kernel/zod.js';
import { composeConversation, composeStaffApi } from './commons/compose.js';
import { composeVoice, noProviderMedia } from './commons/compose-voice.js';
import { apiEnvShape } from './commons/api-env.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { openApiBeside } from './commons/openapi-beside.js';
import { apiBase, withNotFound } from '../http/api/api-base.js';
import type { ApiEnv } from '../http/api/context.js';
import { mountStaffRoutes } from '../http/api/staff-api-app.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda entry point of the staff API (/api) behind API Gateway (HTTP API, payload v2). Staff,
 * interpreters and coordinators present a Cognito ID token as bearer token: API clients directly, the
 * dashboard (its own function, functions/dashboard.ts) with the token of the person signed in there.
 */

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const ApiFunctionEnv = z.object({
  ...apiEnvShape,
  /** JSON `{"sms": url, "whatsapp": url, "voice": url}`: launching a round queues its invitations. */
  DELIVERY_QUEUE_URLS: z.pipe(z.pipe(z.string(), z.transform(parseJson)), z.object({ sms: z.url(), whatsapp: z.url(), voice: z.url() })),
});
export type ApiFunctionEnv = z.infer<typeof ApiFunctionEnv>;

/** The function's configuration, read once at the cold start (a misconfigured function does not start). */
export const readApiEnv = (env: NodeJS.ProcessEnv = process.env): ApiFunctionEnv => readEnv(ApiFunctionEnv, env);

export interface ApiWiring {
  env: ApiFunctionEnv;
  secrets: ServiceSecrets;
  /** Checks Cognito ID tokens: the pool's verifier in AWS; one with a cached key set in tests. */
  verifier: IdTokenVerifier;
  dynamoDb?: DynamoDbClient;
  sqs?: SQSClient;
  s3?: S3Client;
  logger?: Logger;
}

/** The Hono app: the API (all but the voice queue, functions/voice-api.ts) with Cognito authentication. */
export function createApiApp(w: ApiWiring): Hono<ApiEnv> {
  const { env } = w;
  const logger = w.logger ?? new JsonLogger(undefined, { fn: 'api' });
  const base = composeConversation({ dynamoDb: w.dynamoDb ?? new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: w.secrets.keys, logger });
  // S3 and SQS only for some requests (recordings, launching a round): loaded on first use, not at cold start.
  const s3 = w.s3 ?? clientOf(() => Promise.resolve(new (awsSdk.s3().S3Client)({})));
  const audio = new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID);
  // People transcribe here; machines (and refusal notices to participants) run in the voice worker.
  const voice = composeVoice(base, {
    media: noProviderMedia('the staff API'),
    audio,
    transcribers: [],
    messenger: null,
    // Uploaded prompts and "you said, we did" recordings are measured here.
    audioDuration: audioDurationSeconds,
  });
  const queue = new SqsJobQueue(w.sqs ?? (() => Promise.resolve(new (awsSdk.sqs().SQSClient)({}))), env.DELIVERY_QUEUE_URLS);
  // CSV downloads: stored briefly in the same bucket (exports/), the client sent to a five-minute link.
  const exports = new S3ExportDrop(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID);
  const deps = { ...base, ...composeStaffApi(), queue, voice, exports, authenticator: new CognitoAuthenticator(w.verifier) };
  // The OpenAPI document from the file shipped beside the bundle (functions/commons/openapi-beside.ts).
  return withNotFound(mountStaffRoutes(apiBase(deps, openApiBeside()), deps));
}

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export function createApiHandler(w: ApiWiring): ApiHandler {
  return handle(createApiApp(w)) as ApiHandler;
}

// Read once per cold start: the configuration, and the secrets from Secrets Manager (the keys that open
// contacts and answers). The pool's signing keys are fetched on the first token and cached.
const env = readApiEnv();
const secrets = await loadSecrets();
export const handler: ApiHandler = createApiHandler({
  env,
  secrets,
  verifier: cognitoIdTokenVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
});
