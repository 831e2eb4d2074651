import { startFakeSecretsManager } from '../support/fake-secrets-manager.js';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BATCHES_IN_FLIGHT, SqsJobQueue } from '../../adapters/sqs/sqs-job-queue.js';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { TwilioMessenger } from '../../adapters/twilio/twilio-messenger.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The cloud side of delivery. Twilio's REST API cannot be reached from here, so a local HTTP server
 * answers with Twilio's recorded response bodies (201 message, 400 error 21610, 429, 500); SQS is
 * mocked with aws-sdk-client-mock. The worker Lambda runs for real against DynamoDB Local.
 */

const ACCOUNT = `AC${'a'.repeat(32)}`;
const recorded = {
  created: {
    account_sid: ACCOUNT,
    api_version: '2010-04-01',
    body: '…',
    date_created: 'Mon, 23 Nov 2026 10:00:00 +0000',
    direction: 'outbound-api',
    error_code: null,
    from: '+3225550100',
    num_media: '0',
    num_segments: '1',
    sid: `SM${'b'.repeat(32)}`,
    status: 'queued',
    to: '+32470000000',
    uri: `/2010-04-01/Accounts/${ACCOUNT}/Messages/SM${'b'.repeat(32)}.json`,
  },
  unsubscribed: { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 },
  throttled: { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
};

interface Seen {
  path: string;
  auth: string;
  form: URLSearchParams;
}
const seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 201, body: recorded.created };
let server: Server;
let base = '';

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

let h: Harness;
beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', form: new URLSearchParams(body) });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  h = await startHarness();
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h?.stop();
});

describe('TwilioMessenger over the REST client (recorded Twilio responses)', () => {
  const messenger = () => new TwilioMessenger(twilioRestClient(ACCOUNT, 'secret-token', base), { sms: '+3225550100', whatsapp: 'whatsapp:+3225550100' });

  it('sends an SMS as Messages.create with basic auth', async () => {
    answer = { status: 201, body: recorded.created };
    expect(await messenger().send({ channel: 'sms', to: '+32470000000', text: 'Hallo' })).toEqual({ ok: true });
    const last = seen.at(-1);
    expect(last?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(last?.auth).toBe(`Basic ${Buffer.from(`${ACCOUNT}:secret-token`).toString('base64')}`);
    expect(Object.fromEntries(last?.form ?? [])).toEqual({ To: '+32470000000', From: '+3225550100', Body: 'Hallo' });
  });

  it('sends a WhatsApp template with ContentSid and ContentVariables', async () => {
    await messenger().send({ channel: 'whatsapp', to: '+32470000000', template: { contentSid: 'HXabc', variables: { '1': 'OCMW' } }, preview: 'x' });
    expect(Object.fromEntries(seen.at(-1)?.form ?? [])).toEqual({
      To: 'whatsapp:+32470000000',
      From: 'whatsapp:+3225550100',
      ContentSid: 'HXabc',
      ContentVariables: '{"1":"OCMW"}',
    });
  });

  it('maps 21610 to a permanent failure in words, 429 and 500 to retries', async () => {
    answer = { status: 400, body: recorded.unsubscribed };
    expect(await messenger().send({ channel: 'sms', to: '+32470000000', text: 'x' })).toEqual({
      ok: false,
      permanent: true,
      reason: 'the person unsubscribed at the carrier (STOP)',
    });
    answer = { status: 429, body: recorded.throttled };
    expect(await messenger().send({ channel: 'sms', to: '+32470000000', text: 'x' })).toMatchObject({ ok: false, permanent: false });
    answer = { status: 500, body: { message: 'oops' } };
    expect(await messenger().send({ channel: 'sms', to: '+32470000000', text: 'x' })).toMatchObject({ ok: false, permanent: false });
    answer = { status: 201, body: recorded.created };
  });
});

describe('SqsJobQueue (SQS mocked with aws-sdk-client-mock)', () => {
  it('batches by 10 per channel queue and resends what SQS reports as failed', async () => {
    const sqs = mockClient(SQSClient);
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
      if (first) {
        first = false;
        return {
          Successful: input.Entries.slice(1).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
          Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }],
        };
      }
      return { Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })), Failed: [] };
    });
    const queue = new SqsJobQueue(new SQSClient({ region: 'eu-west-1' }), { sms: 'https://sqs/sms', whatsapp: 'https://sqs/wa', voice: 'https://sqs/voice' });
    const jobs: DeliveryJob[] = Array.from({ length: 23 }, (_, i) => ({
      type: 'invite',
      projectId: 'p',
      roundId: 'r',
      contactKey: `k${i}`,
      channel: i < 21 ? 'sms' : 'whatsapp',
    }));
    await queue.enqueue(jobs);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => ({ url: c.args[0].input.QueueUrl, n: c.args[0].input.Entries?.length }));
    // Batches go in parallel: the order of the calls is not fixed, their set is.
    const order = (a: { url?: string; n?: number }, b: { url?: string; n?: number }) => `${a.url}${a.n}`.localeCompare(`${b.url}${b.n}`);
    expect(calls.sort(order)).toEqual(
      [
        { url: 'https://sqs/sms', n: 10 },
        { url: 'https://sqs/sms', n: 1 }, // the one SQS failed, sent again
        { url: 'https://sqs/sms', n: 10 },
        { url: 'https://sqs/sms', n: 1 },
        { url: 'https://sqs/wa', n: 2 },
      ].sort(order),
    );
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries?.map((e) => (JSON.parse(e.MessageBody ?? '{}') as DeliveryJob).contactKey) ?? []);
    expect(new Set(sent)).toEqual(new Set(jobs.map((j) => j.contactKey))); // every job, the failed one twice
    expect(sent).toHaveLength(24);
    const bodies = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries?.map((e) => e.MessageBody) ?? []);
    for (const body of bodies) expect(body).not.toMatch(/\+\d{8,}/); // contact keys, never numbers
    sqs.restore();
  });

  it('a large launch sends its batches several at a time, never more than BATCHES_IN_FLIGHT', async () => {
    const sqs = mockClient(SQSClient);
    let inFlight = 0;
    let most = 0;
    sqs.on(SendMessageBatchCommand).callsFake(async (input: { Entries: Array<{ Id: string }> }) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5)); // a round trip
      inFlight--;
      return { Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })), Failed: [] };
    });
    const queue = new SqsJobQueue(new SQSClient({ region: 'eu-west-1' }), { sms: 'https://sqs/sms', whatsapp: 'https://sqs/wa', voice: 'https://sqs/voice' });
    const jobs: DeliveryJob[] = Array.from({ length: 1_000 }, (_, i) => ({
      type: 'invite',
      projectId: 'p',
      roundId: 'r',
      contactKey: `k${i}`,
      channel: (['sms', 'whatsapp', 'voice'] as const)[i % 3] ?? 'sms',
    }));
    await queue.enqueue(jobs);
    expect(sqs.commandCalls(SendMessageBatchCommand).length).toBe(102); // 334, 333 and 333 jobs: 34 batches of at most 10 each
    expect(most).toBe(BATCHES_IN_FLIGHT);
    sqs.restore();
  });
});

describe('functions/delivery-worker.ts (SQS event → deliver → Twilio REST)', () => {
  it('sends an invitation for a queued job and reports only the failing record back to SQS', async () => {
    // A participant enrolled and a round launched with a queued invitation.
    const contactKey = h.deps.protector.contactKey('+32470777001');
    await h.deps.participants.enrol({
      projectId: 'demo',
      contactKey,
      phoneSealed: h.deps.protector.seal('+32470777001'),
      language: 'fr',
      channel: 'sms',
      day: '2026-11-23',
    });
    await h.deps.participants.putInvitations([
      {
        projectId: 'demo',
        roundId: 'demo-start',
        contactKey,
        language: 'fr',
        channel: 'sms',
        status: 'queued',
        failure: null,
        invitedAt: null,
        remindedAt: null,
        progress: 'none',
      },
    ]);
    // The auth token and keys come from Secrets Manager at cold start (a local server speaking its protocol).
    const secrets = await startFakeSecretsManager({ twilioAuthToken: 'secret-token', ...h.keys });
    Object.assign(process.env, {
      TABLE_NAME: h.tableName,
      ...secrets.env,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_SMS_FROM: '+3225550100',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100',
      TWILIO_API_BASE: base,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    });
    const { handler } = await import('../../functions/delivery-worker.js');
    await secrets.stop(); // read at the cold start, not per message
    answer = { status: 201, body: recorded.created };
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: 'r',
      body,
      attributes: {} as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:1:sms',
      awsRegion: 'eu-west-1',
    });
    const job = JSON.stringify({ type: 'invite', projectId: 'demo', roundId: 'demo-start', contactKey, channel: 'sms' });
    const before = seen.length;
    const result = await handler({ Records: [record('1', job), record('2', 'not json')] });
    expect(result).toEqual({ batchItemFailures: [] }); // a malformed message is dropped (logged), not retried forever
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)?.form.get('Body')).toContain('aimerait savoir comment vous allez');
    expect((await h.deps.participants.getInvitation('demo', 'demo-start', contactKey))?.status).toBe('invited');

    // Twilio down: the record comes back for SQS to retry, and the invitation is queued again.
    const other = h.deps.protector.contactKey('+32470777002');
    await h.deps.participants.enrol({
      projectId: 'demo',
      contactKey: other,
      phoneSealed: h.deps.protector.seal('+32470777002'),
      language: 'nl',
      channel: 'sms',
      day: '2026-11-23',
    });
    await h.deps.participants.putInvitations([
      {
        projectId: 'demo',
        roundId: 'demo-start',
        contactKey: other,
        language: 'nl',
        channel: 'sms',
        status: 'queued',
        failure: null,
        invitedAt: null,
        remindedAt: null,
        progress: 'none',
      },
    ]);
    answer = { status: 500, body: { message: 'down' } };
    const failed = await handler({
      Records: [record('3', JSON.stringify({ type: 'invite', projectId: 'demo', roundId: 'demo-start', contactKey: other, channel: 'sms' }))],
    });
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: '3' }] });
    expect((await h.deps.participants.getInvitation('demo', 'demo-start', other))?.status).toBe('queued');
    answer = { status: 201, body: recorded.created };
  });
});
