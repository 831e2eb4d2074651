import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { ProtectorKeys } from '../adapters/crypto/node-protector.js';
import * as z from '../core/zod.js';
import { fieldIssues } from '../core/validation.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { composeConversation } from './commons/compose.js';
import { messagingRoutes } from './http/messaging-routes.js';

/** Lambda entry point for Twilio's messaging webhook (API Gateway HTTP API, payload v2). */

const Env = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PUBLIC_URL: z.url(),
  TWILIO_AUTH_TOKEN: z.string().check(z.minLength(1)),
  /** JSON {hmacKey, sealKey}; injected by the deployment from a secret. */
  STEM_KEYS: z.string(),
});

// Read once, fail fast: a misconfigured function should not start at all.
const parsed = Env.safeParse(process.env);
if (!parsed.success) throw new Error(`configuration: ${fieldIssues(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; ')}`);
const env = { ...parsed.data, STEM_KEYS: parseKeys(parsed.data.STEM_KEYS) };

function parseKeys(json: string): ProtectorKeys {
  try {
    return ProtectorKeys.parse(JSON.parse(json));
  } catch {
    // Never echo the value: a parser's message would quote part of the secret.
    throw new Error('configuration: STEM_KEYS must be JSON {"hmacKey","sealKey"} with two 32-byte base64 keys');
  }
}
const deps = composeConversation({
  dynamoDb: new DynamoDBClient({}),
  tableName: env.TABLE_NAME,
  keys: env.STEM_KEYS,
  logger: new JsonLogger(undefined, { fn: 'twilio-messages' }),
});

export const handler = handle(messagingRoutes(deps, { publicUrl: env.PUBLIC_URL, twilioAuthToken: env.TWILIO_AUTH_TOKEN }));
