import { errors, json, param } from './openapi-shared.js';

const format = { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['xliff', 'po', 'csv'], default: 'xliff' } };
const survey = [param('surveyId'), param('version')];
const file = (description: string) => ({
  description,
  content: {
    'application/xliff+xml': { schema: { type: 'string' } },
    'text/x-gettext-translation': { schema: { type: 'string' } },
    'text/csv': { schema: { type: 'string' } },
  },
});

/** A survey's translations (issue 22): review states, files for translators, imports with checks. */
export function translationPaths(): Record<string, unknown> {
  return {
    '/api/translations/surveys': {
      get: {
        summary: "The organisation's surveys to translate: the latest version of each, with its languages' review states",
        description:
          "Staff of an organisation (every language but the survey's main one) and its interpreters (only the languages their account lists; a survey with none of them is left out). Coordinators and interpreters of no organisation: 403.",
        responses: { 200: json('the surveys, each with surveyId, version, title, frozen, sourceLanguage and languages'), ...errors(401, 403) },
      },
    },
    '/api/surveys/{surveyId}/versions/{version}/translations': {
      get: {
        summary: "Each of the survey's languages with its review state: machine, draft or reviewed, by which role (never a name) and when",
        description:
          'Staff of the organisation (and for the built-in templates any staff), and interpreters of the organisation. A survey of another organisation answers 404; coordinators and interpreters of no organisation 403.',
        parameters: survey,
        responses: { 200: json('the languages and their review states'), ...errors(400, 401, 403, 404) },
      },
    },
    '/api/surveys/{surveyId}/versions/{version}/translations/{language}': {
      get: {
        summary: "The survey's participant texts from its main language into one language, as a file for a translator",
        description:
          'XLIFF 2.0 (one unit per text, the segment state from the review state: machine → initial, draft → translated, reviewed → final), gettext PO (msgctxt: the unit id, "#, fuzzy" where not reviewed) or CSV (UTF-8 with BOM; columns id, source language, target language, note). An interpreter only for the languages their account lists.',
        parameters: [...survey, param('language'), format],
        responses: { 200: file('the file, as an attachment'), ...errors(400, 401, 403, 404) },
      },
      post: {
        summary: 'Import a translated file: checked, then saved into this version while it is a draft, else into a new draft version',
        description:
          "The body is the file. Checked: every text translated, no unknown unit, the {{placeholders}} of the source kept, the language's script, each question's SMS within its parts budget, the file's languages, and the source texts unchanged since the file was made. Any problem: 422 with every problem and its unit id (\"problems\": unit, check, message), and nothing is saved. reviewed=true (a speaker of the language checked every text) makes the language reviewed by the caller's role; otherwise a changed text makes it a draft. A launched version stays as it was: the texts go into a new draft version after the latest. A file that changes nothing saves nothing. Built-in templates are translated in the repository: 409.",
        parameters: [
          ...survey,
          param('language'),
          format,
          { name: 'reviewed', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'], default: 'false' } },
        ],
        requestBody: { required: true, ...file('the translated file, as downloaded and edited') },
        responses: {
          200: json("the version written, whether anything changed, and the language's review state"),
          ...errors(400, 401, 403, 404, 409, 413, 422),
        },
      },
    },
  };
}
