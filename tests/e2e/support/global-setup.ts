import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps the seeded data folders the e2e stacks start from (support/seeded-stack.ts). */
    e2eSeeds: string;
  }
}

/**
 * One folder per run for the seeded data folders (made on first use, by whichever file needs one first),
 * in memory (tmpfs) where the machine has it: every e2e stack's DynamoDB Local reads and writes there.
 * Per run, so a seed never outlives the code that made it; removed at the end.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'stem-e2e-seeds-'));
  project.provide('e2eSeeds', root);
  return () => rmSync(root, { recursive: true, force: true });
}
