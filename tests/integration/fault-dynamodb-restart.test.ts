import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../adapters/dynamodb/table.js';
import { freePort, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { newSid } from './support/harness.js';
import { concurrencyLimit, crowd, expectCrowdOutcome, setUpCrowd } from './support/survey-crowd.js';
import { startWebhookServer, type SignedRequest } from './support/webhook-server.js';

/**
 * DynamoDB goes away under load. This file runs its own DynamoDB Local (data on disk in a temp folder,
 * so it survives a restart on the same port) and stops it — the whole process group, Java included —
 * while 40 people are answering. Every webhook must then answer 5xx within Twilio's 15-second read
 * timeout (never 200 for a message it did not keep, never hang); once DynamoDB is back, each failed
 * request is delivered again exactly as Twilio retries it (same MessageSid, same signature) and every
 * message must be applied exactly once.
 */

const PEOPLE = 40;
const IN_FLIGHT = 16;
/** Twilio waits this long for a webhook's answer. */
const TWILIO_READ_TIMEOUT_MS = 15_000;

let dataDir = '';
let port = 0;
let dynamo: RunningDynamoDb | undefined;
const client = () => localDynamoDbClient(`http://127.0.0.1:${port}`);
const db = { client: client() };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stem-dynamodb-'));
  port = await freePort();
  dynamo = await startDynamoDbLocal({ port, dataDir });
  db.client = client();
}, 90_000);
afterAll(async () => {
  db.client.destroy();
  await dynamo?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local stopped and restarted during load', () => {
  it('webhooks answer 5xx while it is down; Twilio-style retries afterwards apply every message exactly once', async () => {
    const tableName = 'stem-restart';
    await ensureTable(db.client, tableName, { expireItems: false });
    const w = await startWebhookServer(db.client, tableName);
    const members = crowd(PEOPLE, '+32479');
    const roundId = await setUpCrowd(w.deps, w.clock, w.logger, members);

    const gate = concurrencyLimit(IN_FLIGHT);
    let sent = 0;
    const failed: Array<{ status: number; ms: number; body: string }> = [];
    const answeredWhileDown: number[] = [];
    let down = false;
    let back: () => void = () => undefined;
    const restarted = new Promise<void>((resolve) => (back = resolve));
    let outageStarted: () => void = () => undefined;
    const outage = new Promise<void>((resolve) => (outageStarted = resolve));

    const post = (request: SignedRequest) =>
      gate(async () => {
        const answer = await w.deliver(request);
        if (down) answeredWhileDown.push(answer.status);
        if (++sent === 120) outageStarted(); // a third of the way through
        return answer;
      });

    const conversations = Promise.all(
      members.map(async (m) => {
        for (const text of m.messages) {
          const request = w.sign({ channel: m.channel, phone: m.phone, text }, newSid());
          const first = await post(request);
          if (first.status === 200) continue;
          failed.push({ status: first.status, ms: first.ms, body: first.body });
          // Twilio retries later with the same request; the person waits for the answer meanwhile.
          await restarted;
          const retry = await post(request);
          expect(retry.status, `participant ${m.index}: the retry after the restart`).toBe(200);
        }
      }),
    );

    await outage;
    down = true;
    await dynamo?.stop();
    await expect(client().send(new ListTablesCommand({}))).rejects.toThrow(); // really gone
    // Down until most people are waiting on a failed message (or a few seconds at most).
    const until = Date.now() + 8000;
    while (failed.length < PEOPLE / 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    down = false;
    dynamo = await startDynamoDbLocal({ port, dataDir });
    back();
    await conversations;

    console.log(
      `restart: ${failed.length} webhooks answered 5xx while DynamoDB was down, slowest in ${Math.max(...failed.map((f) => f.ms)).toFixed(0)} ms; ${sent} requests in all`,
    );
    expect(failed.length).toBeGreaterThanOrEqual(5);
    for (const f of failed) {
      expect(f.status).toBe(500);
      expect(f.ms).toBeLessThan(TWILIO_READ_TIMEOUT_MS);
      expect(JSON.parse(f.body)).toMatchObject({ status: 500, detail: 'the message was recorded and will be processed on retry' });
    }
    // Nothing answered 200 while DynamoDB was down but what had committed before.
    expect(answeredWhileDown.filter((s) => s !== 200 && s !== 500)).toEqual([]);

    await expectCrowdOutcome(w.deps, w.dump, roundId, members, PEOPLE * 10);
    // The failures are logged by their kind only.
    const errors = w.logger.lines.filter((l) => l.includes('"inbound.failed"'));
    expect(errors.length).toBe(failed.length);
    for (const m of members) expect(errors.join('\n')).not.toContain(m.phone.slice(3));
    await w.stop();
  }, 120_000);
});
