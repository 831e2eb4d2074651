import * as z from '../../kernel/zod.js';
import { RoundPlan } from '../../core/rounds/plan.js';
import { FeedbackInput } from './feedback-routes.js';
import { ProjectInput } from './projects-routes.js';
import { RoundInput } from './rounds-routes.js';
import { InterpreterInput, OwnListeningInput } from './transcription-queue-routes.js';

/**
 * OpenAPI 3.1 description of /api. Request bodies come from the same zod schemas the routes validate
 * with, so the document cannot drift from what the server accepts.
 */
const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const problem = { $ref: '#/components/schemas/Problem' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: 'problem', content: { 'application/problem+json': { schema: problem } } }]));
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const csv = (description: string) => ({ description, content: { 'text/csv': { schema: { type: 'string' } } } });
/** In AWS a CSV may be larger than a Lambda response: the API stores it briefly and sends the client to it. */
const csvLink = { description: 'the CSV, at a link valid five minutes (in AWS)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } };
const param = (name: string, where: 'path' | 'query' = 'path', required = where === 'path') => ({ name, in: where, required, schema: { type: 'string' } });
const project = param('projectId');
/** Excel in Belgian locales splits on ";": a comma file would open in one column. */
const separator = { name: 'separator', in: 'query', required: false, schema: { type: 'string', enum: ['comma', 'semicolon'] } };
const round = param('roundId');

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Stem staff and coordinator API',
      version: '1.0.0',
      description:
        'Projects, participants, surveys, rounds and anonymized results. Authenticate with "Authorization: Bearer <token>". Staff see their own organisation only (another organisation\'s project answers 404); coordinators read results of every organisation and never contacts. Every malformed request gets an RFC 9457 problem body whose "errors" name the fields.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        ProjectInput: schema(ProjectInput),
        RoundInput: schema(RoundInput),
        /** The same schema as ProjectInput.plan, on its own for readers. */
        RoundPlan: schema(RoundPlan),
        FeedbackInput: schema(FeedbackInput),
      },
    },
    paths: {
      '/api/me': { get: { summary: 'Who am I', responses: { 200: json('the principal'), ...errors(401) } } },
      '/api/projects': {
        get: { summary: 'List projects (staff: own organisation; coordinators: all)', responses: { 200: json('projects'), ...errors(401) } },
        post: {
          summary: 'Create a project (staff), optionally with its rounds planned',
          description:
            'With "plan", the project\'s rounds are created with it: kind "phases" names start, midway and/or end (each opensAt, closesAt and optionally surveyId + surveyVersion; default energy_checkin for start and midway, end_evaluation for end), one after the other; kind "repeat" makes "rounds" rounds (2–26) every "everyWeeks" weeks (1–26) from "firstOpensAt", each open "openDays" days (at most everyWeeks × 7), of one survey (default energy_checkin), labelled "<label> 1", "<label> 2"… A round in the future waits: its invitations go out when it opens, also to participants imported in the meantime. A bad plan is a 400 naming the field (e.g. "plan.midway.opensAt") and creates nothing. The answer holds the project and the rounds created (see schema RoundPlan).',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProjectInput' } } } },
          responses: { 201: json('the project'), ...errors(400, 401, 403, 409, 415) },
        },
      },
      '/api/projects/{projectId}': {
        get: { summary: 'A project and its rounds', parameters: [project], responses: { 200: json('project'), ...errors(401, 404) } },
      },
      '/api/projects/{projectId}/participants': {
        get: {
          summary: 'Participants (staff of the organisation only; no numbers)',
          parameters: [project],
          responses: { 200: json('participants'), ...errors(401, 404) },
        },
        post: {
          summary: 'Import participants from CSV (columns phone, language, channel)',
          parameters: [project, { name: 'mode', in: 'query', required: false, schema: { type: 'string', enum: ['all-or-nothing', 'valid-only'] } }],
          requestBody: {
            required: true,
            content: {
              'text/csv': { schema: { type: 'string' } },
              'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
            },
          },
          responses: { 200: json('import report'), 422: json('rejected rows; nothing imported'), ...errors(400, 401, 404, 413, 415) },
        },
      },
      '/api/templates': { get: { summary: 'Built-in survey templates', responses: { 200: json('templates'), ...errors(401) } } },
      '/api/surveys': {
        get: { summary: "The organisation's surveys", responses: { 200: json('surveys'), ...errors(401, 403) } },
        post: {
          summary: 'Save a survey definition (JSON)',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { 201: json('saved'), ...errors(400, 401, 403, 409, 415) },
        },
      },
      '/api/surveys/from-template': {
        post: {
          summary: 'Start a survey from a template',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['template'], properties: { template: { type: 'string' }, surveyId: { type: 'string' } } },
              },
            },
          },
          responses: { 201: json('saved'), ...errors(400, 401, 403, 409) },
        },
      },
      '/api/surveys/{surveyId}/versions/{version}': {
        get: {
          summary: 'A survey version',
          parameters: [param('surveyId'), param('version')],
          responses: { 200: json('definition'), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/surveys/{surveyId}/versions/{version}/preview': {
        get: {
          summary: 'The conversation as participants see it',
          parameters: [param('surveyId'), param('version'), param('language', 'query')],
          responses: { 200: json('messages'), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/projects/{projectId}/rounds': {
        get: { summary: 'Rounds with progress', parameters: [project], responses: { 200: json('rounds'), ...errors(401, 404) } },
        post: {
          summary: 'Launch a round: invitations go out through the queue',
          parameters: [project],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RoundInput' } } } },
          responses: { 201: json('round and invitation count'), ...errors(400, 401, 404, 409, 415) },
        },
      },
      '/api/projects/{projectId}/rounds/{roundId}/progress': {
        get: {
          summary: 'Invited, started, completed, opted out per language and channel',
          parameters: [project, round],
          responses: { 200: json('progress'), ...errors(401, 404) },
        },
      },
      '/api/projects/{projectId}/rounds/{roundId}/close': {
        post: { summary: 'Close a round now', parameters: [project, round], responses: { 200: json('closed round'), ...errors(401, 404) } },
      },
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
          parameters: [project, round, separator],
          responses: { 200: csv('answers'), 303: csvLink, ...errors(400, 401, 404) },
        },
      },
      '/api/projects/{projectId}/results.csv': {
        get: {
          summary: 'Anonymized answers of all rounds (CSV)',
          parameters: [project, separator],
          responses: { 200: csv('answers'), 303: csvLink, ...errors(400, 401, 404) },
        },
      },
      '/api/projects/{projectId}/rounds/{roundId}/voice-answers': {
        get: {
          summary: 'Voice answers of a round: status and redacted transcript',
          parameters: [project, round],
          responses: { 200: json('voice answers'), ...errors(401, 404) },
        },
      },
      '/api/voice/queue': {
        get: {
          summary:
            'Voice answers waiting for a person: for interpreters of the network (of other organisations, or independent; only their languages), and for staff and interpreters of the organisation itself only while it allows that. Network listeners get the language and day, nothing naming the organisation, project or person',
          responses: { 200: json("jobs, and the organisation's own-listening choice"), ...errors(401) },
        },
      },
      '/api/voice/own-listening': {
        get: {
          summary: "Whether the caller's organisation lets its own staff and interpreters hear its voice answers, and why",
          responses: { 200: json('setting'), ...errors(401) },
        },
        put: {
          summary: 'Switch own listening on (with the reason, shown beside the queue) or off (staff of the organisation)',
          requestBody: { required: true, content: { 'application/json': { schema: schema(OwnListeningInput) } } },
          responses: { 200: json('setting'), ...errors(400, 401, 403, 415) },
        },
      },
      '/api/interpreters': {
        get: { summary: 'Independent interpreter accounts of the network (coordinators)', responses: { 200: json('interpreters'), ...errors(401, 403, 501) } },
        post: {
          summary:
            'Create an independent interpreter account; the token is in this answer only (coordinators; in AWS accounts are Cognito users of the group "interpreter": 501)',
          requestBody: { required: true, content: { 'application/json': { schema: schema(InterpreterInput) } } },
          responses: { 201: json('account and token'), ...errors(400, 401, 403, 415, 501) },
        },
      },
      '/api/interpreters/{userId}': {
        delete: {
          summary: 'Remove an independent interpreter account; its token stops working',
          parameters: [param('userId')],
          responses: { 204: { description: 'removed' }, ...errors(401, 403, 404, 501) },
        },
      },
      '/api/voice/{jobId}/audio': {
        get: {
          summary:
            'The voice, disguised (pitch and formants shifted, as 16-bit WAV), while it waits for a person; playing it reserves it for this user for 30 minutes (409 while someone else holds it; 422 when it cannot be disguised, and then it is not played)',
          parameters: [param('jobId')],
          responses: { 200: { description: 'audio/wav' }, ...errors(401, 404, 409, 422) },
        },
      },
      '/api/voice/{jobId}/transcript': {
        post: {
          summary: 'Submit a transcript (and optional translation); it is redacted and the audio deleted',
          parameters: [param('jobId')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['transcript'], properties: { transcript: { type: 'string' }, translation: { type: 'string' } } },
              },
            },
          },
          responses: { 200: json('saved'), ...errors(400, 401, 404, 409, 415) },
        },
      },
      '/api/projects/{projectId}/prompts': {
        get: {
          summary:
            'Recorded call prompts per project language: spoken by a voice, or what to read (main language) and which are recorded (staff and interpreters)',
          parameters: [
            project,
            { name: 'round', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'survey', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'version', in: 'query', required: false, schema: { type: 'integer' } },
          ],
          responses: { 200: json('prompts'), ...errors(400, 401, 404) },
        },
      },
      '/api/projects/{projectId}/prompts/studio-code': {
        post: {
          summary: 'A one-time code (8 digits, 4 hours) for recording prompts by phone in the studio',
          parameters: [project],
          responses: { 201: json('code and expiry'), ...errors(401, 404) },
        },
      },
      '/api/projects/{projectId}/prompts/{language}/{promptId}': {
        put: {
          summary: 'Upload a recording of one prompt in one language (MP3 or WAV, at most 2 minutes and 2 MB); replaces an earlier one',
          parameters: [project, param('language'), param('promptId')],
          requestBody: {
            required: true,
            content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } }, 'audio/wav': { schema: { type: 'string', format: 'binary' } } },
          },
          responses: { 201: json('saved'), ...errors(400, 401, 404, 409, 413, 415) },
        },
        delete: {
          summary: 'Delete a recording (to record it again)',
          parameters: [project, param('language'), param('promptId')],
          responses: { 204: { description: 'deleted' }, ...errors(400, 401, 404) },
        },
      },
      '/api/projects/{projectId}/prompts/{language}/{promptId}/audio': {
        get: {
          summary: 'Listen back to a recording',
          parameters: [project, param('language'), param('promptId')],
          responses: { 200: { description: 'audio' }, ...errors(400, 401, 404) },
        },
      },
      '/api/projects/{projectId}/summary': {
        get: {
          summary: 'Counts and means per round, cells under 5 respondents suppressed',
          description:
            '"lifecycle" compares the rounds over the project\'s life: "trends" (mean per round of each scale question asked in two rounds or more, energy first; null where a round did not ask it), "agreement" (per statement asked in two rounds or more, the percent answering true, hidden when fewer than 5 answered or fewer than 5 are on either side), "dyadShifts" (mean of the first and the last round that asked a dyad, and the shift), and "returning" (people who answered several rounds and both the first and the last round with 5 respondents or more, linked by their project-scoped respondent code, which is never shown; their mean paired change in energy when 5 pairs or more).',
          parameters: [project],
          responses: { 200: json('summary'), ...errors(401, 404) },
        },
      },
    },
  };
  return cached;
}
