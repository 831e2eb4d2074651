import { parseCsv } from '../csv/rfc4180-reader.js';
import { TranslationFileError, type TranslationBundle } from '../../core/translation/bundle.js';
import { duplicateIds, validBundle } from './shared.js';
import { parseReviewLine, reviewLine } from './review-words.js';

/**
 * A spreadsheet for translators who use Excel or LibreOffice: CSV, UTF-8 with a byte order mark (without
 * it Excel shows Arabic as mojibake), RFC 4180 quoting, CRLF. Columns: `id`, the source language's code,
 * the target language's code, `note`. The note column's heading also says what the file is and the
 * language's review state (`note [survey checkin-v3 | machine]`), so no row but the heading is not a text.
 *
 * A text a spreadsheet would run as a formula (OWASP "CSV injection": starting with = + - @ tab or CR) is
 * written with a leading `'`, which spreadsheets take as "this is text"; reading drops it again. A text
 * that itself starts with `'` and a formula character gets a second one, so reading is exact.
 */

const FORMULA = /^'*[=+\-@\t\r]/;
const guard = (text: string): string => (FORMULA.test(text) ? `'${text}` : text);
const unguard = (text: string): string => (text.startsWith("'") && FORMULA.test(text) ? text.slice(1) : text);
/** A line break inside a cell: Stem's texts use LF; a spreadsheet may save CRLF. */
const cell = (text: string): string => unguard(text.replace(/\r\n?/g, '\n'));

function field(text: string): string {
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const line = (cells: string[]): string => `${cells.map(field).join(',')}\r\n`;

const HEADING = /^note(?:\s*\[\s*(survey|system)\s+([^|\]]+?)\s*\|\s*([^\]]*?)\s*\])?$/;

export function writeCsv(bundle: TranslationBundle): string {
  const head = line(['id', bundle.sourceLanguage, bundle.targetLanguage, `note [${bundle.kind} ${bundle.name} | ${reviewLine(bundle.review)}]`]);
  return `\uFEFF${head}${bundle.units.map((u) => line([u.id, guard(u.source), guard(u.target ?? ''), u.note ?? ''])).join('')}`;
}

export function readCsv(body: string): TranslationBundle {
  const rows = parseCsv(body);
  const [head, ...data] = rows;
  const [idHead, sourceLanguage, targetLanguage, noteHead] = (head ?? []).map((c) => c.trim());
  const heading = HEADING.exec(noteHead ?? 'note');
  if (idHead?.toLowerCase() !== 'id' || !heading) {
    throw new TranslationFileError([{ at: 'row 1', message: 'the first row must name the columns: id, the source language, the target language, note' }]);
  }
  const row = (i: number) => `row ${i + 2}`;
  const issues = data.flatMap((cells, i) =>
    cells.length < 3 || cells.length > 4 ? [{ at: row(i), message: `expected 3 or 4 columns, found ${cells.length}` }] : [],
  );
  issues.push(
    ...duplicateIds(
      data.map((cells) => (cells[0] ?? '').trim()),
      (id) => `unit ${id}`,
    ),
  );
  if (issues.length > 0) throw new TranslationFileError(issues);
  return validBundle(
    {
      kind: heading[1] ?? 'survey',
      name: heading[2] ?? 'spreadsheet',
      sourceLanguage,
      targetLanguage,
      review: parseReviewLine(heading[3] ?? '') ?? { state: 'draft' },
      units: data.map(([id = '', source = '', target = '', note = '']) => ({
        id: id.trim(),
        source: cell(source),
        target: target === '' ? null : cell(target),
        ...(note !== '' ? { note: note.replace(/\r\n?/g, '\n') } : {}),
      })),
    },
    (i) => `${row(i)} (unit ${(data[i]?.[0] ?? '?').trim()})`,
  );
}
