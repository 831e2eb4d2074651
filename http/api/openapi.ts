import { RoundPlan } from '../../core/rounds/plan.js';
import { FeedbackInput } from './feedback-routes.js';
import { CodebookInput } from '../../core/coding/codebook.js';
import { TagInput } from './coding-routes.js';
import { answersPaths } from './openapi-answers.js';
import { codingPaths } from './openapi-coding.js';
import { saidDidPaths } from './openapi-said-did.js';
import { SaidDidInput, StatusInput } from '../../core/feedback/said-did.js';
import { networkPaths } from './openapi-network.js';
import { libraryPaths } from './openapi-library.js';
import { CopyInput, PublishInput } from './library-routes.js';
import { SharingInput } from '../../core/access/sharing.js';
import { projectPaths } from './openapi-projects.js';
import { resultsPaths } from './openapi-results.js';
import { mergePaths, schema } from './openapi-shared.js';
import { surveyDraftPaths } from './openapi-survey-drafts.js';
import { translationPaths } from './openapi-translations.js';
import { voicePaths } from './openapi-voice.js';
import { systemTranslationPaths } from './openapi-system-translations.js';
import { ProjectInput } from './projects-routes.js';
import { RoundInput } from './rounds-routes.js';
import { QuietHoursInput } from '../../core/quiet-hours-input.js';

/**
 * OpenAPI 3.1 description of /api. Request bodies come from the same zod schemas the routes validate
 * with, so the document cannot drift from what the server accepts. The paths are written by concern in
 * openapi-projects.ts, openapi-results.ts and openapi-voice.ts.
 */

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Stem staff and coordinator API',
      version: '1.0.0',
      description:
        'Projects, participants, surveys, rounds and anonymized results. Authenticate with "Authorization: Bearer <token>". Staff see their own organisation only (another organisation\'s project answers 404); coordinators read of each project what its organisation shares with the network (nothing, the released summary, coded themes, or rows; a project not shared answers 404) and never contacts. Every malformed request gets an RFC 9457 problem body whose "errors" name the fields.',
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
            missingLanguages: {
              description: 'A launch refused for project languages the survey lacks: each, and what those participants would get instead',
              type: 'array',
              items: { type: 'object', properties: { language: { type: 'string' }, getsLanguage: { type: 'string' } } },
            },
          },
        },
        ProjectInput: schema(ProjectInput),
        RoundInput: schema(RoundInput),
        /** The same schema as ProjectInput.plan, on its own for readers. */
        RoundPlan: schema(RoundPlan),
        FeedbackInput: schema(FeedbackInput),
        QuietHours: schema(QuietHoursInput),
        CodebookInput: schema(CodebookInput),
        TagInput: schema(TagInput),
        SaidDidInput: schema(SaidDidInput),
        SaidDidStatusInput: schema(StatusInput),
        SharingInput: schema(SharingInput),
        LibraryPublishInput: schema(PublishInput),
        LibraryCopyInput: schema(CopyInput),
      },
    },
    paths: mergePaths(
      {
        ...projectPaths(),
        ...resultsPaths(),
        ...voicePaths(),
        ...codingPaths(),
        ...saidDidPaths(),
        ...networkPaths(),
        ...libraryPaths(),
        ...answersPaths(),
        ...systemTranslationPaths(),
        ...translationPaths(),
      },
      surveyDraftPaths(),
    ),
  };
  return cached;
}
