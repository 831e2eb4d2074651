import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sdkPackages } from '../../cdk/sdk-layer.js';

/**
 * One Node.js major everywhere (Lambda, the npm scripts, types, engines, .nvmrc) and one copy of every AWS
 * SDK package, pinned in the lockfile and shipped in the layer (cdk/sdk-layer.ts) — so what the tests run
 * is what Lambda runs.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = z
  .object({
    engines: z.object({ node: z.string() }),
    dependencies: z.record(z.string(), z.string()),
    devDependencies: z.record(z.string(), z.string()),
  })
  .parse(JSON.parse(readFileSync(`${root}package.json`, 'utf8')));
const lock = z
  .object({ packages: z.record(z.string(), z.object({ version: z.string().optional() })) })
  .parse(JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')));

describe('Node.js 24 everywhere', () => {
  it('pins the node package, @types/node, engines and .nvmrc to the same major as the Lambda runtime', () => {
    const stack = readFileSync(`${root}cdk/constructs/stem-function.ts`, 'utf8');
    const runtimes = [...stack.matchAll(/Runtime\.NODEJS_(\d+)_X/g)].map((m) => m[1]);
    expect(new Set(runtimes)).toEqual(new Set(['24']));
    expect(manifest.devDependencies['node']).toMatch(/^24\.\d+\.\d+$/);
    expect(manifest.devDependencies['@types/node']).toMatch(/^24\.\d+\.\d+$/);
    expect(manifest.engines.node).toBe('24.x');
    expect(readFileSync(`${root}.nvmrc`, 'utf8').trim()).toBe('24');
  });

  it('runs these tests on the pinned Node (npm scripts put node_modules/.bin/node first)', () => {
    expect(process.versions.node).toBe(manifest.devDependencies['node']);
  });
});

describe('the AWS SDK', () => {
  it('is named with exact versions, never a range', () => {
    const sdk = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(sdk.length).toBeGreaterThanOrEqual(7);
    expect(sdk.filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
  });

  it('has one copy of every @aws-sdk, @smithy and @aws-crypto package in the lockfile (so every client shares one core)', () => {
    const versions = new Map<string, Set<string>>();
    for (const [path, entry] of Object.entries(lock.packages)) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (!/^@(aws-sdk|smithy|aws-crypto)\//.test(name) || !entry.version) continue;
      versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
    }
    expect(versions.size).toBeGreaterThan(10);
    expect([...versions].filter(([, v]) => v.size > 1).map(([name, v]) => `${name}: ${[...v].join(', ')}`)).toEqual([]);
  });

  it('ships in the layer exactly the runtime dependencies the functions require, each once, at the lockfile version', () => {
    const packages = sdkPackages(root);
    const names = packages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const dependency of Object.keys(manifest.dependencies).filter((n) => n.startsWith('@aws-sdk/'))) {
      expect(packages.find((p) => p.name === dependency)?.version, dependency).toBe(manifest.dependencies[dependency]);
    }
    // What adapters/aws/sdk.ts loads is all among them.
    const loaded = [...readFileSync(`${root}adapters/aws/sdk.ts`, 'utf8').matchAll(/load\('(@aws-sdk\/[^']+)'\)/g)].map((m) => m[1]);
    expect(loaded.length).toBe(8);
    for (const name of loaded) expect(names).toContain(name);
  });
});
