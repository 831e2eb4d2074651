import { errors, json, param, project } from './openapi-shared.js';

const item = [project, param('itemId')];
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });

/** "You said, we did" items (core/feedback/said-did.ts): the paths of the OpenAPI description. */
export function saidDidPaths(): Record<string, unknown> {
  return {
    '/api/projects/{projectId}/we-did': {
      get: {
        summary:
          'The project\'s "you said, we did" items: what staff do, its status (planned, doing, done; when it changed, by which role), linked codes and — for staff of the organisation only — linked answers as the coding page shows them. Coordinators: titles, status, code names and the codes\' audited counts',
        parameters: [project],
        responses: { 200: json('items'), ...errors(401, 404) },
      },
      post: {
        summary:
          'Make an item (staff). Codes of the codebook; answers by the reference the coding page shows (round, respondent code, question), released and in people\'s own words only. A wrong status is a 422 naming "status"',
        parameters: [project],
        requestBody: body('SaidDidInput'),
        responses: { 201: json('the item'), ...errors(400, 401, 404, 415, 422) },
      },
    },
    '/api/projects/{projectId}/we-did/{itemId}': {
      put: {
        summary: "Change an item's words, codes and answers (staff), on condition of the version read (409 when someone changed it since)",
        parameters: item,
        requestBody: body('SaidDidInput'),
        responses: { 200: json('the item'), ...errors(400, 401, 404, 409, 415, 422) },
      },
    },
    '/api/projects/{projectId}/we-did/{itemId}/status': {
      post: {
        summary: 'Change the status (staff) on condition of the version read: 409 when stale, 422 naming "status" when it is not planned, doing or done',
        parameters: item,
        requestBody: body('SaidDidStatusInput'),
        responses: { 200: json('the item'), ...errors(400, 401, 404, 409, 415, 422) },
      },
    },
    '/api/we-did': {
      get: {
        summary:
          "Coordinators: every organisation's items per project, with status and the number of items per status per organisation (staff actions: no k); never a linked answer",
        responses: { 200: json('organisations'), ...errors(401, 403) },
      },
    },
  };
}
