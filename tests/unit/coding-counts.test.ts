import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Published } from '../../core/disclosure/audit.js';
import { codable } from '../../core/coding/codable.js';
import { CodeTally, codeCountIds } from '../../core/coding/counts.js';
import { publishCounts } from '../../core/coding/round-counts.js';
import type { Answer } from '../../core/model.js';
import type { QuestionInfo } from '../../core/results/questions.js';

/**
 * The code counts as a curious reader attacks them: every published number, and every group the reader
 * can derive from them — a complement, a sum and difference of codes, the change since an earlier
 * publication — must be about nobody or about at least k people.
 */

const K = 5;
const CODES = ['taal', 'orde', 'inzet'] as const;
const STORY: QuestionInfo = { id: 'story', kind: 'story', text: 'Tell us', position: 0, values: [] };
const QUESTIONS = new Map([[STORY.id, STORY]]);

const answer = (respondentCode: string): Answer => ({
  projectId: 'p',
  roundId: 'r',
  respondentCode,
  surveyId: 's',
  surveyVersion: 1,
  questionId: STORY.id,
  value: 'words',
  status: 'answered',
  language: 'nl',
  channel: 'sms',
  day: '2026-11-23',
  voice: null,
  transcript: null,
  translation: null,
});

/** One respondent's codes on the story (any coder). */
type Person = ReadonlySet<string>;

function tally(people: readonly Person[]): CodeTally {
  const t = new CodeTally(QUESTIONS, (code) => people[Number(code.slice(1))]);
  people.forEach((_, i) => t.add(`r${i}`, [answer(`r${i}`)]));
  return t;
}

/** An in-memory history of what was published, as the store keeps it. */
function history() {
  const kept: Published[] = [];
  return {
    kept,
    publishedCounts: async () => [...kept],
    addPublishedCounts: async (_p: string, _r: string, n: number, published: Published) => {
      if (n !== kept.length + 1) return false;
      kept.push(published);
      return true;
    },
    taggings: async () => [],
  };
}

async function publish(people: readonly Person[], store = history(), totalKnown = true): Promise<Published> {
  return publishCounts(
    store,
    'p',
    'r',
    tally(people).table(CODES, () => totalKnown),
    K,
  );
}

const person = fc.subarray([...CODES]).map((codes) => new Set(codes) as Person);
const crowd = fc.array(person, { minLength: 1, maxLength: 30 });
const small = (n: number) => n > 0 && n < K;
const codeCount = (p: Published, code: string) => p[codeCountIds.withCode(STORY.id, code)];

/**
 * Every group a reader can derive from one publication by adding and subtracting its numbers: a
 * combination a·n + Σ b_c·|c| (coefficients −1, 0, 1) that counts every possible pattern of codes 0 or 1
 * times is a group of people. Patterns the publication rules out (a code shown as 0) are left out.
 */
function derivableGroups(published: Published, people: readonly Person[]): number[] {
  const total = published[codeCountIds.answered(STORY.id)];
  const shown = CODES.filter((c) => codeCount(published, c) !== undefined);
  const absent = new Set(shown.filter((c) => codeCount(published, c) === 0));
  const patterns = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => new Set(CODES.filter((_, i) => bits & (1 << i)))).filter((p) => ![...p].some((c) => absent.has(c)));
  const sizes: number[] = [];
  const coefficients = [-1, 0, 1];
  const terms = [...(total === undefined ? [] : ['total']), ...shown];
  const combos = (n: number): number[][] => (n === 0 ? [[]] : combos(n - 1).flatMap((rest) => coefficients.map((c) => [c, ...rest])));
  for (const combo of combos(terms.length)) {
    const weight = (p: ReadonlySet<string>) => terms.reduce((s, term, i) => s + (combo[i] ?? 0) * (term === 'total' || p.has(term) ? 1 : 0), 0);
    if (!patterns.every((p) => weight(p) === 0 || weight(p) === 1)) continue;
    sizes.push(people.reduce((s, p) => s + weight(p), 0));
  }
  return sizes;
}

describe('code counts: what one publication gives away', () => {
  it('hides a code given to 1..k−1 answers, shows 0 and k or more', async () => {
    const people: Person[] = [
      ...Array.from({ length: 6 }, () => new Set(['taal'])),
      ...Array.from({ length: 2 }, () => new Set(['orde'])),
      ...Array.from({ length: 6 }, () => new Set<string>()),
    ];
    const shown = await publish(people);
    expect(codeCount(shown, 'taal')).toBe(6);
    expect(codeCount(shown, 'orde')).toBeUndefined();
    expect(codeCount(shown, 'inzet')).toBe(0);
  });

  it('hides a code whose complement is 1..k−1 when the answered count is known ("10 of 12" says 2 did not)', async () => {
    const people: Person[] = [...Array.from({ length: 10 }, () => new Set(['taal'])), new Set(), new Set()];
    expect(codeCount(await publish(people), 'taal')).toBeUndefined();
    // Not knowing how many answered, a reader cannot subtract: the count is shown.
    expect(codeCount(await publish(people, history(), false), 'taal')).toBe(10);
  });

  it('publishes no union: the only counts are one code each and the known total', async () => {
    const people: Person[] = Array.from({ length: 20 }, (_, i) => new Set(i % 2 ? ['taal', 'orde'] : ['orde']));
    const ids = Object.keys(await publish(people));
    expect(ids.every((id) => id === codeCountIds.answered(STORY.id) || CODES.some((c) => id === codeCountIds.withCode(STORY.id, c)))).toBe(true);
  });

  it('property: every number shown, and every group derived by adding and subtracting them (A∪B − A, A + B − n…), is 0 or ≥ k', async () => {
    await fc.assert(
      fc.asyncProperty(crowd, fc.boolean(), async (people, totalKnown) => {
        const shown = await publish(people, history(), totalKnown);
        for (const n of Object.values(shown)) expect(small(n)).toBe(false);
        for (const n of derivableGroups(shown, people)) expect(small(n), `a derivable group of ${n}`).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('code counts over time: differencing publications', () => {
  it('a new release of k people with 2 of them coded: the change of 2 is not shown', async () => {
    const store = history();
    const first: Person[] = [...Array.from({ length: 5 }, () => new Set(['taal'])), ...Array.from({ length: 5 }, () => new Set<string>())];
    expect(codeCount(await publish(first, store), 'taal')).toBe(5);
    const second = [...first, new Set(['taal']), new Set(['taal']), new Set<string>(), new Set<string>(), new Set<string>()];
    expect(codeCount(await publish(second, store), 'taal')).toBeUndefined();
  });

  it('one more answer tagged since the last publication does not show as a change of 1', async () => {
    const store = history();
    const people: Person[] = [...Array.from({ length: 6 }, () => new Set(['inzet'])), ...Array.from({ length: 14 }, () => new Set<string>())];
    expect(codeCount(await publish(people, store), 'inzet')).toBe(6);
    const tagged = people.map((p, i) => (i === 6 ? new Set(['inzet']) : p));
    expect(codeCount(await publish(tagged, store), 'inzet')).toBeUndefined();
    // Five more later: a step of k from what was shown, so it shows again.
    const more = people.map((p, i) => (i < 11 ? new Set(['inzet']) : p));
    expect(codeCount(await publish(more, store), 'inzet')).toBe(11);
  });

  it('property: over a sequence of releases and tagging, no number and no complement changes by 1..k−1 between any two publications', async () => {
    const steps = fc.array(fc.tuple(fc.array(person, { maxLength: 8 }), fc.array(fc.tuple(fc.nat(40), person), { maxLength: 6 })), {
      minLength: 2,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(crowd, steps, async (start, later) => {
        const store = history();
        let people = [...start];
        const seen: Published[] = [await publish(people, store)];
        for (const [joined, retagged] of later) {
          people = [...people, ...joined];
          for (const [i, codes] of retagged) if (people.length > 0) people[i % people.length] = codes;
          seen.push(await publish(people, store));
        }
        const totalId = codeCountIds.answered(STORY.id);
        for (const [i, a] of seen.entries()) {
          for (const b of seen.slice(i + 1)) {
            for (const [id, n] of Object.entries(b)) if (a[id] !== undefined) expect(small(Math.abs(n - (a[id] ?? 0))), id).toBe(false);
            for (const code of CODES) {
              const [ta, tb, ca, cb] = [a[totalId], b[totalId], codeCount(a, code), codeCount(b, code)];
              if (ta === undefined || tb === undefined || ca === undefined || cb === undefined) continue;
              expect(small(Math.abs(tb - cb - (ta - ca))), `the change of "without ${code}"`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('code counts: who is counted', () => {
  it('counts each respondent once per question, and only answers the summary counts as answered', () => {
    const t = new CodeTally(QUESTIONS, () => new Set(['taal']));
    t.add('r1', [answer('r1'), { ...answer('r1'), status: 'comment', seq: 1 }]);
    t.add('r2', [{ ...answer('r2'), status: 'skipped', value: null }]);
    t.add('r3', [{ ...answer('r3'), questionId: 'not-in-the-survey' }]);
    expect(t.answeredCount(STORY.id)).toBe(1);
    const table = t.table(['taal'], () => true);
    expect(table.counts.get(codeCountIds.withCode(STORY.id, 'taal'))).toBe(1);
  });
});

describe('what can be coded', () => {
  const CHOICE: QuestionInfo = { id: 'how', kind: 'choice', text: 'How?', position: 1, values: ['phone', 'visit'] };
  const voice = (state: NonNullable<Answer['voice']>, transcript: string | null): Answer => ({ ...answer('RV'), value: null, voice: state, transcript });

  it('a story in words, typed or a voice note’s transcript; not a voice note with no words yet, nor a closed question', () => {
    expect(codable(answer('RT'), STORY)).toBe(true);
    expect(codable(voice('transcribed', 'They helped with the letter.'), STORY)).toBe(true);
    for (const state of ['received', 'transcribing', 'needs-human', 'failed'] as const) expect(codable(voice(state, null), STORY), state).toBe(false);
    expect(codable({ ...answer('RS'), status: 'skipped', value: null }, STORY)).toBe(false);
    expect(codable({ ...answer('RC'), value: 'phone' }, CHOICE)).toBe(false);
  });

  it('a coded voice story counts like a typed one; without its transcript it carries no code', async () => {
    const count = async (transcript: string | null) => {
      const t = new CodeTally(QUESTIONS, () => new Set(['taal']));
      for (let i = 0; i < 5; i++)
        t.add(`r${i}`, [i === 0 ? { ...voice(transcript ? 'transcribed' : 'transcribing', transcript), respondentCode: 'r0' } : answer(`r${i}`)]);
      return codeCount(
        await publishCounts(
          history(),
          'p',
          'r',
          t.table(CODES, () => true),
          K,
        ),
        'taal',
      );
    };
    expect(await count('By voice: they explained the letter.')).toBe(5);
    expect(await count(null)).toBeUndefined(); // 4 of 5: hidden
  });
});
