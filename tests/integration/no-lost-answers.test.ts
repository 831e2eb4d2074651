import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAnswerSource } from '../../adapters/dynamodb/answer-source.js';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import type { Answer } from '../../core/model.js';
import { CSV_COLUMNS, WITHHELD } from '../../core/results/csv.js';
import { createTexts } from '../../core/texts.js';
import { authenticate, onApiError, type ApiEnv } from '../../http/api/context.js';
import { resultsRoutes } from '../../http/api/results-routes.js';
import { parseCsv } from '../support/rfc4180.js';
import { startHarness, type Harness, type Message } from './support/harness.js';

/**
 * Issue 20, item 4 ("no lost answers") end to end: signed webhooks into DynamoDB Local, then the round's
 * CSV and summary over the staff API, as people write who do not read the instructions:
 * - a command word alone where their own words are asked for ("Hulp", "taal", "اللغة", "HELP") is a command,
 *   never an answer; the same word in quotation marks is the answer; STOP stops;
 * - a sentence at a closed question is kept as a comment on it (and the question asked again); a short
 *   reply ("ok", 👍, "misschien") is only asked again;
 * - comments are exported only for released respondents, redacted, withheld where their script would single
 *   someone out, and counted nowhere.
 */

const texts = createTexts();
const ROUND = 'demo-start';

interface Person {
  channel: Message['channel'];
  phone: string;
  texts: string[];
  /** Words that must be stored somewhere (an answer or a comment), as typed. */
  kept: string[];
}

const NL_SENTENCE = 'Ze waren vriendelijk maar ik wachtte twee uur';
const AR_SENTENCE = 'الموظفون لطفاء لكن الانتظار طويل جدا';
const EN_SENTENCES = ['it depends on who you talk to', 'it really depends on the day', 'they never call me back at all'];
const EN_REFUSAL = 'I do not want to answer this one honestly';
const UNRELEASED = 'my energy depends on my children';

const P: Record<string, Person> = {
  // Dutch over SMS: "ok" at the scale, a sentence at a statement, "Hulp" alone then quoted at the open probe.
  nl: {
    channel: 'sms',
    phone: '+32470200001',
    texts: ['JOIN DEMO', '1', 'ja', 'ok', '4', NL_SENTENCE, '1', 'Hulp', '"Hulp"', '1', 'meer hulp bij papieren', 'nee'],
    kept: [NL_SENTENCE, '"Hulp"', 'meer hulp bij papieren'],
  },
  // Arabic over WhatsApp: 👍 at the scale, a sentence at a statement, LANGUAGE alone (then words that name no
  // language: the answer), «اللغة» quoted, HELP in Arabic alone at the open question.
  ar: {
    channel: 'whatsapp',
    phone: '+32470200002',
    texts: ['JOIN DEMO', '4', 'نعم', '👍', '٣', AR_SENTENCE, 'صحيح', 'اللغة', 'يتكلمون معي بلغتي', 'غير صحيح', '«اللغة»', 'مساعدة', 'دروس اللغة', 'لا'],
    kept: [AR_SENTENCE, 'يتكلمون معي بلغتي', '«اللغة»', 'دروس اللغة'],
  },
  // English over SMS: three sentences at a statement (all kept, then passed over), HELP and "taal" alone.
  en: {
    channel: 'sms',
    phone: '+32470200003',
    texts: ['JOIN DEMO', '3', 'yes', '5', ...EN_SENTENCES, '3', 'HELP', 'nothing is clear to me', 'taal', 'English lessons please', 'no'],
    kept: [...EN_SENTENCES, 'nothing is clear to me', 'English lessons please'],
  },
  fr: { channel: 'sms', phone: '+32470200004', texts: ['JOIN DEMO', '2', 'oui', '2', '1', 'Bien', '2', 'Les lettres', 'Rien', 'non'], kept: ['Les lettres'] },
  nl2: {
    channel: 'whatsapp',
    phone: '+32470200005',
    texts: ['JOIN DEMO', '1', 'ja', 'misschien', '3', '1', 'Vriendelijk', '1', 'Sneller antwoorden', 'nee'],
    kept: ['Vriendelijk', 'Sneller antwoorden'],
  },
  // A sentence, then SKIP: the comment stays beside the skipped answer.
  en2: {
    channel: 'sms',
    phone: '+32470200006',
    texts: ['JOIN DEMO', '3', 'yes', '4', EN_REFUSAL, 'SKIP', '1', 'nothing', 'no'],
    kept: [EN_REFUSAL, 'nothing'],
  },
  // Still answering when the results are read: in no release, so their comment is in no export.
  unfinished: { channel: 'sms', phone: '+32470200007', texts: ['JOIN DEMO', '3', 'yes', UNRELEASED], kept: [UNRELEASED] },
  // STOP at an open question stops.
  stops: { channel: 'sms', phone: '+32470200008', texts: ['JOIN DEMO', '1', 'ja', '2', '1', 'STOP'], kept: [] },
};

let h: Harness;
let app: Hono<ApiEnv>;
let token = '';
/** Each person's replies, per message sent. */
const replies = new Map<string, string[][]>();

beforeAll(async () => {
  h = await startHarness();
  const db = documentClient(h.dynamoDb);
  const users = new DynamoDbUsers(db, h.tableName);
  token = await users.issueToken({ role: 'staff', userId: 'staff-demo', organisationId: h.seeded.project.organisationId });
  for (const [name, p] of Object.entries(P)) {
    const got: string[][] = [];
    for (const text of p.texts) {
      const r = await h.send({ channel: p.channel, phone: p.phone, text });
      expect(r.status, `${name}: ${text}`).toBe(200);
      got.push(r.replies);
    }
    replies.set(name, got);
  }
  app = new Hono<ApiEnv>()
    .use('/api/*', authenticate(users))
    .route('/', resultsRoutes({ ...h.deps, answers: new DynamoDbAnswerSource(db, h.tableName, 4) }))
    .onError(onApiError(h.logger));
}, 120_000);
afterAll(async () => h?.stop());

/** The replies to the message `text` of person `name` (its first occurrence), as one text. */
function replyTo(name: string, text: string): string {
  const i = P[name]?.texts.indexOf(text) ?? -1;
  if (i < 0) throw new Error(`${name} never sent ${text}`);
  return (replies.get(name)?.[i] ?? []).join('\n\n');
}

async function stored(name: string): Promise<Answer[]> {
  const phone = P[name]?.phone ?? '';
  const code = h.deps.protector.respondentCode('demo', phone);
  return (await h.deps.store.answersOfRound('demo', ROUND)).filter((a) => a.respondentCode === code);
}

async function csvRows(): Promise<Array<Record<(typeof CSV_COLUMNS)[number], string>>> {
  const response = await app.request(`/api/projects/demo/rounds/${ROUND}/results.csv`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i] ?? ''])) as Record<(typeof CSV_COLUMNS)[number], string>);
}

const exportCode = (name: string) => h.deps.protector.exportCode(`round:demo:${ROUND}`, h.deps.protector.respondentCode('demo', P[name]?.phone ?? ''));

describe('what the participants were told', () => {
  it('a command word alone at an open question gets the help (or the menu) and how to send the word itself', () => {
    expect(replyTo('nl', 'Hulp')).toContain(texts.t('help.text', ['nl']));
    expect(replyTo('nl', 'Hulp')).toContain(texts.t('help.wordAsAnswer', ['nl'], { word: 'Hulp' }));
    expect(replyTo('ar', 'اللغة')).toContain('🌐');
    expect(replyTo('ar', 'اللغة')).toContain(texts.t('help.wordAsAnswer', ['ar'], { word: 'اللغة' }));
    expect(replyTo('ar', 'مساعدة')).toContain(texts.t('help.text', ['ar']));
    expect(replyTo('en', 'taal')).toContain(texts.t('help.wordAsAnswer', ['en'], { word: 'taal' }));
    expect(replyTo('stops', 'STOP')).toBe(texts.t('stop.confirmed', ['nl']));
  });

  it('a sentence at a closed question: "we keep what you wrote" and the question again; a short reply: "not understood"', () => {
    expect(replyTo('nl', NL_SENTENCE).startsWith(texts.t('invalid.keptAsComment', ['nl']))).toBe(true);
    expect(replyTo('ar', AR_SENTENCE).startsWith(texts.t('invalid.keptAsComment', ['ar']))).toBe(true);
    expect(replyTo('nl', 'ok').startsWith(texts.t('invalid.notUnderstood', ['nl']))).toBe(true);
    expect(replyTo('ar', '👍').startsWith(texts.t('invalid.notUnderstood', ['ar']))).toBe(true);
    const third = replyTo('en', EN_SENTENCES[2] ?? '');
    expect(third).toContain(texts.t('invalid.keptAsComment', ['en']));
    expect(third).toContain(texts.t('invalid.passedOver', ['en']));
  });
});

describe('what is stored', () => {
  it('nothing is lost: every word that is no command and no short reply is an answer or a comment', async () => {
    for (const [name, p] of Object.entries(P)) {
      const values = (await stored(name)).map((a) => a.value);
      for (const words of p.kept) expect(values, `${name}: "${words}"`).toContain(words);
    }
  });

  it('no command word alone and no short reply is stored anywhere', async () => {
    const all = await h.deps.store.answersOfRound('demo', ROUND);
    const values = all.map((a) => (typeof a.value === 'string' ? a.value.trim() : a.value));
    for (const word of ['Hulp', 'HELP', 'taal', 'اللغة', 'مساعدة', 'STOP', 'ok', '👍', 'misschien', 'SKIP']) expect(values, word).not.toContain(word);
  });

  it('comments sit on the question asked; the answer given after them is the answer', async () => {
    const nl = await stored('nl');
    expect(nl.filter((a) => a.questionId === 'respected').map((a) => [a.status, a.value])).toEqual([
      ['answered', 'true'],
      ['comment', NL_SENTENCE],
    ]);
    const en = await stored('en');
    expect(en.filter((a) => a.questionId === 'respected').map((a) => [a.status, a.value])).toEqual([
      ['unreadable', null],
      ...EN_SENTENCES.map((s) => ['comment', s]),
    ]);
    const en2 = await stored('en2');
    expect(en2.filter((a) => a.questionId === 'respected').map((a) => [a.status, a.value])).toEqual([
      ['skipped', null],
      ['comment', EN_REFUSAL],
    ]);
    expect((await stored('unfinished')).map((a) => [a.questionId, a.status])).toEqual([
      ['consent', 'answered'],
      ['energy', 'comment'],
    ]);
  });
});

describe('the export and the results', () => {
  it('comments of released respondents are rows of their own; an unfinished person is not there', async () => {
    const rows = await csvRows();
    const comments = rows.filter((r) => r.status === 'comment').map((r) => [r.respondent_code, r.question_id, r.answer]);
    expect(comments).toEqual(
      expect.arrayContaining([
        [exportCode('nl'), 'respected', NL_SENTENCE],
        ...EN_SENTENCES.map((s) => [exportCode('en'), 'respected', s]),
        [exportCode('en2'), 'respected', EN_REFUSAL],
      ]),
    );
    // One person wrote Arabic: their words would single them out, so the export withholds them (the row stays).
    expect(comments).toContainEqual([exportCode('ar'), 'respected', WITHHELD]);
    expect(comments).toHaveLength(6);
    expect(rows.some((r) => r.respondent_code === exportCode('unfinished'))).toBe(false);
    const csv = JSON.stringify(rows);
    expect(csv).not.toContain(UNRELEASED);
    expect(csv).not.toContain(AR_SENTENCE);
    // The quoted words are the answers to the open questions.
    expect(rows.find((r) => r.respondent_code === exportCode('nl') && r.question_id === 'respected.probe')?.answer).toBe('"Hulp"');
  });

  it('comments are counted nowhere: the scale mean and the statement counts hold answers only', async () => {
    const response = await app.request('/api/projects/demo/summary', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      rounds: Array<{
        roundId: string;
        respondents: unknown;
        complete: unknown;
        questions: Array<{ questionId: string; respondents: unknown; mean?: unknown }>;
      }>;
    };
    const round = summary.rounds.find((r) => r.roundId === ROUND);
    expect(round).toMatchObject({ respondents: 6, complete: 6 });
    const q = (id: string) => round?.questions.find((x) => x.questionId === id);
    // 4, 3, 5, 2, 3, 4 from the six who finished: "ok", 👍 and "misschien" before them count for nothing.
    expect(q('energy')).toMatchObject({ respondents: 6, mean: 3.5 });
    expect(q('consent')).toMatchObject({ respondents: 6 });
    // Four answered "respected" (one was passed over after three comments, one skipped after a comment): fewer than k.
    expect(q('respected')).toMatchObject({ respondents: { suppressed: true } });
  });
});
