import { Hono } from 'hono';
import { writeTranslationFile } from '../../adapters/translation-files/index.js';
import type { Principal } from '../../core/access/principal.js';
import { TranslationFormatSchema } from '../../core/translation/bundle.js';
import { SYSTEM_SOURCE_LANGUAGE, systemBundle } from '../../core/translation/system-bundle.js';
import type { LocaleTree } from '../../core/translation/system-tree.js';
import * as z from '../../kernel/zod.js';
import { isSupportedLanguage, localeMeta, SUPPORTED_LANGUAGES, translations, type Language } from '../../locales/index.js';
import { ApiProblem, queryParams, type ApiContext, type ApiEnv } from './context.js';

/**
 * The system texts (locales/<lng>/translation.json: what Stem itself says to participants) for
 * translators: each language with its review state, and a language's texts as a file to download.
 * There is no import here: the files in the repository are the source, and a reviewed file comes back
 * through `npm run translations -- import` and a pull request (scripts/translations.ts).
 *
 * Staff and interpreters read them (an interpreter whose account names languages downloads only those);
 * coordinators have nothing to translate here.
 */

const Download = z.object({ format: z._default(TranslationFormatSchema, 'xliff') });

const tree = (language: Language): LocaleTree => translations[language];

function translator(c: ApiContext): Principal {
  const p = c.get('principal');
  if (p.role === 'coordinator') throw new ApiProblem(403, 'Forbidden', 'the system texts are translated by staff and interpreters');
  return p;
}

export function systemTranslationRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/translations/system', (c) => {
    translator(c);
    return c.json({
      sourceLanguage: SYSTEM_SOURCE_LANGUAGE,
      languages: SUPPORTED_LANGUAGES.map((language) => {
        const meta = localeMeta[language];
        return { language, name: meta.name, englishName: meta.englishName, dir: meta.dir, review: meta.review };
      }),
    });
  });

  app.get('/api/translations/system/:language', (c) => {
    const p = translator(c);
    const language = c.req.param('language');
    if (!isSupportedLanguage(language)) throw new ApiProblem(404, 'Not found', `no system texts in "${language}"`);
    if (p.role === 'interpreter' && p.languages !== undefined && !p.languages.includes(language))
      throw new ApiProblem(403, 'Forbidden', 'your account interprets other languages');
    const { format } = queryParams(c, Download);
    const bundle = systemBundle(tree('en'), tree(language), language, localeMeta[language].review);
    const file = writeTranslationFile(bundle, format);
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="stem-system-${language}.${file.extension}"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
