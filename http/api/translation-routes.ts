import { Hono } from 'hono';
import { readTranslationFile, writeTranslationFile } from '../../adapters/translation-files/index.js';
import type { Principal } from '../../core/access/principal.js';
import { SurveyVersionExistsError, SurveyVersionFrozenError } from '../../core/directory-errors.js';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import { TranslationFileError, TranslationFormatSchema } from '../../core/translation/bundle.js';
import { mayTranslateAtAll, reviewerRole, translationAccess } from '../../core/translation/access.js';
import { importSurveyTranslation } from '../../core/translation/import-survey.js';
import { reviewsOf } from '../../core/translation/review.js';
import { surveyBundle } from '../../core/translation/survey-bundle.js';
import type { SurveyRecord } from '../../core/ports.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, notFound, queryParams, strictUtf8, type ApiContext, type ApiEnv } from './context.js';
import type { AuthoringDeps } from './deps.js';

const VersionParam = z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(999_999)));
const LanguageParam = z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language code such as "ar"'));
const Download = z.object({ format: z._default(TranslationFormatSchema, 'xliff') });
const Upload = z.object({
  format: z._default(TranslationFormatSchema, 'xliff'),
  /** The importer vouches that a speaker of the language checked every text. */
  reviewed: z._default(z.enum(['true', 'false']), 'false'),
});

/**
 * A survey version's translations (issue 22, item 3): each language's review state, a file per language
 * for translators (XLIFF 2.0, PO, CSV), and that file imported back with checks. Staff of the owning
 * organisation, and its interpreters for their languages (core/translation/access.ts); templates can be
 * read but are translated in the repository, where their files are the source.
 */
export function translationRoutes(deps: AuthoringDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  async function record(c: ApiContext, language: string | null): Promise<SurveyRecord> {
    const principal: Principal = c.get('principal');
    if (!mayTranslateAtAll(principal))
      throw new ApiProblem(403, 'Forbidden', "a survey's translations are managed by staff and interpreters of its organisation");
    const surveyId = c.req.param('surveyId') ?? '';
    const version = VersionParam.safeParse(c.req.param('version'));
    if (!version.success) throw new ApiProblem(400, 'Bad request', 'bad version', [{ field: 'version', message: 'a whole number from 1' }]);
    const found = await deps.directory.getSurveyRecord(surveyId, version.data);
    const template = found ? null : await deps.templates.find(surveyId);
    const survey = found ?? (template && template.version === version.data ? { definition: template, organisationId: TEMPLATE_OWNER, frozen: false } : null);
    if (!survey) throw notFound(`survey "${surveyId}" version ${version.data}`);
    const access = translationAccess(principal, survey.organisationId, language);
    if (access === 'hidden') throw notFound(`survey "${surveyId}" version ${version.data}`);
    if (access === 'forbidden')
      throw new ApiProblem(403, 'Forbidden', 'your account does not interpret this language', [{ field: 'language', message: 'not yours' }]);
    if (language !== null && !survey.definition.languages.includes(language)) {
      throw new ApiProblem(404, 'Not found', `the survey has no texts in "${language}"`, [
        { field: 'language', message: `one of ${survey.definition.languages.join(', ')}` },
      ]);
    }
    return survey;
  }

  function language(c: ApiContext): string {
    const parsed = LanguageParam.safeParse(c.req.param('language'));
    if (!parsed.success) throw new ApiProblem(400, 'Bad request', 'bad language', [{ field: 'language', message: 'a language code such as "ar"' }]);
    return parsed.data;
  }

  app.get('/api/surveys/:surveyId/versions/:version/translations', async (c) => {
    const { definition, frozen, organisationId } = await record(c, null);
    return c.json({
      surveyId: definition.id,
      version: definition.version,
      title: definition.title,
      frozen,
      template: organisationId === TEMPLATE_OWNER,
      sourceLanguage: definition.languages[0],
      languages: reviewsOf(definition),
      formats: ['xliff', 'po', 'csv'],
    });
  });

  app.get('/api/surveys/:surveyId/versions/:version/translations/:language', async (c) => {
    const lng = language(c);
    const { format } = queryParams(c, Download);
    const { definition } = await record(c, lng);
    const file = writeTranslationFile(surveyBundle(definition, lng), format);
    return c.body(file.body, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${definition.id}-v${definition.version}.${lng}.${file.extension}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.post('/api/surveys/:surveyId/versions/:version/translations/:language', async (c) => {
    const lng = language(c);
    const { format, reviewed } = queryParams(c, Upload);
    const survey = await record(c, lng);
    if (survey.organisationId === TEMPLATE_OWNER) {
      throw new ApiProblem(409, 'Conflict', 'a built-in template is translated in the repository; start a survey from it to translate your own copy', [
        { field: 'surveyId', message: 'a built-in template' },
      ]);
    }
    const body = strictUtf8(await c.req.arrayBuffer(), '(body)');
    let bundle;
    try {
      bundle = readTranslationFile(body, format);
    } catch (error) {
      if (!(error instanceof TranslationFileError)) throw error;
      throw new ApiProblem(
        422,
        'Unprocessable content',
        `the file is not a ${format} translation file Stem can read; nothing was saved`,
        error.issues.map((i) => ({ field: i.at, message: i.message })),
        { problems: [] },
      );
    }
    let outcome;
    try {
      outcome = await importSurveyTranslation(deps.directory, survey, bundle, {
        reviewed: reviewed === 'true',
        by: reviewerRole(c.get('principal')),
        at: deps.clock.now(),
        texts: deps.texts,
      });
    } catch (error) {
      if (error instanceof SurveyVersionFrozenError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'version', message: 'launched meanwhile: import again' }]);
      if (error instanceof SurveyVersionExistsError)
        throw new ApiProblem(409, 'Conflict', error.message, [{ field: 'version', message: 'a new version was saved meanwhile: import into it' }]);
      throw error;
    }
    if (!outcome.ok) {
      // Every problem, each with its unit id: the translator fixes the file in one go. Only the survey's own texts are named.
      throw new ApiProblem(
        422,
        'Unprocessable content',
        `${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} in the file; nothing was saved`,
        outcome.problems.map((p) => ({ field: p.unit ?? '(file)', message: `${p.check}: ${p.message}` })),
        { problems: outcome.problems },
      );
    }
    const { definition, changed, newVersion, review } = outcome;
    return c.json({ surveyId: definition.id, version: definition.version, language: lng, changed, newVersion, review });
  });

  /**
   * The organisation's surveys to translate, the latest version of each, with the review states of the
   * languages the caller may review: how an interpreter, who cannot open the staff's survey list, finds
   * their work. Staff see every language; an interpreter only theirs (a survey with none of them is left out).
   */
  app.get('/api/translations/surveys', async (c) => {
    const principal: Principal = c.get('principal');
    if (!mayTranslateAtAll(principal) || principal.role === 'coordinator' || principal.organisationId === null) {
      throw new ApiProblem(403, 'Forbidden', "a survey's translations are managed by staff and interpreters of its organisation");
    }
    const theirs = principal.role === 'interpreter' ? principal.languages : undefined;
    const latest = new Map<string, number>();
    for (const { surveyId, version } of await deps.directory.listSurveys(principal.organisationId)) {
      latest.set(surveyId, Math.max(version, latest.get(surveyId) ?? 0));
    }
    const records = await Promise.all([...latest].map(([surveyId, version]) => deps.directory.getSurveyRecord(surveyId, version)));
    const surveys = records.flatMap((r) => {
      if (!r) return [];
      const languages = reviewsOf(r.definition).filter(
        (l) => l.language !== r.definition.languages[0] && (theirs === undefined || theirs.includes(l.language)),
      );
      if (languages.length === 0) return [];
      return [
        {
          surveyId: r.definition.id,
          version: r.definition.version,
          title: r.definition.title,
          frozen: r.frozen,
          sourceLanguage: r.definition.languages[0],
          languages,
        },
      ];
    });
    return c.json({ surveys });
  });

  return app;
}
