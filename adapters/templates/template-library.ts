import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SurveyTemplates } from '../../core/ports.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';
import { BUNDLED_TEMPLATE_DIR, TEMPLATE_FILES } from '../../flows/templates/files.js';

/**
 * The built-in templates staff can start a survey from (validated like any uploaded definition). Each has
 * its texts in all eight shipped languages and an `about` for staff (nl, fr, en); see
 * tests/unit/templates.test.ts. The demo survey (demo-checkin.json) is seeded separately and is no template.
 */

/** In flows/templates (source, tests, local stack), else in `templates/` beside the bundle (Lambda). */
function templatePath(file: string): string {
  const here = fileURLToPath(new URL(`../../flows/templates/${file}`, import.meta.url));
  return existsSync(here) ? here : fileURLToPath(new URL(`./${BUNDLED_TEMPLATE_DIR}/${file}`, import.meta.url));
}

async function readTemplates(): Promise<readonly SurveyDefinition[]> {
  return Promise.all(TEMPLATE_FILES.map(async (file) => parseSurveyDefinition(JSON.parse(await readFile(templatePath(file), 'utf8')))));
}

let loaded: Promise<readonly SurveyDefinition[]> | undefined;

/** Every template, read and checked once per process (a broken file fails the first request loudly). */
export function templates(): Promise<readonly SurveyDefinition[]> {
  loaded ??= readTemplates().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

export async function findTemplate(id: string): Promise<SurveyDefinition | undefined> {
  return (await templates()).find((t) => t.id === id);
}

/** The SurveyTemplates port over the files above. */
export const templateLibrary: SurveyTemplates = { all: templates, find: findTemplate };
