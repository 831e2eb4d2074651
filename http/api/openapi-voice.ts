import { errors, json, param, project, schema } from './openapi-shared.js';
import { InterpreterInput, OwnListeningInput } from './transcription-queue-routes.js';
import { VoiceNotesInput } from './voice-notes-routes.js';

/** The human transcription queue, interpreter accounts and recorded call prompts: the paths of the OpenAPI description. */
export function voicePaths(): Record<string, unknown> {
  return {
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
    '/api/projects/{projectId}/voice-notes': {
      get: {
        summary:
          'WhatsApp questions as voice notes: the mode (text, voice-and-text, voice-first) and per language how its questions are heard (voice, recordings, some-recordings, or text only until prompts are recorded); staff of the organisation',
        parameters: [project],
        responses: { 200: json('mode and languages'), ...errors(401, 404) },
      },
      put: {
        summary:
          'Choose how WhatsApp questions go: text, voice-and-text (the question written, then its voice note) or voice-first (the voice note, then the answer options)',
        parameters: [project],
        requestBody: { required: true, content: { 'application/json': { schema: schema(VoiceNotesInput) } } },
        responses: { 200: json('mode and languages'), ...errors(400, 401, 404, 415) },
      },
    },
    '/api/projects/{projectId}/prompts/{language}/{promptId}/audio': {
      get: {
        summary: 'Listen back to a recording',
        parameters: [project, param('language'), param('promptId')],
        responses: { 200: { description: 'audio' }, ...errors(400, 401, 404) },
      },
    },
  };
}
