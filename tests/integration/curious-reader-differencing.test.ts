import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackPair, attackSnapshot, numbersIn, type Finding, type Snapshot } from '../support/curious-attacks.js';
import {
  expectNothingLearned,
  messagesFor,
  peopleOf,
  PROBE_WHEN,
  startCurious,
  WORDS,
  type Curious,
  type Person,
  type Script,
} from './support/curious-stack.js';

/**
 * Issue 16, the curious reader comparing downloads (contract, point 2: release points). A coordinator
 * downloads the summary, the CSV, the progress and the "you said, we did" report of a round; she sees a
 * client she knows answer at the desk, and downloads again. Two downloads must be identical, or differ by
 * at least k = 5 people whose participation is final — then nothing in the difference is about fewer
 * than k. The energy-mean attack (7 × 3.29 − 6 × 3.67 ≈ 1) is replayed literally.
 */

const K = 5;
const KNOW = { probes: { listened: PROBE_WHEN } };
let c: Curious;
let roundId = '';
const history: Snapshot[] = [];

// Fourteen people of one project: Dutch, French and Arabic speakers, over SMS and WhatsApp.
const PEOPLE = peopleOf(
  21,
  Array.from({ length: 14 }, (_, i) => [i % 5 === 2 ? 'ar' : i % 4 === 1 ? 'fr' : 'nl', i % 3 === 0 ? 'whatsapp' : 'sms'] as const),
);
const person = (i: number): Person => PEOPLE[i] as Person;
const script = (i: number, over: Partial<Script> = {}): Script => ({
  energy: (3 + (i % 3)) as Script['energy'],
  listened: (['true', 'not_true', 'dont_know'] as const)[i % 3] ?? 'true',
  future: 'keep',
  words: `${WORDS[person(i).language]} (${i})`,
  hearBack: i % 2 === 0,
  ...over,
});

async function download(after: string): Promise<Snapshot> {
  const s = await c.snapshot('diff', roundId, after);
  history.push(s);
  return s;
}
const roundIn = (s: Snapshot) =>
  (Array.isArray(s.summary.rounds) ? (s.summary.rounds as Array<Record<string, unknown>>) : []).find((r) => r.roundId === roundId) ?? {};
const energyIn = (s: Snapshot) =>
  (Array.isArray(roundIn(s).questions) ? (roundIn(s).questions as Array<Record<string, unknown>>) : []).find((q) => q.questionId === 'energy') ?? {};

beforeAll(async () => {
  c = await startCurious();
  expect((await c.createProject('diff', ['nl', 'fr', 'ar'])).status).toBe(201);
  await c.enrol('diff', PEOPLE);
  roundId = await c.launch('diff', 'start');
  await download('the launch');
});
afterAll(async () => c?.stop());

describe('release points against a reader who downloads again', () => {
  it('before k respondents finished nothing is released: no row, every count suppressed, release number 0', async () => {
    for (const i of [0, 1, 2, 3]) await c.take(person(i), script(i));
    for (const text of messagesFor(script(4)).slice(0, 3)) await c.send(person(4), text); // still answering
    const s = await download('four finished and one is answering');
    expect(
      s.rows.map((r) => r.respondent_code),
      'rows published before k finished',
    ).toEqual([]);
    expect(s.numbers).toEqual([]);
    const round = roundIn(s);
    expect(round.release, "the round's release").toMatchObject({ number: 0 });
    const counts = numbersIn(round, 'round').filter((n) => !['number', 'surveyVersion'].includes(n.key) && n.value !== 0);
    expect(
      counts.map((n) => `${n.path} = ${n.value}`),
      'counts published before the first release',
    ).toEqual([]);
    expectNothingLearned(attackPair(history[0] as Snapshot, s, K, KNOW), 'against the download at launch');
  });

  it("the issue's energy-mean attack: the summary with six and then seven respondents does not give the seventh's answer", async () => {
    for (const text of messagesFor(script(4)).slice(3)) await c.send(person(4), text);
    await c.take(person(5), script(5));
    const six = await download('six finished');
    await c.take(person(6), script(6, { energy: 1 })); // the client the coordinator saw at the desk
    const seven = await download('the known seventh finished, with energy 1');
    const [a, b] = [energyIn(six), energyIn(seven)];
    if (typeof a.mean === 'number' && typeof b.mean === 'number' && typeof a.respondents === 'number' && typeof b.respondents === 'number') {
      const added = b.respondents - a.respondents;
      const learned = b.mean * b.respondents - a.mean * a.respondents;
      expect(
        added === 0 ? a.mean === b.mean : added >= K,
        `${b.respondents} × ${b.mean} − ${a.respondents} × ${a.mean} = ${learned.toFixed(2)}: the energy of ${added} known person(s)`,
      ).toBe(true);
    }
    expectNothingLearned(attackPair(six, seven, K, KNOW), 'six against seven');
  });

  it('one, two, three, then four known people finish: each download is identical to the one before or differs by ≥ k', async () => {
    const steps: Array<[string, () => Promise<void>]> = [
      ['one more finished', () => c.take(person(7), script(7))],
      ['one declined', () => c.take(person(8), script(8, { ending: 'declines' }))],
      ['one stopped half-way', () => c.take(person(9), script(9, { ending: 'stops' }))],
      ['one more finished', () => c.take(person(10), script(10, { listened: 'not_true' }))],
    ];
    const findings: Finding[] = [];
    for (const [what, act] of steps) {
      const before = history.at(-1) as Snapshot;
      await act();
      c.later(1);
      findings.push(...attackPair(before, await download(what), K, KNOW));
    }
    expectNothingLearned(findings, 'consecutive downloads');
  });

  it('someone still answering is never in a release: their first answers change no download', async () => {
    const before = history.at(-1) as Snapshot;
    for (const text of messagesFor(script(11)).slice(0, 4)) await c.send(person(11), text);
    expectNothingLearned(attackPair(before, await download('one started answering'), K, KNOW), 'before and after someone started');
  });

  it('two more finish, then the round closes: the few left over since the last release stay unreleased', async () => {
    for (const i of [12, 13]) await c.take(person(i), script(i, { hearBack: true }));
    await download('two more finished, one with a "yes" to hearing back');
    await c.close('diff', roundId);
    const closed = await download('the close');
    expectNothingLearned(attackPair(history.at(-2) as Snapshot, closed, K, KNOW), 'before and after the close');
  });

  it('any two downloads of the whole history (not only neighbours) differ by nothing about fewer than k', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < history.length; i++)
      for (let j = i + 2; j < history.length; j++) findings.push(...attackPair(history[i] as Snapshot, history[j] as Snapshot, K, KNOW));
    expectNothingLearned(findings, `${history.length} downloads compared two by two`);
  });

  it('and every download alone: no class, count or derivation under k', () => {
    expectNothingLearned(
      history.flatMap((s) => attackSnapshot(s, K, KNOW)),
      `${history.length} downloads`,
    );
  });
});
