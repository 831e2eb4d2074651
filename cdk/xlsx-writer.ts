import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../kernel/zod.js';
import { WRITER_MODULE } from '../adapters/xlsx/exceljs-workbook.js';

/**
 * exceljs's streaming XLSX writer as one file, shipped beside the staff API's bundle at the path the adapter
 * requires it by (adapters/xlsx/exceljs-workbook.ts, `WRITER_MODULE`: `<bundle>/node_modules/exceljs/lib/…`),
 * so that the bundle stays under its 500 KB and its cold start never loads it: the writer and its
 * dependencies (archiver, its streams, saxes) are ~450 KB minified, loaded with require() on the first
 * XLSX export only. Built from the installed exceljs (the lockfile's version) with esbuild, CommonJS as the
 * package is, once per exceljs version.
 */

/** Where the file goes beside the bundle: the folder of `WRITER_MODULE` under node_modules. */
export const XLSX_WRITER_DIR = join('node_modules', ...WRITER_MODULE.split('/').slice(0, -1));
const FILE = WRITER_MODULE.split('/').at(-1) ?? 'workbook-writer.js';

export function buildXlsxWriter(projectRoot: string, cacheDir: string): { file: string; version: string } {
  const entry = join(projectRoot, 'node_modules', WRITER_MODULE);
  const { version } = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(projectRoot, 'node_modules/exceljs/package.json'), 'utf8')));
  const hash = createHash('sha256').update(`exceljs@${version}`).digest('hex').slice(0, 16);
  const file = join(cacheDir, hash, FILE);
  if (existsSync(file)) return { file, version };
  buildSync({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { file, version };
}
