/**
 * Finds libopus as WebAssembly (opusscript's Emscripten build) at run time. Its JavaScript glue reads the
 * .wasm beside itself with `fs` (`__dirname`), which a bundle cannot inline and an ESM bundle has no
 * `__dirname` for; so the glue is never bundled: it is required at run time from where it lies, and
 * Node gives it its own `__dirname`.
 *
 * Lookup: 1. Node's module resolution from this file (`node_modules`: tests, the local runtime);
 * 2. `opus-assets/<file name>` beside the running module (a Lambda bundle into which the deploy copied
 * `OPUS_WASM_FILES` flat: cdk/stack/webhooks.ts). Imports only Node built-ins, so CDK can import it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The glue (24 KB) and libopus 1.4 (310 KB); they must lie in one folder. */
export const OPUS_WASM_FILES: readonly string[] = ['opusscript/build/opusscript_native_wasm.js', 'opusscript/build/opusscript_native_wasm.wasm'];

/** The directory beside the bundle where the deploy copies them. */
export const OPUS_ASSET_DIR = 'opus-assets';

const requireHere = createRequire(import.meta.url);

/** The glue's absolute path, or an error naming where it was looked for. */
export function locateOpusGlue(): string {
  const spec = OPUS_WASM_FILES[0] ?? '';
  try {
    return requireHere.resolve(spec);
  } catch {
    // Not installed as a package here: look beside the bundle.
  }
  const beside = fileURLToPath(new URL(`./${OPUS_ASSET_DIR}/${basename(spec)}`, import.meta.url));
  if (existsSync(beside)) return beside;
  throw new Error(`Opus encoder: cannot find ${spec} (neither in node_modules nor at ${beside})`);
}

/** Loads the glue as CommonJS (its factory; the caller checks its shape). */
export function requireOpusGlue(): unknown {
  return requireHere(locateOpusGlue());
}
