import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackFeedback, attackProgress, countsDifferencing, LIVE_TOTALS, smallCounts, type Finding } from '../support/curious-attacks.js';
import { expectNothingLearned, peopleOf, startCurious, WORDS, type Curious, type Lang, type Person, type Script } from './support/curious-stack.js';

/**
 * Issue 16, point 4: small cells outside the summary. The round's progress and the "you said, we did"
 * audience counted people per language and channel (enrolled 3, completed 3, hear-back 2; declined and
 * opted out per language). Contract point 3: staff see live totals of invited / started / completed;
 * every other count comes from the release and a breakdown is shown only where every cell holds ≥ k;
 * coordinators see less than staff. A reader who knows that the one Arabic speaker who said no, or the
 * French speaker who sent STOP, must not find them counted apart — nor by downloading again.
 */

const K = 5;
let c: Curious;
let roundId = '';

// Thirteen people: seven Dutch, three Arabic, two French, one Tigrinya speaker.
const LANGS: Lang[] = ['nl', 'ar', 'nl', 'ti', 'nl', 'ar', 'nl', 'fr', 'nl', 'ar', 'nl', 'fr', 'nl'];
const PEOPLE = peopleOf(
  41,
  LANGS.map((l, i) => [l, i % 3 === 0 ? 'whatsapp' : 'sms'] as const),
);
const person = (i: number) => PEOPLE[i] as Person;
const script = (i: number, over: Partial<Script> = {}): Script => ({
  energy: (1 + (i % 5)) as Script['energy'],
  listened: 'true',
  future: 'keep',
  words: `${WORDS[person(i).language]} (${i})`,
  hearBack: true,
  ...over,
});

/** Who said yes to hearing back, by language (what a reader must not learn below k). */
const hearBack = new Map<string, number>();
const said = (i: number, s: Script) => {
  if (s.hearBack && (s.ending ?? 'completes') === 'completes') hearBack.set(person(i).language, (hearBack.get(person(i).language) ?? 0) + 1);
};
const take = async (i: number, s: Script) => {
  await c.take(person(i), s);
  said(i, s);
};

const progressOf = async (role: 'staff' | 'coordinator') => ((await c.progress('prog', roundId, role)).progress ?? {}) as Record<string, unknown>;
const live = (path: string) => LIVE_TOTALS.some((m) => path === `progress.total.${m}`);

beforeAll(async () => {
  c = await startCurious();
  expect((await c.createProject('prog', ['nl', 'fr', 'ar', 'ti'])).status).toBe(201);
  await c.enrol('prog', PEOPLE);
  roundId = await c.launch('prog', 'start');
  // Nine finish (the Tigrinya speaker and two Arabic speakers among them, all asking to hear back but two).
  for (const i of [0, 1, 2, 3, 4, 5, 6, 8, 10]) await take(i, script(i, { hearBack: i !== 4 && i !== 6 }));
  await take(9, script(9, { ending: 'declines' })); // the one Arabic speaker who says no
  for (const text of ['hallo', '1', 'STOP']) await c.send(person(7), text); // the French speaker who opts out
  for (const text of ['hallo', '1', '3']) await c.send(person(12), text); // still answering
  // Person 11 (French) never answers.
});
afterAll(async () => c?.stop());

describe('progress', () => {
  it('per language and channel, as staff: no count under k but the live totals of invited, started, completed', async () => {
    expectNothingLearned(attackProgress(await progressOf('staff'), K, 'staff', 'progress'), 'progress, staff');
  });

  it('as a coordinator, who sees less than staff: no count under k at all', async () => {
    expectNothingLearned(attackProgress(await progressOf('coordinator'), K, 'coordinator', 'progress'), 'progress, coordinator');
  });

  it('the one who declined and the one who sent STOP are not counted apart by language or channel', async () => {
    const findings = attackProgress(await progressOf('staff'), K, 'staff', 'progress');
    expectNothingLearned(
      findings.filter((f) => /declined|optedOut|opted/.test(f.detail)),
      'declined and opted out',
    );
  });

  it('the rounds list carries the same progress: no count under k, for staff and coordinators', async () => {
    const findings: Finding[] = [];
    for (const role of ['staff', 'coordinator'] as const) {
      const listed = (await c.rounds('prog', role)).rounds as Array<{ progress: Record<string, unknown> }>;
      expect(listed.length).toBeGreaterThan(0);
      for (const r of listed) findings.push(...attackProgress(r.progress, K, role, 'progress'));
    }
    expectNothingLearned(findings, 'rounds list');
  });
});

describe('the "you said, we did" audience', () => {
  it('recipients and their languages are 0 or ≥ k, and nothing subtracts to fewer', async () => {
    expectNothingLearned(attackFeedback(await c.feedback('prog', roundId), K, 'feedback'), 'feedback audience');
  });

  it('the languages still waiting for a text name no language with 1..k−1 people who asked to hear back', async () => {
    const report = await c.feedback('prog', roundId);
    const missing = ((report.audience as { missing?: string[] } | undefined)?.missing ?? []).slice().sort();
    // Listing every language of the project that has no text says nothing about the audience.
    const everyUnwritten = ['ar', 'fr', 'nl', 'ti'].every((l) => missing.includes(l));
    const findings = everyUnwritten
      ? []
      : missing
          .filter((l) => (hearBack.get(l) ?? 0) < K)
          .map((l) => ({ attack: 'feedback: languages to write', detail: `"${l}" is listed, with ${hearBack.get(l) ?? 0} asking to hear back` }));
    expectNothingLearned(findings, 'missing languages');
  });
});

describe('downloading progress and the audience again', () => {
  it('a known person finishes and asks to hear back, another sends STOP: nothing but the live totals moves by fewer than k', async () => {
    const findings: Finding[] = [];
    const before = { staff: await progressOf('staff'), coordinator: await progressOf('coordinator'), feedback: await c.feedback('prog', roundId) };
    // "true" to the statement (no follow-up), "keep", a few words, "yes" to hearing back.
    for (const text of ['1', '1', `${WORDS.nl} (12)`, '1']) await c.send(person(12), text);
    said(12, script(12));
    await c.send(person(11), 'STOP');
    const after = { staff: await progressOf('staff'), coordinator: await progressOf('coordinator'), feedback: await c.feedback('prog', roundId) };
    findings.push(...countsDifferencing(before.staff, after.staff, K, 'progress', live));
    findings.push(...countsDifferencing(before.coordinator, after.coordinator, K, 'coordinator progress'));
    findings.push(...countsDifferencing(before.feedback, after.feedback, K, 'feedback'));
    expectNothingLearned(findings, 'two downloads of progress and audience');
  });

  it('sending "you said, we did": the answer and the delivery report hold no count under k', async () => {
    await c.close('prog', roundId);
    const texts = {
      nl: 'Jullie zeiden: meer uitleg. Wij doen: een spreekuur op dinsdag.',
      fr: 'Vous avez dit : plus d’explications. Nous ouvrons une permanence le mardi.',
      ar: 'قلتم: نحتاج شرحا أكثر. الآن لدينا ساعة كل يوم ثلاثاء.',
      ti: 'ዝያዳ መብርሂ ደሊኹም። ሰሉስ ሰሉስ ክንረኽበኩም ኢና።',
    };
    expect((await c.call('staff', 'PUT', `/api/projects/prog/rounds/${roundId}/feedback`, { texts })).status).toBe(200);
    const sent = await c.call('staff', 'POST', `/api/projects/prog/rounds/${roundId}/feedback/send`);
    expect(sent.status, sent.text).toBe(202);
    await c.settle();
    const findings = [...smallCounts(sent.json, K, 'send'), ...attackFeedback(await c.feedback('prog', roundId), K, 'feedback after sending')];
    expectNothingLearned(findings, 'sending');
  });
});
