import { errors, json, param, project } from './openapi-shared.js';

/** What the network sees of each project (core/access/sharing.ts), and its comparison: the paths of the OpenAPI description. */
export function networkPaths(): Record<string, unknown> {
  return {
    '/api/projects/{projectId}/sharing': {
      get: {
        summary:
          "What the learning network's coordinators see of the project: nothing, summary (the released summary: the default), themes (also the code counts) or rows (also the row-level exports). Staff of the organisation also see when it last changed",
        parameters: [project],
        responses: { 200: json('the sharing level'), ...errors(401, 404) },
      },
      put: {
        summary:
          'Change what the network sees of the project (staff of its organisation only; kept with when and by which role). At `nothing` the project answers coordinators like a missing one',
        parameters: [project],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SharingInput' } } } },
        responses: { 200: json('the sharing level'), ...errors(400, 401, 404, 415) },
      },
    },
    '/api/network/compare': {
      get: {
        summary:
          "Projects side by side, each as far as its organisation shares it (coordinators): per project its organisation's name, the energy mean per round, agreement per statement per round, and the coded themes of its newest released round where shared as themes or rows. Every number as the releases published it. A project not shared answers 404",
        parameters: [{ ...param('projects', 'query', true), description: '1–12 project ids, comma-separated' }],
        responses: { 200: json('the projects compared'), ...errors(400, 401, 403, 404) },
      },
    },
  };
}
