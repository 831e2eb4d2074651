import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { CSV_COLUMNS } from '../../core/results/csv.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { parseCsv } from '../support/rfc4180.js';
import { readSheets } from '../support/xlsx-sheets.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, PRINCIPALS, type Role } from './support/staff-api.js';

/**
 * Issue 21: codes in every export, through the staff API over DynamoDB Local. Ten people finish the demo
 * check-in by SMS and are released; staff code five of their "why" answers with TOPOI and a code of the
 * project's own, an interpreter of the organisation codes one more; an eleventh answers after the release.
 * Then the long CSV, the wide CSV and the workbook (opened with exceljs), with and without words, must each
 * carry exactly the codes given to released answers — the same in every form — and never who coded.
 */

const P = DEMO_PROJECT.projectId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let roundId = '';
const phoneOf = (i: number) => `+3247088${String(i).padStart(4, '0')}`;
/** Results codes (round-scoped) of the ten who finished, in the order they answered. */
const shown: string[] = [];

const REASONS = ['Ze nemen de tijd.', 'De brieven zijn moeilijk.', 'Ik moet lang wachten.', 'Ze spreken mijn taal niet.', 'Vriendelijk onthaal.'];

async function answerAll(i: number, texts: readonly string[]): Promise<void> {
  for (const text of texts) expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
}
const tagPath = (code: string) => `/api/projects/${P}/rounds/${roundId}/answers/${encodeURIComponent(code)}/respected.probe/tags`;
const call = (role: Role, method: string, path: string, body?: Record<string, unknown>) => callApi(api, tokens[role], method, path, body);
async function bytesOf(path: string): Promise<Buffer> {
  const response = await api.request(path, { headers: { authorization: `Bearer ${tokens.owner}` } });
  expect(response.status, path).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
const csvOf = async (path: string) => parseCsv((await bytesOf(path)).subarray(3).toString('utf8'));

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  roundId = h.seeded.round.roundId;
  // JOIN, English, consent, energy, respected: true, why, understood: true, what to change, hear back: no.
  for (let i = 0; i < 10; i++) await answerAll(i, ['JOIN DEMO', '3', '1', '4', '1', REASONS[i % 5] ?? '', '1', `Idea ${i}`, '2']);
  expect((await call('owner', 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
  for (let i = 0; i < 10; i++) shown.push(h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(i))));
  await answerAll(99, ['JOIN DEMO', '3', '1', '4', '1', 'Not released yet.', '1', 'Later idea', '2']);

  const book = await call('owner', 'PUT', `/api/projects/${P}/codebook`, {
    codes: [{ id: 'waiting', label: { nl: 'Wachten', fr: 'Attente', en: 'Waiting' }, description: { en: 'Time at the desk' } }],
    interpreters: { own: true, network: [] },
    version: 0,
  });
  expect(book.status, book.text).toBe(200);
  for (let i = 0; i < 5; i++) {
    const tagged = await call('owner', 'POST', tagPath(shown[i] ?? ''), { codes: i === 2 ? ['topoi.taal', 'waiting'] : ['topoi.taal'] });
    expect(tagged.status, tagged.text).toBe(200);
  }
  const byInterpreter = await call('interpreter', 'POST', tagPath(shown[6] ?? ''), { codes: ['topoi.inzet'] });
  expect(byInterpreter.status, byInterpreter.text).toBe(200);
}, 180_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

/** What was coded: "respondent question code", one per code given. */
const GIVEN = () =>
  [
    ...[0, 1, 2, 3, 4].map((i) => `${shown[i]} respected.probe topoi.taal`),
    `${shown[2]} respected.probe waiting`,
    `${shown[6]} respected.probe topoi.inzet`,
  ].sort();

describe('codes in the exports of a round', () => {
  for (const columns of ['all', 'numbers'] as const) {
    it(`long CSV, wide CSV and workbook (columns=${columns}) carry exactly the codes given, the same in each`, async () => {
      const query = `?columns=${columns}`;
      const base = `/api/projects/${P}/rounds/${roundId}`;
      const long = await csvOf(`${base}/results.csv${query}`);
      expect(long[0]?.at(-1)).toBe('codes');
      const at = (long[0]?.length ?? 0) - 1;
      const fromLong = long.slice(1).flatMap((r) => (r[at] ? (r[at] ?? '').split(', ').map((c) => `${r[0]} ${r[4]} ${c}`) : []));
      expect(fromLong.sort()).toEqual(GIVEN());

      const wide = await csvOf(`${base}/results-wide.csv${query}`);
      const column = wide[0]?.indexOf('respected.probe:codes') ?? -1;
      expect(column).toBeGreaterThan(0);
      const fromWide = wide.slice(1).flatMap((r) => (r[column] ? (r[column] ?? '').split(', ').map((c) => `${r[0]} respected.probe ${c}`) : []));
      expect(fromWide.sort()).toEqual(GIVEN());

      const bytes = await bytesOf(`${base}/results.xlsx${query}`);
      const sheets = await readSheets(bytes);
      expect(sheets.get('answers')?.rows).toEqual(long);
      expect(sheets.get('respondents')?.rows).toEqual(wide);
      const codes = sheets.get('codes')?.rows ?? [];
      expect(codes[0]).toEqual(['respondent_code', 'round', 'question_id', 'code']);
      expect(codes.slice(1).map((r) => `${r[0]} ${r[2]} ${r[3]}`)).toEqual(GIVEN());
      const codebook = sheets.get('codebook')?.rows ?? [];
      expect(codebook.map((r) => [r[0], r[1], r[5]])).toEqual([
        ['code', 'kind', 'name_en'],
        ['topoi.taal', 'TOPOI', 'Language'],
        ['topoi.ordening', 'TOPOI', 'Order'],
        ['topoi.personen', 'TOPOI', 'Persons'],
        ['topoi.organisatie', 'TOPOI', 'Organisation'],
        ['topoi.inzet', 'TOPOI', 'Intentions'],
        ['waiting', 'project', 'Waiting'],
      ]);
    });
  }

  it('never says who coded: no user id, role or coder key in any form', async () => {
    const base = `/api/projects/${P}/rounds/${roundId}`;
    const files = [await bytesOf(`${base}/results.csv`), await bytesOf(`${base}/results-wide.csv`)];
    const sheets = await readSheets(await bytesOf(`${base}/results.xlsx`));
    const all = files.map((b) => b.toString('utf8')).join('\n') + JSON.stringify([...sheets.values()].map((s) => s.rows));
    for (const who of [PRINCIPALS.owner.userId, PRINCIPALS.interpreter.userId, 'staff:', 'interpreter:']) expect(all).not.toContain(who);
  });

  it('someone answering after the release is in no form, and neither are codes of theirs (none can be given)', async () => {
    const late = h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(99)));
    expect((await call('owner', 'POST', tagPath(late), { codes: ['topoi.taal'] })).status).toBe(404);
    const long = await csvOf(`/api/projects/${P}/rounds/${roundId}/results.csv`);
    expect(long.some((r) => r.includes(late))).toBe(false);
    expect(long[0]).toEqual([...CSV_COLUMNS]);
  });

  it('a project export carries each round’s codes', async () => {
    const long = await csvOf(`/api/projects/${P}/results.csv`);
    const at = long[0]?.indexOf('codes') ?? -1;
    expect(long.slice(1).filter((r) => r[at]).length).toBe(6);
  });
});
