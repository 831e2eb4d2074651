/**
 * Finds the binary files the triad picture needs at run time (the resvg wasm and the WOFF2 fonts), which
 * npm installs but a bundler does not inline.
 *
 * Lookup order for a package file such as `@resvg/resvg-wasm/index_bg.wasm`:
 * 1. Node's module resolution from this file (`node_modules`: tests, local dev, and a Lambda bundled with
 *    those packages as `nodeModules`);
 * 2. `triad-assets/<file name>` beside the running module (a Lambda bundle into which the deploy copied the
 *    files flat, e.g. with an esbuild `afterBundling` hook copying `TRIAD_PICTURE_FILES`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The resvg rasterizer (WebAssembly, any CPU). */
export const RESVG_WASM_FILE = '@resvg/resvg-wasm/index_bg.wasm';

const NOTO_SANS = '@fontsource-variable/noto-sans/files/noto-sans';

/** The WOFF2 faces the picture's text is drawn with (Noto Sans, SIL Open Font License 1.1). */
export const FONT_FILES = {
  latin: `${NOTO_SANS}-latin-wght-normal.woff2`,
  latinExt: `${NOTO_SANS}-latin-ext-wght-normal.woff2`,
  cyrillic: `${NOTO_SANS}-cyrillic-wght-normal.woff2`,
  cyrillicExt: `${NOTO_SANS}-cyrillic-ext-wght-normal.woff2`,
  arabic: '@fontsource-variable/noto-sans-arabic/files/noto-sans-arabic-arabic-wght-normal.woff2',
  ethiopic: '@fontsource-variable/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-wght-normal.woff2',
} as const;

/**
 * Every file the triad picture reads at run time (about 3.1 MB: the wasm 2.5 MB, the fonts 0.66 MB). A
 * Lambda bundle must carry them, in `node_modules` or flat in `triad-assets/` beside the bundle. This
 * module imports only Node built-ins, so build code (CDK) can import it cheaply.
 */
export const TRIAD_PICTURE_FILES: readonly string[] = [RESVG_WASM_FILE, ...Object.values(FONT_FILES)];

/** The directory, beside the running module, where a bundle may carry the files flat. */
export const BUNDLED_ASSET_DIR = 'triad-assets';

const requireFromHere = createRequire(import.meta.url);

/** Resolves a package file (`<package>/<path>`) to an absolute path, or throws naming what is missing. */
export function locatePackagedFile(spec: string): string {
  try {
    return requireFromHere.resolve(spec);
  } catch {
    // Not installed as a package here: look beside the bundle.
  }
  const beside = fileURLToPath(new URL(`./${BUNDLED_ASSET_DIR}/${basename(spec)}`, import.meta.url));
  if (existsSync(beside)) return beside;
  throw new Error(`triad picture: cannot find ${spec} (neither in node_modules nor at ${beside})`);
}

/** Reads a package file (see `locatePackagedFile`). */
export function readPackagedFile(spec: string): Buffer {
  return readFileSync(locatePackagedFile(spec));
}
