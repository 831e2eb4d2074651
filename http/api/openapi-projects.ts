import { errors, json, param, project, round } from './openapi-shared.js';

/** /api/me, projects and their participants, templates and surveys, rounds: the paths of the OpenAPI description. */
export function projectPaths(): Record<string, unknown> {
  return {
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
    '/api/projects/{projectId}/quiet-hours': {
      get: {
        summary: 'When nobody is contacted (isDefault: the project has not chosen, nights 21:00–09:00 in Brussels)',
        parameters: [project],
        responses: { 200: json('quiet hours'), ...errors(401, 404) },
      },
      put: {
        summary: 'Set when nobody is contacted',
        description:
          'A weekly set of blocked intervals in a time zone: each block from "from" (HH:MM) on each of its "days" (mon…sun) to "to" ("24:00" is midnight; a "to" at or before "from" ends the next day). Invitations, reminders, calls and "you said, we did" wait for the next allowed time, read on the wall clock of the zone (a night is 11 hours in March, 13 in October); replies to someone who writes in never wait. "blocks": [] contacts at any hour.',
        parameters: [project],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['quietHours'], properties: { quietHours: { $ref: '#/components/schemas/QuietHours' } } },
            },
          },
        },
        responses: { 200: json('the quiet hours saved'), ...errors(400, 401, 404, 415) },
      },
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
        summary: 'The survey as participants get it, per language and channel',
        description:
          'Each question as the conversation asks it, built by its own code. "channel" (default sms): sms gives each message with "sms": {"parts", "encoding": GSM-7 | UCS-2} (the consent\'s promise and its question are one message); whatsapp gives "whatsapp": {"messages" in the order sent (text, voice-note, picture, taps), "buttons" [{id, label}] as WhatsApp shows them, "list" (its button, when they go as a list; null for buttons), "picture" (the triad\'s signed picture path, relative to the service URL), "voiceNote" {text, language} or null}; voice gives "voice": {"prompts": [{text, language, recorded}]} (recorded: a recording plays instead of a voice). "voiceNotes" (text | voice-and-text | voice-first; default the project\'s, else text) tries a WhatsApp voice-note mode. A participant language the survey lacks is shown as those participants get it ("missing": true, "shownIn": the first of their chain the survey has; "projectId" names the project whose fallback languages make the chain). A bad parameter is a 400 naming it.',
        parameters: [
          param('surveyId'),
          param('version'),
          param('language', 'query'),
          param('projectId', 'query'),
          { name: 'channel', in: 'query', required: false, schema: { type: 'string', enum: ['sms', 'whatsapp', 'voice'], default: 'sms' } },
          { name: 'voiceNotes', in: 'query', required: false, schema: { type: 'string', enum: ['text', 'voice-and-text', 'voice-first'] } },
        ],
        responses: { 200: json('messages'), ...errors(400, 401, 403, 404) },
      },
    },
    '/api/projects/{projectId}/rounds': {
      get: { summary: 'Rounds with progress', parameters: [project], responses: { 200: json('rounds'), ...errors(401, 404) } },
      post: {
        summary: 'Launch a round: invitations go out through the queue',
        description:
          'A survey that lacks one of the project\'s languages is refused (409, "missingLanguages": each language and what those participants would get instead) unless "acceptMissingLanguages" names them. In quiet hours the invitations wait for their end ("quietUntil").',
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
  };
}
