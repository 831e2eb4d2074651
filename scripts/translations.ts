/**
 * `npm run translations -- <export|import> (--system | --template <id>) --language <lng> --format <xliff|po|csv>`
 *
 * How a translator's or a native speaker's work reaches the repository, whose files are the source of the
 * participant texts (locales/<lng>/translation.json, the built-in templates in flows/templates/):
 *
 *   npm run translations -- export --system --language ar --format po > ar.po
 *   npm run translations -- import --system --language ar --format po --reviewed --by interpreter < ar.po
 *   npm run translations -- export --template statement_probe --language ar --format xliff > sp-ar.xlf
 *   npm run translations -- import --template statement_probe --language ar --format xliff --by staff < sp-ar.xlf
 *
 * Import checks the file (placeholders, script, SMS budgets, nothing missing or extra, command words) and
 * prints every problem; with any problem it writes nothing and exits 1. `--reviewed` marks the language
 * reviewed by the role `--by` (staff, interpreter, coordinator, developer), now; without it, changed texts
 * make the language a draft by that role. `--note` replaces a locale's note for reviewers. `--root` (tests:
 * a temporary copy) is the directory holding locales/ and flows/; by default this repository.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readTranslationFile, writeTranslationFile } from '../adapters/translation-files/index.js';
import { TranslationFileError, TranslationFormatSchema, type TranslationBundle } from '../core/translation/bundle.js';
import { systemBundle } from '../core/translation/system-bundle.js';
import { applySurveyBundle, surveyBundle, surveyBundleName } from '../core/translation/survey-bundle.js';
import { ReviewerRole } from '../flows/definition.js';
import { isSupportedLanguage } from '../locales/index.js';
import * as z from '../kernel/zod.js';
import { importSystem } from './translations/import-system.js';
import { readMeta, readTemplate, readTranslation, repoFile, templateIds, writeRepoFiles, type RepoFile } from './translations/repo-files.js';
import { templateFileAfterImport } from './translations/template-file.js';

const Args = z.object({
  command: z.enum(['export', 'import']),
  system: z.boolean(),
  template: z.optional(z.string()),
  language: z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language code such as "ar"')),
  format: TranslationFormatSchema,
  reviewed: z.boolean(),
  by: z.optional(ReviewerRole),
  note: z.optional(z.string().check(z.minLength(1))),
  root: z.string(),
  file: z.optional(z.string()),
});
type Args = z.infer<typeof Args>;

/** A refusal with its report: nothing was written. */
class Refused extends Error {}

function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      system: { type: 'boolean', default: false },
      template: { type: 'string' },
      language: { type: 'string' },
      format: { type: 'string' },
      reviewed: { type: 'boolean', default: false },
      by: { type: 'string' },
      note: { type: 'string' },
      root: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
      file: { type: 'string' },
    },
  });
  const result = Args.safeParse({ ...values, command: positionals[0] });
  if (!result.success) throw new Refused(result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const args = result.data;
  if (args.system === (args.template !== undefined)) throw new Refused('name what to translate: --system, or --template <id>');
  if (args.command === 'export' && (args.reviewed || args.by || args.note)) throw new Refused('--reviewed, --by and --note are for import');
  return args;
}

async function bundleToExport(args: Args): Promise<TranslationBundle> {
  if (args.template !== undefined) {
    const template = await readTemplate(args.root, args.template);
    if (!template) throw new Refused(`no template "${args.template}": one of ${(await templateIds(args.root)).join(', ')}`);
    return surveyBundle(template.definition, args.language);
  }
  if (!isSupportedLanguage(args.language)) throw new Refused(`the system texts have no language "${args.language}"`);
  const meta = await readMeta(args.root, args.language);
  return systemBundle(await readTranslation(args.root, 'en'), await readTranslation(args.root, args.language), args.language, meta.review);
}

async function readBundle(args: Args): Promise<TranslationBundle> {
  let body = '';
  if (args.file !== undefined) body = await readFile(args.file, 'utf8');
  else for await (const chunk of process.stdin) body += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
  try {
    return readTranslationFile(body, args.format);
  } catch (error) {
    if (error instanceof TranslationFileError) throw new Refused(error.issues.map((i) => `${i.at}: ${i.message}`).join('\n'));
    throw error;
  }
}

async function importTemplate(args: Args & { template: string; by: ReviewerRole }, bundle: TranslationBundle, at: Date): Promise<RepoFile[]> {
  const template = await readTemplate(args.root, args.template);
  if (!template) throw new Refused(`no template "${args.template}": one of ${(await templateIds(args.root)).join(', ')}`);
  const name = surveyBundleName(template.definition);
  if (bundle.kind !== 'survey' || bundle.name !== name || bundle.targetLanguage !== args.language)
    throw new Refused(`(file): this file holds "${bundle.name}" (${bundle.kind}) in ${bundle.targetLanguage}, not "${name}" in ${args.language}`);
  const { definition, problems } = applySurveyBundle(template.definition, bundle, { reviewed: args.reviewed, by: args.by, at });
  if (problems.length > 0) throw new Refused(problems.map((p) => `${p.unit ?? '(file)'}: ${p.message}`).join('\n'));
  if (definition === template.definition) return [];
  return [repoFile(template.path, templateFileAfterImport(template.raw, definition, args.language))];
}

async function main(argv: string[]): Promise<void> {
  const args = parse(argv);
  if (args.command === 'export') {
    process.stdout.write(writeTranslationFile(await bundleToExport(args), args.format).body);
    return;
  }
  const by = args.by;
  if (by === undefined) throw new Refused('--by: who imports, as a role (staff, interpreter, coordinator, developer)');
  const bundle = await readBundle(args);
  const at = new Date();
  let files: RepoFile[];
  if (args.template !== undefined) files = await importTemplate({ ...args, template: args.template, by }, bundle, at);
  else {
    const result = await importSystem({ root: args.root, language: args.language, reviewed: args.reviewed, by, at, note: args.note }, bundle);
    if ('problems' in result) throw new Refused(result.problems.join('\n'));
    files = result.files;
  }
  await writeRepoFiles(args.root, files);
  process.stderr.write(`checked ${bundle.units.length} texts: no problem\n`);
  process.stderr.write(files.length === 0 ? 'nothing changed: no file written\n' : files.map((f) => `wrote ${f.path}\n`).join(''));
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof Refused)) throw error;
  process.stderr.write(`refused, nothing written:\n${error.message}\n`);
  process.exitCode = 1;
}
