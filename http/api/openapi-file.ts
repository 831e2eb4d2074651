/**
 * Where the staff API's OpenAPI document lies beside its Lambda bundle: `<bundle>/openapi/openapi.json`.
 * The deploy writes it at synth from `openApiDocument()` (cdk/openapi-file.ts, http/api/openapi.ts) and the
 * function reads it (functions/commons/openapi-beside.ts). Only constants and a type here, so that build code
 * (CDK, bench) and the bundle can import it without the document's code.
 */
export const OPENAPI_DIR = 'openapi';
export const OPENAPI_FILE = 'openapi.json';

/** The document /api/openapi.json answers with. */
export type OpenApiSource = () => Promise<Record<string, unknown>>;
