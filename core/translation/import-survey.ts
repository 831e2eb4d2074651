import type { LanguageReview, SurveyDefinition } from '../../flows/definition.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import type { StaffDirectory, SurveyRecord } from '../ports.js';
import type { TranslationBundle } from './bundle.js';
import type { TranslationProblem } from './checks.js';
import { reviewOf } from './review.js';
import { applySurveyBundle, type ApplyOptions } from './survey-bundle.js';

export type ImportOutcome =
  | { ok: false; problems: TranslationProblem[] }
  | { ok: true; definition: SurveyDefinition; changed: boolean; newVersion: boolean; review: LanguageReview };

/**
 * A translated file saved into a survey: checked and applied (survey-bundle.ts); then, when it changed
 * anything, written into the same version while that is a draft, or else — a launched version stays as
 * participants were asked it — into a new draft version after the survey's latest. A file with problems,
 * or one that changes nothing, writes nothing.
 */
export async function importSurveyTranslation(
  directory: Pick<StaffDirectory, 'listSurveys' | 'saveSurvey'>,
  record: SurveyRecord,
  bundle: TranslationBundle,
  options: ApplyOptions,
): Promise<ImportOutcome> {
  const { definition, problems } = applySurveyBundle(record.definition, bundle, options);
  if (problems.length > 0) return { ok: false, problems };
  const language = bundle.targetLanguage;
  if (definition === record.definition) return { ok: true, definition, changed: false, newVersion: false, review: reviewOf(definition, language) };
  let version = definition.version;
  if (record.frozen) {
    const versions = (await directory.listSurveys(record.organisationId)).filter((v) => v.surveyId === definition.id).map((v) => v.version);
    version = Math.max(definition.version, ...versions) + 1;
  }
  // Parsed again, as every definition is before it is stored (texts trimmed, every rule of the schema).
  const saved = parseSurveyDefinition({ ...definition, version });
  // A new version only where none is: two imports at once into a launched version never overwrite each other.
  await directory.saveSurvey(saved, record.organisationId, { create: record.frozen });
  return { ok: true, definition: saved, changed: true, newVersion: record.frozen, review: reviewOf(saved, language) };
}
