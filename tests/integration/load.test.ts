import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSid, startHarness, type Harness, type Sent } from './support/harness.js';
import { concurrencyLimit, crowd, expectCrowdOutcome, setUpCrowd, type CrowdMember } from './support/survey-crowd.js';

/**
 * Load: 200 people answer at the same time, ten messages each, through the signed webhook over real HTTP
 * against DynamoDB Local — SMS and WhatsApp, eight languages, joiners and invited participants, a
 * re-prompt — with at most 48 requests in flight. One message in twenty is delivered twice, as Twilio
 * retries: half at the same moment as the first, half after the conversation has moved on. Afterwards
 * the table must hold exactly the expected answers, sessions and ledger.
 */

const PEOPLE = 200;
const IN_FLIGHT = 48;
/** Generous for a 2-core machine (a run takes 20–40 s); a hang or a retry storm shows up as a breach. */
const BUDGET_MS = 120_000;

let h: Harness;
let roundId = '';
const members = crowd(PEOPLE, '+32478');

beforeAll(async () => {
  h = await startHarness();
  roundId = await setUpCrowd(h.deps, h.clock, h.logger, members);
});
afterAll(async () => h?.stop());

/** Which messages Twilio delivers twice (5%): with the first, or later. */
function twice(m: CrowdMember, k: number): 'together' | 'later' | null {
  const n = m.index * 10 + k;
  return n % 40 === 7 ? 'together' : n % 40 === 27 ? 'later' : null;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

describe('load through the signed webhook', () => {
  it(`${PEOPLE} conversations × 10 messages at once: nothing lost, nothing applied twice, in bounded time`, async () => {
    const gate = concurrencyLimit(IN_FLIGHT);
    const latencies: number[] = [];
    const problems: string[] = [];
    const later: Array<{ m: CrowdMember; text: string; sid: string; first: Sent }> = [];
    let duplicates = 0;
    const post = (m: CrowdMember, text: string, sid: string) =>
      gate(async () => {
        const t0 = performance.now();
        const sent = await h.send({ channel: m.channel, phone: m.phone, text, messageSid: sid });
        latencies.push(performance.now() - t0);
        return sent;
      });

    const started = performance.now();
    await Promise.all(
      members.map(async (m) => {
        for (const [k, text] of m.messages.entries()) {
          const sid = newSid();
          const how = twice(m, k);
          const [first, second] = await Promise.all(how === 'together' ? [post(m, text, sid), post(m, text, sid)] : [post(m, text, sid)]);
          if (!first || first.status !== 200 || first.replies.length === 0) problems.push(`participant ${m.index} message ${k}: ${first?.status ?? 'none'}`);
          if (second) {
            duplicates++;
            if (second.status !== 200 || JSON.stringify(second.replies) !== JSON.stringify(first?.replies))
              problems.push(`participant ${m.index} message ${k}: the duplicate got another reply`);
          }
          if (how === 'later' && first) later.push({ m, text, sid, first });
        }
      }),
    );
    // Twilio's late retries, once the conversations have moved on: the first reply again, nothing applied.
    await Promise.all(
      later.map(({ m, text, sid, first }) =>
        post(m, text, sid).then((again) => {
          duplicates++;
          if (again.status !== 200 || JSON.stringify(again.replies) !== JSON.stringify(first.replies))
            problems.push(`participant ${m.index}: a late retry got another reply`);
        }),
      ),
    );
    const elapsed = performance.now() - started;

    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `load: ${PEOPLE} conversations, ${latencies.length} requests (${duplicates} duplicates), ${IN_FLIGHT} in flight: ` +
        `${(elapsed / 1000).toFixed(1)} s, ${((latencies.length / elapsed) * 1000).toFixed(0)} req/s, ` +
        `latency p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${percentile(sorted, 100).toFixed(0)} ms`,
    );
    expect(problems.slice(0, 10), `${problems.length} problems`).toEqual([]);
    expect(duplicates).toBe(PEOPLE / 2); // 5% of 2,000
    expect(elapsed).toBeLessThan(BUDGET_MS);

    await expectCrowdOutcome(h.deps, h.dump, roundId, members, PEOPLE * 10);
    // Messages of one person never overtake each other: every answer sits where the script put it
    // (checked above); and nothing failed on the way.
    expect(h.logger.lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 180_000);
});
