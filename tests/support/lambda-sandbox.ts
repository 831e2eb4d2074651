import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A function's deployment laid out as the Lambda Node.js 24 runtime sees it, in a temporary folder outside
 * the repository: the bundle's asset as `var/task`, the layers' assets under `opt`, and in
 * `var/runtime/node_modules` a stand-in for the runtime's own AWS SDK that throws when loaded — so a
 * bundle that would fall back on the runtime's copy (or on the repository's node_modules) fails here.
 * NODE_PATH as the runtime's bootstrap sets it:
 * https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
 */
export interface LambdaSandbox {
  readonly root: string;
  readonly task: string;
  /** The variables the runtime itself sets (NODE_PATH, LAMBDA_TASK_ROOT, AWS_REGION, PATH). */
  readonly env: Record<string, string>;
}

const assetsManifest = z.object({ files: z.record(z.string(), z.object({ source: z.object({ path: z.string() }) })) });

/** The staged folder of an asset, by the S3 key the template gives it (`<hash>.zip`). */
export function assetDir(outdir: string, artifactId: string, s3Key: string): string {
  const manifest = assetsManifest.parse(JSON.parse(readFileSync(join(outdir, `${artifactId}.assets.json`), 'utf8')));
  const hash = s3Key.replace(/\.zip$/, '');
  const file = manifest.files[hash];
  if (!file) throw new Error(`no asset ${hash} in ${artifactId}.assets.json`);
  return join(outdir, file.source.path);
}

export const RUNTIME_SDK_LOADED = "the runtime's own AWS SDK was loaded";

const RUNTIME_SDK_STAND_INS = [
  'client-dynamodb',
  'lib-dynamodb',
  'client-s3',
  's3-request-presigner',
  'client-sqs',
  'client-transcribe',
  'client-secrets-manager',
];

export function lambdaSandbox(bundleDir: string, layerDirs: readonly string[], prefix = 'stem-lambda-'): LambdaSandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const task = join(root, 'var', 'task');
  cpSync(bundleDir, task, { recursive: true });
  const opt = join(root, 'opt');
  mkdirSync(opt, { recursive: true });
  for (const layer of layerDirs) cpSync(layer, opt, { recursive: true });
  const runtimeModules = join(root, 'var', 'runtime', 'node_modules');
  for (const name of RUNTIME_SDK_STAND_INS) {
    const dir = join(runtimeModules, '@aws-sdk', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@aws-sdk/${name}`, version: '3.0.0-runtime', main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), `throw new Error(${JSON.stringify(`${RUNTIME_SDK_LOADED}: @aws-sdk/${name}`)});\n`);
  }
  const nodePath = [
    join(opt, 'nodejs', 'node24', 'node_modules'),
    join(opt, 'nodejs', 'node_modules'),
    runtimeModules,
    join(root, 'var', 'runtime'),
    task,
  ].join(':');
  return { root, task, env: { PATH: process.env['PATH'] ?? '', NODE_PATH: nodePath, LAMBDA_TASK_ROOT: task, AWS_REGION: 'eu-west-1' } };
}
