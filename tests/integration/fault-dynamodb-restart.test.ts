import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { scanTable } from '../support/scan-table.js';
import { CapturingLogger, newSid, SERVICE_NUMBER, twilioParams } from './support/harness.js';
import { concurrencyLimit, crowd, expectCrowdOutcome, setUpCrowd } from './support/survey-crowd.js';

/**
 * DynamoDB Local dies under load — its Java process group is killed (SIGTERM, as `kill` or a shutting-down
 * service manager does) while 40 people are answering — and nobody restarts it by hand: the local stack's
 * supervisor must. (With SIGKILL, DynamoDB Local itself can leave a TransactWriteItems half-written in its
 * SQLite file: seen as one contact's version short of its applied messages in 2 runs of 5. DynamoDB proper
 * applies a transaction whole or not at all; we do not test the emulator's crash atomicity.) Meanwhile
 * every webhook answers 503 with Retry-After within Twilio's 15-second read timeout (never 200 for a
 * message it did not keep, never hang, never a claim that it was kept), /health says the store is down,
 * and once it is back every request Twilio retried (same MessageSid, same signature) is applied exactly once.
 */

const PEOPLE = 40;
const IN_FLIGHT = 16;
/** Twilio waits this long for a webhook's answer. */
const TWILIO_READ_TIMEOUT_MS = 15_000;

let dataDir = '';
let stack: LocalStack | undefined;
const logger = new CapturingLogger();
const running = (): LocalStack => {
  if (!stack) throw new Error('the local stack did not start');
  return stack;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stem-restart-'));
  stack = await startSeededStack({ dataDir, serviceNumber: SERVICE_NUMBER, simulator: false, logger, sweepEveryMs: 3_600_000 });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  ms: number;
  body: string;
  retryAfter: string | null;
}

async function health(): Promise<{ status: number; body: { ok: boolean; store: string; storeRestarts: number } }> {
  const response = await fetch(`${running().url}/health`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; store: string; storeRestarts: number } };
}

describe('DynamoDB Local killed during load, restarted by the local stack itself', () => {
  it('webhooks answer 503 + Retry-After while it is down; Twilio-style retries afterwards apply every message exactly once', async () => {
    const s = running();
    const members = crowd(PEOPLE, '+32479');
    const roundId = await setUpCrowd(s.deps, s.deps.clock, logger, members);
    expect(await health()).toEqual({ status: 200, body: { ok: true, store: 'up', storeRestarts: 0 } });
    // The demo's own history is in the table too: the crowd's outcome is what came after it.
    const before = new Set((await scanTable(s.dynamoDb.client, s.tableName)).map((i) => `${String(i.pk)} ${String(i.sk)}`));
    const crowdItems = async () => (await scanTable(s.dynamoDb.client, s.tableName)).filter((i) => !before.has(`${String(i.pk)} ${String(i.sk)}`));

    const url = `${s.publicUrl}${MESSAGES_PATH}`;
    const gate = concurrencyLimit(IN_FLIGHT);
    let sent = 0;
    const failed: Answer[] = [];
    const healthWhileDown: Array<{ status: number; store: string }> = [];
    let killed = false;
    let outageStarted: () => void = () => undefined;
    const outage = new Promise<void>((resolve) => (outageStarted = resolve));

    const post = (params: Record<string, string>, signature: string) =>
      gate(async (): Promise<Answer> => {
        const t0 = performance.now();
        const response = await fetch(`${s.url}${MESSAGES_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(30_000),
        });
        const answer = { status: response.status, ms: performance.now() - t0, body: await response.text(), retryAfter: response.headers.get('retry-after') };
        if (++sent === 120) outageStarted(); // a third of the way through
        return answer;
      });

    const conversations = Promise.all(
      members.map(async (m) => {
        for (const text of m.messages) {
          const params = twilioParams({ channel: m.channel, phone: m.phone, text }, newSid());
          const signature = twilioSignature(s.twilioAuthToken, url, params);
          // Twilio sends the same request again (rc/rp on the webhook URL) until it is taken; we wait as asked.
          for (let attempt = 1; ; attempt++) {
            const answer = await post(params, signature);
            if (answer.status === 200) break;
            failed.push(answer);
            expect(attempt, `participant ${m.index}: still refused after ${attempt} tries`).toBeLessThan(30);
            await new Promise((r) => setTimeout(r, Number(answer.retryAfter ?? '1') * 1000));
          }
        }
      }),
    );

    await outage;
    const group = s.dynamoDb.processGroup();
    expect(group).toBeGreaterThan(0);
    process.kill(-(group ?? 0), 'SIGTERM'); // Java and all
    killed = true;
    // While it is down (until the supervisor has it back), /health says so.
    while (s.dynamoDb.state() !== 'up' || s.dynamoDb.restarts() === 0) {
      const h = await health();
      if (s.dynamoDb.restarts() === 0) healthWhileDown.push({ status: h.status, store: h.body.store });
      await new Promise((r) => setTimeout(r, 100));
    }
    await conversations;

    console.log(
      `restart: ${failed.length} webhooks refused while DynamoDB was down (slowest answer ${Math.max(...failed.map((f) => f.ms)).toFixed(0)} ms); ${sent} requests in all; restarts ${s.dynamoDb.restarts()}`,
    );
    expect(killed).toBe(true);
    expect(s.dynamoDb.restarts()).toBe(1);
    expect(failed.length).toBeGreaterThanOrEqual(5);
    for (const f of failed) {
      expect(f.status).toBe(503);
      expect(Number(f.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(f.ms).toBeLessThan(TWILIO_READ_TIMEOUT_MS);
      const detail = String((JSON.parse(f.body) as { detail?: unknown }).detail);
      expect(detail).not.toMatch(/\bwas recorded\b|will be processed/); // nothing it cannot know
      expect(detail).toMatch(/send it again/);
    }
    expect(healthWhileDown.length).toBeGreaterThan(0);
    for (const h of healthWhileDown) expect(h).toEqual({ status: 503, store: expect.stringMatching(/^(restarting|not-answering)$/) });
    expect(await health()).toEqual({ status: 200, body: { ok: true, store: 'up', storeRestarts: 1 } });

    const distinct = PEOPLE * 10;
    await expectCrowdOutcome(s.deps, crowdItems, roundId, members, distinct);
    // The failures are logged by their kind only, never with a number.
    const lines = logger.lines.join('\n');
    expect(lines).toContain('"store.died"');
    expect(lines).toContain('"store.restarted"');
    for (const m of members) expect(lines).not.toContain(m.phone.slice(3));
  }, 180_000);
});
