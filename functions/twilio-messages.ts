import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import * as z from '../core/zod.js';
import { composeConversation } from './commons/compose.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { Hono } from 'hono';
import { messagingRoutes } from './http/messaging-routes.js';
import { voiceRoutes } from './http/voice-routes.js';

/** Lambda entry point for Twilio's messaging and voice webhooks (API Gateway HTTP API, payload v2): one conversation. */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    PUBLIC_URL: z.url(),
  }),
);

// Read once per cold start from Secrets Manager (never in the environment or the template).
const secrets = await loadSecrets();
const deps = composeConversation({
  dynamoDb: new DynamoDBClient({}),
  tableName: env.TABLE_NAME,
  keys: secrets.keys,
  logger: new JsonLogger(undefined, { fn: 'twilio-messages' }),
});

const twilio = { publicUrl: env.PUBLIC_URL, twilioAuthToken: secrets.twilioAuthToken };
const app = new Hono();
app.route('/', messagingRoutes(deps, twilio));
app.route('/', voiceRoutes(deps, twilio));
export const handler = handle(app);
