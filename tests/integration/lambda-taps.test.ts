import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { documentClient, ensureTable } from '../../adapters/dynamodb/table.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { seedDemo } from '../../local/seed.js';
import { twimlMessages } from '../../local/simulator/routes.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager.js';
import { scanTable } from '../support/scan-table.js';
import { startFakeTwilioRest, type FakeTwilioRest } from './support/fake-twilio-rest.js';
import { newSid, SERVICE_NUMBER, twilioParams } from './support/harness.js';

/**
 * The Lambda entry point `functions/twilio-messages.ts` as deployed, answers to tap switched on by its own
 * environment: the account SID (and Twilio's REST APIs at TWILIO_API_BASE, a loopback stand-in answering
 * with the recorded, documented Content API and Messages API shapes: support/fake-twilio-rest.ts). In a
 * Twilio region other than US1 (no content templates there) the same function sends numbered text only.
 */

const PUBLIC_URL = 'https://d111111abcdef8.cloudfront.net';
const TOKEN = 'lambda-taps-token-0a9b8c7d6e5f4a3b';
const ACCOUNT = `AC${'3'.repeat(32)}`;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
type Result = Exclude<APIGatewayProxyResultV2, string>;
const tableName = `ltaps${randomBytes(4).toString('hex')}`;
const client = localDynamoDbClient(inject('dynamoDbEndpoint'));
const context = { awsRequestId: 'req-1', functionName: 'twilio-messages', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(params: Record<string, string>): APIGatewayProxyEventV2 {
  const body = Buffer.from(new URLSearchParams(params).toString()).toString('base64');
  const host = 'abc123.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: 'POST /twilio/messages',
    rawPath: '/twilio/messages',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      host,
      'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}/twilio/messages`, params),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: host,
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/twilio/messages', protocol: 'HTTP/1.1', sourceIp: '3.88.0.1', userAgent: 'TwilioProxy/1.1' },
      requestId: 'J5bGxhxXjoEEMXw=',
      routeKey: 'POST /twilio/messages',
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795428000000,
    },
    body,
    isBase64Encoded: true,
  };
}

/** A cold start of the function with this environment (a fresh module, as a new Lambda container). */
async function coldStart(env: Record<string, string>): Promise<(params: Record<string, string>) => Promise<string[]>> {
  vi.resetModules();
  for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_API_BASE', 'TWILIO_REGION']) delete process.env[key];
  Object.assign(process.env, env);
  const { handler } = (await import('../../functions/twilio-messages.js')) as { handler: Handler };
  return async (params) => {
    const result = (await handler(event(params), context)) as Result;
    expect(result.statusCode).toBe(200);
    return twimlMessages(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? ''));
  };
}

let secrets: FakeSecretsManager;
let twilio: FakeTwilioRest;
beforeAll(async () => {
  await ensureTable(client, tableName, { expireItems: false });
  await seedDemo(new DynamoDbDirectory(documentClient(client), tableName), new Date());
  secrets = await startFakeSecretsManager({ twilioAuthToken: TOKEN, ...generateProtectorKeys() });
  twilio = await startFakeTwilioRest(ACCOUNT, TOKEN);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    PUBLIC_URL,
    SERVICE_NUMBERS: `${SERVICE_NUMBER},whatsapp:${SERVICE_NUMBER}`,
    ...secrets.env,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
  });
});
afterAll(async () => {
  client.destroy();
  await secrets?.stop();
  await twilio?.stop();
});

const whatsapp = (phone: string, text: string) => twilioParams({ channel: 'whatsapp', phone, text }, newSid());

describe('Lambda: functions/twilio-messages.ts sends answers to tap (Twilio REST mocked with recorded, documented payloads)', () => {
  it('with the account SID (US1), a closed question goes by the Content and Messages APIs and the TwiML is empty', async () => {
    const send = await coldStart({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: twilio.base });
    const phone = '+32470800001';
    expect(await send(whatsapp(phone, 'JOIN DEMO'))).toEqual([]); // the language menu, to tap
    expect(await send(whatsapp(phone, '3'))).toEqual([]);
    const [menu, made] = twilio.contents();
    expect(menu?.request.types).toHaveProperty('twilio/list-picker');
    expect(made?.request.types).toHaveProperty('twilio/quick-reply');
    const sent = twilio.requests(phone).filter((r) => r.resource === 'Messages');
    expect(sent.map((r) => [r.form.get('From'), r.form.get('To'), r.form.get('ContentSid'), r.answered])).toEqual([
      [`whatsapp:${SERVICE_NUMBER}`, `whatsapp:${phone}`, menu?.sid, 201],
      [`whatsapp:${SERVICE_NUMBER}`, `whatsapp:${phone}`, made?.sid, 201],
    ]);
    const kept = (await scanTable(client, tableName)).filter((i) => i.kind === 'content-sid').map((i) => i.contentSid);
    expect(new Set(kept)).toEqual(new Set([menu?.sid, made?.sid]));
  });

  it('in another Twilio region (IE1 has no content templates), the same question is numbered text by TwiML', async () => {
    const send = await coldStart({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: twilio.base, TWILIO_REGION: 'ie1' });
    const phone = '+32470800002';
    await send(whatsapp(phone, 'JOIN DEMO'));
    expect(await send(whatsapp(phone, '3'))).toEqual([expect.stringContaining('1. Yes, I agree\n2. No')]);
    expect(twilio.requests(phone)).toHaveLength(0);
  });
});
