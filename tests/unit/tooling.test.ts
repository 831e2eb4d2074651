import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { cruise, type ICruiseOptions, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The three tools `npm test` runs before any test (dependency-cruiser, ESLint, the Biome formatter), each
 * shown failing on a planted violation — the ones a regex-based check let through: a side-effect import,
 * `Date.now` passed by reference, `performance.now()`, `crypto.getRandomValues`, a bare 'fs' in flows/,
 * `any` in a type argument, a folder cycle.
 */
const ROOT = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'stem-tooling-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ESLint (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const rulesHit = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
    return (result?.messages ?? []).map((m) => m.ruleId);
  };

  it('keeps the clock, randomness, timers and I/O out of core/ and flows/, however they are reached', async () => {
    const planted: Array<[string, string, string]> = [
      ['core/planted.ts', 'export const now = Date.now;\n', 'no-restricted-properties'],
      ['core/planted.ts', 'export const at = (): number => performance.now();\n', 'no-restricted-properties'],
      ['core/planted.ts', 'export const fill = (b: Uint8Array): Uint8Array => crypto.getRandomValues(b);\n', 'no-restricted-properties'],
      ['flows/planted.ts', 'export const pick = (): number => Math.random();\n', 'no-restricted-properties'],
      ['flows/planted.ts', 'export const today = (): Date => new Date();\n', 'no-restricted-syntax'],
      ['core/planted.ts', 'export const later = (f: () => void): void => { setTimeout(f, 1); };\n', 'no-restricted-globals'],
      [
        'flows/planted.ts',
        "import { readFileSync } from 'fs';\nexport const read = (p: string): string => readFileSync(p, 'utf8');\n",
        'no-restricted-imports',
      ],
      [
        'flows/planted.ts',
        "import { readFileSync } from 'node:fs';\nexport const read = (p: string): string => readFileSync(p, 'utf8');\n",
        'no-restricted-imports',
      ],
    ];
    for (const [file, code, rule] of planted) expect(await rulesHit(file, code), `${file}: ${code}`).toContain(rule);
    // The same clock outside core/ and flows/ is an adapter's business.
    expect(await rulesHit('adapters/planted.ts', 'export const now = Date.now;\n')).toEqual([]);
  });

  it('refuses any, @ts-ignore, and zod imported around kernel/zod.ts', async () => {
    expect(await rulesHit('http/planted.ts', 'export const table: Record<string, any> = {};\n')).toContain('@typescript-eslint/no-explicit-any');
    expect(await rulesHit('web/planted.ts', '// @ts-ignore\nexport const x: number = 1;\n')).toContain('@typescript-eslint/ban-ts-comment');
    expect(await rulesHit('adapters/planted.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toContain('no-restricted-imports');
    expect(await rulesHit('core/planted.ts', "import * as z from '../kernel/zod.js';\nexport const s = z.string();\n")).toEqual([]);
  });
});

describe('dependency-cruiser (.dependency-cruiser.cjs)', () => {
  const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;
  const plant = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(work, 'tree-'));
    for (const [path, code] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), code);
    }
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'planted', type: 'module', dependencies: {}, devDependencies: { vitest: '4' } }));
    return dir;
  };
  const violations = async (dir: string) => {
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const options: ICruiseOptions = { ruleSet: config, validate: true, baseDir: dir, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } };
      const result = await cruise(['.'], options);
      const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
      return (output.summary.violations as Array<{ rule: { name: string }; from: string; to: string }>).map((v) => `${v.rule.name} ${v.from} → ${v.to}`);
    } finally {
      process.chdir(previous);
    }
  };

  it('fails a layer imported upwards (a side-effect import too), a cycle, and production reaching into tests', async () => {
    const dir = plant({
      'kernel/zod.ts': 'export const z = 1;\n',
      'adapters/store.ts': "import { z } from '../kernel/zod.js';\nexport const store = z;\n",
      // core importing an adapter, once for a value and once only for its side effects
      'core/use-case.ts': "import { store } from '../adapters/store.js';\nimport '../adapters/store.js';\nexport const useCase = store;\n",
      // flows reaching up into core
      'flows/engine.ts': "import { useCase } from '../core/use-case.js';\nexport const engine = useCase;\n",
      // a cycle inside one folder
      'core/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'core/b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
      // the HTTP edge importing test support
      'http/routes.ts': "import { fixture } from '../tests/support/fixture.js';\nexport const routes = fixture;\n",
      'tests/support/fixture.ts': 'export const fixture = 1;\n',
    });
    const found = await violations(dir);
    expect(found).toContain('core-imports-only-lower-layers core/use-case.ts → adapters/store.ts');
    expect(found).toContain('flows-imports-only-lower-layers flows/engine.ts → core/use-case.ts');
    expect(found.filter((v) => v.startsWith('no-circular core/'))).not.toEqual([]);
    expect(found).toContain('nothing-imports-tests http/routes.ts → tests/support/fixture.ts');
    expect(found).toContain('http-imports-only-lower-layers http/routes.ts → tests/support/fixture.ts');
  });

  it("keeps the simulators' browser code apart: it imports only its own folder, and nothing imports it (esbuild bundles it by path)", async () => {
    const dir = plant({
      'local/simulator/config.ts': 'export const API = 1;\n',
      'local/simulator/client/common.ts': 'export const el = 1;\n',
      'local/simulator/client/chat.ts': "import { el } from './common.js';\nimport { API } from '../config.js';\nexport const chat = el + API;\n",
      'local/simulator/page.ts': "import { chat } from './client/chat.js';\nexport const page = chat;\n",
    });
    expect((await violations(dir)).sort()).toEqual([
      'nothing-imports-simulator-client local/simulator/page.ts → local/simulator/client/chat.ts',
      'simulator-client-imports-only-itself local/simulator/client/chat.ts → local/simulator/config.ts',
    ]);
  });

  it("keeps the dashboard's browser code alone: it imports nothing, and nothing imports it (esbuild bundles it by path)", async () => {
    const dir = plant({
      'web/dashboard/page/markup.ts': 'export const markup = 1;\n',
      'web/dashboard/client/glance.ts': "import { markup } from '../page/markup.js';\nexport const glance = markup;\n",
      'web/dashboard/routes.ts': "import { glance } from './client/glance.js';\nexport const routes = glance;\n",
    });
    expect((await violations(dir)).sort()).toEqual([
      'dashboard-client-imports-nothing web/dashboard/client/glance.ts → web/dashboard/page/markup.ts',
      'nothing-imports-dashboard-client web/dashboard/routes.ts → web/dashboard/client/glance.ts',
    ]);
  });

  it('passes the same tree once the imports point downwards', async () => {
    const dir = plant({
      'kernel/zod.ts': 'export const z = 1;\n',
      'core/use-case.ts': "import { z } from '../kernel/zod.js';\nexport const useCase = z;\n",
      'adapters/store.ts': "import { useCase } from '../core/use-case.js';\nexport const store = useCase;\n",
      'http/routes.ts': "import { store } from '../adapters/store.js';\nexport const routes = store;\n",
    });
    expect(await violations(dir)).toEqual([]);
  });
});

describe('the formatter (biome.json)', () => {
  it('fails a file that is not formatted, and passes it once formatted', () => {
    const dir = mkdtempSync(join(work, 'format-'));
    copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    const file = join(dir, 'planted.ts');
    writeFileSync(file, 'export const x = {a:1,b:"two"}\n');
    const biome = join(ROOT, 'node_modules/.bin/biome');
    const check = () => spawnSync(biome, ['format', '--config-path', dir, file], { cwd: dir, encoding: 'utf8' });
    expect(check().status).not.toBe(0);
    expect(spawnSync(biome, ['format', '--write', '--config-path', dir, file], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
    expect(check().status).toBe(0);
  });
});
