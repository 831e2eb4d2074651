import { Hono } from 'hono';
import { SurveyIdTakenError, SurveyVersionExistsError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import { defaultCopyId, libraryAccess, libraryCopy, libraryEntryId, LibraryEntryId, libraryEntryView, type LibraryEntry } from '../../core/library/library.js';
import { parseSurveyDefinition, SurveyDefinitionError, type SurveyDefinition } from '../../flows/definition.js';
import { reviewsOf } from '../../core/translation/review.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, jsonBody, notFound, type ApiContext, type ApiEnv } from './context.js';
import type { AuthoringDeps } from './deps.js';

const SurveyId = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter, at most 40 characters'));
export const PublishInput = z.strictObject({ surveyId: SurveyId, version: z.int().check(z.minimum(1)) });
export const CopyInput = z.strictObject({ surveyId: z.optional(SurveyId) });

type LibraryDeps = Pick<AuthoringDeps, 'library' | 'directory' | 'templates' | 'users' | 'clock'>;

/**
 * The network's shared library (core/library/library.ts): list, publish one of the organisation's survey
 * versions, copy an entry into the organisation's surveys (with its review states), withdraw an entry.
 */
export function libraryRoutes(deps: LibraryDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  function reader(c: ApiContext) {
    const access = libraryAccess(c.get('principal'));
    if (!access.read) throw new ApiProblem(403, 'Forbidden', "the network's library is for staff and coordinators");
    return access;
  }

  function staffOrganisation(c: ApiContext): string {
    const { organisationId } = reader(c);
    if (organisationId === null) throw new ApiProblem(403, 'Forbidden', 'only staff of an organisation publish, copy or withdraw surveys');
    return organisationId;
  }

  function entryIdOf(c: ApiContext): string {
    const parsed = LibraryEntryId.safeParse(c.req.param('entryId'));
    if (!parsed.success) throw new ApiProblem(400, 'Bad request', 'bad entry id', [{ field: 'entryId', message: 'a library entry id such as "check_in-v2"' }]);
    return parsed.data;
  }

  /** Organisation names, each read once per request. */
  function namer() {
    const names = new Map<string, Promise<string>>();
    return (organisationId: string): Promise<string> => {
      let name = names.get(organisationId);
      if (!name) {
        name = deps.users.getOrganisation(organisationId).then((o) => o?.name ?? organisationId);
        names.set(organisationId, name);
      }
      return name;
    };
  }

  const view = async (entry: LibraryEntry, name: (id: string) => Promise<string>, viewer: string | null) =>
    libraryEntryView(entry, await name(entry.organisationId), viewer);

  app.get('/api/library', async (c) => {
    const { organisationId } = reader(c);
    const name = namer();
    const entries = await deps.library.list();
    return c.json({ entries: await Promise.all(entries.map((e) => view(e, name, organisationId))) });
  });

  app.post('/api/library', async (c) => {
    const organisationId = staffOrganisation(c);
    const input = await jsonBody(c, PublishInput);
    const record = await deps.directory.getSurveyRecord(input.surveyId, input.version);
    // Another organisation's survey (or none): as missing as on /api/surveys.
    if (!record || record.organisationId !== organisationId)
      throw new ApiProblem(404, 'Not found', `no survey "${input.surveyId}" version ${input.version} of your organisation`, [
        { field: 'surveyId', message: 'one of your surveys' },
      ]);
    const { entry, created } = await deps.library.publish({
      entryId: libraryEntryId(input.surveyId, input.version),
      organisationId,
      surveyId: input.surveyId,
      version: input.version,
      publishedAt: deps.clock.now().toISOString(),
      definition: record.definition,
    });
    return c.json({ entry: await view(entry, namer(), organisationId) }, created ? 201 : 200);
  });

  app.post('/api/library/:entryId/copy', async (c) => {
    const organisationId = staffOrganisation(c);
    const entryId = entryIdOf(c);
    const input = await jsonBody(c, CopyInput);
    const entry = await deps.library.get(entryId);
    if (!entry) throw notFound(`library entry "${entryId}"`);
    const surveyId = input.surveyId ?? defaultCopyId(entry, organisationId);
    const taken = (message: string) => new ApiProblem(409, 'Conflict', `survey id "${surveyId}" is taken; choose another`, [{ field: 'surveyId', message }]);
    if (await deps.templates.find(surveyId)) throw taken('reserved for a built-in template');
    // Never over a survey of one's own: saving version 1 again would replace its draft.
    const existing = await deps.directory.getSurveyRecord(surveyId, 1);
    if (existing) throw taken(existing.organisationId === organisationId ? 'you already have a survey with this id' : 'taken by another organisation');
    let definition: SurveyDefinition;
    try {
      definition = parseSurveyDefinition(libraryCopy(entry, surveyId));
    } catch (error) {
      // The snapshot was valid when published; a rule added since may refuse it. Say which.
      if (error instanceof SurveyDefinitionError)
        throw new ApiProblem(
          422,
          'Unprocessable',
          'the published survey does not pass the current checks',
          error.issues.map((i) => ({ field: i.path, message: i.message })),
        );
      throw error;
    }
    try {
      await deps.directory.saveSurvey(definition, organisationId, { create: true });
    } catch (error) {
      if (error instanceof SurveyIdTakenError) throw taken('taken by another organisation');
      if (error instanceof SurveyVersionExistsError) throw taken('you already have a survey with this id');
      if (error instanceof SurveyVersionFrozenError) throw taken('you already have a survey with this id');
      throw error;
    }
    const { id, version, title, languages, questions } = definition;
    return c.json(
      { survey: { surveyId: id, version, title, languages, questions: questions.length, reviews: reviewsOf(definition), frozen: false, from: entry.entryId } },
      201,
    );
  });

  app.delete('/api/library/:entryId', async (c) => {
    const organisationId = staffOrganisation(c);
    const entryId = entryIdOf(c);
    const outcome = await deps.library.withdraw(entryId, organisationId);
    if (outcome === 'not-found') throw notFound(`library entry "${entryId}"`);
    if (outcome === 'not-publisher') throw new ApiProblem(403, 'Forbidden', 'only the organisation that published an entry withdraws it');
    return c.body(null, 204);
  });

  return app;
}
