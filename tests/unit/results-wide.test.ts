import { describe, expect, it } from 'vitest';
import type { Released } from '../../core/disclosure/release.js';
import type { Answer, Round } from '../../core/model.js';
import { BOM, exportCsv, WITHHELD, type ExportRound } from '../../core/results/csv.js';
import type { AnswerSource, RoundRecord, Sheet, SheetCell } from '../../core/results/ports.js';
import type { RoundOfSurvey } from '../../core/results/questions.js';
import { exportWideCsv, wideColumns } from '../../core/results/wide.js';
import { questionsSheet, resultsWorkbook, type CodebookEntry } from '../../core/results/workbook.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { parseCsv } from '../support/rfc4180.js';

/**
 * The wide form is the long form reshaped: column order across survey versions, names that cannot clash,
 * comments and strays kept as lines, withheld words withheld, numbers only without anyone's words, and
 * respondents the release does not hold nowhere. And the workbook's sheets are the two CSVs' cells.
 */

const v1 = compileSurvey(
  parseSurveyDefinition({
    id: 'unit',
    version: 1,
    title: { nl: 'Test', ar: 'اختبار' },
    languages: ['nl', 'ar'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', ar: 'هل تشارك؟' } },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', ar: 'الطاقة؟' } },
      { id: 'respected', kind: 'statement', text: { nl: 'Gerespecteerd.', ar: 'الاحترام.' }, probe: { text: { nl: 'Waarom?', ar: 'لماذا؟' } } },
      {
        id: 'day',
        kind: 'choice',
        text: { nl: 'Welke dag?', ar: 'أي يوم؟' },
        options: [
          { value: 'monday', label: { nl: 'Maandag', ar: 'الاثنين' } },
          { value: 'friday', label: { nl: 'Vrijdag', ar: 'الجمعة' } },
        ],
      },
      { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', ar: 'ما الذي سيساعد؟' } },
    ],
  }),
);
/** A later version: a question added after "energy", "day" dropped, the dyad new. */
const v2 = compileSurvey(
  parseSurveyDefinition({
    id: 'unit',
    version: 2,
    title: { nl: 'Test', fr: 'Test' },
    languages: ['nl', 'fr'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', fr: 'Tu participes ?' } },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', fr: 'Énergie ?' } },
      { id: 'sleep', kind: 'number', min: -5, max: 5, text: { nl: 'Slaap?', fr: 'Sommeil ?' } },
      { id: 'respected', kind: 'statement', text: { nl: 'Gerespecteerd.', fr: 'Respecté.' }, probe: { text: { nl: 'Waarom?', fr: 'Pourquoi ?' } } },
      { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', fr: 'Qu’est-ce qui aiderait ?' } },
      { id: 'pace', kind: 'dyad', text: { nl: 'Tempo?', fr: 'Rythme ?' }, left: { nl: 'Traag', fr: 'Lent' }, right: { nl: 'Snel', fr: 'Rapide' } },
    ],
  }),
);

const round = (roundId: string, label: string, surveyVersion: number): Round => ({
  projectId: 'p1',
  roundId,
  label,
  surveyId: 'unit',
  surveyVersion,
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: '2026-02-01T00:00:00.000Z',
  reminderAfterHours: null,
});
const r1: RoundOfSurvey = { round: round('r1', 'start', 1), survey: v1 };
const r2: RoundOfSurvey = { round: round('r2', 'end', 2), survey: v2 };

const answer = (roundId: string, respondentCode: string, questionId: string, value: Answer['value'], extra: Partial<Answer> = {}): Answer => ({
  projectId: 'p1',
  roundId,
  respondentCode,
  surveyId: 'unit',
  surveyVersion: roundId === 'r1' ? 1 : 2,
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

function sourceOf(byRound: Record<string, RoundRecord[]>): AnswerSource {
  async function* records(_p: string, roundId: string): AsyncGenerator<RoundRecord[]> {
    yield byRound[roundId] ?? [];
  }
  return {
    records,
    async *pages(p, roundId) {
      for await (const page of records(p, roundId)) yield page.filter((r): r is Answer => 'questionId' in r);
    },
  };
}
const released = (codes: string[], withholdText = false): Map<string, Released> =>
  new Map(codes.map((c) => [c, { qi: { language: 'other', channel: 'sms', day: '', completed: 'yes' }, withholdText }]));

async function text(chunks: AsyncIterable<string>): Promise<string[][]> {
  let out = '';
  for await (const c of chunks) out += c;
  expect(out.startsWith(BOM)).toBe(true);
  return parseCsv(out.slice(BOM.length));
}

const data: Record<string, RoundRecord[]> = {
  r1: [
    answer('r1', 'RA', 'consent', 'yes'),
    answer('r1', 'RA', 'energy', 4),
    answer('r1', 'RA', 'day', 'friday'),
    answer('r1', 'RA', 'respected', 'not_true'),
    answer('r1', 'RA', 'respected.probe', '=wacht, "lang"'),
    answer('r1', 'RA', 'change', null, { voice: 'transcribed', transcript: 'meer uren', translation: 'plus d’heures' }),
    answer('r1', 'RA', 'energy', 'niet goed vandaag', { status: 'comment', seq: 1 }),
    answer('r1', 'RA', 'change', 'en de bus', { status: 'comment', seq: 2 }),
    answer('r1', 'RB', 'consent', 'yes'),
    answer('r1', 'RB', 'energy', null, { status: 'skipped' }),
    answer('r1', 'RB', 'gone', 'an answer to a question the survey no longer has'),
    // Not released: in no row.
    answer('r1', 'RX', 'consent', 'yes'),
    answer('r1', 'RX', 'change', 'SECRET of someone not released'),
  ],
  r2: [
    answer('r2', 'RA', 'consent', 'yes'),
    answer('r2', 'RA', 'sleep', -2),
    answer('r2', 'RA', 'pace', 5),
    answer('r2', 'RA', 'change', 'ብዙሕ ግዜ', { language: 'ti' }),
  ],
};
const rounds = (withhold = false): ExportRound[] => [
  { ...r1, released: released(['RA', 'RB'], withhold) },
  { ...r2, released: released(['RA'], withhold) },
];

describe('wide columns', () => {
  it('follow the survey across versions: an added question after its predecessor, probes after their statement; a question named like a fixed column gets ":answer"', () => {
    expect(wideColumns([r1, r2], false).map((c) => c.header)).toEqual([
      'respondent_code',
      'round',
      'language',
      'channel',
      'day',
      'completed',
      'consent',
      'consent:status',
      'energy',
      'energy:status',
      'sleep',
      'sleep:status',
      'respected',
      'respected:status',
      'respected.probe',
      'respected.probe:status',
      'respected.probe:voice',
      'respected.probe:transcript',
      'respected.probe:translation',
      'respected.probe:codes',
      'day:answer',
      'day:status',
      'change',
      'change:status',
      'change:voice',
      'change:transcript',
      'change:translation',
      'change:codes',
      'pace',
      'pace:status',
      'comments',
    ]);
    expect(wideColumns([r1], true).map((c) => c.header)).toEqual([
      'respondent_code',
      'round',
      'language',
      'channel',
      'day',
      'completed',
      'consent',
      'consent:status',
      'energy',
      'energy:status',
      'respected',
      'respected:status',
      'respected.probe',
      'respected.probe:status',
      'respected.probe:voice',
      'respected.probe:codes',
      'day:answer',
      'day:status',
      'change',
      'change:status',
      'change:voice',
      'change:codes',
    ]);
  });
});

describe('wide CSV', () => {
  it('one row per released respondent and round, the long rows’ cells in their columns, comments and strays as lines', async () => {
    const rows = await text(exportWideCsv(rounds(), sourceOf(data), (roundId, code) => `${roundId}-${code}`));
    const [header = [], ...body] = rows;
    const row = (code: string) => Object.fromEntries(header.map((h, i) => [h, body.find((r) => r[0] === code)?.[i]]));
    expect(body.map((r) => r.slice(0, 2))).toEqual([
      ['r1-RA', 'start'],
      ['r1-RB', 'start'],
      ['r2-RA', 'end'],
    ]);
    expect(row('r1-RA')).toMatchObject({
      energy: '4',
      'energy:status': 'answered',
      'day:answer': 'friday',
      day: '',
      'respected.probe': `'=wacht, "lang"`,
      change: '',
      'change:voice': 'transcribed',
      'change:transcript': 'meer uren',
      'change:translation': 'plus d’heures',
      sleep: '',
      comments: '[energy] niet goed vandaag\n[change] en de bus',
    });
    expect(row('r1-RB')).toMatchObject({ energy: '', 'energy:status': 'skipped', comments: '[gone] an answer to a question the survey no longer has' });
    expect(row('r2-RA')).toMatchObject({ sleep: '-2', pace: '5', change: 'ብዙሕ ግዜ', 'day:answer': '', comments: '' });
    expect(JSON.stringify(rows)).not.toContain('SECRET');
  });

  it('withholds what the long CSV withholds, and numbers only leaves out everyone’s words and the comments', async () => {
    const codes = (roundId: string, code: string) => `${roundId}-${code}`;
    const withheld = await text(exportWideCsv(rounds(true), sourceOf(data), codes));
    const long = await text(exportCsv(rounds(true), sourceOf(data), codes));
    const at = (rows: string[][], name: string) => rows[0]?.indexOf(name) ?? -1;
    expect(withheld[1]?.[at(withheld, 'respected.probe')]).toBe(WITHHELD);
    expect(withheld[1]?.[at(withheld, 'change:transcript')]).toBe(WITHHELD);
    expect(withheld[1]?.[at(withheld, 'comments')]).toBe(`[energy] ${WITHHELD}\n[change] ${WITHHELD}`);
    expect(long.filter((r) => r.includes(WITHHELD))).toHaveLength(6); // probe, transcript, two comments, the stray (unknown: taken as own words), r2's open answer
    const numbers = await text(exportWideCsv(rounds(), sourceOf(data), codes, { numbersOnly: true }));
    const all = JSON.stringify(numbers);
    for (const words of ['wacht', 'meer uren', 'heures', 'bus', 'niet goed', 'ብዙሕ', WITHHELD]) expect(all).not.toContain(words);
    expect(numbers[1]?.[at(numbers, 'energy')]).toBe('4');
  });
});

describe('results workbook', () => {
  it('answers and respondents sheets hold the CSVs’ cells (text neutralised as there, numbers as numbers, empty as empty)', async () => {
    const codes = (roundId: string, code: string) => `${roundId}-${code}`;
    const sheets = resultsWorkbook(rounds(), sourceOf(data), codes, false);
    expect(sheets.map((s) => s.name)).toEqual(['answers', 'respondents', 'questions', 'codebook', 'codes']);
    const cells = async (i: number) => {
      const out: string[][] = [sheets[i]?.header.map(String) ?? []];
      for await (const row of sheets[i]?.rows() ?? []) out.push(row.map((c) => (c === null ? '' : String(c))));
      return out;
    };
    expect(await cells(0)).toEqual(await text(exportCsv(rounds(), sourceOf(data), codes)));
    expect(await cells(1)).toEqual(await text(exportWideCsv(rounds(), sourceOf(data), codes)));
    const typed = [];
    for await (const row of sheets[0]?.rows() ?? []) typed.push(row);
    expect(typed.find((r) => r[4] === 'energy')?.[6]).toBe(4);
    expect(typed.find((r) => r[4] === 'sleep')?.[6]).toBe(-2);
  });

  it('the questions sheet: each survey version once, with its rounds, every language, and the labels of choices, poles and corners', async () => {
    const rows = [];
    const sheet = questionsSheet([r1, r2, { ...r1, round: round('r3', 'midway', 1) }]);
    expect(sheet.header).toEqual(['survey', 'version', 'rounds', 'question_id', 'kind', 'answers', 'value', 'text_nl', 'text_ar', 'text_fr']);
    for await (const row of sheet.rows()) rows.push(row);
    expect(rows.filter((r) => r[3] === 'day')).toEqual([
      ['unit', 1, 'start, midway', 'day', 'choice', 'monday | friday', null, 'Welke dag?', 'أي يوم؟', null],
      ['unit', 1, 'start, midway', 'day', 'choice', null, 'monday', 'Maandag', 'الاثنين', null],
      ['unit', 1, 'start, midway', 'day', 'choice', null, 'friday', 'Vrijdag', 'الجمعة', null],
    ]);
    expect(rows.filter((r) => r[3] === 'pace').map((r) => [r[5], r[6], r[9]])).toEqual([
      ['1–5', null, 'Rythme ?'],
      [null, '1', 'Lent'],
      [null, '5', 'Rapide'],
    ]);
    // A range that starts with "-" is neutralised like any text a spreadsheet could take for a formula.
    expect(rows.find((r) => r[3] === 'sleep')?.[5]).toBe("'-5–5");
    expect(rows.find((r) => r[3] === 'respected.probe')?.slice(4, 6)).toEqual(['open', 'own words']);
  });
});

describe('codes in every export', () => {
  const exported = (roundId: string, code: string) => `${roundId}-${code}`;
  /** RA's why and RB's stray coded; RX, in no release, coded too (as a tag made before an erasure could be). */
  const coded = (): ExportRound[] => {
    const [first, second] = rounds();
    if (!first || !second) throw new Error('fixture');
    const codes = new Map([
      ['RA', new Map([['respected.probe', ['letters', 'topoi.taal']]])],
      ['RX', new Map([['change', ['topoi.inzet']]])],
    ]);
    return [
      { ...first, codes },
      { ...second, codes: new Map([['RA', new Map([['change', ['topoi.personen']]])]]) },
    ];
  };
  const book: CodebookEntry[] = [
    { id: 'topoi.taal', label: { nl: 'Taal', fr: 'Langage', en: 'Language' }, description: { en: 'Words' }, builtIn: true, archived: false },
    { id: 'letters', label: { nl: '=Brieven' }, builtIn: false, archived: true },
  ];
  const rowsOf = async (sheet: Sheet | undefined) => {
    const out: SheetCell[][] = [];
    for await (const row of sheet?.rows() ?? []) out.push([...row]);
    return out;
  };

  it('the long and wide CSVs carry each answer’s codes (with and without words), never on a comment, never for someone unreleased', async () => {
    for (const numbersOnly of [false, true]) {
      const long = await text(exportCsv(coded(), sourceOf(data), exported, { numbersOnly }));
      const at = long[0]?.indexOf('codes') ?? -1;
      expect(long[0]?.at(-1)).toBe('codes');
      expect(
        long
          .slice(1)
          .filter((r) => r[at])
          .map((r) => [r[0], r[4], r[7], r[at]]),
      ).toEqual([
        ['r1-RA', 'respected.probe', 'answered', 'letters, topoi.taal'],
        ['r2-RA', 'change', 'answered', 'topoi.personen'],
      ]);
      const wide = await text(exportWideCsv(coded(), sourceOf(data), exported, { numbersOnly }));
      const column = (name: string) => wide.slice(1).map((r) => r[wide[0]?.indexOf(name) ?? -1]);
      expect(column('respected.probe:codes')).toEqual(['letters, topoi.taal', '', '']);
      expect(column('change:codes')).toEqual(['', '', 'topoi.personen']);
      expect(JSON.stringify([long, wide])).not.toContain('topoi.inzet');
    }
  });

  it('the workbook names the codes (codebook sheet, text neutralised) and lists them one per row per answer (codes sheet)', async () => {
    const sheets = resultsWorkbook(coded(), sourceOf(data), exported, false, book);
    expect(sheets.map((s) => s.name)).toEqual(['answers', 'respondents', 'questions', 'codebook', 'codes']);
    const codebook = sheets[3];
    expect(codebook?.header).toEqual(['code', 'kind', 'archived', 'name_nl', 'name_fr', 'name_en', 'description_nl', 'description_fr', 'description_en']);
    expect(await rowsOf(codebook)).toEqual([
      ['topoi.taal', 'TOPOI', 'no', 'Taal', 'Langage', 'Language', null, null, 'Words'],
      ['letters', 'project', 'yes', "'=Brieven", null, null, null, null, null],
    ]);
    expect(sheets[4]?.header).toEqual(['respondent_code', 'round', 'question_id', 'code']);
    expect(await rowsOf(sheets[4])).toEqual([
      ['r1-RA', 'start', 'respected.probe', 'letters'],
      ['r1-RA', 'start', 'respected.probe', 'topoi.taal'],
      ['r2-RA', 'end', 'change', 'topoi.personen'],
    ]);
    // The codes sheet says what the answers sheet's codes column says, and no more.
    const answers = await rowsOf(sheets[0]);
    const fromAnswers = answers.flatMap((r) => (typeof r[13] === 'string' ? r[13].split(', ').map((c) => `${String(r[0])} ${String(r[4])} ${c}`) : []));
    expect(fromAnswers).toEqual((await rowsOf(sheets[4])).map((r) => `${String(r[0])} ${String(r[2])} ${String(r[3])}`));
  });
});
