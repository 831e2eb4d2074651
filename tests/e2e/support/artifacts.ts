import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** The repository root: this file is tests/e2e/support/artifacts.ts. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Artifacts {
  /** The folder of this test file's artifacts. */
  readonly dir: string;
  /** A screenshot (whole page, or one element) as `NN-name.png`, numbered in the order taken; its path. */
  shot(target: Page | Locator, name: string): Promise<string>;
  /** A small text artifact (a report, a parsed export) next to the screenshots; its path. */
  write(name: string, text: string): string;
}

/**
 * Screenshots and reports a test file keeps for people to look at after a run (CI keeps the folder):
 * `test-artifacts/<test file>/…` at the repository root, or under `$STEM_ARTIFACTS` when set. The
 * file's folder is emptied first, so what is there is from the last run only.
 */
export function artifactsFor(testFileUrl: string): Artifacts {
  const name = basename(fileURLToPath(testFileUrl)).replace(/\.test\.ts$/, '');
  const dir = join(process.env.STEM_ARTIFACTS ? resolve(process.env.STEM_ARTIFACTS) : join(ROOT, 'test-artifacts'), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let taken = 0;
  const fileName = (label: string, ext: string) =>
    `${String(++taken).padStart(2, '0')}-${label
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()}.${ext}`;
  return {
    dir,
    async shot(target, label) {
      const path = join(dir, fileName(label, 'png'));
      // A page is taken whole (scrolled content too); an element as it is laid out.
      if ('goto' in target) await target.screenshot({ path, fullPage: true });
      else await target.screenshot({ path });
      return path;
    },
    write(label, text) {
      const dot = label.lastIndexOf('.');
      const path = join(dir, dot > 0 ? fileName(label.slice(0, dot), label.slice(dot + 1)) : fileName(label, 'txt'));
      writeFileSync(path, text);
      return path;
    },
  };
}
