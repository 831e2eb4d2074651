import { Hono } from 'hono';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import { SurveyIdTakenError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition, SurveyDefinitionError, type SurveyDefinition } from '../../flows/definition.js';
import { consentPromise, renderQuestion } from '../../core/conversation/render.js';
import { languageChain } from '../../core/texts.js';
import type { Principal } from '../../core/access/principal.js';
import { canUseSurvey } from '../../core/access/authorize.js';
import { reviewsOf } from '../../core/translation/review.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, notFound, projectFor, queryParams, type ApiContext, type ApiEnv } from './context.js';
import { isSupportedLanguage, localeMeta } from '../../locales/index.js';
import { questionChain, questionLanguage } from '../../core/conversation/question-language.js';
import type { AuthoringDeps } from './deps.js';

const FromTemplate = z.object({
  template: z.string(),
  surveyId: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter'))),
});
const Preview = z.object({
  language: z.optional(z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language code such as "ar"'))),
  /** The project whose fallback languages decide what a participant in a language the survey lacks gets. */
  projectId: z.optional(z.string().check(z.maxLength(40))),
});
const VersionParam = z.pipe(z.coerce.number(), z.int().check(z.minimum(1)));

function staffOrganisation(c: ApiContext): string {
  const p: Principal = c.get('principal');
  if (p.role !== 'staff') throw new ApiProblem(403, 'Forbidden', 'surveys are managed by staff of an organisation');
  return p.organisationId;
}

const summary = (d: SurveyDefinition, extra: Record<string, unknown> = {}) => ({
  surveyId: d.id,
  version: d.version,
  title: d.title,
  languages: d.languages,
  questions: d.questions.length,
  ...extra,
});

/** Surveys: upload a definition or start from a template, list versions, preview the conversation. */
export function surveysRoutes(deps: AuthoringDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function readable(c: ApiContext, surveyId: string, version: number) {
    staffOrganisation(c); // only staff of an organisation read surveys
    const record = await deps.directory.getSurveyRecord(surveyId, version);
    const template = await deps.templates.find(surveyId);
    if (record && canUseSurvey(c.get('principal'), record.organisationId)) return record;
    if (!record && template && template.version === version) return { definition: template, organisationId: TEMPLATE_OWNER, frozen: false };
    throw notFound(`survey "${surveyId}" version ${version}`);
  }

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
    const version = VersionParam.safeParse(c.req.param('version'));
    if (!version.success) throw new ApiProblem(400, 'Bad request', 'bad version', [{ field: 'version', message: 'a whole number from 1' }]);
    const record = await readable(c, c.req.param('surveyId'), version.data);
    return c.json({ definition: record.definition, frozen: record.frozen });
  });

  /**
   * The conversation as a participant would see it, message by message, in one language. A participant
   * language the survey lacks is shown as such a participant gets it (the first of the project's fallbacks,
   * or the survey's languages, that the survey has) and says so: `missing`, and `shownIn`.
   */
  app.get('/api/surveys/:surveyId/versions/:version/preview', async (c) => {
    const version = VersionParam.safeParse(c.req.param('version'));
    if (!version.success) throw new ApiProblem(400, 'Bad request', 'bad version', [{ field: 'version', message: 'a whole number from 1' }]);
    const { definition } = await readable(c, c.req.param('surveyId'), version.data);
    const { language = definition.languages[0] ?? 'en', projectId } = queryParams(c, Preview);
    const missing = !definition.languages.includes(language);
    if (missing && !isSupportedLanguage(language)) {
      throw new ApiProblem(400, 'Bad request', 'the survey has no texts in that language, and participants cannot choose it', [
        { field: 'language', message: `one of ${definition.languages.join(', ')}` },
      ]);
    }
    const fallbacks = projectId ? (await projectFor(c, deps.directory, projectId, 'project:read')).fallbackLanguages : [];
    const chain = languageChain(language, fallbacks); // as a participant of that project has it
    const shownIn = questionLanguage(chain, definition.languages);
    const compiled = compileSurvey(definition);
    // As an SMS shows it: the consent's promise and its question go in one message (one TwiML <Message>),
    // so both in the question's language.
    const asked = questionChain(chain, definition.languages);
    const messages = [...compiled.askables.values()].map((q) => ({
      questionId: q.id,
      kind: q.kind,
      text: [consentPromise(q, false, asked, deps.texts), renderQuestion(q, false, asked, definition, deps.texts, 'sms')]
        .filter((t) => t !== null)
        .join('\n\n'),
    }));
    const dir = isSupportedLanguage(shownIn) ? localeMeta[shownIn].dir : 'ltr';
    return c.json({ language, shownIn, missing, dir, messages });
  });

  return app;
}
