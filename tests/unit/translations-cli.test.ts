import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import type { TranslationBundle, TranslationFormat } from '../../core/translation/bundle.js';
import { translations } from '../../locales/index.js';

/**
 * `npm run translations` (scripts/translations.ts) as a maintainer runs it, in a child process, on a
 * temporary copy of locales/ and flows/templates/ (`--root`): the repository's own files are never written.
 * Each case compares every file of the copy before and after, byte for byte.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(REPO, 'scripts/translations.ts');
const roots: string[] = [];
let root = '';

function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stem-translations-'));
  cpSync(join(REPO, 'locales'), join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'flows'));
  cpSync(join(REPO, 'flows/templates'), join(dir, 'flows/templates'), { recursive: true });
  roots.push(dir);
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The files that differ between two snapshots. */
const changedFiles = (before: Map<string, string>, after: Map<string, string>): string[] =>
  [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI under this Node (24, as npm runs it), through tsx as package.json's script does. */
function cli(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args, '--root', root], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Exported, changed as a translator would in their tool, and written back in the same format. */
async function exportEdited(what: string[], language: string, format: TranslationFormat, change: (b: TranslationBundle) => TranslationBundle): Promise<string> {
  const out = await cli(['export', ...what, '--language', language, '--format', format]);
  expect(out.code, out.stderr).toBe(0);
  return writeTranslationFile(change(readTranslationFile(out.stdout, format)), format).body;
}

const setTarget =
  (id: string, target: string) =>
  (b: TranslationBundle): TranslationBundle => ({
    ...b,
    units: b.units.map((u) => (u.id === id ? { ...u, target } : u)),
  });

beforeEach(() => {
  root = freshCopy();
});
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('npm run translations (child process, temporary copy)', () => {
  it("imports a native speaker's reviewed Arabic PO: only ar's meta.json changes (nothing else in the texts did)", async () => {
    const before = snapshot(root);
    const po = await exportEdited(['--system'], 'ar', 'po', (b) => b);
    const note = 'Reviewed in full by an Arabic-speaking interpreter of the OCMW.';
    const run = await cli(['import', '--system', '--language', 'ar', '--format', 'po', '--reviewed', '--by', 'interpreter', '--note', note], po);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('no problem');
    const after = snapshot(root);
    expect(changedFiles(before, after)).toEqual(['locales/ar/meta.json']);
    const meta = JSON.parse(after.get('locales/ar/meta.json') ?? '{}') as Record<string, unknown>;
    expect(meta).toMatchObject({ reviewed: true, reviewedBy: 'interpreter', review: { state: 'reviewed', by: 'interpreter' }, note });
    expect(Object.keys(meta)).toEqual(Object.keys(JSON.parse(before.get('locales/ar/meta.json') ?? '{}') as object));
    expect(after.get('locales/ar/meta.json')).toMatch(/^\{\n {2}"code": "ar",\n[\s\S]*\}\n$/);
  }, 30_000);

  it('then a changed English text: en becomes a draft and the reviewed Arabic a draft again; the machine languages stay machine', async () => {
    const po = await exportEdited(['--system'], 'ar', 'po', (b) => b);
    expect((await cli(['import', '--system', '--language', 'ar', '--format', 'po', '--reviewed', '--by', 'interpreter'], po)).code).toBe(0);
    const before = snapshot(root);
    const xliff = await exportEdited(['--system'], 'en', 'xliff', setTarget('tap.choose', 'Pick one'));
    const run = await cli(['import', '--system', '--language', 'en', '--format', 'xliff', '--by', 'developer'], xliff);
    expect(run.code, run.stderr).toBe(0);
    const after = snapshot(root);
    expect(changedFiles(before, after)).toEqual(['locales/ar/meta.json', 'locales/en/meta.json', 'locales/en/translation.json']);
    expect(JSON.parse(after.get('locales/en/translation.json') ?? '{}')).toMatchObject({ tap: { choose: 'Pick one' } });
    expect(JSON.parse(after.get('locales/ar/meta.json') ?? '{}')).toMatchObject({
      reviewed: false,
      reviewedBy: null,
      review: { state: 'draft', by: 'developer' },
    });
  }, 30_000);

  it('refuses a file that dropped {{stop}} or emptied a word list: the report names them, exit 1, nothing written', async () => {
    const before = snapshot(root);
    const bad = await exportEdited(['--system'], 'ar', 'xliff', (b) =>
      setTarget('words.stop', '')(setTarget('consent.stop', translations.ar.consent.stop.replace('{{stop}}', 'STOP'))(b)),
    );
    const run = await cli(['import', '--system', '--language', 'ar', '--format', 'xliff', '--reviewed', '--by', 'interpreter'], bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing written');
    expect(run.stderr).toMatch(/consent\.stop: placeholders must be kept/);
    expect(run.stderr).toMatch(/words\.stop: /);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  }, 30_000);

  it('refuses a reviewer that is not a role, and a Tigrinya file for Arabic, writing nothing', async () => {
    const before = snapshot(root);
    const ti = await exportEdited(['--system'], 'ti', 'csv', (b) => b);
    const notRole = await cli(['import', '--system', '--language', 'ti', '--format', 'csv', '--reviewed', '--by', 'Abeba'], ti);
    expect(notRole.code).toBe(1);
    expect(notRole.stderr).toContain('--by');
    const wrong = await cli(['import', '--system', '--language', 'ar', '--format', 'csv', '--reviewed', '--by', 'interpreter'], ti);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not "ar"');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  }, 30_000);

  it("imports a template's reviewed Arabic: only that text and the review state change in the file, its formatting kept", async () => {
    const before = snapshot(root);
    const file = 'flows/templates/statement-probe.json';
    const xliff = await exportEdited(['--template', 'statement_probe'], 'ar', 'xliff', setTarget('title', 'عبارة، ولماذا'));
    const run = await cli(['import', '--template', 'statement_probe', '--language', 'ar', '--format', 'xliff', '--reviewed', '--by', 'interpreter'], xliff);
    expect(run.code, run.stderr).toBe(0);
    const after = snapshot(root);
    expect(changedFiles(before, after)).toEqual([file]);
    const [old, now] = [before.get(file) ?? '', after.get(file) ?? ''];
    // The old file with just these two values set, written as the files are: byte for byte the new file (key order too).
    const parsed = JSON.parse(now) as { reviews: { ar: { at: string } } };
    const expected = JSON.parse(old) as { title: Record<string, string>; reviews: Record<string, unknown> };
    expected.title.ar = 'عبارة، ولماذا';
    expected.reviews.ar = { state: 'reviewed', by: 'interpreter', at: parsed.reviews.ar.at };
    expect(parsed.reviews.ar.at).toMatch(/^2\d{3}-\d\d-\d\dT/);
    expect(now).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  }, 30_000);

  it('refuses a template file with Latin text for Arabic and an unknown template, writing nothing', async () => {
    const before = snapshot(root);
    const po = await exportEdited(['--template', 'statement_probe'], 'ar', 'po', setTarget('title', 'Statement and why'));
    const run = await cli(['import', '--template', 'statement_probe', '--language', 'ar', '--format', 'po', '--by', 'staff'], po);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/title: "ar" is written in Arabic script/);
    const unknown = await cli(['export', '--template', 'no_such', '--language', 'ar', '--format', 'po']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('statement_probe');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  }, 30_000);
});
