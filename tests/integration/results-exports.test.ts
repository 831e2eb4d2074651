import { PutCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAnswerSource } from '../../adapters/dynamodb/answer-source.js';
import { documentClient, keys } from '../../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import type { Answer, Round } from '../../core/model.js';
import { CSV_COLUMNS, WITHHELD } from '../../core/results/csv.js';
import type { ExportDrop } from '../../core/results/ports.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { authenticate, onApiError, type ApiEnv } from '../../http/api/context.js';
import { resultsRoutes, XLSX_TYPE } from '../../http/api/results-routes.js';
import { parseCsv } from '../support/rfc4180.js';
import { readSheets } from '../support/xlsx-sheets.js';
import { unzip } from '../support/zip.js';
import { startHarness, type Harness, type Message } from './support/harness.js';

/**
 * Issue 21, item 4: the wide CSV and the XLSX workbook over the staff API, after real conversations through
 * signed webhooks into DynamoDB Local. Each is checked against the long CSV of the same release: the wide
 * CSV and the workbook's sheets must hold its cells and nothing else (the workbook opened with exceljs's
 * reader, and unzipped and its XML parsed without exceljs); nobody the releases do not hold is in any of
 * them; a formula stays text; Arabic and Tigrinya survive.
 */

const FORMULA = '=HYPERLINK("http://x")';
const ARABIC = 'أحتاج إلى دروس اللغة';
const FINISHED: Array<{ channel: Message['channel']; phone: string; texts: string[] }> = [
  { channel: 'sms', phone: '+32470000301', texts: ['JOIN DEMO', '1', 'ja', '4', '1', 'Vriendelijk onthaal', '1', 'Meer uren open', 'ja'] },
  {
    channel: 'whatsapp',
    phone: '+32470000302',
    texts: ['JOIN DEMO', '٤', 'نعم', '٤', 'صحيح', 'الموظفون لطفاء معي', '٢', 'لا أفهم الرسائل من المركز', ARABIC, 'نعم'],
  },
  { channel: 'sms', phone: '+32470000303', texts: ['JOIN DEMO', '3', 'yes', '5', '1', 'They listen, mostly', '1', FORMULA, 'no'] },
  { channel: 'sms', phone: '+32470000304', texts: ['JOIN DEMO', '2', 'oui', '3', '1', 'Bien', '1', 'Rien', 'oui'] },
  { channel: 'whatsapp', phone: '+32470000305', texts: ['JOIN DEMO', '1', 'ja', '2', '2', 'Lang wachten', '2', 'De brieven', 'Sneller antwoorden', '2'] },
  { channel: 'sms', phone: '+32470000306', texts: ['JOIN DEMO', '3', 'yes', '4', '1', 'Kind staff', '1', 'Nothing, thanks', 'SKIP'] },
];
/** After the first release: three who finish (fewer than k: in no release yet) and one still answering. */
const LATE: Array<{ channel: Message['channel']; phone: string; texts: string[] }> = [
  { channel: 'sms', phone: '+32470000311', texts: ['JOIN DEMO', '1', 'ja', '5', '1', 'LATE-ONE onthaal', '1', 'LATE-ONE uren', 'ja'] },
  { channel: 'sms', phone: '+32470000312', texts: ['JOIN DEMO', '3', 'yes', '1', '1', 'LATE-TWO staff', '1', 'LATE-TWO hours', 'no'] },
  { channel: 'whatsapp', phone: '+32470000313', texts: ['JOIN DEMO', '2', 'oui', '2', '1', 'LATE-THREE bien', '1', 'LATE-THREE rien', 'oui'] },
  { channel: 'sms', phone: '+32470000314', texts: ['JOIN DEMO', '1', 'ja', '3', '1', 'LATE-FOUR halfweg'] },
];
const LATE_MARK = 'LATE-';
/** Five people who wrote in Tigrinya: as many as k, so their words are not withheld. */
const TIGRINYA = ['ኣገልግሎት ጽቡቕ እዩ', 'ብዙሕ ግዜ ንጽበ', 'ቋንቋ ክመሃር እደሊ', 'ሰራሕተኛታት ሕያዎት እዮም', 'ደብዳቤታት ኣይርድኡንን'];
const TI_LABEL = 'ዙር ሓደ · الجولة';

let h: Harness;
let app: Hono<ApiEnv>;
let token = '';
const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });

const TI_SURVEY = parseSurveyDefinition({
  id: 'ti_checkin',
  version: 1,
  title: { nl: 'Korte vraag', ti: 'ሕጽር ዝበለ ሕቶ' },
  languages: ['nl', 'ti'],
  questions: [
    { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', ti: 'ክትሳተፍ ዲኻ?' } },
    {
      id: 'service',
      kind: 'choice',
      text: { nl: 'Welke dienst?', ti: 'ኣየናይ ኣገልግሎት?' },
      options: [
        { value: 'housing', label: { nl: 'Wonen', ti: 'መንበሪ' } },
        { value: 'money', label: { nl: 'Geld', ti: 'ገንዘብ' } },
      ],
    },
    { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', ti: 'እንታይ ምሓገዘ?' } },
  ],
});

async function putRecords(round: Round, respondents: Array<{ code: string; answers: Array<[string, Answer['value']]>; language: string; finished: boolean }>) {
  const db = documentClient(h.dynamoDb);
  for (const r of respondents) {
    for (const [questionId, value] of r.answers) {
      const a: Answer = {
        projectId: round.projectId,
        roundId: round.roundId,
        respondentCode: r.code,
        surveyId: round.surveyId,
        surveyVersion: round.surveyVersion,
        questionId,
        value,
        status: 'answered',
        language: r.language,
        channel: 'whatsapp',
        day: '2025-09-02',
        voice: null,
        transcript: null,
        translation: null,
      };
      await db.send(
        new PutCommand({ TableName: h.tableName, Item: { ...keys.answer(a.projectId, a.roundId, a.respondentCode, questionId), kind: 'answer', ...a } }),
      );
    }
    if (!r.finished) continue;
    const marker = {
      ...keys.completion(round.projectId, round.roundId, r.code),
      kind: 'completion',
      projectId: round.projectId,
      roundId: round.roundId,
      respondentCode: r.code,
    };
    await db.send(new PutCommand({ TableName: h.tableName, Item: marker }));
  }
}

beforeAll(async () => {
  h = await startHarness();
  const db = documentClient(h.dynamoDb);
  const users = new DynamoDbUsers(db, h.tableName);
  token = await users.issueToken({ role: 'staff', userId: 'staff-demo', organisationId: h.seeded.project.organisationId });
  app = new Hono<ApiEnv>()
    .use('/api/*', authenticate(users))
    .route('/', resultsRoutes({ ...h.deps, answers: new DynamoDbAnswerSource(db, h.tableName, 4) }))
    .onError(onApiError(h.logger));

  for (const p of FINISHED) for (const text of p.texts) expect((await h.send({ channel: p.channel, phone: p.phone, text })).status).toBe(200);
  // The first read of results makes the first release: the six who finished.
  expect((await get('/api/projects/demo/summary')).status).toBe(200);
  for (const p of LATE) for (const text of p.texts) expect((await h.send({ channel: p.channel, phone: p.phone, text })).status).toBe(200);

  // A closed round of a Tigrinya survey, five who finished; and a closed round where only four finished (no release).
  await h.deps.directory.saveSurvey(TI_SURVEY, h.seeded.project.organisationId);
  const closed = { opensAt: '2025-09-01T00:00:00.000Z', closesAt: '2025-10-01T00:00:00.000Z', expiredAt: '2025-10-01T00:05:00.000Z' };
  const ti: Round = { ...h.seeded.round, ...closed, roundId: 'demo-ti', label: TI_LABEL, surveyId: TI_SURVEY.id, surveyVersion: TI_SURVEY.version };
  await h.deps.directory.putRound(ti);
  await putRecords(
    ti,
    TIGRINYA.map((text, i) => ({
      code: `RTI0000${i}`,
      language: 'ti',
      finished: true,
      answers: [
        ['consent', 'yes'],
        ['service', i % 2 ? 'money' : 'housing'],
        ['change', text],
      ],
    })),
  );
  const four: Round = { ...h.seeded.round, ...closed, opensAt: '2025-08-01T00:00:00.000Z', roundId: 'demo-four', label: 'four' };
  await h.deps.directory.putRound(four);
  await putRecords(
    four,
    [0, 1, 2, 3].map((i) => ({
      code: `RFOUR000${i}`,
      language: 'nl',
      finished: true,
      answers: [
        ['consent', 'yes'],
        ['energy', i + 1],
        ['change', `FOUR-ONLY ${i}`],
      ],
    })),
  );
});
afterAll(async () => h?.stop());

const csvOf = async (path: string): Promise<string[][]> => {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.subarray(3).toString('utf8'));
};
const xlsxOf = async (path: string): Promise<Buffer> => {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
  return Buffer.from(await response.arrayBuffer());
};

/** The workbook without exceljs: sheet names from workbook.xml, rows from each sheet's XML, every cell with its type and whether it has a formula. */
interface XmlCell {
  ref: string;
  type: string | undefined;
  value: string;
  formula: boolean;
}
function readXml(bytes: Buffer): { files: Map<string, Buffer>; sheets: Map<string, string[][]>; cells: XmlCell[] } {
  const files = unzip(bytes);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ['sheet', 'row', 'c'].includes(name),
  });
  const workbook = parser.parse(files.get('xl/workbook.xml')?.toString('utf8') ?? '') as { workbook: { sheets: { sheet: Array<{ name: string }> } } };
  const sheets = new Map<string, string[][]>();
  const cells: XmlCell[] = [];
  const column = (ref: string) => [...(/^[A-Z]+/.exec(ref)?.[0] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  workbook.workbook.sheets.sheet.forEach((sheet, i) => {
    const xml = files.get(`xl/worksheets/sheet${i + 1}.xml`)?.toString('utf8') ?? '';
    const parsed = parser.parse(xml) as { worksheet: { sheetData: { row?: Array<{ c?: Array<{ r: string; t?: string; v?: unknown; f?: unknown }> }> } } };
    const rows = (parsed.worksheet.sheetData.row ?? []).map((row) => {
      const out: string[] = [];
      for (const c of row.c ?? []) {
        const value = c.v === undefined ? '' : String(c.v);
        out[column(c.r)] = value;
        cells.push({ ref: `${sheet.name}!${c.r}`, type: c.t, value, formula: c.f !== undefined });
      }
      return Array.from(out, (v) => v ?? '');
    });
    sheets.set(sheet.name, rows);
  });
  return { files, sheets, cells };
}

/** Rows padded to the header's width (a trailing empty cell is absent from the XML). */
const padded = (rows: string[][]) => rows.map((r) => Array.from({ length: rows[0]?.length ?? 0 }, (_, i) => r[i] ?? ''));

describe('the XLSX of a round holds the CSVs of its release, cell for cell', () => {
  it('opened with exceljs: sheets answers, respondents, questions, codebook, codes; answers = the long CSV, respondents = the wide CSV; every cell text or a number', async () => {
    const long = await csvOf('/api/projects/demo/rounds/demo-start/results.csv');
    const wide = await csvOf('/api/projects/demo/rounds/demo-start/results-wide.csv');
    const sheets = await readSheets(await xlsxOf('/api/projects/demo/rounds/demo-start/results.xlsx'));
    expect([...sheets.keys()]).toEqual(['answers', 'respondents', 'questions', 'codebook', 'codes']);
    expect(sheets.get('answers')?.rows).toEqual(long);
    expect(sheets.get('respondents')?.rows).toEqual(wide);
    for (const { types } of sheets.values()) {
      expect([...types].every((t) => [ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null].includes(t))).toBe(true);
    }
    // The answers are there: six people, seven questions each and two probes, the formula as text.
    expect(long).toHaveLength(1 + 6 * 7 + 2);
    expect(new Set(long.slice(1).map((r) => r[0])).size).toBe(6);
  });

  it('unzipped and parsed without exceljs: the same cells, no formula anywhere, the formula-looking answer a text cell', async () => {
    const long = await csvOf('/api/projects/demo/rounds/demo-start/results.csv');
    const wide = await csvOf('/api/projects/demo/rounds/demo-start/results-wide.csv');
    const { files, sheets, cells } = readXml(await xlsxOf('/api/projects/demo/rounds/demo-start/results.xlsx'));
    expect(padded(sheets.get('answers') ?? [])).toEqual(long);
    expect(padded(sheets.get('respondents') ?? [])).toEqual(wide);
    expect(cells.filter((c) => c.formula)).toEqual([]);
    for (const [name, content] of files) if (name.endsWith('.xml')) expect(content.toString('utf8'), name).not.toMatch(/<f[ >]/);
    // Text cells are t="str" (inline text), numbers have no type; there is no shared strings table to lose them in.
    expect(new Set(cells.map((c) => c.type ?? 'number'))).toEqual(new Set(['str', 'number']));
    const formula = cells.filter((c) => c.value.includes('HYPERLINK'));
    expect(formula.map((c) => [c.type, c.value])).toEqual([
      ['str', `'${FORMULA}`],
      ['str', `'${FORMULA}`],
    ]); // once in answers, once in respondents
    expect(files.has('xl/sharedStrings.xml') ? files.get('xl/sharedStrings.xml')?.toString('utf8') : '').not.toContain('HYPERLINK');
  });

  it('the one writer in Arabic script is withheld there too; the questions sheet has every language of the survey', async () => {
    const { sheets, files } = readXml(await xlsxOf('/api/projects/demo/rounds/demo-start/results.xlsx'));
    const all = [...files.values()].map((f) => f.toString('utf8')).join('\n');
    expect(all).not.toContain(ARABIC);
    expect(sheets.get('answers')?.some((r) => r.includes(WITHHELD))).toBe(true);
    const questions = padded(sheets.get('questions') ?? []);
    expect(questions[0]).toEqual(['survey', 'version', 'rounds', 'question_id', 'kind', 'answers', 'value', 'text_nl', 'text_fr', 'text_en', 'text_ar']);
    const energy = questions.find((r) => r[3] === 'energy' && r[6] === '');
    expect(energy?.slice(4, 6)).toEqual(['scale', '1–5']);
    expect(energy?.[10]).toMatch(/\p{Script=Arabic}/u);
  });
});

describe('nobody the releases do not hold is in any export', () => {
  it('three who finished after the release (fewer than k) and one still answering: in no form, not even a word of theirs', async () => {
    const paths = [
      'results.csv',
      'results-wide.csv',
      'results.xlsx',
      'results.csv?columns=numbers',
      'results-wide.csv?columns=numbers',
      'results.xlsx?columns=numbers',
    ];
    for (const base of ['/api/projects/demo/rounds/demo-start/', '/api/projects/demo/']) {
      for (const path of paths) {
        const response = await get(base + path);
        expect(response.status).toBe(200);
        const bytes = Buffer.from(await response.arrayBuffer());
        const text = path.includes('xlsx') ? [...unzip(bytes).values()].map((f) => f.toString('utf8')).join('\n') : bytes.toString('utf8');
        expect(text, base + path).not.toContain(LATE_MARK);
        expect(text, base + path).not.toContain('FOUR-ONLY');
      }
    }
    // The stored answers are there: the releases, not the data, keep them out.
    const stored = (await h.dump()).filter((i) => i.kind === 'answer' && String(i.value).startsWith(LATE_MARK));
    expect(stored.length).toBeGreaterThanOrEqual(7);
  });

  it('a round where four finished has no release: its exports are headers only', async () => {
    expect(await csvOf('/api/projects/demo/rounds/demo-four/results.csv')).toEqual([[...CSV_COLUMNS]]);
    expect(await csvOf('/api/projects/demo/rounds/demo-four/results-wide.csv')).toHaveLength(1);
    const { sheets } = readXml(await xlsxOf('/api/projects/demo/rounds/demo-four/results.xlsx'));
    expect(sheets.get('answers')).toEqual([[...CSV_COLUMNS]]);
    expect(sheets.get('respondents')).toHaveLength(1);
  });
});

describe('Arabic and Tigrinya survive', () => {
  it('the Tigrinya answers of five and a round label in Ethiopic and Arabic, in the CSVs and the workbook alike', async () => {
    const long = await csvOf('/api/projects/demo/rounds/demo-ti/results.csv');
    const wide = await csvOf('/api/projects/demo/rounds/demo-ti/results-wide.csv');
    expect(
      long
        .slice(1)
        .filter((r) => r[4] === 'change')
        .map((r) => r[6])
        .sort(),
    ).toEqual([...TIGRINYA].sort());
    expect(new Set(long.slice(1).map((r) => r[1]))).toEqual(new Set([TI_LABEL]));
    expect(wide[0]).toEqual([
      'respondent_code',
      'round',
      'language',
      'channel',
      'day',
      'completed',
      'consent',
      'consent:status',
      'service',
      'service:status',
      'change',
      'change:status',
      'change:voice',
      'change:transcript',
      'change:translation',
      'change:codes',
      'comments',
    ]);
    const bytes = await xlsxOf('/api/projects/demo/rounds/demo-ti/results.xlsx');
    const sheets = await readSheets(bytes);
    expect(sheets.get('answers')?.rows).toEqual(long);
    expect(sheets.get('respondents')?.rows).toEqual(wide);
    const questions = padded(readXml(bytes).sheets.get('questions') ?? []);
    expect(questions[0]?.slice(7)).toEqual(['text_nl', 'text_ti']);
    expect(questions.filter((r) => r[3] === 'service').map((r) => [r[6], r[8]])).toEqual([
      ['', 'ኣየናይ ኣገልግሎት?'],
      ['housing', 'መንበሪ'],
      ['money', 'ገንዘብ'],
    ]);
  });
});

/** The released values of a long CSV: what an adversary may learn, as (code, round, question, column, value). */
function longFacts(rows: string[][]): Set<string> {
  const [header = [], ...data] = rows;
  const at = (name: string) => header.indexOf(name);
  const facts = new Set<string>();
  for (const r of data) {
    const who = [r[at('respondent_code')], r[at('round')]];
    for (const c of ['language', 'channel', 'day', 'completed']) facts.add(JSON.stringify([...who, '', c, r[at(c)]]));
    // A comment's words are a fact about the question it was given at, like an answer.
    if (r[at('status')] === 'comment') {
      facts.add(JSON.stringify([...who, r[at('question_id')], 'comment', r[at('answer')]]));
      continue;
    }
    for (const c of ['answer', 'status', 'voice', 'transcript', 'translation']) {
      if (at(c) >= 0) facts.add(JSON.stringify([...who, r[at('question_id')], c, r[at(c)] ?? '']));
    }
  }
  return facts;
}

/** The same facts read from a wide CSV (or the respondents sheet): empty cells say nothing and are left out. */
function wideFacts(rows: string[][]): Set<string> {
  const [header = [], ...data] = rows;
  const facts = new Set<string>();
  for (const r of data) {
    const who = [r[0], r[1]];
    header.forEach((name, i) => {
      const value = r[i] ?? '';
      if (i < 2 || value === '') return;
      if (['language', 'channel', 'day', 'completed'].includes(name)) return void facts.add(JSON.stringify([...who, '', name, value]));
      if (name === 'comments') {
        for (const line of value.split('\n')) {
          const [, question = '', words = ''] = /^\[([^\]]+)\] ([\s\S]*)$/.exec(line) ?? [];
          facts.add(JSON.stringify([...who, question, 'comment', words]));
        }
        return;
      }
      const [question = '', part = 'answer'] = name.split(':');
      facts.add(JSON.stringify([...who, question, part, value]));
    });
  }
  return facts;
}

describe('an adversary gets no more from the wide CSV or the workbook than from the long CSV', () => {
  const projects = ['/api/projects/demo/rounds/demo-start/', '/api/projects/demo/rounds/demo-ti/', '/api/projects/demo/'];

  for (const base of projects) {
    for (const query of ['', '?columns=numbers']) {
      it(`${base}…${query}: every fact of the wide CSV and of each sheet is a fact of the long CSV`, async () => {
        const long = longFacts(await csvOf(`${base}results.csv${query}`));
        const wide = wideFacts(await csvOf(`${base}results-wide.csv${query}`));
        const sheets = await readSheets(await xlsxOf(`${base}results.xlsx${query}`));
        const fromAnswers = longFacts(sheets.get('answers')?.rows ?? []);
        const fromRespondents = wideFacts(sheets.get('respondents')?.rows ?? []);
        const nonEmpty = [...long].filter((f) => (JSON.parse(f) as string[])[4] !== '');
        expect(nonEmpty.length).toBeGreaterThan(10);
        for (const [name, facts] of [
          ['wide CSV', wide],
          ['answers sheet', fromAnswers],
          ['respondents sheet', fromRespondents],
        ] as const) {
          expect(
            [...facts].filter((f) => !long.has(f)),
            name,
          ).toEqual([]);
        }
        // And nothing of the long CSV is lost in the wide forms.
        expect(nonEmpty.filter((f) => !wide.has(f))).toEqual([]);
        expect(fromAnswers).toEqual(long);
      });
    }
  }

  it("the numbers-only workbook holds no one's own words: no open answer, transcript, translation or comment", async () => {
    const bytes = await xlsxOf('/api/projects/demo/results.xlsx?columns=numbers');
    const text = [...unzip(bytes).values()].map((f) => f.toString('utf8')).join('\n');
    for (const words of ['Meer uren open', 'They listen', 'HYPERLINK', 'Sneller antwoorden', ...TIGRINYA, WITHHELD]) expect(text).not.toContain(words);
    expect(readXml(bytes).sheets.get('answers')?.[0]).toEqual(CSV_COLUMNS.filter((c) => c !== 'transcript' && c !== 'translation'));
  });
});

describe('in Lambda the workbook goes through the export drop', () => {
  it('stored as the XLSX bytes it is (a valid workbook), named .xlsx, the client sent to the link (303)', async () => {
    const stored: Array<{ bytes: Buffer; filename: string; contentType: string }> = [];
    const drop: ExportDrop = {
      async put(chunks, file) {
        const parts: Buffer[] = [];
        for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
        stored.push({ bytes: Buffer.concat(parts), ...file });
        return 'https://bucket.example/exports/x.xlsx?signed';
      },
    };
    const db = documentClient(h.dynamoDb);
    const lambdaLike = new Hono<ApiEnv>()
      .use('/api/*', authenticate(new DynamoDbUsers(db, h.tableName)))
      .route('/', resultsRoutes({ ...h.deps, exports: drop }))
      .onError(onApiError(h.logger));
    const response = await lambdaLike.request('/api/projects/demo/results.xlsx', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://bucket.example/exports/x.xlsx?signed');
    expect(stored.map((s) => [s.filename, s.contentType])).toEqual([['ocmw-demo-all-rounds-results.xlsx', XLSX_TYPE]]);
    const sheets = await readSheets(stored[0]?.bytes ?? Buffer.alloc(0));
    expect(sheets.get('answers')?.rows).toEqual(await csvOf('/api/projects/demo/results.csv'));
  });
});
