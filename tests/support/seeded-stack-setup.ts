import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps the seeded data folders local stacks start from (seeded-stack.ts). */
    seededStacks: string;
  }
}

/**
 * One folder per run (per test tier that lists this setup) for the seeded data folders of seeded-stack.ts,
 * made on first use by whichever file needs one first; in memory (tmpfs) where the machine has it, as
 * every such stack's DynamoDB Local reads and writes there. Per run, so a seed never outlives the code
 * that made it; removed at the end.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'stem-seeded-stacks-'));
  project.provide('seededStacks', root);
  return () => rmSync(root, { recursive: true, force: true });
}
