import { awsSdk } from '../adapters/aws/sdk.js';
import type { DynamoDBClient as DynamoDbClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { ServiceSecrets } from '../adapters/aws/service-secrets.js';
import { CognitoAuthenticator, cognitoIdTokenVerifier, type IdTokenVerifier } from '../adapters/cognito/cognito-authenticator.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { templateLibrary } from '../adapters/templates/template-library.js';
import type { Logger } from '../core/ports.js';
import * as z from '../kernel/zod.js';
import { composeConversation } from './commons/compose.js';
import { apiEnvShape } from './commons/api-env.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { apiBase, withNotFound } from '../http/api/api-base.js';
import { mountAuthoringRoutes } from '../http/api/authoring-api-app.js';
import type { ApiEnv } from '../http/api/context.js';
import type { AuthoringDeps } from '../http/api/deps.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda entry point of authoring (/api/surveys, /api/templates, /api/library, /api/translations) behind
 * the same HTTP API as the staff API: the same Cognito ID tokens, authorization and store, in a function of
 * its own because the translation formats (XLIFF, PO) would take the staff API over its bundle budget.
 * The gateway sends it only those paths (cdk/stack/staff-functions.ts); the rest of /api goes to the staff API.
 */

const { TABLE_NAME, USER_POOL_ID, USER_POOL_CLIENT_ID } = apiEnvShape;
/** No audio bucket: authoring stores no recordings. */
const AuthoringApiEnv = z.object({ TABLE_NAME, USER_POOL_ID, USER_POOL_CLIENT_ID });
export type AuthoringApiEnv = z.infer<typeof AuthoringApiEnv>;

/** The function's configuration, read once at the cold start (a misconfigured function does not start). */
export const readAuthoringApiEnv = (env: NodeJS.ProcessEnv = process.env): AuthoringApiEnv => readEnv(AuthoringApiEnv, env);

export interface AuthoringApiWiring {
  env: AuthoringApiEnv;
  secrets: ServiceSecrets;
  /** Checks Cognito ID tokens: the pool's verifier in AWS; one with a cached key set in tests. */
  verifier: IdTokenVerifier;
  dynamoDb?: DynamoDbClient;
  logger?: Logger;
}

export function createAuthoringApiApp(w: AuthoringApiWiring): Hono<ApiEnv> {
  const { env } = w;
  const logger = w.logger ?? new JsonLogger(undefined, { fn: 'authoring-api' });
  const base = composeConversation({ dynamoDb: w.dynamoDb ?? new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: w.secrets.keys, logger });
  // The built-in templates from the files beside the bundle (flows/templates/files.ts).
  const deps: AuthoringDeps = { ...base, templates: templateLibrary, authenticator: new CognitoAuthenticator(w.verifier) };
  // No OpenAPI document: the gateway sends /api/openapi.json to the staff API (/api/{proxy+}), never here.
  return withNotFound(mountAuthoringRoutes(apiBase(deps, null), deps));
}

export type AuthoringApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export function createAuthoringApiHandler(w: AuthoringApiWiring): AuthoringApiHandler {
  return handle(createAuthoringApiApp(w)) as AuthoringApiHandler;
}

// Read once per cold start: the configuration and the service's keys (Secrets Manager); the pool's
// signing keys are fetched on the first token and cached.
const env = readAuthoringApiEnv();
const secrets = await loadSecrets();
export const handler: AuthoringApiHandler = createAuthoringApiHandler({
  env,
  secrets,
  verifier: cognitoIdTokenVerifier({ userPoolId: env.USER_POOL_ID, clientId: env.USER_POOL_CLIENT_ID }),
});
