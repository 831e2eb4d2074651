/**
 * Lambda budgets of DESIGN.md: each function's minified bundle under 500 KB, its module init under
 * 300 ms with the shipped SDK. Bundles every function as cdk/constructs/stem-function.ts does (esbuild,
 * minified ESM, its aliases and data files, the AWS SDK from the layer cdk/sdk-layer.ts builds), lays each
 * out as Lambda does outside the repository (tests/support/lambda-sandbox.ts: the layer on NODE_PATH, the
 * runtime's own SDK a stand-in that throws), then imports it in fresh Node processes.
 */
import { build, type BuildOptions } from 'esbuild';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { buildSdkLayer } from '../cdk/sdk-layer.js';
import { lambdaSandbox } from '../tests/support/lambda-sandbox.js';
import { startFakeSecretsManager } from '../tests/support/fake-secrets-manager.js';
import { FUNCTIONS } from './functions.js';
import { percentile, underBudget, type Figure } from './report.js';

const execFileAsync = promisify(execFile);
const BUNDLE_BUDGET_KB = 500;
const INIT_BUDGET_MS = 300;
const COLD_STARTS = 5;

export async function lambdaBench(): Promise<{ figures: Figure[] }> {
  const root = join(import.meta.dirname, '../node_modules/.cache/stem-bench');
  const layer = buildSdkLayer(join(import.meta.dirname, '..'), join(import.meta.dirname, '../node_modules/.cache/stem-sdk-layer'));
  const options: BuildOptions = {
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    charset: 'utf8',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    external: ['@aws-sdk/*'],
    logLevel: 'warning',
  };
  // Init includes reading the three secrets, from a local server speaking Secrets Manager's protocol: a
  // loopback round trip, so this measures our code, not the network to AWS.
  const secrets = await startFakeSecretsManager({ twilioAuthToken: 'x', ...generateProtectorKeys() });
  const figures: Figure[] = [];
  try {
    for (const [name, fn] of Object.entries(FUNCTIONS)) {
      const dir = join(root, name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const outfile = join(dir, 'index.mjs');
      await build({ ...options, entryPoints: [join(import.meta.dirname, `../functions/${name}.ts`)], outfile, alias: fn.aliases ?? {} });
      let filesBytes = 0;
      let filesCount = 0;
      for (const files of fn.files ?? []) {
        mkdirSync(join(dir, files.dir), { recursive: true });
        for (const source of files.sources) {
          copyFileSync(source, join(dir, files.dir, basename(source)));
          filesBytes += statSync(source).size;
          filesCount++;
        }
      }
      const size = statSync(outfile).size;
      const filesSize = filesBytes < 1024 * 1024 ? `${Math.ceil(filesBytes / 1024)} KB` : `${(filesBytes / 1024 / 1024).toFixed(1)} MB`;
      const beside = filesCount > 0 ? `; ${filesCount} files beside it (${filesSize}, not counted)` : '';
      figures.push(
        underBudget({
          section: 'lambda',
          name: `${name} bundle`,
          value: size / 1024,
          unit: 'KB',
          budget: BUNDLE_BUDGET_KB,
          note: `minified ESM, AWS SDK from the layer (${layer.packages.length} packages)${beside}`,
        }),
      );

      // Laid out as Lambda runs it, outside the repository: the SDK only from the layer.
      const sandbox = lambdaSandbox(dir, [layer.dir], `stem-bench-${name}-`);
      const probe = join(sandbox.task, 'init-probe.mjs');
      writeFileSync(
        probe,
        `const c = process.cpuUsage(); const t = performance.now(); await import('./index.mjs'); const u = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`,
      );
      const data = fn.data === false ? {} : { ...secrets.env, TABLE_NAME: 'bench' };
      const env = { ...sandbox.env, ...data, ...fn.env };
      const runs: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < COLD_STARTS; i++) {
        const out = JSON.parse((await execFileAsync(process.execPath, [probe], { env, cwd: sandbox.task })).stdout) as { wall: number; cpu: number };
        runs.push(out.wall);
        cpu.push(out.cpu);
      }
      const range = `${Math.round(Math.min(...runs))}–${Math.round(Math.max(...runs))} ms, CPU ${Math.round(percentile(cpu, 50))} ms`;
      figures.push(
        underBudget({
          section: 'lambda',
          name: `${name} init`,
          value: percentile(runs, 50),
          unit: 'ms',
          budget: INIT_BUDGET_MS,
          note: `median of ${COLD_STARTS} fresh processes (${range})${fn.data === false ? '' : ', the secrets read included'}`,
        }),
      );
      rmSync(sandbox.root, { recursive: true, force: true });
    }
  } finally {
    await secrets.stop();
  }
  return { figures };
}
