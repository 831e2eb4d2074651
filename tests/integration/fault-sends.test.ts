import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { retryingTwilioFetch, TwilioMessenger } from '../../adapters/twilio/twilio-messenger.js';
import { deliver } from '../../core/rounds/deliver.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { sweep } from '../../core/rounds/sweep.js';
import { apiApp } from '../../http/api/api-app.js';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.js';
import { startFakeTwilioRest, TWILIO_ERRORS, type FakeTwilioRest } from './support/fake-twilio-rest.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Sending when Twilio's REST API misbehaves. The real REST client talks to a fake Twilio on loopback
 * (fake-twilio-rest.ts) that answers 429 with Retry-After, 503, or 201 as scripted; invitations go through
 * the real queue (LocalJobQueue), deliver() and DynamoDB Local, and through the SQS worker Lambda with
 * SQS itself mocked (aws-sdk-client-mock). A worker process is killed between its claim and its send.
 */

const ACCOUNT = `AC${'5'.repeat(32)}`;
const TOKEN = 'fault-sends-token';
const ROUND = { projectId: 'demo', roundId: 'demo-start' };
/** The queue's first retry waits 50–100 ms, the next 100–200 ms, …; four tries in all. */
const BACKOFF_MS = 100;
const TRIES = 4;

let h: Harness;
let twilio: FakeTwilioRest;
let queue: LocalJobQueue;
let staffToken = '';

const messenger = () =>
  new TwilioMessenger(twilioRestClient(ACCOUNT, TOKEN, twilio.base, retryingTwilioFetch(fetch, { baseMs: 50 })), {
    sms: '+3225550100',
    whatsapp: 'whatsapp:+3225550100',
  });

beforeAll(async () => {
  twilio = await startFakeTwilioRest(ACCOUNT, TOKEN);
  h = await startHarness();
  const m = messenger();
  queue = new LocalJobQueue(
    (job, attempt) => deliver({ ...h.deps, messenger: m, dialer: null }, job, attempt),
    { sms: 100, whatsapp: 100, voice: 100 },
    h.logger,
    TRIES,
    BACKOFF_MS,
  );
  staffToken = await h.deps.users.issueToken({ role: 'staff', userId: 'staff-faults', organisationId: h.seeded.project.organisationId });
});
afterAll(async () => {
  queue?.stop();
  await twilio?.stop();
  await h?.stop();
});

/** An imported participant of the demo round with a queued invitation. */
async function invitee(phone: string): Promise<{ contactKey: string; job: DeliveryJob }> {
  const contactKey = h.deps.protector.contactKey(phone);
  await h.deps.participants.enrol({ ...ROUND, contactKey, phoneSealed: h.deps.protector.seal(phone), language: 'nl', channel: 'sms', day: '2026-11-23' });
  await h.deps.participants.putInvitations([
    { ...ROUND, contactKey, language: 'nl', channel: 'sms', status: 'queued', failure: null, invitedAt: null, remindedAt: null, progress: 'none' },
  ]);
  return { contactKey, job: { type: 'invite', ...ROUND, contactKey, channel: 'sms' } };
}

const invitation = (contactKey: string) => h.deps.participants.getInvitation(ROUND.projectId, ROUND.roundId, contactKey);
const gaps = (phone: string) =>
  twilio
    .requests(phone)
    .map((r, i, all) => (i === 0 ? 0 : r.at - (all[i - 1]?.at ?? 0)))
    .slice(1);
const sweepInto = async (jobs: DeliveryJob[]) =>
  sweep({
    projects: () => h.deps.directory.listProjects(),
    rounds: h.deps.directory,
    participants: h.deps.participants,
    queue: { enqueue: async (j) => void jobs.push(...j) },
    clock: h.clock,
  });

describe('Twilio answers 429 or 5xx for a while', () => {
  it('429 with Retry-After is waited out in place, then sent once', async () => {
    const phone = '+32470555001';
    const { contactKey, job } = await invitee(phone);
    twilio.script(phone, [TWILIO_ERRORS.tooManyRequests(1)]);
    await queue.enqueue([job]);
    await queue.drained();
    expect(twilio.requests(phone).map((r) => r.answered)).toEqual([429, 201]);
    expect(gaps(phone)[0]).toBeGreaterThanOrEqual(990); // Retry-After: 1 (second)
    expect(twilio.sent(phone)).toBe(1);
    expect(await invitation(contactKey)).toMatchObject({ status: 'invited', failure: null, reachedBy: 'sms' });
  });

  it('429 without Retry-After: backoff with jitter in place; 503 twice: the queue retries with a growing, jittered backoff', async () => {
    const throttled = '+32470555002';
    const down = '+32470555003';
    const a = await invitee(throttled);
    const b = await invitee(down);
    twilio.script(throttled, [TWILIO_ERRORS.tooManyRequests(), TWILIO_ERRORS.tooManyRequests()]);
    twilio.script(down, [TWILIO_ERRORS.serviceUnavailable(), TWILIO_ERRORS.serviceUnavailable()]);
    await queue.enqueue([a.job, b.job]);
    await queue.drained();

    expect(twilio.requests(throttled).map((r) => r.answered)).toEqual([429, 429, 201]);
    // A random part of 50 ms, then of 100 ms (plus the request's own time on a busy machine).
    const [t1 = Infinity, t2 = Infinity] = gaps(throttled);
    expect(t1).toBeLessThan(50 + 500);
    expect(t2).toBeLessThan(100 + 500);

    expect(twilio.requests(down).map((r) => r.answered)).toEqual([503, 503, 201]);
    const [d1 = 0, d2 = 0] = gaps(down);
    expect(d1).toBeGreaterThanOrEqual(BACKOFF_MS / 2 - 5); // half to all of 100 ms
    expect(d2).toBeGreaterThanOrEqual(BACKOFF_MS - 5); // half to all of 200 ms
    expect(d2).toBeLessThan(2 * BACKOFF_MS + 500);
    expect(h.logger.lines.filter((l) => l.includes('"queue.retry"'))).toHaveLength(2);

    for (const { contactKey } of [a, b]) expect(await invitation(contactKey)).toMatchObject({ status: 'invited', failure: null });
    expect([twilio.sent(throttled), twilio.sent(down)]).toEqual([1, 1]);
    // Offered again (a duplicate job, a sweep): nothing goes out twice.
    await queue.enqueue([a.job, b.job]);
    await queue.drained();
    expect([twilio.sent(throttled), twilio.sent(down)]).toEqual([1, 1]);
  });
});

describe('Twilio keeps failing', () => {
  it('dead-letters the invitation with a status staff see (progress, API), sends nothing, and the sweep leaves it', async () => {
    const down = '+32470555004';
    const throttled = '+32470555005';
    const a = await invitee(down);
    const b = await invitee(throttled);
    twilio.fail(down, TWILIO_ERRORS.serviceUnavailable());
    // A Retry-After longer than a worker should wait: not waited in place, the queue's backoff decides.
    twilio.fail(throttled, TWILIO_ERRORS.tooManyRequests(120));
    const started = performance.now();
    await queue.enqueue([a.job, b.job]);
    await queue.drained();
    expect(performance.now() - started).toBeLessThan(10_000);

    expect(twilio.requests(down)).toHaveLength(TRIES);
    expect(twilio.requests(throttled)).toHaveLength(TRIES);
    expect([twilio.sent(down), twilio.sent(throttled)]).toEqual([0, 0]);
    expect(queue.dead.map((j) => j.contactKey).sort()).toEqual([a.contactKey, b.contactKey].sort());
    expect(await invitation(a.contactKey)).toMatchObject({ status: 'failed', failure: 'not sent after 4 tries: Twilio answered 503 (error 20503)' });
    expect(await invitation(b.contactKey)).toMatchObject({ status: 'failed', failure: 'not sent after 4 tries: Twilio answered 429 (error 20429)' });
    expect(h.logger.lines.filter((l) => l.includes('"delivery.dead-letter"'))).toHaveLength(2);

    // Round progress through the staff API: counted as failed, with the reason.
    const api = apiApp({ ...h.deps, queue, voice: h.voice });
    const res = await api.request(`/api/projects/${ROUND.projectId}/rounds/${ROUND.roundId}/progress`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(res.status).toBe(200);
    const { progress } = (await res.json()) as { progress: { failures: Record<string, unknown>; total: { failed: unknown } } };
    // The reasons, so staff can act; their counts (one each) are too small to show, and so is the total.
    expect(progress.failures).toMatchObject({
      'not sent after 4 tries: Twilio answered 503 (error 20503)': { suppressed: true },
      'not sent after 4 tries: Twilio answered 429 (error 20429)': { suppressed: true },
    });
    expect(progress.total.failed).toEqual({ suppressed: true });
    const invitations = (await h.dump()).filter((i) => String(i['pk']).startsWith(`RP#${ROUND.projectId}#${ROUND.roundId}`) && i['status'] === 'failed');
    expect(invitations.length).toBeGreaterThanOrEqual(2);

    // Twilio is back: a dead-lettered invitation is not offered again by itself (staff decide).
    twilio.recover(down);
    twilio.recover(throttled);
    const offered: DeliveryJob[] = [];
    await sweepInto(offered);
    expect(offered.filter((j) => j.contactKey === a.contactKey || j.contactKey === b.contactKey)).toEqual([]);
  });

  it('a reminder that keeps failing is noted on the invitation, which stays invited, and stays claimed so it is not tried again', async () => {
    const phone = '+32470555008';
    const contactKey = h.deps.protector.contactKey(phone);
    await h.deps.participants.enrol({ ...ROUND, contactKey, phoneSealed: h.deps.protector.seal(phone), language: 'fr', channel: 'sms', day: '2026-11-23' });
    await h.deps.participants.putInvitations([
      {
        ...ROUND,
        contactKey,
        language: 'fr',
        channel: 'sms',
        status: 'invited',
        failure: null,
        invitedAt: '2026-11-20T10:00:00.000Z',
        remindedAt: null,
        progress: 'none',
      },
    ]);
    twilio.fail(phone, TWILIO_ERRORS.internalError());
    await queue.enqueue([{ type: 'remind', ...ROUND, contactKey, channel: 'sms' }]);
    await queue.drained();
    expect(twilio.requests(phone)).toHaveLength(TRIES);
    const after = await invitation(contactKey);
    expect(after).toMatchObject({ status: 'invited', failure: 'reminder: not sent after 4 tries: Twilio answered 500 (error 20500)' });
    expect(after?.remindedAt).not.toBeNull();
    twilio.recover(phone);
  });
});

describe('"you said, we did" when Twilio keeps failing', () => {
  it('the copy is dead-lettered as failed with the reason, in the delivery report, and a second send does not retry it', async () => {
    const phone = '+32470555009';
    const { contactKey } = await invitee(phone);
    const at = h.clock.now().toISOString();
    await h.deps.feedback.saveDraft({
      ...ROUND,
      texts: { nl: 'Jullie zeiden: langer open. Vanaf januari zijn we ook op woensdag open.' },
      audio: {},
      updatedAt: at,
    });
    expect(await h.deps.feedback.markSent(ROUND.projectId, ROUND.roundId, at)).toBe(true);
    await h.deps.feedback.addRecipients(ROUND.projectId, ROUND.roundId, [contactKey], at);
    twilio.fail(phone, TWILIO_ERRORS.serviceUnavailable());
    const job: DeliveryJob = { type: 'feedback', ...ROUND, contactKey, channel: 'sms' };
    await queue.enqueue([job]);
    await queue.drained();

    expect(twilio.requests(phone)).toHaveLength(TRIES);
    expect(twilio.sent(phone)).toBe(0);
    expect(queue.dead.filter((j) => j.type === 'feedback').map((j) => j.contactKey)).toEqual([contactKey]);
    const copies: Array<{ contactKey: string; status: string; failure: string | null }> = [];
    for await (const page of h.deps.feedback.deliveries(ROUND.projectId, ROUND.roundId)) copies.push(...page);
    expect(copies.find((c) => c.contactKey === contactKey)).toMatchObject({
      status: 'failed',
      failure: 'not sent after 4 tries: Twilio answered 503 (error 20503)',
    });
    // The copy is no longer queued: delivering the job again (a duplicate, a staff member pressing send
    // again) claims nothing and sends nothing, even now that Twilio is back.
    twilio.recover(phone);
    await queue.enqueue([job]);
    await queue.drained();
    expect(twilio.sent(phone)).toBe(0);
  });
});

describe('functions/delivery-worker.ts on SQS (SQS mocked): backoff between receives, dead-letter on the last', () => {
  it('a failing record gets a growing visibility delay; on its last receive the invitation records the failure', async () => {
    const phone = '+32470555006';
    const { contactKey, job } = await invitee(phone);
    const secrets = await startFakeSecretsManager({ twilioAuthToken: TOKEN, ...h.keys });
    Object.assign(process.env, {
      TABLE_NAME: h.tableName,
      ...secrets.env,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_SMS_FROM: '+3225550100',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100',
      TWILIO_API_BASE: twilio.base,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    });
    const sqs = mockClient(SQSClient);
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const { handler } = await import('../../functions/delivery-worker.js');
    await secrets.stop();
    const record = (receive: number): SQSEvent['Records'][number] => ({
      messageId: `m${receive}`,
      receiptHandle: `receipt-${receive}`,
      body: JSON.stringify(job),
      attributes: {
        ApproximateReceiveCount: String(receive),
        SentTimestamp: '1795428000000',
        SenderId: 'AROAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1795428000000',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:stem-DeliverySms',
      awsRegion: 'eu-west-1',
    });

    twilio.fail(phone, TWILIO_ERRORS.serviceUnavailable());
    for (const receive of [1, 2, 3, 4]) {
      expect(await handler({ Records: [record(receive)] })).toEqual({ batchItemFailures: [{ itemIdentifier: `m${receive}` }] });
      expect((await invitation(contactKey))?.status).toBe('queued'); // the claim given back for the next receive
    }
    const delays = sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
    expect(delays.map((d) => [d.QueueUrl, d.ReceiptHandle])).toEqual(
      [1, 2, 3, 4].map((n) => ['https://sqs.eu-west-1.amazonaws.com/123456789012/stem-DeliverySms', `receipt-${n}`]),
    );
    // 10 s doubling per receive, half to all of it.
    delays.forEach((d, i) => {
      expect(d.VisibilityTimeout).toBeGreaterThanOrEqual(5 * 2 ** i);
      expect(d.VisibilityTimeout).toBeLessThanOrEqual(10 * 2 ** i);
    });

    // The fifth receive is the last before the dead-letter queue: the failure is recorded, then reported.
    expect(await handler({ Records: [record(5)] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'm5' }] });
    expect(await invitation(contactKey)).toMatchObject({ status: 'failed', failure: 'not sent after 5 tries: Twilio answered 503 (error 20503)' });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(4);
    expect(twilio.requests(phone)).toHaveLength(5);

    // An operator redrives the dead letter with Twilio back: it finds the invitation failed, sends nothing.
    twilio.recover(phone);
    expect(await handler({ Records: [record(1)] })).toEqual({ batchItemFailures: [] });
    expect(twilio.sent(phone)).toBe(0);
    sqs.restore();
  });
});

describe('a worker process dies between its claim and its send', () => {
  it('the invitation is sent exactly once after recovery: the stale claim is taken over, never doubled', async () => {
    const phone = '+32470555007';
    const { contactKey, job } = await invitee(phone);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/delivery-crash-child.ts')], {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
        TABLE_NAME: h.tableName,
        PROTECTOR_KEYS: JSON.stringify(h.keys),
        TWILIO_BASE: twilio.base,
        ACCOUNT_SID: ACCOUNT,
        AUTH_TOKEN: TOKEN,
        JOB: JSON.stringify(job),
        NOW: h.clock.now().toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
    await new Promise<void>((claimed, failed) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('claimed') && claimed());
      void exited.then(() => failed(new Error(`the worker exited before claiming: ${stderr.slice(-500)}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await invitation(contactKey)).toMatchObject({ status: 'sending' });
    expect(twilio.requests(phone)).toHaveLength(0);

    // The next sweep offers the stranded claim; while it is fresh (the worker might still be sending) no one takes it over.
    const offered: DeliveryJob[] = [];
    await sweepInto(offered);
    const mine = offered.filter((j) => j.contactKey === contactKey);
    expect(mine).toEqual([job]);
    await queue.enqueue(mine);
    await queue.drained();
    expect(twilio.requests(phone)).toHaveLength(0);

    // Five minutes on, the claim is stale: the sweep's job sends it, once.
    h.clock.current = new Date(h.clock.current.getTime() + 6 * 60_000);
    const later: DeliveryJob[] = [];
    await sweepInto(later);
    await queue.enqueue(later.filter((j) => j.contactKey === contactKey));
    await queue.drained();
    expect(twilio.sent(phone)).toBe(1);
    expect(await invitation(contactKey)).toMatchObject({ status: 'invited' });
    const again: DeliveryJob[] = [];
    await sweepInto(again);
    expect(again.filter((j) => j.contactKey === contactKey)).toEqual([]);
    await queue.enqueue([job]);
    await queue.drained();
    expect(twilio.sent(phone)).toBe(1);
  }, 60_000);
});
