import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAnswerSource } from '../../adapters/dynamodb/answer-source.js';
import { documentClient, keys } from '../../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import type { Answer } from '../../core/model.js';
import { CSV_COLUMNS, WITHHELD } from '../../core/results/csv.js';
import { authenticate, onApiError, withSharing, type ApiEnv } from '../../http/api/context.js';
import { resultsRoutes } from '../../http/api/results-routes.js';
import { startHarness, type Harness, type Message } from './support/harness.js';
import { parseCsv } from '../support/rfc4180.js';

/**
 * Issue 3, item 5: anonymized results over the staff API, after real conversations through signed
 * webhooks into DynamoDB Local. The CSV and the summary must hold the answers and nothing that leads back
 * to a person; other organisations see nothing.
 */

function spellings(e164: string): string[] {
  const digits = e164.slice(1);
  const national = `0${digits.slice(2)}`;
  return [e164, digits, national, digits.slice(2), `${national.slice(0, 4)} ${national.slice(4, 6)} ${national.slice(6, 8)} ${national.slice(8)}`];
}

const FORMULA = '=HYPERLINK("http://x")';
const ARABIC = 'أحتاج إلى دروس اللغة';
const PARTICIPANTS: Array<{ channel: Message['channel']; phone: string; texts: string[] }> = [
  { channel: 'sms', phone: '+32470000201', texts: ['JOIN DEMO', '1', 'ja', '4', '1', 'Vriendelijk onthaal', '1', 'Meer uren open', 'ja'] },
  {
    channel: 'whatsapp',
    phone: '+32470000202',
    texts: ['JOIN DEMO', '٤', 'نعم', '٤', 'صحيح', 'الموظفون لطفاء معي', '٢', 'لا أفهم الرسائل من المركز', ARABIC, 'نعم'],
  },
  { channel: 'sms', phone: '+32470000203', texts: ['JOIN DEMO', '3', 'yes', '5', '1', 'They listen, mostly', '1', FORMULA, 'no'] },
  { channel: 'sms', phone: '+32470000204', texts: ['JOIN DEMO', '2', 'oui', '3', '1', 'Bien', '1', 'Rien', 'oui'] },
  { channel: 'whatsapp', phone: '+32470000205', texts: ['JOIN DEMO', '1', 'ja', '2', '2', 'Lang wachten', '2', 'De brieven', 'Sneller antwoorden', '2'] },
  { channel: 'sms', phone: '+32470000206', texts: ['JOIN DEMO', '3', 'yes', '4', '1', 'Kind staff', '1', 'Nothing, thanks', 'SKIP'] },
];

let h: Harness;
let app: Hono<ApiEnv>;
const sids: string[] = [];
const tokens = { staff: '', otherStaff: '', coordinator: '' };

const get = (path: string, token?: string) => app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
const ROUND_CSV = '/api/projects/demo/rounds/demo-start/results.csv';
const PROJECT_CSV = '/api/projects/demo/results.csv';
const SUMMARY = '/api/projects/demo/summary';

beforeAll(async () => {
  h = await startHarness();
  const db = documentClient(h.dynamoDb);
  const users = new DynamoDbUsers(db, h.tableName);
  tokens.staff = await users.issueToken({ role: 'staff', userId: 'staff-demo', organisationId: h.seeded.project.organisationId });
  tokens.otherStaff = await users.issueToken({ role: 'staff', userId: 'staff-other', organisationId: 'other-ocmw' });
  tokens.coordinator = await users.issueToken({ role: 'coordinator', userId: 'coordinator' });
  // The demo's organisation shares the rows with the network (the default, the summary, keeps the CSVs from coordinators: attack-sharing.test.ts).
  await h.deps.sharing.setSharing(h.seeded.project.projectId, { level: 'rows', at: h.clock.now().toISOString(), by: 'staff' });

  for (const p of PARTICIPANTS) {
    for (const text of p.texts) {
      const r = await h.send({ channel: p.channel, phone: p.phone, text });
      expect(r.status).toBe(200);
      sids.push(r.messageSid);
    }
  }

  // An earlier, closed pilot round with five energy answers, to compare against.
  const pilot = {
    ...h.seeded.round,
    roundId: 'demo-pilot',
    label: 'pilot',
    opensAt: '2025-06-01T00:00:00.000Z',
    closesAt: '2025-07-01T00:00:00.000Z',
    expiredAt: '2025-07-01T00:05:00.000Z',
  };
  await h.deps.directory.putRound(pilot);
  for (const [i, energy] of [2, 3, 3, 3, 4].entries()) {
    const a: Answer = {
      projectId: 'demo',
      roundId: 'demo-pilot',
      respondentCode: `RPILOT0000${i}`,
      surveyId: pilot.surveyId,
      surveyVersion: pilot.surveyVersion,
      questionId: 'energy',
      value: energy,
      status: 'answered',
      language: 'nl',
      channel: 'sms',
      day: '2025-06-02',
      voice: null,
      transcript: null,
      translation: null,
    };
    await db.send(
      new PutCommand({ TableName: h.tableName, Item: { ...keys.answer(a.projectId, a.roundId, a.respondentCode, a.questionId), kind: 'answer', ...a } }),
    );
    // They finished: a round's results are released once k respondents have.
    await db.send(
      new PutCommand({
        TableName: h.tableName,
        Item: {
          ...keys.completion(a.projectId, a.roundId, a.respondentCode),
          kind: 'completion',
          projectId: a.projectId,
          roundId: a.roundId,
          respondentCode: a.respondentCode,
        },
      }),
    );
  }

  app = new Hono<ApiEnv>()
    .use('/api/*', authenticate(users), withSharing(h.deps.sharing))
    .route('/', resultsRoutes({ ...h.deps, answers: new DynamoDbAnswerSource(db, h.tableName, 4) }))
    .onError(onApiError(h.logger));
});
afterAll(async () => h?.stop());

async function roundCsv(): Promise<{ response: Response; bytes: Buffer; rows: string[][] }> {
  const response = await get(ROUND_CSV, tokens.staff);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, rows: parseCsv(bytes.subarray(3).toString('utf8')) };
}

describe('results CSV of a round', () => {
  it('is an attachment, UTF-8 with a BOM, with the header and one row per stored answer', async () => {
    const { response, bytes, rows } = await roundCsv();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ocmw-demo-start-results.csv"');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...data] = rows;
    expect(header).toEqual([...CSV_COLUMNS]);
    const stored = (await h.dump()).filter((i) => i.kind === 'answer' && i.roundId === 'demo-start');
    expect(data).toHaveLength(stored.length);
    expect(data).toHaveLength(6 * 7 + 2); // seven questions each, and two probes after "not true"
    for (const row of data) {
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[1]).toBe('start');
      // Two Dutch, two English, one French, one Arabic; four by SMS, two by WhatsApp: too few in each to tell.
      expect(row.slice(2, 4)).toEqual(['other', 'other']);
      expect(row[11]).toBe('2026-11-23'); // all six answered that day: the day holds six
      expect(row[12]).toBe('yes'); // every one of them finished the survey
    }
    expect(new Set(data.map((r) => r[0])).size).toBe(PARTICIPANTS.length);
  });

  it('holds the answers as given, question texts in Dutch (the main language); the one writer in Arabic script withheld', async () => {
    const { bytes, rows } = await roundCsv();
    const data = rows.slice(1);
    // One person of six typed in Arabic script: their words would single them out, so the export withholds them.
    const withheld = data.filter((r) => r[6] === WITHHELD);
    expect(new Set(withheld.map((r) => r[0])).size).toBe(1);
    const arabic = data.find((r) => r[4] === 'change' && r[6] === WITHHELD);
    expect(arabic).toEqual([
      expect.stringMatching(/^R/),
      'start',
      'other',
      'other',
      'change',
      'Wat zou jou het meest helpen?',
      WITHHELD,
      'answered',
      '',
      '',
      '',
      '2026-11-23',
      'yes',
      '', // nobody coded it
    ]);
    const arabicCode = arabic?.[0];
    // The hear-back answer is an anonymous answer like any other: yes, no, or skipped.
    expect(
      data
        .filter((r) => r[4] === 'hear_back')
        .map((r) => `${r[6]}/${r[7]}`)
        .sort(),
    ).toEqual(['/skipped', 'no/answered', 'no/answered', 'yes/answered', 'yes/answered', 'yes/answered']);
    expect(bytes.includes(Buffer.from(ARABIC, 'utf8'))).toBe(false);
    expect(bytes.toString('utf8')).not.toMatch(/\p{Script=Arabic}/u);
    expect(data.find((r) => r[4] === 'understood' && r[0] === arabicCode)?.[6]).toBe('not_true');
    expect(data.find((r) => r[4] === 'understood.probe' && r[0] === arabicCode)?.slice(5, 7)).toEqual(['Wat is er niet duidelijk?', WITHHELD]);
    expect(
      data
        .filter((r) => r[4] === 'energy')
        .map((r) => r[6])
        .sort(),
    ).toEqual(['2', '3', '4', '4', '4', '5']);
    expect(data.find((r) => r[4] === 'respected.probe' && r[6]?.startsWith('They'))?.[6]).toBe('They listen, mostly');
  });

  it('neutralizes an answer a spreadsheet would run as a formula', async () => {
    const { bytes, rows } = await roundCsv();
    expect(rows.slice(1).find((r) => r[4] === 'change' && r[6]?.includes('HYPERLINK'))?.[6]).toBe(`'${FORMULA}`);
    expect(bytes.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(bytes.toString('utf8')).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('holds no phone number in any spelling, MessageSid or profile name, and no contact key', async () => {
    const { bytes, rows } = await roundCsv();
    const csv = bytes.toString('utf8');
    const forbidden = [...PARTICIPANTS.flatMap((p) => spellings(p.phone)), ...sids, 'Test Participant'];
    expect(sids.length).toBeGreaterThan(40);
    for (const needle of forbidden) expect(csv, `found "${needle}" in the CSV`).not.toContain(needle);
    const contactKeys = (await h.dump()).filter((i) => i.kind === 'contact').map((c) => String(c.contactKey));
    expect(contactKeys).toHaveLength(PARTICIPANTS.length);
    const codes = new Set(rows.slice(1).map((r) => r[0] ?? ''));
    for (const key of contactKeys) {
      expect(codes.has(key)).toBe(false);
      expect(csv).not.toContain(key);
    }
  });

  it('can use semicolons for Excel in a Belgian locale; a bad separator is a 400 naming the parameter', async () => {
    const ok = await get(`${ROUND_CSV}?separator=semicolon`, tokens.staff);
    expect(ok.status).toBe(200);
    const rows = parseCsv(
      Buffer.from(await ok.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      ';',
    );
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).find((r) => r[4] === 'respected.probe' && r[6]?.startsWith('They'))?.[6]).toBe('They listen, mostly');
    const bad = await get(`${ROUND_CSV}?separator=tab`, tokens.staff);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('separator');
  });
});

describe('results CSV of a project', () => {
  it('holds every round, oldest first', async () => {
    const response = await get(PROJECT_CSV, tokens.coordinator);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ocmw-demo-all-rounds-results.csv"');
    const bytes = Buffer.from(await response.arrayBuffer()); // not .text(): it drops the BOM
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const labels = parseCsv(bytes.subarray(3).toString('utf8'))
      .slice(1)
      .map((r) => r[1]);
    expect(labels.slice(0, 5)).toEqual(['pilot', 'pilot', 'pilot', 'pilot', 'pilot']);
    expect(new Set(labels.slice(5))).toEqual(new Set(['start']));
  });
});

describe('summary', () => {
  it('counts, means and start-vs-end comparison, with small cells suppressed', async () => {
    const response = await get(SUMMARY, tokens.coordinator);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      k: number;
      rounds: Array<{
        label: string;
        respondents: unknown;
        complete: unknown;
        incomplete: unknown;
        declined: unknown;
        questions: Array<{ questionId: string; respondents: unknown; mean?: unknown; values?: unknown }>;
      }>;
      comparison: Array<{ questionId: string; rounds: Array<{ label: string; mean: unknown; difference: unknown }> }>;
    };
    expect(summary.k).toBe(5);
    expect(summary.rounds.map((r) => [r.label, r.respondents])).toEqual([
      ['pilot', 5],
      ['start', 6],
    ]);
    const start = summary.rounds[1];
    expect(start).toMatchObject({ release: { number: 1 }, complete: 6, incomplete: 0, declined: 0 });
    const q = (id: string) => start?.questions.find((x) => x.questionId === id);
    expect(q('energy')).toMatchObject({ respondents: 6, mean: 3.67 }); // (4+4+5+3+2+4)/6
    expect(q('consent')).toMatchObject({ respondents: 6, values: { yes: 6, no: 0 } });
    // Asked only after "not true" or "don't know": two people answered it.
    expect(q('understood.probe')).toMatchObject({ respondents: { suppressed: true } });
    expect(summary.comparison.find((c) => c.questionId === 'energy')?.rounds).toEqual([
      { roundId: 'demo-pilot', label: 'pilot', mean: 3, difference: null },
      { roundId: 'demo-start', label: 'start', mean: 3.67, difference: 0.67 },
    ]);
  });

  it("compares the rounds over the project's life: the energy trend, nobody linked across rounds", async () => {
    const summary = (await (await get(SUMMARY, tokens.coordinator)).json()) as {
      lifecycle: {
        rounds: Array<{ label: string }>;
        trends: Array<{ questionId: string; points: Array<{ value: unknown }> }>;
        agreement: Array<{ questionId: string; points: Array<{ value: unknown }> }>;
        returning: Record<string, unknown>;
      };
    };
    expect(summary.lifecycle.rounds.map((r) => r.label)).toEqual(['pilot', 'start']);
    expect(summary.lifecycle.trends.find((t) => t.questionId === 'energy')?.points.map((p) => p.value)).toEqual([3, 3.67]);
    // Both rounds ask the statements. Nobody answered them in the pilot; at the start 5 of 6 said "true" about
    // respect, which would give the sixth away: hidden.
    expect(summary.lifecycle.agreement.map((a) => a.questionId)).toEqual(['respected', 'understood']);
    expect(summary.lifecycle.agreement[0]?.points.map((p) => p.value)).toEqual([{ suppressed: true }, { suppressed: true }]);
    // The project does not compare the same people across rounds: nobody is linked.
    expect(summary.lifecycle.returning).toEqual({
      linked: false,
      first: null,
      last: null,
      inSeveralRounds: { suppressed: true },
      firstAndLast: { suppressed: true },
      energy: null,
    });
  });

  it('holds no answer text, phone number, MessageSid or profile name', async () => {
    const text = await (await get(SUMMARY, tokens.staff)).text();
    const forbidden = [...PARTICIPANTS.flatMap((p) => spellings(p.phone)), ...sids, 'Test Participant', ARABIC, 'HYPERLINK', 'Meer uren open'];
    for (const needle of forbidden) expect(text, `found "${needle}" in the summary`).not.toContain(needle);
  });
});

describe('who may read results', () => {
  const routes = [ROUND_CSV, PROJECT_CSV, SUMMARY];

  it('staff of the project organisation and coordinators: 200', async () => {
    for (const path of routes) {
      expect((await get(path, tokens.staff)).status, path).toBe(200);
      expect((await get(path, tokens.coordinator)).status, path).toBe(200);
    }
  });

  it('staff of another organisation: 404 on every route, like a project that does not exist', async () => {
    for (const path of routes) {
      const response = await get(path, tokens.otherStaff);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.text()).not.toContain('start');
    }
    expect((await get('/api/projects/nope/summary', tokens.coordinator)).status).toBe(404);
  });

  it('no token or an unknown one: 401', async () => {
    for (const path of routes) {
      expect((await get(path)).status, path).toBe(401);
      expect((await get(path, `stem_${'x'.repeat(43)}`)).status, path).toBe(401);
    }
  });

  it('a round that is not in the project: 404', async () => {
    const response = await get('/api/projects/demo/rounds/no-such-round/results.csv', tokens.coordinator);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('no-such-round');
  });
});

describe('failures', () => {
  it('a store failure before the first byte is a 500 problem, logged without personal data', async () => {
    const db = documentClient(h.dynamoDb);
    const failingPages = () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('ProvisionedThroughputExceeded')) }) });
    const failing = new Hono<ApiEnv>()
      .use('/api/*', authenticate(new DynamoDbUsers(db, h.tableName)), withSharing(h.deps.sharing))
      .route('/', resultsRoutes({ ...h.deps, answers: { pages: failingPages, records: failingPages } }))
      .onError(onApiError(h.logger));
    for (const path of [ROUND_CSV, SUMMARY]) {
      const response = await failing.request(path, { headers: { authorization: `Bearer ${tokens.coordinator}` } });
      expect(response.status, path).toBe(500);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(h.logger.lines.filter((l) => l.includes('api.failed')).length).toBeGreaterThanOrEqual(2);
  });
});
