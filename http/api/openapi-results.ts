import { csv, csvLink, errors, json, param, project, round, separator } from './openapi-shared.js';

/** `numbers`: without free text (typed open answers, transcripts, translations, comments), for wider sharing. */
const columns = { name: 'columns', in: 'query', required: false, schema: { type: 'string', enum: ['all', 'numbers'] } };
const xlsx = {
  description:
    'a workbook (XLSX) with the sheets "answers" (the CSV, cell for cell), "respondents" (the wide CSV, cell for cell) and "questions" (each question and labelled answer in every language of the survey); text is always text, never a formula',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
};
const xlsxLink = { ...csvLink, description: 'the workbook, at a link valid five minutes (in AWS)' };
const WIDE =
  'one row per released respondent and round, one group of columns per question in survey order (answer, status; for own words also voice, transcript, translation), then their comments: the long CSV reshaped, the same cells and nothing more';

/** What comes of a round: "you said, we did", the CSV exports, voice answers, the summary: the paths of the OpenAPI description. */
export function resultsPaths(): Record<string, unknown> {
  return {
    '/api/projects/{projectId}/rounds/{roundId}/feedback': {
      get: {
        summary: '"You said, we did": the message of a round per language, its recordings, and who asked to hear back (staff)',
        parameters: [project, round],
        responses: { 200: json('feedback'), ...errors(401, 404) },
      },
      put: {
        summary: 'Save the message per language (an empty text removes that language); refused once sent',
        parameters: [project, round],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FeedbackInput' } } } },
        responses: { 200: json('feedback'), ...errors(400, 401, 404, 409, 415) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/feedback/audio/{language}': {
      get: {
        summary: 'The recorded message in one language (staff): to listen back before sending',
        parameters: [project, round, param('language')],
        responses: {
          200: {
            description: 'the recording',
            content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } }, 'audio/wav': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(401, 404),
        },
      },
      put: {
        summary: 'Upload the message recorded in one language, for calls (MP3 or WAV, at most 2 minutes); replaces an earlier one',
        parameters: [project, round, param('language')],
        requestBody: {
          required: true,
          content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } }, 'audio/wav': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: { 201: json('saved'), ...errors(400, 401, 404, 409, 413, 415) },
      },
      delete: {
        summary: 'Delete the recording in one language',
        parameters: [project, round, param('language')],
        responses: { 204: { description: 'deleted' }, ...errors(400, 401, 404, 409) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/feedback/send': {
      post: {
        summary: 'Send the message to the participants of the round who asked to hear back',
        parameters: [project, round],
        responses: { 202: json('recipients and messages queued'), ...errors(400, 401, 404, 409) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/results.csv': {
      get: {
        summary: 'Anonymized answers of a round (CSV, UTF-8 with BOM)',
        parameters: [project, round, separator, columns],
        responses: { 200: csv('answers'), 303: csvLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/results.csv': {
      get: {
        summary: 'Anonymized answers of all rounds (CSV)',
        parameters: [project, separator, columns],
        responses: { 200: csv('answers'), 303: csvLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/results-wide.csv': {
      get: {
        summary: 'Anonymized answers of a round, one row per respondent (CSV, UTF-8 with BOM)',
        description: WIDE,
        parameters: [project, round, separator, columns],
        responses: { 200: csv('answers, one row per respondent'), 303: csvLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/results-wide.csv': {
      get: {
        summary: 'Anonymized answers of all rounds, one row per respondent and round (CSV)',
        description: WIDE,
        parameters: [project, separator, columns],
        responses: { 200: csv('answers, one row per respondent and round'), 303: csvLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/results.xlsx': {
      get: {
        summary: 'Anonymized answers of a round as a workbook (XLSX)',
        parameters: [project, round, columns],
        responses: { 200: xlsx, 303: xlsxLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/results.xlsx': {
      get: {
        summary: 'Anonymized answers of all rounds as a workbook (XLSX)',
        parameters: [project, columns],
        responses: { 200: xlsx, 303: xlsxLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/rounds/{roundId}/voice-answers': {
      get: {
        summary: 'Voice answers of a round: status and redacted transcript',
        parameters: [project, round],
        responses: { 200: json('voice answers'), ...errors(401, 404) },
      },
    },
    '/api/projects/{projectId}/suggestion-box': {
      put: {
        summary: 'Open or close the suggestion box: what an enrolled person writes when no survey waits for them is kept as feedback',
        parameters: [project],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['open'], properties: { open: { type: 'boolean' } } } } },
        },
        responses: { 200: json('the setting'), ...errors(400, 401, 404, 415) },
      },
    },
    '/api/projects/{projectId}/suggestions': {
      get: {
        summary: 'Released suggestion-box messages (none before 5 have come, then 5 at a time; one code per message), redacted',
        parameters: [project],
        responses: { 200: json('released messages'), ...errors(401, 404) },
      },
    },
    '/api/projects/{projectId}/suggestions.csv': {
      get: {
        summary: 'Released suggestion-box messages (CSV, UTF-8 with BOM)',
        parameters: [project, separator],
        responses: { 200: csv('messages'), 303: csvLink, ...errors(400, 401, 404) },
      },
    },
    '/api/projects/{projectId}/summary': {
      get: {
        summary: 'Counts and means per round, cells under 5 respondents suppressed',
        description:
          '"lifecycle" compares the rounds over the project\'s life: "trends" (mean per round of each scale question asked in two rounds or more, energy first; null where a round did not ask it), "agreement" (per statement asked in two rounds or more, the percent answering true, hidden when fewer than 5 answered or fewer than 5 are on either side), "dyadShifts" (mean of the first and the last round that asked a dyad, and the shift), and "returning" (people who answered several rounds and both the first and the last round with 5 respondents or more, linked by their project-scoped respondent code, which is never shown; their mean paired change in energy when 5 pairs or more). Small groups: where a round hides values, a question may carry "merged" — the values merged into groups (statement: agree / notAgree; dyad: left 1–2, middle 3, right 4–5; triad: corners 1–3 / middle 4–7, or each corner / middle; choice: the shown options and "other"), each group\'s "values" and "count" (hidden like any count), audited together with the values and earlier releases. "pooled" lists each question asked in two released rounds or more with the answers of all those rounds together ("answers": a person counts once per round), the kind\'s coarsest merge as "merged", and for scale and number questions "mean"; every pooled number is audited together with the rounds\' own.',
        parameters: [project],
        responses: { 200: json('summary'), ...errors(401, 404) },
      },
    },
  };
}
