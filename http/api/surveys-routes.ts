import { Hono } from 'hono';
import { SurveyIdTakenError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import { parseSurveyDefinition, SurveyDefinitionError, type SurveyDefinition } from '../../flows/definition.js';
import { reviewsOf } from '../../core/translation/review.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, type ApiContext, type ApiEnv } from './context.js';
import { readableSurvey, staffOrganisation, versionParam } from './survey-access.js';
import type { AuthoringDeps } from './deps.js';
import { withoutClaimedReviews } from '../../core/authoring/claimed-reviews.js';

const FromTemplate = z.object({
  template: z.string(),
  surveyId: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter'))),
});

const summary = (d: SurveyDefinition, extra: Record<string, unknown> = {}) => ({
  surveyId: d.id,
  version: d.version,
  title: d.title,
  languages: d.languages,
  questions: d.questions.length,
  reviews: reviewsOf(d), // each language's review state, shown before a launch
  ...extra,
});

/** Surveys: upload a definition or start from a template, list versions (the preview: survey-preview-routes.ts). */
export function surveysRoutes(deps: AuthoringDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  const readable = (c: ApiContext, surveyId: string, version: number) => readableSurvey(deps, c, surveyId, version);

  async function save(definition: SurveyDefinition, organisationId: string) {
    if (await deps.templates.find(definition.id)) {
      throw new ApiProblem(400, 'Bad request', 'this id belongs to a built-in template; choose another', [{ field: 'id', message: 'reserved for a template' }]);
    }
    try {
      await deps.directory.saveSurvey(definition, organisationId);
    } catch (error) {
      if (error instanceof SurveyVersionFrozenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'version', message: 'in use: save it as a new version' }]);
      if (error instanceof SurveyIdTakenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'id', message: 'taken by another organisation' }]);
      throw error;
    }
  }

  // Each template's languages with their review states (machine / draft / reviewed): translated in the repository.
  app.get('/api/templates', async (c) => c.json({ templates: (await deps.templates.all()).map((t) => summary(t, { reviews: reviewsOf(t) })) }));

  app.get('/api/surveys', async (c) => {
    const organisationId = staffOrganisation(c);
    const versions = await deps.directory.listSurveys(organisationId);
    const surveys = await Promise.all(
      versions.map(async ({ surveyId, version }) => {
        const record = await deps.directory.getSurveyRecord(surveyId, version);
        return record ? summary(record.definition, { frozen: record.frozen }) : null;
      }),
    );
    return c.json({ surveys: surveys.filter((s) => s !== null) });
  });

  app.post('/api/surveys', async (c) => {
    const organisationId = staffOrganisation(c);
    const raw = await jsonBody(c, z.unknown());
    let definition: SurveyDefinition;
    try {
      definition = parseSurveyDefinition(raw);
    } catch (error) {
      if (error instanceof SurveyDefinitionError) {
        throw new ApiProblem(
          400,
          'Bad request',
          'the survey definition is not valid',
          error.issues.map((i) => ({ field: i.path, message: i.message })),
        );
      }
      throw error;
    }
    definition = withoutClaimedReviews(definition, 'staff', deps.clock.now()); // an upload cannot claim "reviewed"
    await save(definition, organisationId);
    return c.json({ survey: summary(definition, { frozen: false }) }, 201);
  });

  app.post('/api/surveys/from-template', async (c) => {
    const organisationId = staffOrganisation(c);
    const input = await jsonBody(c, FromTemplate);
    const template = await deps.templates.find(input.template);
    if (!template)
      throw new ApiProblem(400, 'Bad request', 'no such template', [
        { field: 'template', message: `one of ${(await deps.templates.all()).map((t) => t.id).join(', ')}` },
      ]);
    const definition = { ...template, id: input.surveyId ?? `${template.id}_${organisationId.replace(/[^a-z0-9]/g, '_')}`.slice(0, 40), version: 1 };
    await save(definition, organisationId);
    return c.json({ survey: summary(definition, { frozen: false }) }, 201);
  });

  app.get('/api/surveys/:surveyId/versions/:version', async (c) => {
    const record = await readable(c, c.req.param('surveyId'), versionParam(c));
    return c.json({ definition: record.definition, frozen: record.frozen });
  });

  return app;
}
