import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { generateProtectorKeys } from '../../../adapters/crypto/node-protector.js';
import { twilioSignature } from '../../../adapters/twilio/signature.js';
import { composeConversation } from '../../../functions/commons/compose.js';
import { MESSAGES_PATH, messagingRoutes } from '../../../http/messaging-routes.js';
import { twimlMessages } from '../../../local/simulator/routes.js';
import { scanTable } from '../../support/scan-table.js';
import { AUTH_TOKEN, CapturingLogger, PUBLIC_URL, SERVICE_NUMBER, TestClock, twilioParams, type Message } from './harness.js';

/** A request exactly as Twilio sends it: the form and its signature, so a retry can repeat both. */
export interface SignedRequest {
  params: Record<string, string>;
  signature: string;
}

export interface Answered {
  status: number;
  body: string;
  replies: string[];
  ms: number;
}

/**
 * The messaging webhook, wired as in the harness, over a DynamoDB the test brings (its own DynamoDB
 * Local, which it may stop and start again), served over real HTTP on loopback.
 */
export async function startWebhookServer(dynamoDb: DynamoDBClient, tableName: string) {
  const clock = new TestClock();
  const logger = new CapturingLogger();
  const deps = composeConversation({ dynamoDb, tableName, keys: generateProtectorKeys(), logger, clock });
  const app = new Hono();
  app.route('/', messagingRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) }));
  const server = await new Promise<{ server: ServerType; origin: string }>((ready) => {
    const s: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready({ server: s, origin: `http://127.0.0.1:${info.port}` }));
  });

  /** Sign a message as Twilio does, over the public URL. */
  function sign(m: Message, sid: string): SignedRequest {
    const params = twilioParams(m, sid);
    return { params, signature: twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params) };
  }

  /** POST a signed request (a first delivery or a retry of it, byte for byte). */
  async function deliver(request: SignedRequest, timeoutMs = 30_000): Promise<Answered> {
    const t0 = performance.now();
    const response = await fetch(`${server.origin}${MESSAGES_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': request.signature },
      body: new URLSearchParams(request.params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    return { status: response.status, body, replies: response.status === 200 ? twimlMessages(body) : [], ms: performance.now() - t0 };
  }

  /** Every item of the table, unmarshalled. */
  const dump = () => scanTable(dynamoDb, tableName);

  return {
    deps,
    clock,
    logger,
    sign,
    deliver,
    dump,
    stop: () => new Promise<void>((done) => server.server.close(() => done())),
  };
}
