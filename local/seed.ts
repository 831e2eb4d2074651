import type { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import type { DynamoDbUsers } from '../adapters/dynamodb/users.js';
import type { Principal } from '../core/access/principal.js';
import { parseSurveyDefinition } from '../flows/definition.js';
import demoCheckin from '../flows/templates/demo-checkin.json' with { type: 'json' };
import type { Project, Round } from '../core/model.js';
import { NO_QUIET_HOURS } from '../core/quiet-hours.js';

export const DEMO_PROJECT: Project = {
  projectId: 'demo',
  organisationId: 'demo-ocmw',
  name: 'OCMW Demo',
  languages: ['nl', 'fr', 'en', 'ar'],
  fallbackLanguages: ['nl', 'en'],
  joinCode: 'DEMO',
  // Local stand-ins for approved templates: the local outbox shows them with the text they stand for.
  whatsappTemplates: { nl: 'HXdemo0nl', fr: 'HXdemo0fr', en: 'HXdemo0en', ar: 'HXdemo0ar' },
  // The local service number: calling it (in the simulator) takes a stranger into the demo.
  callNumber: '+3225550100',
  // The demo is tried (and tested) at any hour: its invitations go out at night too. A real project that
  // does not choose gets nights (core/quiet-hours.ts); the dashboard shows and sets them per project.
  quietHours: NO_QUIET_HOURS,
};

export const DEMO_SURVEY = parseSurveyDefinition(demoCheckin);

/**
 * Seed the demo project with a "start" round of the demo check-in, open for a year. Safe to run at every
 * start. `over`: how its WhatsApp questions go (`npm start` lets them be heard; tests keep them written).
 */
export async function seedDemo(directory: DynamoDbDirectory, now: Date, over: Pick<Project, 'voiceNotes'> = {}): Promise<{ project: Project; round: Round }> {
  await directory.saveSurvey(DEMO_SURVEY, DEMO_PROJECT.organisationId);
  await directory.putProject({ ...DEMO_PROJECT, ...over });
  const year = 365 * 24 * 3600 * 1000;
  const round: Round = {
    projectId: DEMO_PROJECT.projectId,
    roundId: 'demo-start',
    label: 'start',
    surveyId: DEMO_SURVEY.id,
    surveyVersion: DEMO_SURVEY.version,
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: new Date(now.getTime() + year).toISOString(),
    reminderAfterHours: null,
  };
  // Only the first time: a round staff closed stays closed across restarts.
  const existing = (await directory.listRounds(DEMO_PROJECT.projectId)).find((r) => r.roundId === round.roundId);
  if (!existing) await directory.putRound(round);
  return { project: { ...DEMO_PROJECT, ...over }, round: existing ?? round };
}

export const EXEMPLE_PROJECT: Project = {
  projectId: 'exemple',
  organisationId: 'cpas-exemple',
  name: 'CPAS Exemple',
  languages: ['fr', 'nl', 'en', 'ar'],
  fallbackLanguages: ['fr', 'en'],
  joinCode: 'EXEMPLE',
  whatsappTemplates: {},
  quietHours: NO_QUIET_HOURS, // a demo: contacted at every hour (see DEMO_PROJECT)
};

/**
 * The seeded accounts: staff of each organisation, a coordinator of the network, an interpreter of each
 * organisation and an independent interpreter of the network. The demo's voice answers are heard by the
 * network (the Exemple interpreter, the independent one), not by the demo's own people, unless the demo
 * organisation switches that on in the dashboard.
 */
export const LOCAL_ACCOUNTS: Record<'staffDemo' | 'staffExemple' | 'coordinator' | 'interpreterDemo' | 'interpreterExemple' | 'interpreterNetwork', Principal> =
  {
    staffDemo: { role: 'staff', userId: 'staff-demo', organisationId: DEMO_PROJECT.organisationId },
    staffExemple: { role: 'staff', userId: 'staff-exemple', organisationId: EXEMPLE_PROJECT.organisationId },
    coordinator: { role: 'coordinator', userId: 'coordinator' },
    interpreterDemo: { role: 'interpreter', userId: 'interpreter-demo', organisationId: DEMO_PROJECT.organisationId },
    interpreterExemple: { role: 'interpreter', userId: 'interpreter-exemple', organisationId: EXEMPLE_PROJECT.organisationId },
    interpreterNetwork: { role: 'interpreter', userId: 'interpreter-network', organisationId: null },
  };

/**
 * Two organisations, a project in each, a staff account for each and a coordinator. `tokens` are the
 * accounts' bearer tokens (kept by the caller across restarts); only their hashes are stored.
 */
export async function seedOrganisations(
  directory: DynamoDbDirectory,
  users: DynamoDbUsers,
  tokens: Record<keyof typeof LOCAL_ACCOUNTS, string>,
): Promise<void> {
  await users.putOrganisation({ organisationId: DEMO_PROJECT.organisationId, name: 'OCMW Demo' });
  await users.putOrganisation({ organisationId: EXEMPLE_PROJECT.organisationId, name: 'CPAS Exemple' });
  await directory.putProject(EXEMPLE_PROJECT);
  for (const [name, principal] of Object.entries(LOCAL_ACCOUNTS) as Array<[keyof typeof LOCAL_ACCOUNTS, Principal]>) {
    await users.registerToken(tokens[name], principal);
  }
}
