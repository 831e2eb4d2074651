import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import type { Round } from '../../core/model.js';
import { WITHHELD } from '../../core/results/csv.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type ApiAnswer, type Role } from './support/staff-api.js';
import { seedWordsRound, writeSpeakers, WORDS_PROJECT, type Speaker } from './support/words-round.js';

/**
 * Reading what people said (issue 21, item 1), attacked through the staff API on DynamoDB Local. A round
 * of the De Brug life survey: release 1 holds twenty people — nine in triad zone 1 (six of their stories
 * coded "Taal"), two at point 3 of the dyad, one whose story names Zanzibar, one who spoke Tigrinya (the
 * only one: their transcript is withheld, the interpreter's Dutch translation shown) —; a twenty-first is
 * still answering. Release 2 adds five, two of them in zone 1. The adversary is staff of the
 * organisation, reading every filter they like before and after release 2, paging with cursors they
 * forge, and subtracting: rows are recognisable by their text.
 */

const P = WORDS_PROJECT.projectId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let round: Round;
/** Readings made while only release 1 existed. */
const before: Record<string, ApiAnswer> = {};

const code = (i: number) => `RW${String(i).padStart(8, '0')}`;
const story = (i: number) => `${i >= 10 ? 'The bus' : i % 2 ? 'École' : 'ecole'} is far, story number ${i}${i === 4 ? ', like in Zanzibar' : ''}`;

function speaker(i: number): Speaker {
  const zone = i < 9 ? 1 : i < 15 ? 3 : 7;
  // Points 1–2: the six coded in zone 1; 3: two; 4: the other three of zone 1 and five more; 5: four.
  const felt = i < 6 ? 1 + (i % 2) : i === 9 || i === 10 ? 3 : i < 16 ? 4 : 5;
  return {
    code: code(i),
    zone,
    felt,
    listened: i % 5 < 2 ? 'not_true' : 'true',
    story: story(i),
    ...(i === 12 ? { voice: { transcript: 'ዝያዳ ሓገዝ ምስ ደብዳበታት', translation: 'Meer hulp met brieven' } } : {}),
    ...(i === 3 ? { comment: 'And the bus is late.' } : {}),
  };
}

const read = (query: string, role: Role = 'owner') => callApi(api, tokens[role], 'GET', `/api/projects/${P}/rounds/${round.roundId}/answers?${query}`);
interface Shown {
  release: number;
  text: string | null;
  transcript: string | null;
  translation: string | null;
  more: string[];
}
const rows = (a: ApiAnswer): Shown[] => (a.json?.answers ?? []) as Shown[];
const texts = (a: ApiAnswer) => rows(a).map((r) => r.text ?? r.translation ?? '');

/** Every page of a reading, following `next`. */
async function allPages(query: string): Promise<Shown[]> {
  const out: Shown[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await read(cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`);
    expect(page.status, page.text).toBe(200);
    out.push(...rows(page));
    cursor = (page.json?.next as string | null) ?? null;
    if (cursor === null) return out;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  round = await seedWordsRound(h);
  await writeSpeakers(
    h,
    round,
    Array.from({ length: 20 }, (_, i) => speaker(i)),
  );
  // Six of the nine in zone 1 coded "Taal" (by two coders: any coder's codes count).
  for (let i = 0; i < 6; i++) {
    const key = { projectId: P, roundId: round.roundId, respondentCode: code(i), questionId: 'story' };
    await h.deps.coding.addCodes(key, i % 2 ? 'staff:a' : 'interpreter:b', ['topoi.taal'], h.clock.now().toISOString());
  }
  expect((await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
  // Someone still answering, with words of their own: in no release.
  await writeSpeakers(h, round, [{ ...speaker(99), story: 'Unreleasedword in my story', unfinished: true }]);
  for (const q of ['question=story', 'question=story&triad=difference&zone=1', 'question=story&q=ecole']) before[q] = await read(q);
  // Release 2: five more, two in zone 1.
  await writeSpeakers(
    h,
    round,
    [20, 21, 22, 23, 24].map((i) => ({ ...speaker(i), zone: i < 22 ? 1 : 3, felt: 5 })),
  );
  expect((await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('what staff read', () => {
  it('the released words of a question, newest release first, 20 a page, and nothing else of the person', async () => {
    const first = await read('question=story');
    expect(first.status, first.text).toBe(200);
    expect(first.json?.total).toBe(25);
    expect(rows(first)).toHaveLength(20);
    expect(
      rows(first)
        .slice(0, 5)
        .every((r) => r.release === 2),
    ).toBe(true);
    const all = await allPages('question=story');
    expect(all).toHaveLength(25);
    expect(new Set(all.map((r) => r.text ?? r.transcript)).size).toBe(25);
    // Only the words: no respondent code (stored or as results show it), language, channel, day or signifier answer.
    for (const r of rows(first)) expect(Object.keys(r).sort()).toEqual(['more', 'release', 'releasedOn', 'text', 'transcript', 'translation']);
    const shownCode = h.deps.protector.exportCode(`round:${P}:${round.roundId}`, code(0));
    expect(first.text).not.toContain(code(0).slice(2));
    expect(first.text).not.toContain(shownCode);
    // Nor does the order link a person's answers: their story and their "why" stand in unrelated orders.
    const person = (t: string | null) => /(?:number |RW0+)(\d+)/.exec(t ?? '')?.[1] ?? '';
    const whys = (await allPages('question=listened.probe')).filter((r) => r.release === 1).map((r) => person(r.text));
    const stories = all.filter((r) => r.release === 1 && r.text !== null).map((r) => person(r.text));
    // (Person 12's words are withheld in both: left out of both lists.)
    const known = whys.filter((p) => p !== '');
    expect(known.length).toBe(19);
    expect([...known].sort()).toEqual([...stories].sort());
    expect(known).not.toEqual(stories);
    // Words after the story stay with it.
    expect(all.find((r) => r.text === story(3))?.more).toEqual(['And the bus is late.']);
  });

  it('a voice story in a script only one person used: the transcript withheld, the translation beside it; its words find nothing', async () => {
    const all = await allPages('question=story');
    const voice = all.find((r) => r.translation === 'Meer hulp met brieven');
    expect(voice).toMatchObject({ text: null, transcript: WITHHELD });
    const nonsense = await read('question=story&q=qwxzv');
    for (const q of ['ዝያዳ', 'Unreleasedword']) {
      const found = await read(`question=story&q=${encodeURIComponent(q)}`);
      expect({ status: found.status, body: found.json }, q).toEqual({ status: nonsense.status, body: nonsense.json });
    }
    expect(nonsense.status).toBe(422);
  });

  it('someone still answering is in no reading and no count', async () => {
    const all = await allPages('question=story');
    expect(all.some((r) => (r.text ?? '').includes('Unreleasedword'))).toBe(false);
    expect((await read('question=story')).json?.total).toBe(25);
  });

  it('search ignores case and accents: ÉCOLE finds école and Ecole (ten stories; the other ten are a group too)', async () => {
    const found = await read('question=story&q=%C3%89COLE');
    expect(found.status, found.text).toBe(200);
    expect(found.json?.total).toBe(10);
    expect(texts(found).every((t) => /^(École|ecole) is far/.test(t))).toBe(true);
    // All but one (the withheld voice story) would tell that one apart: "story" is refused in release 1, read in release 2.
    const story = await read('question=story&q=story');
    expect(rows(story).map((r) => r.release)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('filters that would single someone out', () => {
  it('a triad zone of nine is read; the zone of two newcomers in release 2 stays out of it', async () => {
    const zone = await read('question=story&triad=difference&zone=1');
    expect(zone.status, zone.text).toBe(200);
    expect(zone.json?.total).toBe(9);
    expect(rows(zone).every((r) => r.release === 1)).toBe(true);
    expect(zone.json?.leftOutReleases).toBe(1);
  });

  it('differencing: zone 1 (9) and zone 1 + code (6) would leave out 3 — refused, naming both filters', async () => {
    const narrowed = await read('question=story&triad=difference&zone=1&code=topoi.taal');
    expect(narrowed.status).toBe(422);
    expect(narrowed.json?.errors?.map((e) => e.field).sort()).toEqual(['code', 'zone']);
    expect(String(narrowed.json?.detail)).toContain('fewer than 5');
  });

  it('a chain: zone 1 + code + dyad 1–2 leaves out the same 3, who fail both code and range (each one-removed complement is 0): refused', async () => {
    expect((await read('question=story&triad=difference&zone=1&code=topoi.taal&dyad=felt&from=1&to=2')).status).toBe(422);
  });

  it('a dyad range is never one point short of two people: felt 1–2 refused (point 3 holds 2), 1–3 read', async () => {
    expect((await read('question=story&dyad=felt&from=1&to=2')).status).toBe(422);
    // 4–5 is one point short in release 1 as well; release 2's five at point 5 are read.
    const high = await read('question=story&dyad=felt&from=4&to=5');
    expect(rows(high).map((r) => r.release)).toEqual([2, 2, 2, 2, 2]);
    const wider = await read('question=story&dyad=felt&from=1&to=3');
    expect(wider.status, wider.text).toBe(200);
    expect(wider.json?.total).toBe(8);
  });

  it('a search that narrows to one person is refused, accents or not, exactly like words nobody wrote', async () => {
    const one = await read('question=story&q=zanzibar');
    const accented = await read('question=story&q=ZANZ%C3%8DBAR');
    const none = await read('question=story&q=qwxzv');
    expect(one.status).toBe(422);
    expect(one.json?.errors?.map((e) => e.field)).toEqual(['q']);
    expect(accented.json).toEqual(one.json);
    expect(none.json).toEqual(one.json);
  });

  it('the probe filtered by its statement answer: 8 said "not true", and their why is read', async () => {
    const probe = await read('question=listened.probe&value=not_true');
    expect(probe.status, probe.text).toBe(200);
    expect(probe.json?.total).toBe(8);
    expect((await read('question=listened.probe&statement=listened&value=not_true')).json?.total).toBe(8);
  });

  it('repeat requests across releases: zone 1 and the search show the same rows before and after release 2', async () => {
    const zoneNow = await read('question=story&triad=difference&zone=1');
    expect(texts(zoneNow).sort()).toEqual(texts(before['question=story&triad=difference&zone=1'] ?? zoneNow).sort());
    const searchNow = await read('question=story&q=ecole');
    expect(texts(searchNow).sort()).toEqual(texts(before['question=story&q=ecole'] ?? searchNow).sort());
    // Unfiltered, release 2 comes whole: five new rows, a group of k.
    const was = new Set(texts(before['question=story'] ?? zoneNow));
    expect((await allPages('question=story')).filter((r) => !was.has(r.text ?? r.translation ?? '')).length).toBe(5);
  });
});

describe('paging tricks', () => {
  it('a forged or foreign cursor shows nothing the filter does not: no row of a left-out release, no row outside the filter', async () => {
    const zone = new Set(texts(await read('question=story&triad=difference&zone=1')));
    const other = await read('question=story');
    const foreign = String(other.json?.next);
    const forged = (release: number, key: string) => Buffer.from(JSON.stringify({ r: release, k: key })).toString('base64url');
    for (const cursor of [foreign, forged(99, 'a'), forged(2, 'zzzz'), forged(2, '0'), forged(1, '0')]) {
      const page = await read(`question=story&triad=difference&zone=1&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status, page.text).toBe(200);
      for (const t of texts(page)) expect(zone.has(t), t).toBe(true);
    }
    expect((await read('question=story&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  it('filters that make no sense are 400, not a guess', async () => {
    for (const q of [
      'triad=story&zone=1',
      'triad=difference&zone=9',
      'triad=difference',
      'dyad=felt&from=4&to=2',
      'dyad=felt&from=1&to=6',
      'value=maybe',
      'q=%01',
    ])
      expect((await read(`question=story&${q}`)).status, q).toBe(400);
    expect((await read('question=felt')).status).toBe(404);
  });
});

describe('who reads', () => {
  it('staff of another organisation, coordinators and interpreters: as if there were no such project', async () => {
    const missing = await callApi(api, tokens.owner, 'GET', `/api/projects/nope/rounds/${round.roundId}/answers?question=story`);
    for (const role of ['otherStaff', 'coordinator', 'interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      const r = await read('question=story', role);
      expect(r.status, role).toBe(404);
      expect(r.text).not.toContain('ecole');
      expect(String(r.json?.detail).replace('"words"', '"nope"')).toBe(String(missing.json?.detail));
    }
  });
});
