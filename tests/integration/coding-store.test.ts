import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCodebook, reviseCodebook, type Codebook } from '../../core/coding/codebook.js';
import type { AnswerKey } from '../../core/coding/ports.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The coding store (adapters/dynamodb/coding-store.ts) on DynamoDB Local: codebooks saved on condition,
 * tags changed atomically by coders at once, what counts published kept once per number, and an
 * erasure that takes a person's tags with their answers.
 */

let h: Harness;
const AT = '2026-11-23T10:00:00.000Z';
const key = (respondentCode: string, questionId = 'story', roundId = 'r1'): AnswerKey => ({ projectId: 'cp', roundId, respondentCode, questionId });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const revise = (current: Codebook, codes: Array<{ id: string; archived?: boolean }>, version?: number): Codebook => {
  const result = reviseCodebook(
    current,
    { codes: codes.map((c) => ({ id: c.id, label: { nl: c.id }, archived: c.archived ?? false })), interpreters: { own: true, network: ['i-1'] }, version },
    AT,
  );
  if ('refusal' in result) throw new Error(result.refusal.code);
  return result.codebook;
};

describe('the codebook in DynamoDB', () => {
  it('is saved on condition of the version read: of two saving the same version, one wins', async () => {
    const coding = h.deps.coding;
    expect(await coding.codebook('cp')).toBeNull();
    const first = revise(emptyCodebook('cp'), [{ id: 'housing' }]);
    expect(await coding.saveCodebook(first)).toBe(true);
    expect(await coding.codebook('cp')).toEqual({ ...first, codes: [{ id: 'housing', label: { nl: 'housing' }, builtIn: false, archived: false }] });
    const a = revise(first, [{ id: 'housing' }, { id: 'work' }]);
    const b = revise(first, [{ id: 'housing', archived: true }]);
    const saved = await Promise.all([coding.saveCodebook(a), coding.saveCodebook(b)]);
    expect(saved.filter(Boolean)).toHaveLength(1);
    expect((await coding.codebook('cp'))?.version).toBe(2);
    // A first save where one exists already is refused too.
    expect(await coding.saveCodebook(revise(emptyCodebook('cp'), [{ id: 'x' }]))).toBe(false);
  });
});

describe('tags in DynamoDB', () => {
  it('loses no code when coders (or one coder in two tabs) tag the same answer at once', async () => {
    const coding = h.deps.coding;
    await Promise.all([
      coding.addCodes(key('R1'), 'staff:a', ['topoi.taal'], AT),
      coding.addCodes(key('R1'), 'staff:a', ['topoi.inzet', 'housing'], AT),
      coding.addCodes(key('R1'), 'interpreter:b', ['topoi.taal'], AT),
      coding.addCodes(key('R1'), 'staff:a', ['topoi.taal'], AT),
    ]);
    const tags = await coding.taggings('cp', 'r1');
    expect(tags.map((t) => [t.coder, t.codes])).toEqual([
      ['interpreter:b', ['topoi.taal']],
      ['staff:a', ['housing', 'topoi.inzet', 'topoi.taal']],
    ]);
    expect(tags.every((t) => t.respondentCode === 'R1' && t.questionId === 'story')).toBe(true);
  });

  it('takes a code off, and the item with the last one; taking off what is not there changes nothing', async () => {
    const coding = h.deps.coding;
    await coding.addCodes(key('R2'), 'staff:a', ['topoi.orde', 'work'], AT);
    expect(await coding.removeCode(key('R2'), 'staff:a', 'work', AT)).toEqual(['topoi.orde']);
    expect(await coding.removeCode(key('R2'), 'staff:a', 'topoi.orde', AT)).toEqual([]);
    expect(await coding.removeCode(key('R2'), 'staff:a', 'topoi.orde', AT)).toEqual([]);
    expect(await coding.removeCode(key('R2'), 'staff:nobody', 'x', AT)).toEqual([]);
    const items = (await h.dump()).filter((i) => String(i.pk) === 'CT#cp#r1' && String(i.sk).startsWith('R2#'));
    expect(items).toEqual([]);
  });

  it('keeps what counts published once per number: two publishing the same number, one wins', async () => {
    const coding = h.deps.coding;
    const results = await Promise.all([coding.addPublishedCounts('cp', 'r1', 1, { a: 5 }), coding.addPublishedCounts('cp', 'r1', 1, { a: 6 })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await coding.addPublishedCounts('cp', 'r1', 2, { a: 10 })).toBe(true);
    const kept = await coding.publishedCounts('cp', 'r1');
    expect(kept).toHaveLength(2);
    expect(kept[1]).toEqual({ a: 10 });
  });

  it("goes with the person's answers when they ask to erase them, in every round; other people's stay", async () => {
    const coding = h.deps.coding;
    await h.deps.directory.putRound({ ...h.seeded.round, projectId: 'cp', roundId: 'r1' });
    await h.deps.directory.putRound({ ...h.seeded.round, projectId: 'cp', roundId: 'r2' });
    await coding.addCodes(key('RERASE', 'story', 'r1'), 'staff:a', ['topoi.taal'], AT);
    await coding.addCodes(key('RERASE', 'why', 'r2'), 'interpreter:b', ['topoi.inzet'], AT);
    await coding.addCodes(key('RKEEP', 'story', 'r2'), 'staff:a', ['topoi.inzet'], AT);
    await h.deps.eraser.erase({ projectId: 'cp', respondentCode: 'RERASE', contactKey: 'no-such-contact', at: AT });
    const left = [...(await coding.taggings('cp', 'r1')), ...(await coding.taggings('cp', 'r2'))];
    expect(left.map((t) => t.respondentCode)).not.toContain('RERASE');
    expect(left.map((t) => t.respondentCode)).toContain('RKEEP');
  });

  it('reads one answer by its key, and nothing for an answer that is not there', async () => {
    const phone = '+32470719901';
    for (const text of ['JOIN DEMO', '3', 'yes', '4', '1', 'Ze luisteren naar mij.']) expect((await h.send({ channel: 'sms', phone, text })).status).toBe(200);
    const respondentCode = h.deps.protector.respondentCode('demo', phone);
    const found = await h.deps.answerLookup.answer({ projectId: 'demo', roundId: h.seeded.round.roundId, respondentCode, questionId: 'energy' });
    expect(found).toMatchObject({ respondentCode, questionId: 'energy', status: 'answered', value: 4 });
    expect(await h.deps.answerLookup.answer({ projectId: 'demo', roundId: h.seeded.round.roundId, respondentCode, questionId: 'nope' })).toBeNull();
  });
});
