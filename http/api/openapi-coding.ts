import { errors, json, param, project, round } from './openapi-shared.js';

const answer = [project, round, param('respondentCode'), param('questionId')];

/** Coding the answers (core/coding): the paths of the OpenAPI description. */
export function codingPaths(): Record<string, unknown> {
  return {
    '/api/coding/assignments': {
      get: {
        summary:
          "The rounds you may code (interpreters the organisation lets code; an outsider is not told the project's name). Empty for staff, who code from their projects, and for coordinators",
        responses: { 200: json('rounds to code'), ...errors(401) },
      },
    },
    '/api/projects/{projectId}/codebook': {
      get: {
        summary: "The project's codebook: the TOPOI grid (built in, named in nl/fr/en) and the project's own codes; staff also see which interpreters may code",
        parameters: [project],
        responses: { 200: json('codebook'), ...errors(401, 404) },
      },
      put: {
        summary: "Replace the project's own codes and who else may code (staff). A code is never removed (answers may carry it): archive it",
        parameters: [project],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CodebookInput' } } } },
        responses: { 200: json('codebook'), ...errors(400, 401, 404, 409, 415) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/coding': {
      get: {
        summary:
          "Without `question`: the round's questions in people's own words. With it: that question's released answers with your codes (staff: every coder's); refused (422) when fewer than k released respondents answered it",
        parameters: [project, round, param('question', 'query')],
        responses: { 200: json('answers to code'), ...errors(400, 401, 404, 422) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/answers/{respondentCode}/{questionId}/tags': {
      post: {
        summary:
          'Give a released answer one or more codes (yours: each coder codes on their own). An answer not released is answered like one that does not exist',
        parameters: answer,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TagInput' } } } },
        responses: { 200: json('your codes on the answer'), ...errors(400, 401, 404, 409, 415) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/answers/{respondentCode}/{questionId}/tags/{code}': {
      delete: {
        summary: 'Take one of your codes off a released answer',
        parameters: [...answer, param('code')],
        responses: { 200: json('your codes left on the answer'), ...errors(401, 404) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/code-counts': {
      get: {
        summary:
          'Respondents per code and question over the released answers, hidden under 5 and wherever a count, its complement or its change since an earlier publication would be about 1 to 4 people (staff and coordinators; never who coded)',
        parameters: [project, round],
        responses: { 200: json('code counts'), ...errors(401, 404) },
      },
    },
    '/api/projects/{projectId}/coding/agreement': {
      get: {
        summary: "Cohen's kappa between every two coders over the released answers both coded (per code and pooled); none below 5 shared answers (staff)",
        parameters: [project, param('round', 'query')],
        responses: { 200: json('agreement'), ...errors(401, 404) },
      },
    },
  };
}
