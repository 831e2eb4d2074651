import { errors, json, param } from './openapi-shared.js';

/** The system texts for translators (system-translation-routes.ts): the paths of the OpenAPI description. */
export function systemTranslationPaths(): Record<string, unknown> {
  const file = { schema: { type: 'string' } };
  return {
    '/api/translations/system': {
      get: {
        summary: 'The system texts: each language with its review state',
        description:
          'What Stem itself says to participants (locales/<lng>/translation.json), translated from English. "review" is { state: machine | draft | reviewed, by: a role, at }. Staff and interpreters; there is no import over the API: the files in the repository are the source, changed with `npm run translations -- import` in a pull request.',
        responses: { 200: json('languages'), ...errors(401, 403) },
      },
    },
    '/api/translations/system/{language}': {
      get: {
        summary: "A language's system texts as a file for translators",
        description:
          'XLIFF 2.0, gettext PO or CSV (a spreadsheet): one unit per text, named by its key (consent.promise), and one per word list (words.stop: one word a line). Staff and interpreters (an interpreter whose account names languages: those only).',
        parameters: [
          param('language'),
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['xliff', 'po', 'csv'], default: 'xliff' } },
        ],
        responses: {
          200: {
            description: 'the file, as an attachment',
            content: { 'application/xliff+xml': file, 'text/x-gettext-translation': file, 'text/csv': file },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
