import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, csvDifferencing, linkedClasses, linkedCodes, smallClasses, type Finding, type Row } from '../support/curious-attacks.js';
import { expectNothingLearned, messagesFor, peopleOf, startCurious, WORDS, type Curious, type Person, type Script } from './support/curious-stack.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';

/**
 * Issue 16, the curious reader against the row-level CSV (contract points 4–6). A social worker knows who
 * the three Arabic speakers and the one Tigrinya speaker of the project are, and who came on which day;
 * she downloads the round's CSV and filters it by language, channel, day and completion — alone and in
 * every combination — then joins rounds by respondent code, and reads the "numbers only" export and the
 * voice-answer list. Every attack must come back with nothing about fewer than k = 5 people.
 */

const K = 5;
let c: Curious;
let voice: VoiceNotes;

// Twelve people: seven Dutch, three Arabic, one Tigrinya, one French speaker, over SMS and WhatsApp, on three days.
const PEOPLE = peopleOf(11, [
  ['nl', 'sms'],
  ['nl', 'whatsapp'],
  ['nl', 'sms'],
  ['ar', 'whatsapp'],
  ['nl', 'sms'],
  ['ti', 'whatsapp'],
  ['nl', 'whatsapp'],
  ['ar', 'sms'],
  ['nl', 'sms'],
  ['fr', 'sms'],
  ['ar', 'whatsapp'],
  ['nl', 'sms'],
]);
const scriptOf = (p: Person, i: number): Script => ({
  energy: ((i % 5) + 1) as Script['energy'],
  listened: (['true', 'not_true', 'dont_know'] as const)[i % 3] ?? 'true',
  future: (['keep', 'change_some', 'change_much'] as const)[i % 3] ?? 'keep',
  words: `${WORDS[p.language]} (${i})`,
  hearBack: i % 2 === 0,
  ending: i === 9 ? 'declines' : i === 11 ? 'stops' : 'completes',
});
/** The one who sends a voice note at the open question, first of all (WhatsApp, Dutch). */
const SPEAKER = 1;

const round1 = { id: '' };
const round2 = { id: '' };
const linked = { first: '', second: '' };
let voiceListedWhileAnswering: unknown[] = [];

beforeAll(async () => {
  c = await startCurious();
  voice = await startVoiceNotes(c.h);
  expect((await c.createProject('rows', ['nl', 'fr', 'ar', 'ti'])).status).toBe(201);
  await c.enrol('rows', PEOPLE);
  round1.id = await c.launch('rows', 'start');

  // The speaker answers by voice at the open question; while they are still answering, the list is read.
  const speaker = PEOPLE[SPEAKER] as Person;
  const messages = messagesFor(scriptOf(speaker, SPEAKER));
  for (const text of messages.slice(0, -2)) await c.send(speaker, text);
  await voice.toHumanQueue(speaker.phone);
  voiceListedWhileAnswering = ((await c.voiceAnswers('rows', round1.id)).answers as unknown[]) ?? [];
  await c.send(speaker, messages.at(-1) ?? '1');

  for (const [i, p] of PEOPLE.entries()) {
    if (i === SPEAKER) continue;
    if (i === 4 || i === 8) c.later(1); // three days of answers
    await c.take(p, scriptOf(p, i));
  }
  await c.close('rows', round1.id);

  // A second round: the same twelve answer again, all to the end.
  c.later(7);
  round2.id = await c.launch('rows', 'end');
  for (const [i, p] of PEOPLE.entries()) await c.take(p, { ...scriptOf(p, i + 1), ending: 'completes' });
  await c.close('rows', round2.id);

  // A project that chose to compare the same people: twelve in round 1, nine of them come back.
  const same = peopleOf(
    12,
    Array.from({ length: 12 }, (_, i) => [i % 4 === 3 ? 'ar' : 'nl', i % 2 === 0 ? 'sms' : 'whatsapp'] as const),
  );
  expect((await c.createProject('linked', ['nl', 'ar'], { disclosure: { linkRounds: true } })).status).toBe(201);
  await c.enrol('linked', same);
  linked.first = await c.launch('linked', 'start');
  for (const [i, p] of same.entries()) await c.take(p, { ...scriptOf(p, i), ending: 'completes' });
  await c.close('linked', linked.first);
  c.later(7);
  linked.second = await c.launch('linked', 'end');
  for (const [i, p] of same.slice(0, 9).entries()) await c.take(p, { ...scriptOf(p, i + 2), ending: 'completes' });
  await c.close('linked', linked.second);
}, 120_000);
afterAll(async () => {
  await voice?.stop();
  await c?.stop();
});

const rowsOf = async (roundId: string, query = '') => (await c.roundCsv('rows', roundId, query)).rows;

describe('filtering the CSV by quasi-identifiers', () => {
  it('the issue\'s attack: filtering the round CSV on "ar" (three speakers) or "ti" (one) gives nobody\'s answers', async () => {
    const rows = await rowsOf(round1.id);
    for (const language of ['ar', 'ti', 'fr']) {
      const codes = codesOf(rows.filter((r) => r.language === language));
      expect(codes.size === 0 || codes.size >= K, `${codes.size} respondent(s) with language "${language}"`).toBe(true);
    }
  });

  it('every value and every combination of language, channel, day and completed holds 0 or ≥ k respondents (round CSV, both separators)', async () => {
    expectNothingLearned(smallClasses(await rowsOf(round1.id), K), 'round 1 CSV');
    expectNothingLearned(smallClasses((await c.roundCsv('rows', round1.id, '?separator=semicolon')).rows, K), 'round 1 CSV with semicolons');
    expectNothingLearned(smallClasses(await rowsOf(round2.id), K), 'round 2 CSV');
  });

  it('the same in the project CSV (every round) and for a coordinator', async () => {
    expectNothingLearned(smallClasses((await c.projectCsv('rows')).rows, K), 'project CSV');
    expectNothingLearned(smallClasses((await c.projectCsv('rows', '', 'coordinator')).rows, K), 'project CSV, coordinator');
  });

  it('the round CSV and the project CSV differ by nothing about a small group (differencing one against the other)', async () => {
    const round = await rowsOf(round1.id);
    const project = (await c.projectCsv('rows')).rows.filter((r) => r.round === round[0]?.round);
    expectNothingLearned(csvDifferencing(round, project, K), 'round CSV against the project CSV');
  });
});

describe('joining rounds by respondent code', () => {
  it('without disclosure.linkRounds, round 1 and round 2 share no respondent code (round CSVs)', async () => {
    const first = codesOf(await rowsOf(round1.id));
    const second = codesOf(await rowsOf(round2.id));
    const shared = [...first].filter((code) => second.has(code));
    expect(shared, `${shared.length} code(s) link the two rounds`).toEqual([]);
  });

  it('without disclosure.linkRounds, the project CSV shares no code between rounds either', async () => {
    const rounds = [...linkedCodes((await c.projectCsv('rows')).rows).values()];
    expect(rounds).toHaveLength(2);
    const [a = new Set<string>(), b = new Set<string>()] = rounds;
    expect([...a].filter((code) => b.has(code))).toEqual([]);
  });

  it('with disclosure.linkRounds: true, codes may link, but the linked, left and new groups each hold 0 or ≥ k', async () => {
    const byRound = [...linkedCodes((await c.projectCsv('linked')).rows).values()];
    const [a = new Set<string>(), b = new Set<string>()] = byRound;
    const groups = {
      'in both rounds': [...a].filter((x) => b.has(x)).length,
      'in round 1 only': [...a].filter((x) => !b.has(x)).length,
      'in round 2 only': [...b].filter((x) => !a.has(x)).length,
    };
    const findings: Finding[] = Object.entries(groups)
      .filter(([, n]) => n >= 1 && n < K)
      .map(([group, n]) => ({ attack: 'joining rounds by code', detail: `${n} respondent(s) ${group}` }));
    expectNothingLearned(findings, 'rounds joined by code');
    const rows = (await c.projectCsv('linked')).rows;
    expectNothingLearned([...smallClasses(rows, K), ...linkedClasses(rows, K)], 'linked project CSV');
  });
});

describe('the "numbers only" export', () => {
  const typed = () => PEOPLE.flatMap((p, i) => [`(${i})`, `(${i + 1})`, WORDS[p.language]]);

  it('has no transcript or translation column, and no typed open or follow-up answer', async () => {
    for (const [label, table] of [
      ['round', await c.roundCsv('rows', round1.id, '?columns=numbers')],
      ['project', await c.projectCsv('rows', '?columns=numbers')],
      ['project, coordinator', await c.projectCsv('rows', '?columns=numbers', 'coordinator')],
    ] as const) {
      expect(table.header, label).not.toContain('transcript');
      expect(table.header, label).not.toContain('translation');
      const free = table.rows.filter((r) => /anything_else|\.probe$/.test(r.question_id ?? '') && (r.answer ?? '') !== '');
      expect(
        free.map((r) => `${r.question_id}: ${r.answer}`),
        `${label}: free text in a numbers-only export`,
      ).toEqual([]);
      for (const words of typed()) expect(table.text.includes(words), `${label}: "${words}" is in the numbers-only export`).toBe(false);
    }
  });

  it('still holds no quasi-identifier class under k', async () => {
    expectNothingLearned(smallClasses((await c.roundCsv('rows', round1.id, '?columns=numbers')).rows, K), 'numbers-only CSV');
  });
});

describe('voice answers', () => {
  it('a voice note of someone still answering is not listed (nobody is released yet)', () => {
    expect(voiceListedWhileAnswering).toEqual([]);
  });

  it("the list shows only released respondents, under the round's own codes", async () => {
    const listed = ((await c.voiceAnswers('rows', round1.id)).answers as Array<{ respondentCode: string }>).map((a) => a.respondentCode);
    const released = codesOf(await rowsOf(round1.id));
    const round2Codes = codesOf(await rowsOf(round2.id));
    // The speaker finished first of all, so is in the first release: their voice answer is listed.
    expect(listed).toHaveLength(1);
    for (const code of listed) {
      expect(released.has(code), `${code} is listed but not in the round's release`).toBe(true);
      expect(round2Codes.has(code), `${code} also answers round 2 under the same code`).toBe(false);
    }
  });
});

describe('free text as a quasi-identifier', () => {
  /** The writing system of a text (a reader sees Ge'ez or Arabic script at a glance). */
  const scriptOf = (text: string): string | null =>
    /[\u1200-\u137f]/.test(text) ? 'ethiopic' : /[\u0600-\u06ff]/.test(text) ? 'arabic' : /[\u0400-\u04ff]/.test(text) ? 'cyrillic' : null;

  it('the script of a typed answer does not single out a language group under k (full export, beyond the four columns)', async () => {
    const rows: Row[] = await rowsOf(round1.id);
    const classes = new Map<string, Set<string>>();
    for (const r of rows) {
      const script = scriptOf(`${r.answer ?? ''} ${r.transcript ?? ''} ${r.translation ?? ''}`);
      if (script) classes.set(script, (classes.get(script) ?? new Set<string>()).add(r.respondent_code ?? ''));
    }
    const findings = [...classes]
      .filter(([, codes]) => codes.size < K)
      .map(([script, codes]) => ({ attack: 'free text by script', detail: `${codes.size} respondent(s) typed in ${script} script` }));
    expectNothingLearned(findings, 'typed answers grouped by script');
  });
});
