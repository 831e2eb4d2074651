import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFE_PROJECT, seedDemoLife } from '../../local/demo-life.js';
import {
  attackFeedback,
  attackPair,
  attackProgress,
  attackSnapshot,
  attackSummary,
  codesOf,
  linkedCodes,
  smallClasses,
  type Finding,
  type Snapshot,
} from '../support/curious-attacks.js';
import { expectNothingLearned, startCurious, type Curious } from './support/curious-stack.js';

/**
 * Issue 16, "done when": the attacks replayed on the demo data — "Buurthuis De Brug", three rounds, twelve
 * neighbours (three per language: nl, fr, en, ar) replayed through the real conversation by `seedDemoLife`,
 * the start and midway rounds past, the end round open — as a social worker of the demo organisation
 * and a coordinator read it.
 */

const K = 5;
const PROJECT = LIFE_PROJECT.projectId;
const ROUNDS = ['brug-start', 'brug-midway', 'brug-end'] as const;
let c: Curious;

/** A neighbour of the demo (made-up numbers, see local/demo-life.ts) answering the open end round by SMS. */
const neighbour = (n: number) => ({ phone: `+3247099${String(n).padStart(4, '0')}`, language: 'nl' as const, channel: 'sms' as const });
const END_ROUND_ANSWERS = [
  'hallo',
  '1',
  '4',
  '1',
  'Omdat ze luisteren',
  '2',
  'De brieven blijven moeilijk',
  'Ik kreeg hulp met een brief van de huisbaas',
  '4',
  '3',
  '2',
];

beforeAll(async () => {
  c = await startCurious(LIFE_PROJECT.organisationId);
  const seeded = await seedDemoLife(c.h.deps, c.h.clock.now());
  expect(seeded?.replayed).toBe(24);
  // The organisation shares the rows with the network: the coordinator's project CSV is attacked too.
  await c.h.deps.sharing.setSharing(PROJECT, { level: 'rows', at: c.h.clock.now().toISOString(), by: 'staff' });
}, 90_000);
afterAll(async () => c?.stop());

describe('the demo project attacked', () => {
  it("each past round's CSV filtered by language, channel, day and completed (three neighbours per language)", async () => {
    const findings: Finding[] = [];
    for (const roundId of ROUNDS.slice(0, 2)) {
      findings.push(...smallClasses((await c.roundCsv(PROJECT, roundId)).rows, K));
      findings.push(...smallClasses((await c.roundCsv(PROJECT, roundId, '?columns=numbers')).rows, K, 'numbers-only CSV filtered by quasi-identifiers'));
    }
    findings.push(...smallClasses((await c.projectCsv(PROJECT, '', 'coordinator')).rows, K, 'project CSV (coordinator) filtered by quasi-identifiers'));
    expectNothingLearned(findings, "the demo's CSVs");
  });

  it('the rounds joined by respondent code: only if the project chose to compare the same people, and then in groups of ≥ k', async () => {
    const project = (await c.call('staff', 'GET', `/api/projects/${PROJECT}`)).json?.project as { disclosure?: { linkRounds?: boolean } } | undefined;
    const [start = new Set<string>(), midway = new Set<string>()] = [...linkedCodes((await c.projectCsv(PROJECT)).rows).values()];
    const both = [...start].filter((code) => midway.has(code)).length;
    if (project?.disclosure?.linkRounds === true) {
      const groups = { 'in both': both, 'in start only': start.size - both, 'in midway only': midway.size - both };
      expectNothingLearned(
        Object.entries(groups)
          .filter(([, n]) => n >= 1 && n < K)
          .map(([g, n]) => ({ attack: 'joining rounds by code', detail: `${n} respondent(s) ${g}` })),
        "the demo's linked rounds",
      );
    } else {
      expect(both, 'codes shared by the start and midway rounds of a project that did not choose to link them').toBe(0);
    }
  });

  it('the summary: no count under k and nothing derivable, for staff and for a coordinator', async () => {
    expectNothingLearned([...attackSummary(await c.summary(PROJECT), K), ...attackSummary(await c.summary(PROJECT, 'coordinator'), K)], "the demo's summary");
  });

  it('the progress of every round, for staff and for a coordinator', async () => {
    const findings: Finding[] = [];
    for (const roundId of ROUNDS) {
      findings.push(...attackProgress(((await c.progress(PROJECT, roundId)).progress ?? {}) as Record<string, unknown>, K, 'staff', `progress[${roundId}]`));
      findings.push(
        ...attackProgress(
          ((await c.progress(PROJECT, roundId, 'coordinator')).progress ?? {}) as Record<string, unknown>,
          K,
          'coordinator',
          `coordinator progress[${roundId}]`,
        ),
      );
    }
    expectNothingLearned(findings, "the demo's progress");
  });

  it('the "you said, we did" audience of the midway round (nine of twelve asked to hear back)', async () => {
    expectNothingLearned(attackFeedback(await c.feedback(PROJECT, 'brug-midway'), K, 'feedback[brug-midway]'), "the demo's audience");
  });

  it('the numbers-only export holds no story, "why" or open answer', async () => {
    const table = await c.projectCsv(PROJECT, '?columns=numbers');
    expect(table.header).not.toContain('transcript');
    expect(table.header).not.toContain('translation');
    const free = table.rows.filter((r) => /^(story|.*\.probe)$/.test(r.question_id ?? '') && (r.answer ?? '') !== '');
    expect(free.map((r) => `${r.question_id}: ${r.answer}`)).toEqual([]);
    for (const words of ['Omdat ze echt luisteren', 'huisbaas', 'لأنهم يستمعون', 'Parce qu’on m’écoute'])
      expect(table.text.includes(words), `"${words}"`).toBe(false);
  });

  it('neighbours answer the open end round one by one: every download is identical to the one before, or differs by ≥ k', async () => {
    const history: Snapshot[] = [await c.snapshot(PROJECT, 'brug-end', 'the demo was seeded')];
    for (const n of [1, 2, 3, 4]) {
      for (const text of END_ROUND_ANSWERS) expect((await c.h.send({ channel: 'sms', phone: neighbour(n).phone, text })).status).toBe(200);
      history.push(await c.snapshot(PROJECT, 'brug-end', `neighbour ${n} answered the end round`));
    }
    // They really answered: the live total staff may see.
    const total = ((await c.progress(PROJECT, 'brug-end')).progress as { total?: { completed?: number } } | undefined)?.total?.completed;
    expect(total).toBe(4);
    const findings: Finding[] = [];
    for (let i = 0; i < history.length; i++) {
      findings.push(...attackSnapshot(history[i] as Snapshot, K));
      for (let j = i + 1; j < history.length; j++) findings.push(...attackPair(history[i] as Snapshot, history[j] as Snapshot, K));
    }
    expectNothingLearned(findings, 'the end round downloaded as neighbours answer');
    expect(codesOf((history.at(-1) as Snapshot).rows).size, 'rows of four people, under k').toBe(0);
  });
});
