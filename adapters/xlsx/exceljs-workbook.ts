import { createRequire } from 'node:module';
import { PassThrough, type Writable } from 'node:stream';
import type { Sheet, SheetCell, WorkbookWriter } from '../../core/results/ports.js';

/**
 * XLSX through exceljs's streaming writer (exceljs 4.4.0, `stream.xlsx.WorkbookWriter`): rows are
 * written to the sheet's part of the zip as they come and compressed on the way out, so memory holds a
 * few rows and the zip's buffers, not the workbook. Sheets are written one after the other (a zip entry
 * at a time; a second sheet begun before the first is compressed would be buffered whole).
 *
 * - Text is always a text cell (`t="str"` with no formula: exceljs makes a formula only of an object with
 *   a `formula`), so "=1+1" stays the four characters; cells come neutralised from core anyway.
 * - No shared strings table (`useSharedStrings: false`): it would keep every distinct text in memory
 *   until the end. No styles: the only formatting is the frozen header row and column widths.
 * - What XML 1.0 cannot hold (control characters but tab and line feed, U+FFFE, U+FFFF) is left out,
 *   as exceljs would silently do; line ends become "\n", as every XML reader reads them; a text
 *   longer than Excel's 32,767 characters a cell is cut there with a visible mark.
 *
 * exceljs is loaded with require() on the first export, never at a cold start: the writer and what it
 * needs come to ~450 KB minified, more than the rest of the staff API. In Lambda the specifier below
 * resolves to a prebuilt single-file copy shipped beside the bundle (cdk/xlsx-writer.ts); here, to the
 * package itself.
 */

export const WRITER_MODULE = 'exceljs/lib/stream/xlsx/workbook-writer.js';

/** What this adapter uses of exceljs's streaming writer (its typings describe the non-streaming workbook). */
interface StreamingRow {
  commit(): void;
}
interface StreamingSheet {
  addRow(values: readonly SheetCell[]): StreamingRow;
  commit(): void;
  columns: Array<{ width: number }>;
  /** The sheet's part of the zip, opened at the first row (exceljs's StreamBuf). */
  readonly stream: unknown;
}
interface StreamingBook {
  addWorksheet(name: string, options: { views: Array<{ state: 'frozen'; ySplit: number }> }): StreamingSheet;
  commit(): Promise<void>;
  /** The archiver instance: 'entry' once a file of the zip is written, 'error'. */
  readonly zip: { on(event: 'entry', listener: (entry: { name: string }) => void): void; on(event: 'error', listener: (error: Error) => void): void };
}
type StreamingBookClass = new (options: { stream: Writable; useStyles: boolean; useSharedStrings: boolean }) => StreamingBook;

const load = createRequire(import.meta.url);
/** Node's require cache keeps a module once loaded: the first export pays for it, later ones do not. */
const writer = (module: string): StreamingBookClass => load(module) as StreamingBookClass;

/** Excel's most characters in a cell (Excel specifications and limits). */
export const CELL_MAX_CHARS = 32_767;
export const CUT_MARK = ' […]';
/** Excel's most rows a sheet: a longer sheet goes on in another ("answers 2"). */
export const SHEET_MAX_ROWS = 1_048_576;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** A text as the workbook can hold it (see above); numbers and empty cells unchanged. */
export function xlsxCell(cell: SheetCell): SheetCell {
  if (typeof cell !== 'string') return cell;
  const text = cell.replace(/\r\n?/g, '\n').replace(NOT_XML, '');
  return text.length > CELL_MAX_CHARS ? text.slice(0, CELL_MAX_CHARS - CUT_MARK.length) + CUT_MARK : text;
}

/** Bytes buffered in a stream's writable and readable sides (Node's, or readable-stream 2's, which archiver uses). */
function buffered(pipe: unknown): number {
  if (typeof pipe !== 'object' || pipe === null) return 0;
  const p = pipe as { writableLength?: unknown; readableLength?: unknown; _writableState?: { length?: unknown }; _readableState?: { length?: unknown } };
  const count = (n: unknown) => (typeof n === 'number' ? n : 0);
  return (
    count(typeof p.writableLength === 'number' ? p.writableLength : p._writableState?.length) +
    count(typeof p.readableLength === 'number' ? p.readableLength : p._readableState?.length)
  );
}

/**
 * Bytes written to the sheet's part that the zip has not taken yet: exceljs's StreamBuf hands its buffers
 * to the stream it pipes to without waiting for it, so that stream's buffer is where rows pile up when
 * compression or the reader lags.
 */
function backlog(stream: unknown): number {
  if (typeof stream !== 'object' || stream === null) return 0;
  const { pipes, buffers } = stream as { pipes?: unknown; buffers?: unknown };
  if (Array.isArray(pipes) && pipes.length > 0) return pipes.reduce((sum: number, pipe: unknown) => sum + buffered(pipe), 0);
  // Not yet piped (the zip still writes an earlier entry): what the sheet holds itself.
  if (!Array.isArray(buffers)) return 0;
  return buffers.reduce(
    (sum: number, b: unknown) => sum + (typeof b === 'object' && b !== null && 'length' in b && typeof b.length === 'number' ? b.length : 0),
    0,
  );
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ExceljsWorkbookOptions {
  /** Rows written between two looks at the backlog. */
  rowsPerCheck?: number;
  /** Uncompressed bytes the zip may lag behind before rows wait. */
  maxBacklogBytes?: number;
  /** Compressed bytes the reader may leave unread before rows wait. */
  maxUnreadBytes?: number;
  /** The writer module (`WRITER_MODULE`; an absolute path to test a prebuilt copy). */
  writerModule?: string;
  /** Rows a sheet may hold before it goes on in another (Excel's limit; smaller to test). */
  maxRows?: number;
}

export class ExceljsWorkbooks implements WorkbookWriter {
  constructor(private readonly opts: ExceljsWorkbookOptions = {}) {}

  async *xlsx(sheets: readonly Sheet[]): AsyncGenerator<Uint8Array> {
    const rowsPerCheck = this.opts.rowsPerCheck ?? 200;
    const maxBacklog = this.opts.maxBacklogBytes ?? 1024 * 1024;
    const maxUnread = this.opts.maxUnreadBytes ?? 1024 * 1024;
    const out = new PassThrough();
    const Book = writer(this.opts.writerModule ?? WRITER_MODULE);
    const maxRows = this.opts.maxRows ?? SHEET_MAX_ROWS;
    const book = new Book({ stream: out, useStyles: false, useSharedStrings: false });

    // The zip's output, taken as it comes and handed on when the reader asks: the writer below waits
    // while the reader leaves too much unread, so a slow reader slows the reading of answers.
    const unread: Buffer[] = [];
    let unreadBytes = 0;
    let ended = false;
    // Shared with the callbacks below (an object: its fields are not narrowed across them).
    const at: { failure: { error: unknown } | null; wakeReader: (() => void) | null; wakeWriter: (() => void) | null; onZipped: (() => void) | null } = {
      failure: null,
      wakeReader: null,
      wakeWriter: null,
      onZipped: null,
    };
    const failureOf = () => at.failure;
    const wake = () => {
      at.wakeReader?.();
      at.wakeReader = null;
    };
    const fail = (error: unknown) => {
      at.failure ??= { error };
      wake();
      at.wakeWriter?.();
    };
    out.on('data', (chunk: Buffer) => {
      unread.push(chunk);
      unreadBytes += chunk.length;
      wake();
      // Compressed bytes out: the zip has taken some of the backlog.
      if (unreadBytes <= maxUnread) at.wakeWriter?.();
    });
    out.on('end', () => {
      ended = true;
      wake();
    });
    out.on('error', fail);
    book.zip.on('error', fail);
    const zipped = new Set<string>();
    book.zip.on('entry', (entry) => {
      zipped.add(entry.name.replace(/^\/+/, ''));
      at.onZipped?.();
    });

    const room = async (sheet: StreamingSheet) => {
      while (!at.failure && (unreadBytes > maxUnread || backlog(sheet.stream) > maxBacklog)) {
        // Woken by the zip's output or the reader taking it; looked at again after a few milliseconds anyway.
        await Promise.race([new Promise<void>((resolve) => (at.wakeWriter = resolve)), pause(5)]);
        at.wakeWriter = null;
      }
    };
    const whenZipped = async (index: number) => {
      const name = `xl/worksheets/sheet${index}.xml`;
      while (!at.failure && !zipped.has(name)) await new Promise<void>((resolve) => (at.onZipped = resolve));
      at.onZipped = null;
    };

    const write = async () => {
      let index = 0;
      for (const sheet of sheets) {
        let part = 1;
        let ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
        index++;
        const start = (s: StreamingSheet) => {
          s.columns = sheet.header.map((h) => ({ width: Math.min(40, Math.max(10, h.length + 2)) }));
          s.addRow(sheet.header.map(xlsxCell)).commit();
        };
        start(ws);
        let rows = 1;
        for await (const row of sheet.rows()) {
          if (at.failure) return;
          if (rows === maxRows) {
            ws.commit();
            await whenZipped(index);
            ws = book.addWorksheet(`${sheet.name} ${++part}`, { views: [{ state: 'frozen', ySplit: 1 }] });
            index++;
            start(ws);
            rows = 1;
          }
          ws.addRow(row.map(xlsxCell)).commit();
          if (++rows % rowsPerCheck === 0) await room(ws);
        }
        ws.commit();
        await whenZipped(index);
      }
      await book.commit();
    };
    const writing = write().catch(fail);

    try {
      for (;;) {
        const chunk = unread.shift();
        if (chunk) {
          unreadBytes -= chunk.length;
          at.wakeWriter?.();
          yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          continue;
        }
        if (at.failure) throw at.failure.error;
        if (ended) break;
        await new Promise<void>((resolve) => (at.wakeReader = resolve));
      }
      await writing;
      const failed = failureOf();
      if (failed) throw failed.error;
    } finally {
      // A reader that stops early (a broken download): the writer stops at its next row.
      at.failure ??= { error: new Error('the workbook was not read to its end') };
      at.wakeWriter?.();
      at.onZipped?.();
    }
  }
}
