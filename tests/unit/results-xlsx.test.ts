import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CELL_MAX_CHARS, CUT_MARK, ExceljsWorkbooks, xlsxCell, type ExceljsWorkbookOptions } from '../../adapters/xlsx/exceljs-workbook.js';
import { buildXlsxWriter } from '../../cdk/xlsx-writer.js';
import type { Sheet, SheetCell } from '../../core/results/ports.js';
import { unzip } from '../support/zip.js';

/**
 * The XLSX writer on its own (exceljs's streaming writer, real): text stays text whatever it starts with,
 * what XML cannot hold is left out visibly and predictably, a slow reader holds the rows back (constant
 * memory), a failure or a reader that stops ends the writing, and the prebuilt single-file copy shipped
 * beside the Lambda bundle writes the same workbook.
 */

const tmp = mkdtempSync(join(tmpdir(), 'stem-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
const sheet = (name: string, header: string[], rows: SheetCell[][]): Sheet => ({
  name,
  header,
  async *rows() {
    yield* rows;
  },
});
async function read(bytes: Buffer): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return new Map(
    book.worksheets.map((ws) => [
      ws.name,
      ws
        .getSheetValues()
        .slice(1)
        .map((row) => (Array.isArray(row) ? row.slice(1) : [])),
    ]),
  );
}

describe('xlsxCell', () => {
  it('leaves out what XML 1.0 cannot hold, makes line ends "\\n", cuts past 32,767 characters with a mark; numbers and empty cells unchanged', () => {
    expect(xlsxCell('a\u0000b\u0007c\u000Bd\u001Fe\uFFFEf\tg')).toBe('abcdef\tg');
    expect(xlsxCell('one\r\ntwo\rthree\nfour')).toBe('one\ntwo\nthree\nfour');
    const long = 'ኣ'.repeat(CELL_MAX_CHARS + 10);
    const cut = xlsxCell(long);
    expect(typeof cut === 'string' && cut.length).toBe(CELL_MAX_CHARS);
    expect(String(cut).endsWith(CUT_MARK)).toBe(true);
    expect(xlsxCell('ኣ'.repeat(CELL_MAX_CHARS))).toBe('ኣ'.repeat(CELL_MAX_CHARS));
    expect(xlsxCell(-2)).toBe(-2);
    expect(xlsxCell(null)).toBe(null);
  });
});

describe('ExceljsWorkbooks', () => {
  const risky = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=cmd', '=HYPERLINK("http://x")', "'=1+1", 'أحتاج إلى دروس', 'ቋንቋ ክመሃር'];

  it('writes every text as a text cell, never a formula, whatever it starts with; numbers as numbers; UTF-8 survives', async () => {
    const bytes = await bytesOf(new ExceljsWorkbooks().xlsx([sheet('answers', ['text', 'number'], [...risky.map((t, i) => [t, i - 3]), [null, 2.5]])]));
    const files = unzip(bytes);
    const xml = files.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml.match(/t="str"/g)).toHaveLength(2 + risky.length); // the header's two and one per text
    expect(files.has('xl/sharedStrings.xml') && files.get('xl/sharedStrings.xml')?.toString('utf8').includes('<si>')).toBe(false);
    const rows = (await read(bytes)).get('answers') ?? [];
    expect(rows[0]).toEqual(['text', 'number']);
    expect(rows.slice(1, -1)).toEqual(risky.map((t, i) => [t, i - 3]));
    expect(rows.at(-1)).toEqual([undefined, 2.5]);
  });

  it('sheets in the order given, each with its header; an empty sheet is its header alone', async () => {
    const bytes = await bytesOf(
      new ExceljsWorkbooks().xlsx([sheet('answers', ['a'], [['x']]), sheet('respondents', ['b'], []), sheet('questions', ['c'], [['y'], ['z']])]),
    );
    const sheets = await read(bytes);
    expect([...sheets.keys()]).toEqual(['answers', 'respondents', 'questions']);
    expect(sheets.get('respondents')).toEqual([['b']]);
    expect(sheets.get('questions')).toEqual([['c'], ['y'], ['z']]);
  });

  it('a sheet longer than a sheet may be goes on in another of the same name and number, header repeated', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => [i]);
    const bytes = await bytesOf(new ExceljsWorkbooks({ maxRows: 4 }).xlsx([sheet('answers', ['n'], rows), sheet('questions', ['q'], [['x']])]));
    const sheets = await read(bytes);
    expect([...sheets.keys()]).toEqual(['answers', 'answers 2', 'answers 3', 'questions']);
    expect(sheets.get('answers')).toEqual([['n'], [0], [1], [2]]);
    expect(sheets.get('answers 2')).toEqual([['n'], [3], [4], [5]]);
    expect(sheets.get('answers 3')).toEqual([['n'], [6]]);
  });

  it('a reader that takes nothing holds the rows back: the writer stops within the bounds, then goes on to the last row', async () => {
    const total = 60_000;
    let produced = 0;
    const counting: Sheet = {
      name: 'answers',
      header: ['code', 'text', 'n'],
      async *rows() {
        for (let i = 0; i < total; i++) {
          produced++;
          yield [`R${i.toString(36).padStart(8, '0')}`, `antwoord nummer ${i} met wat tekst erbij`, i];
        }
      },
    };
    const opts: ExceljsWorkbookOptions = { maxUnreadBytes: 64 * 1024, maxBacklogBytes: 256 * 1024 };
    const chunks = new ExceljsWorkbooks(opts).xlsx([counting])[Symbol.asyncIterator]();
    const first = await chunks.next();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const whilePaused = produced;
    // About what fits in the bounds (a row is ~90 bytes of XML, ~10 compressed), nowhere near the whole sheet.
    expect(whilePaused).toBeLessThan(total / 4);
    const rest: Buffer[] = [Buffer.from(first.value ?? new Uint8Array())];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest.push(Buffer.from(next.value));
    expect(produced).toBe(total);
    const rows = (await read(Buffer.concat(rest))).get('answers') ?? [];
    expect(rows).toHaveLength(total + 1);
    expect(rows.at(-1)).toEqual([`R${(total - 1).toString(36).padStart(8, '0')}`, `antwoord nummer ${total - 1} met wat tekst erbij`, total - 1]);
  }, 30_000);

  it('a failure while reading rows fails the download (no workbook that looks whole)', async () => {
    const failing: Sheet = {
      name: 'answers',
      header: ['a'],
      async *rows() {
        for (let i = 0; i < 1000; i++) yield [i];
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    await expect(bytesOf(new ExceljsWorkbooks().xlsx([failing]))).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('a reader that stops (a broken download) stops the reading of rows', async () => {
    let closed = false;
    let produced = 0;
    const endless: Sheet = {
      name: 'answers',
      header: ['a'],
      async *rows() {
        try {
          for (;;) {
            produced++;
            yield ['x'.repeat(200)];
          }
        } finally {
          closed = true;
        }
      },
    };
    const opts = { maxUnreadBytes: 16 * 1024, maxBacklogBytes: 64 * 1024 };
    for await (const _ of new ExceljsWorkbooks(opts).xlsx([endless])) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(true);
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(produced).toBe(after);
  });

  it('the prebuilt single-file writer shipped beside the Lambda bundle writes the same cells', async () => {
    const { file, version } = buildXlsxWriter(join(import.meta.dirname, '../..'), tmp);
    expect(version).toBe('4.4.0');
    expect(statSync(file).size).toBeLessThan(600 * 1024);
    const sheets = [sheet('answers', ['text', 'n'], [...risky.map((t, i) => [t, i]), [null, 1.5]]), sheet('questions', ['q'], [['ኣገልግሎት']])];
    const prebuilt = await read(await bytesOf(new ExceljsWorkbooks({ writerModule: file }).xlsx(sheets)));
    const installed = await read(await bytesOf(new ExceljsWorkbooks().xlsx(sheets)));
    expect(prebuilt).toEqual(installed);
    expect(prebuilt.get('questions')).toEqual([['q'], ['ኣገልግሎት']]);
  });
});
