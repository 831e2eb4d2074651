import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackPair, attackSnapshot, type Finding, type Snapshot } from '../support/curious-attacks.js';
import { expectNothingLearned, peopleOf, PROBE_WHEN, startCurious, WORDS, type Curious, type Lang, type Script } from './support/curious-stack.js';

/**
 * Issue 16: "for any sequence of answers and any two releases, nothing about fewer than k people is
 * learned" — as a fast-check property over the real stack, since the defence is attacked from its promise
 * and not from its code. Each run is a random crowd (mostly Dutch, a few French, Arabic and Tigrinya
 * speakers, over SMS and WhatsApp) arriving in a random order over a few days, each person finishing,
 * declining or stopping half-way; after every arrival the reader downloads everything about the round,
 * and once more after the close. Every download alone, and every two downloads together, must teach
 * nothing about fewer than k = 5 people.
 *
 * A failure prints fast-check's seed; replay it with CURIOUS_SEED=<seed>. Shrinking is off (each run
 * drives dozens of signed webhooks), so the counterexample is the crowd as generated.
 */

const K = 5;
const KNOW = { probes: { listened: PROBE_WHEN } };
const RUNS = Number(process.env.CURIOUS_RUNS ?? 15);
let c: Curious;
let run = 0;

const arrival = fc.record({
  language: fc.oneof(
    { arbitrary: fc.constant<Lang>('nl'), weight: 5 },
    { arbitrary: fc.constant<Lang>('fr'), weight: 1 },
    { arbitrary: fc.constant<Lang>('ar'), weight: 2 },
    { arbitrary: fc.constant<Lang>('ti'), weight: 1 },
  ),
  channel: fc.constantFrom('sms' as const, 'whatsapp' as const),
  energy: fc.integer({ min: 1, max: 5 }),
  listened: fc.constantFrom('true' as const, 'not_true' as const, 'dont_know' as const),
  future: fc.constantFrom('keep' as const, 'change_some' as const, 'change_much' as const),
  hearBack: fc.boolean(),
  ending: fc.oneof(
    { arbitrary: fc.constant('completes' as const), weight: 4 },
    { arbitrary: fc.constant('declines' as const), weight: 1 },
    { arbitrary: fc.constant('stops' as const), weight: 1 },
  ),
  /** Days that pass before this person answers. */
  wait: fc.integer({ min: 0, max: 1 }),
});
const crowd = fc.array(arrival, { minLength: 5, maxLength: 9 });

beforeAll(async () => {
  c = await startCurious();
});
afterAll(async () => c?.stop());

describe('curious reader, as a property', () => {
  it('for any crowd and order of arrival, no download and no two downloads teach anything about fewer than k people', async () => {
    const seed = process.env.CURIOUS_SEED ? Number(process.env.CURIOUS_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(crowd, async (arrivals) => {
        run++;
        const projectId = `prop-${run}`;
        expect((await c.createProject(projectId, ['nl', 'fr', 'ar', 'ti'])).status).toBe(201);
        const people = peopleOf(
          10 + (run % 90),
          arrivals.map((a) => [a.language, a.channel] as const),
        );
        await c.enrol(projectId, people);
        const roundId = await c.launch(projectId, 'start', 20);
        const history: Snapshot[] = [await c.snapshot(projectId, roundId, 'the launch')];
        for (const [i, a] of arrivals.entries()) {
          c.later(a.wait);
          const person = people[i];
          if (!person) continue;
          const script: Script = {
            energy: a.energy as Script['energy'],
            listened: a.listened,
            future: a.future,
            words: `${WORDS[a.language]} (${i})`,
            hearBack: a.hearBack,
            ending: a.ending,
          };
          await c.take(person, script);
          history.push(await c.snapshot(projectId, roundId, `arrival ${i + 1} (${a.language}, ${a.channel}, ${a.ending})`));
        }
        await c.close(projectId, roundId);
        history.push(await c.snapshot(projectId, roundId, 'the close'));
        const findings: Finding[] = [];
        for (let i = 0; i < history.length; i++) {
          findings.push(...attackSnapshot(history[i] as Snapshot, K, KNOW));
          for (let j = i + 1; j < history.length; j++) findings.push(...attackPair(history[i] as Snapshot, history[j] as Snapshot, K, KNOW));
        }
        expectNothingLearned(findings, `project ${projectId}, ${arrivals.length} arrivals`);
      }),
      { numRuns: RUNS, endOnFailure: true, ...(seed === undefined ? {} : { seed }) },
    );
  }, 240_000);
});
