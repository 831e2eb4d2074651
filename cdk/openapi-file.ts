import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../http/api/openapi.js';
import { OPENAPI_FILE } from '../http/api/openapi-file.js';

/**
 * The staff API's OpenAPI document as a file, written at synth by the function that makes it locally
 * (`openApiDocument()`, http/api/openapi.ts) and shipped beside the staff API's bundle (`OPENAPI_DIR`), where
 * the function reads it (functions/commons/openapi-beside.ts): the bundle carries neither zod's JSON Schema
 * code nor the routes' schemas it is made from (~85 KB of its 500 KB). Kept under `cacheDir` by content, so a
 * changed document is a new file and an unchanged one is not rewritten.
 */
export function writeOpenApiFile(cacheDir: string): string {
  const text = JSON.stringify(openApiDocument());
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(cacheDir, hash, OPENAPI_FILE);
  if (!existsSync(file)) {
    mkdirSync(join(cacheDir, hash), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}
