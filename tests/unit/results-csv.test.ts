import { describe, expect, it } from 'vitest';
import type { Answer, Completion, Round } from '../../core/model.js';
import type { Released } from '../../core/disclosure/release.js';
import { BOM, columnsOf, CSV_COLUMNS, csvField, exportCsv as exportReleased, neutralize, WITHHELD, type CsvOptions } from '../../core/results/csv.js';
import type { AnswerSource, RoundRecord } from '../../core/results/ports.js';
import { isCompletion } from '../../core/results/respondents.js';
import type { RoundOfSurvey } from '../../core/results/questions.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { parseCsv } from '../support/rfc4180.js';

const survey = compileSurvey(
  parseSurveyDefinition({
    id: 'unit',
    version: 1,
    title: { nl: 'Test', ar: 'اختبار' },
    languages: ['nl', 'ar'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', ar: 'هل تشارك؟' } },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', ar: 'الطاقة؟' } },
      { id: 'balance', kind: 'number', min: -10, max: 10, text: { nl: 'Saldo, in "punten"?', ar: 'الرصيد؟' } },
      {
        id: 'respected',
        kind: 'statement',
        text: { nl: 'Ik voel me gerespecteerd.', ar: 'أشعر بالاحترام.' },
        probe: { text: { nl: 'Kan je vertellen waarom?', ar: 'لماذا؟' } },
      },
      { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', ar: 'ما الذي سيساعد؟' } },
    ],
  }),
);

const round = (roundId: string, label: string): Round => ({
  projectId: 'p1',
  roundId,
  label,
  surveyId: 'unit',
  surveyVersion: 1,
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: '2026-02-01T00:00:00.000Z',
  reminderAfterHours: null,
});

const answer = (respondentCode: string, questionId: string, value: Answer['value'], extra: Partial<Answer> = {}): Answer => ({
  projectId: 'p1',
  roundId: 'r1',
  respondentCode,
  surveyId: 'unit',
  surveyVersion: 1,
  questionId,
  value,
  status: 'answered',
  language: 'nl',
  channel: 'sms',
  day: '2026-01-05',
  voice: null,
  transcript: null,
  translation: null,
  ...extra,
});

const completion = (respondentCode: string): Completion => ({ projectId: 'p1', roundId: 'r1', respondentCode });

/** Pages per round, in key order (respondent code, then question id), as DynamoDB returns them. */
function source(byRound: Record<string, RoundRecord[][]>, pulled: string[] = []): { byRound: Record<string, RoundRecord[][]>; source: AnswerSource } {
  async function* records(_projectId: string, roundId: string): AsyncGenerator<RoundRecord[]> {
    for (const [i, page] of (byRound[roundId] ?? []).entries()) {
      pulled.push(`${roundId}:${i}`);
      yield page;
    }
  }
  const answers: AnswerSource = {
    records,
    async *pages(projectId, roundId) {
      for await (const page of records(projectId, roundId)) yield page.filter((r): r is Answer => !isCompletion(r));
    },
  };
  return { byRound, source: answers };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

const r1: RoundOfSurvey = { round: round('r1', 'start'), survey };

/** Every respondent released, with the quasi-identifiers of their first answer (as a release would before generalising). */
function everyone(byRound: Record<string, RoundRecord[][]>, roundId: string): Map<string, Released> {
  const out = new Map<string, Released>();
  for (const page of byRound[roundId] ?? []) {
    for (const r of page) {
      if (!('questionId' in r) || out.has(r.respondentCode)) continue;
      out.set(r.respondentCode, { qi: { language: r.language, channel: r.channel, day: r.day.slice(0, 10), completed: 'yes' }, withholdText: false });
    }
  }
  return out;
}

/** The export of these rounds with everyone in them released, under their stored codes. */
function exportCsv(rounds: readonly RoundOfSurvey[], from: { byRound: Record<string, RoundRecord[][]>; source: AnswerSource }, options: CsvOptions = {}) {
  return exportReleased(
    rounds.map((r) => ({ ...r, released: everyone(from.byRound, r.round.roundId) })),
    from.source,
    (_roundId, code) => code,
    options,
  );
}

async function rowsOf(answers: Answer[]): Promise<string[][]> {
  const csv = await collect(exportCsv([r1], source({ r1: [answers] })));
  return parseCsv(csv.slice(BOM.length)).slice(1);
}

describe('CSV export', () => {
  it('starts with the UTF-8 BOM and the snake_case header, with CRLF line ends', async () => {
    const csv = await collect(exportCsv([r1], source({})));
    expect(columnsOf(false)).toEqual(CSV_COLUMNS);
    expect(csv).toBe(
      `${BOM}respondent_code,round,language,channel,question_id,question_text,answer,status,voice,transcript,translation,day,completed,codes\r\n`,
    );
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes one row per answer with values as stored, numbers as numbers, in survey order per respondent', async () => {
    const csv = await collect(
      exportCsv(
        [r1],
        source({
          r1: [
            [answer('RA', 'change', 'Meer uren open'), answer('RA', 'consent', 'yes'), answer('RA', 'energy', 4)],
            [
              answer('RA', 'respected', 'not_true'),
              answer('RA', 'respected.probe', 'Te lang wachten'),
              completion('RA'),
              answer('RB', 'energy', 2, { language: 'ar', channel: 'whatsapp', roundId: 'r1' }),
            ],
          ],
        }),
      ),
    );
    const [header, ...rows] = parseCsv(csv.slice(BOM.length));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toEqual([
      ['RA', 'start', 'nl', 'sms', 'consent', 'Doe je mee?', 'yes', 'answered', '', '', '', '2026-01-05', 'yes', ''],
      ['RA', 'start', 'nl', 'sms', 'energy', 'Energie?', '4', 'answered', '', '', '', '2026-01-05', 'yes', ''],
      ['RA', 'start', 'nl', 'sms', 'respected', 'Ik voel me gerespecteerd.', 'not_true', 'answered', '', '', '', '2026-01-05', 'yes', ''],
      ['RA', 'start', 'nl', 'sms', 'respected.probe', 'Kan je vertellen waarom?', 'Te lang wachten', 'answered', '', '', '', '2026-01-05', 'yes', ''],
      ['RA', 'start', 'nl', 'sms', 'change', 'Wat zou helpen?', 'Meer uren open', 'answered', '', '', '', '2026-01-05', 'yes', ''],
      ['RB', 'start', 'ar', 'whatsapp', 'energy', 'Energie?', '2', 'answered', '', '', '', '2026-01-05', 'yes', ''],
    ]);
    expect(csv).toContain(',energy,Energie?,4,answered,'); // a number is written bare, not quoted
  });

  it('writes only released respondents, each with the code, quasi-identifiers and outcome their release gave them', async () => {
    const records = [
      answer('RA', 'consent', 'yes'),
      answer('RA', 'energy', 4),
      completion('RA'),
      answer('RB', 'consent', 'yes', { language: 'ar' }),
      answer('RB', 'energy', 2, { language: 'ar' }),
      answer('RC', 'consent', 'no'),
    ];
    const released = new Map<string, Released>([
      ['RA', { qi: { language: 'other', channel: 'sms', day: '', completed: 'yes' }, withholdText: false }],
      ['RC', { qi: { language: 'other', channel: 'sms', day: '', completed: 'declined' }, withholdText: true }],
    ]);
    const csv = await collect(exportReleased([{ ...r1, released }], source({ r1: [records] }).source, (roundId, code) => `${roundId}-${code.toLowerCase()}`));
    const rows = parseCsv(csv.slice(BOM.length)).slice(1);
    expect(rows.map((r) => [r[0], r[2], r[3], r[11], r[12]])).toEqual([
      ['r1-ra', 'other', 'sms', '', 'yes'],
      ['r1-ra', 'other', 'sms', '', 'yes'],
      ['r1-rc', 'other', 'sms', '', 'declined'],
    ]);
    expect(csv).not.toContain('RB');
  });

  it('writes a marker instead of the own words of someone whose script would single them out, and keeps the translation', async () => {
    const records = [
      answer('RA', 'change', 'ሰላም እዩ', { language: 'ti' }),
      answer('RA', 'respected.probe', null, { language: 'ti', voice: 'transcribed', transcript: 'ሰላም', translation: 'Dag' }),
    ];
    const released = new Map<string, Released>([['RA', { qi: { language: 'other', channel: 'sms', day: '', completed: 'yes' }, withholdText: true }]]);
    const csv = await collect(exportReleased([{ ...r1, released }], source({ r1: [records] }).source, (_r, code) => code));
    const rows = parseCsv(csv.slice(BOM.length)).slice(1);
    expect(rows.map((r) => [r[4], r[6], r[9], r[10]])).toEqual([
      ['respected.probe', '', WITHHELD, 'Dag'],
      ['change', WITHHELD, '', ''],
    ]);
    expect(csv).not.toMatch(/\p{Script=Ethiopic}/u);
  });

  it('numbers only: no transcript or translation column, and no typed words in open answers', async () => {
    const csv = await collect(
      exportCsv(
        [r1],
        source({
          r1: [
            [
              answer('RA', 'energy', 4),
              answer('RA', 'respected', 'true'),
              answer('RA', 'respected.probe', 'Te lang wachten'),
              answer('RA', 'change', 'Meer uren', { voice: 'transcribed', transcript: 'meer uren open' }),
            ],
          ],
        }),
        { numbersOnly: true },
      ),
    );
    const [header, ...rows] = parseCsv(csv.slice(BOM.length));
    expect(header).toEqual([...columnsOf(true)]);
    expect(header).not.toContain('transcript');
    expect(rows.map((r) => r[6])).toEqual(['4', 'true', '', '']);
    for (const words of ['Te lang', 'Meer uren', 'meer uren open']) expect(csv).not.toContain(words);
  });

  it('a marker alone (its answers erased) makes no row', async () => {
    const csv = await collect(exportCsv([r1], source({ r1: [[completion('RA'), answer('RB', 'energy', 3)]] })));
    expect(
      parseCsv(csv.slice(BOM.length))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['RB']);
  });

  it('leaves the answer empty for skipped and unreadable answers, and says which in status', async () => {
    const rows = await rowsOf([answer('RA', 'energy', null, { status: 'unreadable' }), answer('RA', 'change', null, { status: 'skipped' })]);
    expect(rows.map((r) => [r[4], r[6], r[7]])).toEqual([
      ['energy', '', 'unreadable'],
      ['change', '', 'skipped'],
    ]);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and they parse back unchanged', async () => {
    const text = 'Ze zeiden "wacht", en\r\nik wachtte\nlang';
    const csv = await collect(exportCsv([r1], source({ r1: [[answer('RA', 'balance', 3), answer('RA', 'change', text)]] })));
    expect(csv).toContain('"Ze zeiden ""wacht"", en\r\nik wachtte\nlang"');
    expect(csv).toContain(',balance,"Saldo, in ""punten""?",3,'); // the question text too
    const rows = parseCsv(csv.slice(BOM.length)).slice(1);
    expect(rows.map((r) => r[6])).toEqual(['3', text]);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+32470123456', "'+32470123456"],
    ['-2', "'-2"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', "'\r=1"],
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
  ])('neutralizes an answer a spreadsheet would run as a formula: %j', async (given, expected) => {
    expect(neutralize(given)).toBe(expected);
    const rows = await rowsOf([answer('RA', 'change', given)]);
    expect(rows[0]?.[6]).toBe(expected);
  });

  it('quotes text holding the other separator too, so a formula after it cannot start a cell in either locale', () => {
    expect(csvField('ok;=HYPERLINK("x")', ',')).toBe('"ok;=HYPERLINK(""x"")"');
    expect(csvField('ok,=1+1', ';')).toBe('"ok,=1+1"');
  });

  it('leaves ordinary text alone, also with a formula character later on', () => {
    for (const text of ['Meer uren open', '1+1=2', 'a-b', 'mail me@x', "'quoted"]) expect(neutralize(text)).toBe(text);
  });

  it('keeps a negative number answer numeric: only text is neutralized', async () => {
    expect(csvField(-2)).toBe('-2');
    expect(csvField('-2')).toBe("'-2");
    const rows = await rowsOf([answer('RA', 'balance', -2)]);
    expect(rows[0]?.[6]).toBe('-2');
  });

  it('neutralizes every text field, also labels and question texts written by staff', async () => {
    const csv = await collect(exportCsv([{ round: round('r1', '=start'), survey }], source({ r1: [[answer('RA', 'energy', 3)]] })));
    expect(parseCsv(csv.slice(BOM.length))[1]?.[1]).toBe("'=start");
  });

  it('exports Arabic and other right-to-left text byte for byte', async () => {
    const arabic = 'لا أفهم الرسائل من المركز، أحتاج إلى "مساعدة"';
    const csv = await collect(exportCsv([r1], source({ r1: [[answer('RA', 'change', arabic, { language: 'ar' })]] })));
    const bytes = Buffer.from(csv, 'utf8');
    expect(bytes.includes(Buffer.from(arabic.replaceAll('"', '""'), 'utf8'))).toBe(true);
    expect(parseCsv(csv.slice(BOM.length))[1]?.[6]).toBe(arabic);
  });

  it('shows question texts in the survey main language (the first), probes with the probe text', async () => {
    const rows = await rowsOf([answer('RA', 'respected', 'true', { language: 'ar' }), answer('RA', 'respected.probe', 'نعم', { language: 'ar' })]);
    expect(rows.map((r) => r[5])).toEqual(['Ik voel me gerespecteerd.', 'Kan je vertellen waarom?']);
  });

  it('writes the day and never a time', async () => {
    const rows = await rowsOf([answer('RA', 'energy', 3, { day: '2026-01-05T09:41:00.000Z' })]);
    expect(rows[0]?.[CSV_COLUMNS.indexOf('day')]).toBe('2026-01-05');
  });

  it('exports only its columns, whatever else an answer object might carry', async () => {
    const leaky = { ...answer('RA', 'energy', 3), phone: '+32470123456', contactKey: 'ck_secret', messageSid: 'SMabc', profileName: 'Fatima' } as Answer;
    const csv = await collect(exportCsv([r1], source({ r1: [[leaky]] })));
    for (const needle of ['32470123456', 'ck_secret', 'SMabc', 'Fatima']) expect(csv).not.toContain(needle);
  });

  it('puts several rounds of a project in one file, in the order given, each row with its round label', async () => {
    const rounds = [r1, { round: round('r2', 'end'), survey }];
    const csv = await collect(exportCsv(rounds, source({ r1: [[answer('RA', 'energy', 2)]], r2: [[answer('RA', 'energy', 4, { roundId: 'r2' })]] })));
    const rows = parseCsv(csv.slice(BOM.length)).slice(1);
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual([
      ['RA', 'start', '2'],
      ['RA', 'end', '4'],
    ]);
  });

  it('can separate with semicolons (Excel in a Belgian locale), quoting fields that hold one', async () => {
    const csv = await collect(exportCsv([r1], source({ r1: [[answer('RA', 'change', 'ja; nee, soms')]] }), { separator: ';' }));
    expect(csv.startsWith(`${BOM}respondent_code;round;`)).toBe(true);
    expect(csv).toContain(';"ja; nee, soms";answered;');
    expect(parseCsv(csv.slice(BOM.length), ';')[1]?.[6]).toBe('ja; nee, soms');
  });

  it('streams: a chunk is handed on before later pages are read', async () => {
    const pages = Array.from({ length: 50 }, (_, p) =>
      Array.from({ length: 20 }, (_, i) => answer(`R${String(p * 20 + i).padStart(6, '0')}`, 'change', 'x'.repeat(50))),
    );
    const pulled: string[] = [];
    const chunks = exportCsv([r1], source({ r1: pages }, pulled), { chunkChars: 4096 });
    const first = await chunks.next();
    expect(first.done).toBe(false);
    expect(pulled.length).toBeLessThan(5);
    await chunks.return(undefined);
    expect(pulled.length).toBeLessThan(5);
  });
});
