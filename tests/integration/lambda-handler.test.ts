import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager.js';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { ensureTable, documentClient } from '../../adapters/dynamodb/table.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { seedDemo } from '../../local/seed.js';
import { DynamoDbPrompts } from '../../adapters/dynamodb/prompts.js';
import type { Project } from '../../core/model.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import energy from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { newSid, SERVICE_NUMBER, twilioParams } from './support/harness.js';
import { ScanCommand } from '@aws-sdk/client-dynamodb';

/**
 * The Lambda entry point `functions/twilio-messages.ts`, invoked as API Gateway (HTTP API, payload 2.0)
 * invokes it: form body base64-encoded, signature over the configured public URL. Its DynamoDB client is
 * built from the environment exactly as in AWS, pointed at DynamoDB Local by AWS_ENDPOINT_URL_DYNAMODB.
 */

/**
 * As deployed: Twilio calls CloudFront (cdk/constructs/edge.ts), which forwards every viewer header but Host
 * to the API, so the function sees the API's own host name; the signature is over the public URL.
 */
const PUBLIC_URL = 'https://d111111abcdef8.cloudfront.net';
const API_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const TOKEN = 'lambda-test-token-5d1c9e0f7a2b3c4d';
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
let handler: Handler;
const tableName = `lambda${randomBytes(4).toString('hex')}`;
const client = localDynamoDbClient(inject('dynamoDbEndpoint'));

function event(params: Record<string, string>, signature: string | null): APIGatewayProxyEventV2 {
  const body = Buffer.from(new URLSearchParams(params).toString()).toString('base64');
  return {
    version: '2.0',
    routeKey: 'POST /twilio/messages',
    rawPath: '/twilio/messages',
    rawQueryString: '',
    headers: {
      accept: '*/*',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.from(body, 'base64').length),
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'i-twilio-idempotency-token': randomBytes(16).toString('hex'),
      'user-agent': 'TwilioProxy/1.1',
      via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
      'x-amz-cf-id': 'Sme3aVZ8bW5lPu3l0d6J2v3tQ0e1_gGd8JzX0M9X5qI3RzQ1Ab1cQg==',
      'x-amzn-trace-id': 'Root=1-67f0c0de-0123456789abcdef01234567',
      'x-forwarded-for': '3.88.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
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

const context = { awsRequestId: 'req-1', functionName: 'twilio-messages', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const sign = (params: Record<string, string>) => twilioSignature(TOKEN, `${PUBLIC_URL}/twilio/messages`, params);
type Result = Exclude<APIGatewayProxyResultV2, string>;
const invoke = async (e: APIGatewayProxyEventV2) => (await handler(e, context)) as Result;

let secrets: FakeSecretsManager;

beforeAll(async () => {
  await ensureTable(client, tableName, { expireItems: false }); // the clock of these tests may stand in the past (ensureTable)
  await seedDemo(new DynamoDbDirectory(documentClient(client), tableName), new Date());
  // The secrets come from Secrets Manager at cold start (mocked by a local server speaking its protocol).
  secrets = await startFakeSecretsManager({ twilioAuthToken: TOKEN, ...generateProtectorKeys() });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    PUBLIC_URL,
    SERVICE_NUMBERS: `${SERVICE_NUMBER},whatsapp:${SERVICE_NUMBER}`,
    ...secrets.env,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
  });
  ({ handler } = (await import('../../functions/twilio-messages.js')) as { handler: Handler });
  // Read once, at the cold start: the three secrets, each once.
  expect(secrets.requests.sort()).toEqual([secrets.env.HMAC_KEY_SECRET_ARN, secrets.env.SEAL_KEY_SECRET_ARN, secrets.env.TWILIO_AUTH_TOKEN_SECRET_ARN].sort());
});
afterAll(async () => {
  client.destroy();
  await secrets?.stop();
});

describe('Lambda: functions/twilio-messages.ts with an API Gateway v2 event', () => {
  it('answers a signed, base64-encoded WhatsApp message with TwiML', async () => {
    const params = twilioParams({ channel: 'whatsapp', phone: '+32470555001', text: 'JOIN DEMO' }, newSid());
    const result = await invoke(event(params, sign(params)));
    expect(result.statusCode).toBe(200);
    expect(String(result.headers?.['content-type'])).toMatch(/^text\/xml/);
    const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? '');
    const xml = new XMLParser({ isArray: (n) => n === 'Message' }).parse(body) as { Response: { Message: string[] } };
    expect(xml.Response.Message).toHaveLength(1);
    expect(xml.Response.Message[0]).toContain('العربية');
  });

  it('rejects a bad signature with 403 and stores nothing', async () => {
    const params = twilioParams({ channel: 'sms', phone: '+32470555002', text: 'JOIN DEMO' }, newSid());
    const before = (await client.send(new ScanCommand({ TableName: tableName }))).Count;
    const forged = await invoke(event(params, 'bm90IGEgc2lnbmF0dXJl'));
    const missing = await invoke(event(params, null));
    expect(forged.statusCode).toBe(403);
    expect(missing.statusCode).toBe(403);
    expect(JSON.parse(forged.body ?? '{}')).toMatchObject({ status: 403, errors: [{ field: 'X-Twilio-Signature' }] });
    expect((await client.send(new ScanCommand({ TableName: tableName }))).Count).toBe(before);
  });

  it('a signature made for another URL is refused (the configured PUBLIC_URL is what counts)', async () => {
    const params = twilioParams({ channel: 'sms', phone: '+32470555003', text: 'JOIN DEMO' }, newSid());
    const wrong = twilioSignature(TOKEN, 'https://attacker.example/twilio/messages', params);
    expect((await invoke(event(params, wrong))).statusCode).toBe(403);
    // Nor one made over the API's own endpoint, which the request arrived at behind CloudFront.
    const direct = twilioSignature(TOKEN, `${API_URL}/twilio/messages`, params);
    expect((await invoke(event(params, direct))).statusCode).toBe(403);
  });

  it('a signed request that is not a Twilio message gets a 400 problem naming the field', async () => {
    const params = { ...twilioParams({ channel: 'sms', phone: '+32470555004', text: 'hi' }, newSid()), From: 'not-a-number' };
    const result = await invoke(event(params, sign(params)));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ status: 400, errors: [{ field: 'From' }] });
  });

  it('a Tigrinya participant on WhatsApp hears a recorded question (Lambda transcodes recordings: the voice-notes function), and an unrecorded one written', async () => {
    const db = documentClient(client);
    const directory = new DynamoDbDirectory(db, tableName);
    const survey = parseSurveyDefinition(energy);
    const project: Project = {
      projectId: 'klank',
      organisationId: 'demo-ocmw',
      name: 'Klank',
      languages: ['nl', 'ar', 'ti'],
      fallbackLanguages: ['nl'],
      joinCode: 'KLANK',
      whatsappTemplates: {},
      voiceNotes: 'voice-and-text',
    };
    await directory.saveSurvey(survey);
    await directory.putProject(project);
    await directory.putRound({
      projectId: project.projectId,
      roundId: 'klank-1',
      label: 'start',
      surveyId: survey.id,
      surveyVersion: survey.version,
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      reminderAfterHours: null,
    });
    // As staff's upload leaves it (the audio itself is in S3, which only the voice-notes function reads).
    await new DynamoDbPrompts(db, tableName).put(
      { organisationId: project.organisationId, surveyId: survey.id, surveyVersion: survey.version },
      {
        language: 'ti',
        promptId: 'question.consent',
        audioKey: 'prompt-lambda-ti',
        contentType: 'audio/wav',
        recordedAt: new Date().toISOString(),
        source: 'upload',
      },
    );
    const say = async (text: string) => {
      const params = twilioParams({ channel: 'whatsapp', phone: '+32470555010', text }, newSid());
      const result = await invoke(event(params, sign(params)));
      expect(result.statusCode).toBe(200);
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? '');
      const messages = (new XMLParser({ isArray: (n) => n === 'Message' || n === 'Media' }).parse(body) as { Response: { Message?: unknown[] } | '' }).Response;
      return messages === '' ? [] : (messages.Message ?? []).flatMap((m) => (typeof m === 'object' && m !== null && 'Media' in m ? (m.Media as string[]) : []));
    };
    await say('JOIN KLANK');
    const consent = await say('3'); // ትግርኛ
    expect(consent).toEqual([
      expect.stringMatching(/^https:\/\/d111111abcdef8\.cloudfront\.net\/media\/voice\/demo-ocmw\/energy_checkin\/2\/consent\/ti\.ogg\?exp=\d+&sig=/),
    ]);
    expect(await say('1')).toEqual([]); // the scale has no recording: written only
  });

  it('read the secrets once per cold start, not per request', () => {
    expect(secrets.requests).toHaveLength(3);
  });
});
