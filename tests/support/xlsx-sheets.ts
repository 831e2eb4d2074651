import ExcelJS from 'exceljs';

/** An XLSX export read back with exceljs's reader, as a spreadsheet user would open it. */

/** A cell of the exceljs reader as the CSV writes it: numbers in JavaScript's notation, empty as ''. */
function asCsv(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  throw new Error(`a cell that is no text and no number: ${JSON.stringify(value)}`);
}
export async function readSheets(bytes: Buffer): Promise<Map<string, { rows: string[][]; types: Set<ExcelJS.ValueType> }>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, { rows: string[][]; types: Set<ExcelJS.ValueType> }>();
  for (const sheet of book.worksheets) {
    const width = sheet.getRow(1).cellCount;
    const rows: string[][] = [];
    const types = new Set<ExcelJS.ValueType>();
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        types.add(cell.type);
        cells.push(asCsv(cell.value));
      }
      rows.push(cells);
    });
    out.set(sheet.name, { rows, types });
  }
  return out;
}
