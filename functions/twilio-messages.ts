import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { ProtectorKeys } from '../adapters/crypto/node-protector.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { composeConversation } from './commons/compose.js';
import { messagingRoutes } from './http/messaging-routes.js';

/** Lambda entry point for Twilio's messaging webhook (API Gateway HTTP API, payload v2). */

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  PUBLIC_URL: z.url(),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  /** JSON {hmacKey, sealKey}; injected by the deployment from a secret. */
  STEM_KEYS: z.string().transform((s, ctx) => {
    try {
      return ProtectorKeys.parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'STEM_KEYS must be JSON {"hmacKey","sealKey"} of 32-byte base64 keys' });
      return z.NEVER;
    }
  }),
});

// Read once, fail fast: a misconfigured function should not start at all.
const env = Env.parse(process.env);
const deps = composeConversation({
  dynamoDb: new DynamoDBClient({}),
  tableName: env.TABLE_NAME,
  keys: env.STEM_KEYS,
  logger: new JsonLogger(undefined, { fn: 'twilio-messages' }),
});

export const handler = handle(messagingRoutes(deps, { publicUrl: env.PUBLIC_URL, twilioAuthToken: env.TWILIO_AUTH_TOKEN }));
