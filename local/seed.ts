import type { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { parseSurveyDefinition } from '../flows/definition.js';
import demoCheckin from '../flows/templates/demo-checkin.json' with { type: 'json' };
import type { Project, Round } from '../core/model.js';

export const DEMO_PROJECT: Project = {
  projectId: 'demo',
  organisationId: 'demo-ocmw',
  name: 'OCMW Demo',
  languages: ['nl', 'fr', 'en', 'ar'],
  fallbackLanguages: ['nl', 'en'],
  joinCode: 'DEMO',
  // Local stand-ins for approved templates: the local outbox shows them with the text they stand for.
  whatsappTemplates: { nl: 'HXdemo0nl', fr: 'HXdemo0fr', en: 'HXdemo0en', ar: 'HXdemo0ar' },
};

export const DEMO_SURVEY = parseSurveyDefinition(demoCheckin);

/** Seed the demo project with an open "start" round of the demo check-in. Safe to run at every start. */
export async function seedDemo(directory: DynamoDbDirectory, now: Date): Promise<{ project: Project; round: Round }> {
  await directory.saveSurvey(DEMO_SURVEY, DEMO_PROJECT.organisationId);
  await directory.putProject(DEMO_PROJECT);
  const year = 365 * 24 * 3600 * 1000;
  const round: Round = {
    projectId: DEMO_PROJECT.projectId,
    roundId: 'demo-start',
    label: 'start',
    surveyId: DEMO_SURVEY.id,
    surveyVersion: DEMO_SURVEY.version,
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: new Date(now.getTime() + year).toISOString(), // kept open: moved a year ahead at each start
    reminderAfterHours: null,
  };
  await directory.putRound(round);
  return { project: DEMO_PROJECT, round };
}
