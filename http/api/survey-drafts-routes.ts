import { Hono } from 'hono';
import { blankSurvey, CONSENT_SOURCE } from '../../core/authoring/blank-survey.js';
import { SurveyIdTakenError, SurveyVersionExistsError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import type { SurveyRecord } from '../../core/ports.js';
import { reviewsAfterEdit, reviewsOf } from '../../core/translation/review.js';
import { SurveyDefinition } from '../../flows/definition.js';
import { fieldIssues } from '../../kernel/validation.js';
import * as z from '../../kernel/zod.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { ApiProblem, jsonBody, notFound, type ApiContext, type ApiEnv } from './context.js';
import type { AuthoringDeps } from './deps.js';

/**
 * The survey editor's API (issue 22, item 1): start a blank survey, save a draft version whole, and make
 * a new draft from a frozen (launched) version, which itself never changes. Staff of the owning
 * organisation only; another organisation's survey is a 404, as if it did not exist.
 *
 * Review states are the server's: a save computes them with `reviewsAfterEdit` from the stored version
 * and whatever `reviews` the body carries is ignored, so no edit makes a language `reviewed` (only the
 * translation workflow does).
 */

const SurveyId = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter, at most 40 characters'));
export const NewSurveyInput = z.strictObject({
  surveyId: SurveyId,
  /** The first is the survey's main language. Participants can choose only these eight. */
  languages: z.array(z.enum(SUPPORTED_LANGUAGES)).check(
    z.minLength(1),
    z.refine((l) => new Set(l).size === l.length, 'each language once'),
  ),
  /** The title in every one of `languages`. */
  title: z.record(z.string(), z.string()),
});
const VersionParam = z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(999_999)));
/** Every issue of a definition for the editor (a new language leaves each text missing), bounded by the body limit. */
const MAX_EDITOR_ISSUES = 500;

function staffOf(c: ApiContext): string {
  const p = c.get('principal');
  if (p.role !== 'staff') throw new ApiProblem(403, 'Forbidden', 'surveys are managed by staff of an organisation');
  return p.organisationId;
}

function versionOf(c: ApiContext): number {
  const v = VersionParam.safeParse(c.req.param('version'));
  if (!v.success) throw new ApiProblem(400, 'Bad request', 'bad version', [{ field: 'version', message: 'a whole number from 1' }]);
  return v.data;
}

const summary = (d: SurveyDefinition, frozen: boolean) => ({
  surveyId: d.id,
  version: d.version,
  title: d.title,
  languages: d.languages,
  questions: d.questions.length,
  frozen,
  reviews: reviewsOf(d),
});

function invalid(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): ApiProblem {
  return new ApiProblem(400, 'Bad request', 'the survey definition is not valid', fieldIssues(error, '(body)', MAX_EDITOR_ISSUES));
}

export function surveyDraftsRoutes(deps: AuthoringDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  /** The organisation's own version, or 404 (another organisation's, a template's, or none). */
  async function ownVersion(c: ApiContext): Promise<{ record: SurveyRecord; organisationId: string; surveyId: string; version: number }> {
    const organisationId = staffOf(c);
    const surveyId = c.req.param('surveyId') ?? '';
    const version = versionOf(c);
    const record = await deps.directory.getSurveyRecord(surveyId, version);
    if (!record || record.organisationId !== organisationId) throw notFound(`survey "${surveyId}" version ${version}`);
    return { record, organisationId, surveyId, version };
  }

  async function store(definition: SurveyDefinition, organisationId: string, opts: { create?: boolean } = {}): Promise<void> {
    try {
      await deps.directory.saveSurvey(definition, organisationId, opts);
    } catch (error) {
      if (error instanceof SurveyVersionExistsError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'version', message: 'saved by someone else a moment ago: load it again' }]);
      if (error instanceof SurveyVersionFrozenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'version', message: 'in use: make a new draft from it' }]);
      if (error instanceof SurveyIdTakenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'surveyId', message: 'taken by another organisation' }]);
      throw error;
    }
  }

  app.post('/api/surveys/new', async (c) => {
    const organisationId = staffOf(c);
    const input = await jsonBody(c, NewSurveyInput);
    // A template's id stays the template's (as for uploads); an id in use is never overwritten by a blank survey.
    if (await deps.templates.find(input.surveyId)) {
      throw new ApiProblem(400, 'Bad request', 'this id belongs to a built-in template; choose another', [
        { field: 'surveyId', message: 'reserved for a template' },
      ]);
    }
    if (await deps.directory.getSurveyRecord(input.surveyId, 1)) {
      throw new ApiProblem(409, 'Conflict', `survey id ${input.surveyId} is in use; choose another id`, [{ field: 'surveyId', message: 'in use' }]);
    }
    const source = await deps.templates.find(CONSENT_SOURCE);
    if (!source) throw new Error(`the template ${CONSENT_SOURCE} is missing`);
    const parsed = SurveyDefinition.safeParse(blankSurvey(input, source, 'staff', deps.clock.now()));
    if (!parsed.success) throw invalid(parsed.error);
    await store(parsed.data, organisationId, { create: true });
    return c.json({ survey: summary(parsed.data, false), definition: parsed.data }, 201);
  });

  app.put('/api/surveys/:surveyId/versions/:version', async (c) => {
    const { record, organisationId, surveyId, version } = await ownVersion(c);
    if (record.frozen)
      throw new ApiProblem(409, 'Conflict', 'this version is in use and cannot change', [{ field: 'version', message: 'in use: make a new draft from it' }]);
    const parsed = SurveyDefinition.safeParse(await jsonBody(c, z.unknown()));
    if (!parsed.success) throw invalid(parsed.error);
    const edited = parsed.data;
    const mismatch = [
      ...(edited.id === surveyId ? [] : [{ field: 'id', message: `must be "${surveyId}", as in the address` }]),
      ...(edited.version === version ? [] : [{ field: 'version', message: `must be ${version}, as in the address` }]),
    ];
    if (mismatch.length) throw new ApiProblem(400, 'Bad request', 'the definition is not the one addressed', mismatch);
    const definition: SurveyDefinition = { ...edited, reviews: reviewsAfterEdit(record.definition, edited, 'staff', deps.clock.now()) };
    await store(definition, organisationId);
    return c.json({ survey: summary(definition, false), definition });
  });

  app.post('/api/surveys/:surveyId/versions/:version/draft', async (c) => {
    const { record, organisationId, surveyId, version } = await ownVersion(c);
    if (!record.frozen) {
      throw new ApiProblem(409, 'Conflict', 'this version is a draft: edit it as it is', [{ field: 'version', message: 'not in use: edit it' }]);
    }
    const versions = (await deps.directory.listSurveys(organisationId)).filter((s) => s.surveyId === surveyId).map((s) => s.version);
    // Its texts and their review states as they are: nothing changed yet.
    const definition: SurveyDefinition = { ...record.definition, version: Math.max(version, ...versions) + 1 };
    await store(definition, organisationId, { create: true });
    return c.json({ survey: summary(definition, false), definition }, 201);
  });

  return app;
}
