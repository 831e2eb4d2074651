import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { openApiDocument } from '../../http/api/openapi.js';
import { OPENAPI_DIR, OPENAPI_FILE, type OpenApiSource } from '../../http/api/openapi-file.js';
import * as z from '../../kernel/zod.js';

/**
 * The staff API's OpenAPI document in Lambda: the file the deploy ships beside the bundle, written at synth
 * by `openApiDocument()` (cdk/openapi-file.ts), read on the first request for it and kept. Made at run time,
 * it would bundle zod's JSON Schema code and what the routes' schemas import (the transcription queue's
 * redaction among them): ~85 KB of the 500 KB budget, parsed at every cold start for a rarely read page.
 *
 * Run from the repository (tests import functions/ from source), no file lies beside the module: the
 * document is then made by that same function, imported by a computed URL so that esbuild, which follows
 * only literal imports, leaves it out of the bundle (where the file is always present: tests/cdk/stem-stack.test.ts).
 */
export function openApiBeside(): OpenApiSource {
  let loaded: Promise<Record<string, unknown>> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

const Document = z.record(z.string(), z.unknown());

async function load(): Promise<Record<string, unknown>> {
  // In the bundle import.meta.url is index.mjs: the file is `<bundle>/openapi/openapi.json`.
  const shipped = fileURLToPath(new URL(`./${OPENAPI_DIR}/${OPENAPI_FILE}`, import.meta.url));
  if (existsSync(shipped)) return Document.parse(JSON.parse(await readFile(shipped, 'utf8')));
  const generator = new URL('../../http/api/openapi.ts', import.meta.url).href;
  const made = (await import(generator)) as { openApiDocument: typeof openApiDocument };
  return made.openApiDocument();
}
