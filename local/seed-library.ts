import type { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import type { DynamoDbLibrary } from '../adapters/dynamodb/library.js';
import { libraryEntryId } from '../core/library/library.js';
import type { SurveyTemplates } from '../core/ports.js';
import { EXEMPLE_PROJECT } from './seed.js';

/** The survey the Exemple organisation shares with the network in the local demo. */
export const EXEMPLE_SHARED_SURVEY = { template: 'statement_probe', surveyId: 'affirmations_exemple' } as const;

/**
 * The network's library is not empty in the demo: the CPAS Exemple saved the statements template as a
 * survey of its own and published it, so demo staff can copy it (with its languages' review states, as
 * the template's files have them: nothing is marked reviewed here that no person reviewed). Safe at every
 * start: the same definition saves again while unused, and publishing again changes nothing.
 */
export async function seedLibrary(deps: { directory: DynamoDbDirectory; library: DynamoDbLibrary; templates: SurveyTemplates }, now: Date): Promise<void> {
  const template = await deps.templates.find(EXEMPLE_SHARED_SURVEY.template);
  if (!template) throw new Error(`no template ${EXEMPLE_SHARED_SURVEY.template} to seed the library with`);
  const definition = { ...template, id: EXEMPLE_SHARED_SURVEY.surveyId, version: 1 };
  const { organisationId } = EXEMPLE_PROJECT;
  // Staff of the Exemple may have launched or changed it since: then it stays as they left it.
  if (!(await deps.directory.getSurveyRecord(definition.id, 1))) await deps.directory.saveSurvey(definition, organisationId);
  const saved = await deps.directory.getSurveyRecord(definition.id, 1);
  if (!saved || saved.organisationId !== organisationId) return;
  await deps.library.publish({
    entryId: libraryEntryId(definition.id, 1),
    organisationId,
    surveyId: definition.id,
    version: 1,
    publishedAt: now.toISOString(),
    definition: saved.definition,
  });
}
