import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN.md / STYLE.md, checked on the source: core sees only ports, flows does no I/O
 * and reads no clock, nothing in production reaches into tests, and zod comes in only through core/zod.ts.
 */

const ROOT = join(import.meta.dirname, '../..');
const PRODUCTION = ['flows', 'core', 'adapters', 'functions', 'local', 'web', 'locales', 'cdk'];

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sources(relative(ROOT, path));
    return name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** The top-level folder an import lands in, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return `pkg:${spec}`;
  return relative(ROOT, join(ROOT, file, '..', spec));
}

describe('architecture', () => {
  const files = PRODUCTION.flatMap(sources);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('core never imports adapters, entry points, the local runtime or web', () => {
    for (const file of files.filter((f) => f.startsWith('core/'))) {
      for (const spec of imports(file)) {
        expect(target(file, spec), `${file} imports ${spec}`).not.toMatch(/^(adapters|functions|local|web|cdk)\//);
      }
    }
  });

  it('flows is pure: no adapters, no core use cases (only core/zod.ts and core/validation.ts), no node: I/O', () => {
    for (const file of files.filter((f) => f.startsWith('flows/'))) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        expect(t, `${file} imports ${spec}`).not.toMatch(/^(adapters|functions|local|web|cdk)\//);
        if (t.startsWith('core/')) expect(['core/zod.js', 'core/validation.js'], `${file} imports ${spec}`).toContain(t);
        expect(t, `${file} imports ${spec}`).not.toMatch(/^pkg:node:/);
      }
    }
  });

  it('no clock or randomness inside flows/ and core/ (they are ports)', () => {
    for (const file of files.filter((f) => f.startsWith('flows/') || f.startsWith('core/'))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).not.toMatch(/Date\.now\(\)|new Date\(\)|Math\.random\(|randomBytes|randomUUID/);
    }
  });

  it('production code never imports tests, and zod only through core/zod.ts', () => {
    for (const file of files) {
      for (const spec of imports(file)) {
        expect(target(file, spec), `${file} imports ${spec}`).not.toMatch(/^tests\//);
        if (file !== 'core/zod.ts') expect(spec, `${file} imports zod directly`).not.toMatch(/^zod(\/|$)/);
      }
    }
  });

  it('no any and no @ts-ignore in production code', () => {
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).not.toMatch(/@ts-ignore|@ts-nocheck|:\s*any\b|as any\b|<any>/);
    }
  });
});
