import type { Principal } from './principal.js';

/**
 * Every staff-side route asks this one function. Staff manage their own organisation's projects;
 * coordinators read results (and the project metadata needed to find them) of every organisation.
 */
export type Action =
  /** Name, languages, rounds and progress counts: no contact data. */
  | 'project:read'
  /** Create or change projects, surveys and rounds; launch and close rounds. */
  | 'project:manage'
  /** Import or list the participants of a project (contact data: staff of the organisation only). */
  | 'participants:manage'
  /** Download anonymized answers and summaries. */
  | 'results:read';

export interface OwnedResource {
  organisationId: string;
}

export function authorize(principal: Principal, action: Action, resource: OwnedResource): boolean {
  if (principal.role === 'staff') return principal.organisationId === resource.organisationId;
  if (principal.role === 'coordinator') return action === 'project:read' || action === 'results:read';
  return false; // interpreters: the transcription queue only (see mayTranscribe)
}

/** Staff of the organisation, or an interpreter account of it, may listen to and transcribe its voice answers. */
export function mayTranscribe(principal: Principal, organisationId: string): boolean {
  return (principal.role === 'staff' || principal.role === 'interpreter') && principal.organisationId === organisationId;
}

/** Owner of the built-in survey templates, which staff of every organisation may use. */
export const TEMPLATE_OWNER = 'template';

/** May this principal read or use a survey owned by `ownerOrganisationId`? Staff only: their own and templates. */
export function canUseSurvey(principal: Principal, ownerOrganisationId: string): boolean {
  return principal.role === 'staff' && (ownerOrganisationId === principal.organisationId || ownerOrganisationId === TEMPLATE_OWNER);
}

/** Staff of the organisation, or an interpreter of it, may record the call prompts of its projects. */
export function mayRecordPrompts(principal: Principal, organisationId: string): boolean {
  return mayTranscribe(principal, organisationId);
}
