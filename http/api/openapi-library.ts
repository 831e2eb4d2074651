import { errors, json, param } from './openapi-shared.js';

const entry = { ...param('entryId'), description: 'the entry: the published survey id and version, as "check_in-v2"' };

/** The network's shared library of surveys (core/library/library.ts): the paths of the OpenAPI description. */
export function libraryPaths(): Record<string, unknown> {
  return {
    '/api/library': {
      get: {
        summary:
          "The network's shared surveys (staff and coordinators): per entry its title, languages with their review states, the number and kinds of its questions, the publishing organisation's name and when it was published. Nothing about participants or results",
        responses: { 200: json('the entries, newest first'), ...errors(401, 403) },
      },
      post: {
        summary:
          "Publish one of the organisation's survey versions to the network (staff). The entry keeps the definition as it is now: later changes of the survey do not reach it. Publishing the same version again changes nothing (200 with the entry already there)",
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/LibraryPublishInput' } } } },
        responses: { 201: json('the entry'), 200: json('the entry, published before'), ...errors(400, 401, 403, 404, 415) },
      },
    },
    '/api/library/{entryId}/copy': {
      post: {
        summary:
          "Copy an entry into the organisation's surveys (staff): version 1, a draft, with the texts and review states as published. `surveyId` defaults to the entry's survey id marked with the organisation; an id already used answers 409 naming `surveyId`",
        parameters: [entry],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/LibraryCopyInput' } } } },
        responses: { 201: json('the new survey'), ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    '/api/library/{entryId}': {
      delete: {
        summary: 'Withdraw an entry (staff of the organisation that published it). Copies already made stay with those who made them',
        parameters: [entry],
        responses: { 204: { description: 'withdrawn' }, ...errors(400, 401, 403, 404) },
      },
    },
  };
}
