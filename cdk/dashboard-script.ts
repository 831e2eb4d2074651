import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_SCRIPT_FILE } from '../web/dashboard/page/script.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The dashboard's browser code (web/dashboard/client/glance.ts) as one classic script: an IIFE with nothing
 * left to import, minified, for browsers of the last years (es2020). The local stack serves this text from
 * memory (local/stack.ts); the deploy writes it beside the dashboard's bundle (`writeDashboardScript`), where
 * the function reads it (functions/commons/dashboard-script-beside.ts). One build, so both serve the same file.
 */
export function buildDashboardScript(): string {
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['web/dashboard/client/glance.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [file, ...more] = result.outputFiles;
  if (!file || more.length > 0) throw new Error(`esbuild wrote ${result.outputFiles.length} files for the dashboard script, not one`);
  return file.text;
}

/** The script as a file under `cacheDir`, by content (a changed script is a new file), for the deploy to copy. */
export function writeDashboardScript(cacheDir: string): string {
  const text = buildDashboardScript();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(cacheDir, hash, DASHBOARD_SCRIPT_FILE);
  if (!existsSync(file)) {
    mkdirSync(join(cacheDir, hash), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}
