import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../kernel/zod.js';

/**
 * The AWS SDK the functions run with, as a Lambda layer built from the lockfile: every `@aws-sdk/*` package
 * of package.json's dependencies and everything they depend on, copied from node_modules (which `npm ci`
 * filled from the lockfile) into `nodejs/node_modules`. The Node.js 24 runtime's bootstrap puts
 * `/opt/nodejs/node_modules` on NODE_PATH before `/var/runtime/node_modules`, where the runtime's own SDK
 * lies, so `require('@aws-sdk/…')` (adapters/aws/sdk.ts) finds this copy and never the runtime's.
 * https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths
 *
 * Why a layer and not the bundle: the SDK is CommonJS loaded with require() on first use (cold starts
 * ~120 ms shorter than importing it, adapters/aws/sdk.ts); bundled it would add ~300 KB to every function.
 * Only what require() loads is shipped: ES module builds and type declarations are left out.
 */
export const LAYER_NODE_MODULES = join('nodejs', 'node_modules');

const lockSchema = z.object({
  packages: z.record(
    z.string(),
    z.object({
      version: z.optional(z.string()),
      dependencies: z.optional(z.record(z.string(), z.string())),
      optionalDependencies: z.optional(z.record(z.string(), z.string())),
      peerDependencies: z.optional(z.record(z.string(), z.string())),
    }),
  ),
});
const manifestSchema = z.object({ dependencies: z.record(z.string(), z.string()) });

export interface SdkPackage {
  /** The install path under the project, e.g. `node_modules/@aws-sdk/core`. */
  readonly path: string;
  readonly name: string;
  readonly version: string;
}

/** The `@aws-sdk/*` dependencies and their closure, resolved as Node would in the lockfile's tree. */
export function sdkPackages(projectRoot: string): SdkPackage[] {
  const lock = lockSchema.parse(JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')));
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')));
  const roots = Object.keys(manifest.dependencies).filter((name) => name.startsWith('@aws-sdk/'));
  const seen = new Map<string, SdkPackage>();
  const resolve = (from: string, name: string): string | undefined => {
    // node_modules lookup from the requiring package's folder outwards, as require() does.
    for (let base = from; ; ) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (base === '') return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    const entry = lock.packages[path];
    if (!entry?.version) throw new Error(`package-lock.json has no version for ${path}`);
    seen.set(path, { path, name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: entry.version });
    for (const dep of Object.keys(entry.dependencies ?? {})) {
      const found = resolve(path, dep);
      if (!found) throw new Error(`package-lock.json: ${path} needs ${dep}, which is not installed`);
      visit(found);
    }
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      const found = resolve(path, dep);
      if (found) visit(found);
    }
  };
  for (const root of roots) {
    const path = resolve('', root);
    if (!path) throw new Error(`package-lock.json does not install ${root}`);
    visit(path);
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** What require() never reads: ES module builds, type declarations, source maps, documents. */
const LEFT_OUT = /(^|\/)(dist-es|dist-types)(\/|$)|\.d\.[cm]?ts$|\.map$|\.md$/;

/**
 * Writes the layer's folder (`<cacheDir>/<hash of the package list>/nodejs/node_modules/…`) once per set
 * of versions and returns it. Fails when node_modules does not hold what the lockfile says.
 */
export function buildSdkLayer(projectRoot: string, cacheDir: string): { dir: string; packages: SdkPackage[] } {
  const packages = sdkPackages(projectRoot);
  const hash = createHash('sha256')
    .update(packages.map((p) => `${p.path}@${p.version}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = join(cacheDir, hash);
  const done = join(dir, '.complete');
  if (existsSync(done)) return { dir, packages };
  rmSync(dir, { recursive: true, force: true });
  for (const pkg of packages) {
    const source = join(projectRoot, pkg.path);
    const installed = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')));
    if (installed.version !== pkg.version) throw new Error(`${pkg.path} is ${installed.version}, the lockfile says ${pkg.version}: run npm ci`);
    const target = join(dir, LAYER_NODE_MODULES, pkg.path.replace(/^node_modules\//, ''));
    mkdirSync(target, { recursive: true });
    cpSync(source, target, {
      recursive: true,
      // Nested node_modules are packages of their own, copied when the closure names them.
      filter: (from) => {
        const rel = from.slice(source.length).replace(/\\/g, '/');
        return !rel.startsWith('/node_modules') && !LEFT_OUT.test(rel);
      },
    });
  }
  writeFileSync(done, `${packages.map((p) => `${p.name}@${p.version}`).join('\n')}\n`);
  return { dir, packages };
}
