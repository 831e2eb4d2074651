import * as z from '../../kernel/zod.js';

/** The pieces every part of the OpenAPI description (openapi.ts) is written with. */

/** The JSON Schema of a request body, from the zod schema its route validates with. */
export const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const problem = { $ref: '#/components/schemas/Problem' };
export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: 'problem', content: { 'application/problem+json': { schema: problem } } }]));
export const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
export const csv = (description: string) => ({ description, content: { 'text/csv': { schema: { type: 'string' } } } });
/** In AWS a CSV may be larger than a Lambda response: the API stores it briefly and sends the client to it. */
export const csvLink = { description: 'the CSV, at a link valid five minutes (in AWS)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } };
export const param = (name: string, where: 'path' | 'query' = 'path', required = where === 'path') => ({
  name,
  in: where,
  required,
  schema: { type: 'string' },
});
export const project = param('projectId');
/** Excel in Belgian locales splits on ";": a comma file would open in one column. */
export const separator = { name: 'separator', in: 'query', required: false, schema: { type: 'string', enum: ['comma', 'semicolon'] } };
export const round = param('roundId');
/** Path items merged method by method: two concerns may document methods of one path (GET and PUT of a survey version). */
export function mergePaths(...parts: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [path, item] of Object.entries(part)) out[path] = { ...out[path], ...(item as Record<string, unknown>) };
  }
  return out;
}
