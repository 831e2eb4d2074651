import { SurveyDefinition } from '../../flows/definition.js';
import { errors, json, param, schema } from './openapi-shared.js';
import { NewSurveyInput } from './survey-drafts-routes.js';

/** The survey editor's paths (http/api/survey-drafts-routes.ts). */
export function surveyDraftPaths(): Record<string, unknown> {
  const version = [param('surveyId'), param('version')];
  return {
    '/api/surveys/new': {
      post: {
        summary: 'Start a blank survey (version 1, a draft) with a consent question',
        description:
          'The consent question is the energy check-in template\'s, in the chosen languages; "title" must hold every language. Review states: a language whose consent text is a machine translation stays "machine", the others are drafts by staff. An id in use (409) or of a template (400) is refused.',
        requestBody: { required: true, content: { 'application/json': { schema: schema(NewSurveyInput) } } },
        responses: { 201: json('the survey and its definition'), ...errors(400, 401, 403, 409, 415) },
      },
    },
    '/api/surveys/{surveyId}/versions/{version}': {
      put: {
        summary: 'Save a draft version whole',
        description:
          'The whole definition, validated as an upload is; a 400 names every issue by its path (e.g. "questions[2].text.ar"). "id" and "version" must be those of the address. A frozen (launched) version is a 409: make a new draft from it. The review states are computed, never taken from the body: a language whose texts changed becomes a draft by staff, and so does every language of a text whose main-language text changed.',
        parameters: version,
        requestBody: { required: true, content: { 'application/json': { schema: schema(SurveyDefinition) } } },
        responses: { 200: json('the survey and its definition as saved'), ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    '/api/surveys/{surveyId}/versions/{version}/draft': {
      post: {
        summary: 'A new draft version (the latest + 1) copied from a frozen version',
        description: 'The frozen version never changes; the copy keeps its texts and review states. A version that is still a draft is a 409: edit it.',
        parameters: version,
        responses: { 201: json('the new version'), ...errors(400, 401, 403, 404, 409) },
      },
    },
  };
}
