import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocaleTreeSchema, localeFileText, type LocaleTree } from '../../core/translation/system-tree.js';
import type { WordLists } from '../../core/translation/system-words.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';
import { TEMPLATE_FILES } from '../../flows/templates/files.js';
import { LocaleMeta, SUPPORTED_LANGUAGES } from '../../locales/index.js';
import * as z from '../../kernel/zod.js';

/**
 * The files in the repository that are the source of participant texts: `locales/<lng>/translation.json`
 * with its `meta.json`, and the built-in templates in `flows/templates/`. Read and written under a root
 * directory (the repository; a temporary copy in tests), each checked with zod as it is read.
 */

export interface RepoFile {
  /** Relative to the root, for the report (`locales/ar/meta.json`). */
  path: string;
  text: string;
}

const json = async (root: string, path: string): Promise<unknown> => JSON.parse(await readFile(join(root, path), 'utf8'));

export const translationPath = (language: string): string => `locales/${language}/translation.json`;
export const metaPath = (language: string): string => `locales/${language}/meta.json`;

export async function readTranslation(root: string, language: string): Promise<LocaleTree> {
  return LocaleTreeSchema.parse(await json(root, translationPath(language)));
}

export async function readMeta(root: string, language: string): Promise<LocaleMeta> {
  return LocaleMeta.parse(await json(root, metaPath(language)));
}

const WordsOnly = z.object({ words: z.record(z.string(), z.array(z.string())) });

/** Every supported language's word lists but `except`'s. */
export async function readOtherWords(root: string, except: string): Promise<Record<string, WordLists>> {
  const others = SUPPORTED_LANGUAGES.filter((l) => l !== except);
  const lists = await Promise.all(others.map(async (l) => WordsOnly.parse(await json(root, translationPath(l))).words));
  return Object.fromEntries(others.map((l, i) => [l, lists[i] ?? {}]));
}

export interface TemplateFile {
  path: string;
  /** The file as written (its keys in its order), to change only what the import changes. */
  raw: Record<string, unknown>;
  definition: SurveyDefinition;
}

/** The built-in template with this id (flows/templates/files.ts lists them), or undefined. */
export async function readTemplate(root: string, id: string): Promise<TemplateFile | undefined> {
  for (const file of TEMPLATE_FILES) {
    const path = `flows/templates/${file}`;
    const raw = z.record(z.string(), z.unknown()).parse(await json(root, path));
    if (raw.id !== id) continue;
    return { path, raw, definition: parseSurveyDefinition(raw) };
  }
  return undefined;
}

export async function templateIds(root: string): Promise<string[]> {
  return Promise.all(TEMPLATE_FILES.map(async (file) => String(z.object({ id: z.string() }).parse(await json(root, `flows/templates/${file}`)).id)));
}

export const repoFile = (path: string, value: unknown): RepoFile => ({ path, text: localeFileText(value) });

/**
 * Writes every file, each through a temporary file renamed over it, only after every check passed: an
 * interrupted run leaves each file whole (old or new).
 */
export async function writeRepoFiles(root: string, files: readonly RepoFile[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await writeFile(`${target}.tmp`, file.text, 'utf8');
    await rename(`${target}.tmp`, target);
  }
}
