import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackPair, attackSnapshot, attackSummary, smallCounts, type Finding, type Snapshot } from '../support/curious-attacks.js';
import { expectNothingLearned, peopleOf, PROBE_WHEN, startCurious, WORDS, type Curious, type Person, type Script } from './support/curious-stack.js';

/**
 * Issue 16, the curious reader adding and subtracting what the summary publishes (contract, point 1):
 * a statement whose options are hidden while its follow-up ("why?", asked only after "not true" or
 * "don't know") shows its respondents; question respondents against the round's; complete, incomplete
 * and declined against respondents; languages and channels against their totals; means against the
 * counts shown; the comparison over two rounds. Then k itself: a project that raises it to 8, and one
 * that tries to lower it.
 */

const K = 5;
const KNOW = { probes: { listened: PROBE_WHEN } };
let c: Curious;
const rounds = { first: '', second: '' };

// Thirteen people: seven Dutch, three Arabic, two French, one Tigrinya speaker.
const LANGS = ['nl', 'ar', 'nl', 'fr', 'nl', 'ar', 'ti', 'nl', 'nl', 'ar', 'fr', 'nl', 'nl'] as const;
const PEOPLE = peopleOf(
  31,
  LANGS.map((l, i) => [l, i % 3 === 1 ? 'whatsapp' : 'sms'] as const),
);
/** Three say "true" to the statement; the others "not true" or "don't know", and then answer the "why". */
const script = (p: Person, i: number, round = 0): Script => ({
  energy: (1 + ((i + round) % 5)) as Script['energy'],
  listened: i % 4 === 0 ? 'true' : i % 2 === 0 ? 'dont_know' : 'not_true',
  future: i % 3 === 0 ? 'change_some' : 'keep',
  words: `${WORDS[p.language]} (${i})`,
  hearBack: i % 3 !== 2,
  ending: round === 0 && i === 4 ? 'declines' : round === 0 && i === 11 ? 'stops' : 'completes',
});

beforeAll(async () => {
  c = await startCurious();
  expect((await c.createProject('compl', ['nl', 'fr', 'ar', 'ti'])).status).toBe(201);
  await c.enrol('compl', PEOPLE);
  rounds.first = await c.launch('compl', 'start');
  for (const [i, p] of PEOPLE.entries()) {
    if (i === 6) c.later(1);
    await c.take(p, script(p, i));
  }
  await c.close('compl', rounds.first);
  c.later(10);
  rounds.second = await c.launch('compl', 'end');
  for (const [i, p] of PEOPLE.slice(0, 11).entries()) await c.take(p, script(p, i, 1));
  await c.close('compl', rounds.second);
}, 120_000);
afterAll(async () => c?.stop());

const attack = async (role: 'staff' | 'coordinator' = 'staff') => attackSummary(await c.summary('compl', role), K, KNOW);
const about = (findings: readonly Finding[], pattern: RegExp) => findings.filter((f) => pattern.test(f.detail));

describe('complementary disclosure in the summary', () => {
  it('the issue\'s follow-up attack: "why?" respondents against the statement\'s do not give the "true" count', async () => {
    expectNothingLearned(about(await attack(), /listened\.probe/), 'the follow-up against the statement');
  });

  it("each question's respondents subtracted from the round's respondents", async () => {
    expectNothingLearned(about(await attack(), /: (release\.)?respondents − \([\w.]+\.respondents\)/), 'questions against the round');
  });

  it('complete, incomplete and declined subtracted from the respondents and from each other', async () => {
    expectNothingLearned(about(await attack(), /\b(complete|incomplete|declined)\b/), 'completion against respondents');
  });

  it('languages and channels subtracted from their totals', async () => {
    expectNothingLearned(about(await attack(), /languages\.|channels\./), 'breakdowns against totals');
  });

  it('a question\'s options subtracted from its respondents (the other options, the "no" of a consent)', async () => {
    expectNothingLearned(about(await attack(), /\.values\./), 'options against respondents');
  });

  it('no mean with a hidden cell to solve for, and none over fewer than k', async () => {
    expectNothingLearned(about(await attack(), /forces exactly|mean/), 'means');
  });

  it('the comparison and the life of the project (shares, returning people) give no count under k', async () => {
    expectNothingLearned(about(await attack(), /lifecycle|comparison|firstAndLast|inSeveralRounds|pairs/), 'over the rounds');
  });

  it('all of it at once, for staff and for a coordinator — against a summary that still publishes a release', async () => {
    const summary = await c.summary('compl');
    const first = (summary.rounds as Array<{ roundId: string; release?: { number?: number; respondents?: number } }>).find((r) => r.roundId === rounds.first);
    expect(first?.release?.number, 'the first round was released').toBeGreaterThanOrEqual(1);
    expect(first?.release?.respondents, 'its release holds people').toBeGreaterThanOrEqual(K);
    expectNothingLearned([...attackSummary(summary, K, KNOW), ...(await attack('coordinator'))], 'the summary');
  });
});

describe('k of a project', () => {
  it('a project with disclosure.k: 8 applies 8: nothing at 7 finished, then no class, count or difference under 8', async () => {
    expect((await c.createProject('k-eight', ['nl', 'fr'], { disclosure: { k: 8 } })).status).toBe(201);
    const people = peopleOf(
      32,
      Array.from({ length: 13 }, (_, i) => [i % 4 === 3 ? 'fr' : 'nl', i % 2 === 0 ? 'sms' : 'whatsapp'] as const),
    );
    await c.enrol('k-eight', people);
    const roundId = await c.launch('k-eight', 'start');
    const history: Snapshot[] = [await c.snapshot('k-eight', roundId, 'the launch')];
    for (const [i, p] of people.entries()) {
      await c.take(p, {
        energy: (1 + (i % 5)) as Script['energy'],
        listened: i % 2 === 0 ? 'true' : 'not_true',
        future: 'keep',
        words: `${WORDS[p.language]} (${i})`,
        hearBack: i % 2 === 0,
      });
      if (i === 6 || i === 12) history.push(await c.snapshot('k-eight', roundId, `${i + 1} finished`));
    }
    const [, seven, thirteen] = history as [Snapshot, Snapshot, Snapshot];
    expect(seven.rows, 'rows released at 7 finished, under k = 8').toEqual([]);
    expect(thirteen.summary.k).toBe(8);
    const release = (thirteen.summary.rounds as Array<{ release?: { respondents?: number } }>)[0]?.release?.respondents;
    expect(release, 'the release at 13 finished').toBeGreaterThanOrEqual(8);
    expectNothingLearned(
      [...history.flatMap((s) => attackSnapshot(s, 8, KNOW)), ...attackPair(history[0] as Snapshot, seven, 8, KNOW), ...attackPair(seven, thirteen, 8, KNOW)],
      'k = 8',
    );
  });

  it('disclosure.k below 5 (or not a whole number from 5 to 50) is refused with a 400 naming disclosure.k; nothing is created', async () => {
    const cases: Array<[unknown, string]> = [
      [{ k: 3 }, 'disclosure.k'],
      [{ k: 4 }, 'disclosure.k'],
      [{ k: 0 }, 'disclosure.k'],
      [{ k: -5 }, 'disclosure.k'],
      [{ k: 4.9 }, 'disclosure.k'],
      [{ k: 5.5 }, 'disclosure.k'],
      [{ k: 51 }, 'disclosure.k'],
      [{ k: '8' }, 'disclosure.k'],
      [{ k: null }, 'disclosure.k'],
      [{ linkRounds: 'yes' }, 'disclosure.linkRounds'],
    ];
    for (const [disclosure, field] of cases) {
      const refused = await c.createProject('k-low', ['nl'], { disclosure });
      expect(refused.status, `${JSON.stringify(disclosure)}: ${refused.text.slice(0, 200)}`).toBe(400);
      expect(
        refused.json?.errors?.map((e) => e.field),
        JSON.stringify(disclosure),
      ).toEqual([field]);
    }
    expect((await c.call('staff', 'GET', '/api/projects/k-low')).status).toBe(404);
  });

  it('k from 5 to 50 is accepted, and the summary says which k applies', async () => {
    for (const k of [5, 50]) {
      expect((await c.createProject(`k-${k}`, ['nl'], { disclosure: { k } })).status).toBe(201);
      expect((await c.summary(`k-${k}`)).k).toBe(k);
    }
    expect(smallCounts(await c.summary('k-50'), 50, 'summary of a project without answers')).toEqual([]);
  });
});
