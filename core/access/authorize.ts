import type { Principal } from './principal.js';
import { sharedAtLeast, type SharingLevel } from './sharing.js';

/**
 * Every staff-side route asks this one function. Staff manage their own organisation's projects;
 * coordinators of the learning network read what each organisation shares of each project
 * (core/access/sharing.ts): nothing, the released summary, the coded themes too, or the rows too.
 */
export type Action =
  /** Name, languages, rounds and progress counts: no contact data. */
  | 'project:read'
  /** The released summary: counts, means and comparisons through disclosure control. */
  | 'summary:read'
  /** Code counts per round (never who coded). */
  | 'themes:read'
  /**
   * Row-level results: the answer exports (CSV, wide CSV, XLSX), voice answers, suggestions, and anything
   * else that shows single answers. The strictest reading level, so a new route that reads answers and
   * asks for `results:read` is shut to coordinators unless the organisation shares rows.
   */
  | 'results:read'
  /** Create or change projects, surveys and rounds; launch and close rounds. */
  | 'project:manage'
  /** Import or list the participants of a project (contact data: staff of the organisation only). */
  | 'participants:manage';

/** The sharing level a coordinator's action needs; null: never a coordinator's. */
const COORDINATOR_NEEDS: Record<Action, SharingLevel | null> = {
  'project:read': 'summary',
  'summary:read': 'summary',
  'themes:read': 'themes',
  'results:read': 'rows',
  'project:manage': null,
  'participants:manage': null,
};

export interface OwnedResource {
  organisationId: string;
  /**
   * What the owning organisation shares of it with the network (core/access/sharing.ts), as stored or
   * the default. Absent: not known here, and a coordinator is refused (fail closed).
   */
  sharing?: SharingLevel | undefined;
}

export function authorize(principal: Principal, action: Action, resource: OwnedResource): boolean {
  if (principal.role === 'staff') return principal.organisationId === resource.organisationId;
  if (principal.role === 'coordinator') {
    const needs = COORDINATOR_NEEDS[action];
    return needs !== null && resource.sharing !== undefined && sharedAtLeast(resource.sharing, needs);
  }
  return false; // interpreters: the transcription queue only (see voiceAccess)
}

/** Only staff of the owning organisation decide what the network sees of a project. */
export function mayChangeSharing(principal: Principal, resource: { organisationId: string }): boolean {
  return principal.role === 'staff' && principal.organisationId === resource.organisationId;
}

/**
 * How a person may hear a voice answer of an organisation, if at all:
 * - `network`: an interpreter who does not work for that organisation (of another organisation, or an
 *   independent interpreter of the network). The default listeners: strangers to the participant. They
 *   are told the language and nothing that points to the organisation, the project or the person.
 * - `own`: staff or an interpreter of that organisation, only while the organisation has switched
 *   "our own people may listen" on (`ownListening`), because a social worker may recognise a client.
 * - null: nobody else (coordinators, staff of other organisations; an interpreter asked for a language
 *   their account does not cover).
 * Whoever hears, hears a disguised voice (core/voice/human-queue.ts).
 */
export type VoiceAccess = 'own' | 'network';

export function voiceAccess(principal: Principal, job: { organisationId: string; language: string | null }, ownListening: boolean): VoiceAccess | null {
  if (principal.role === 'coordinator') return null;
  if (principal.role === 'interpreter' && principal.languages && job.language !== null && !principal.languages.includes(job.language)) return null;
  if (principal.organisationId === job.organisationId) return ownListening ? 'own' : null;
  return principal.role === 'interpreter' ? 'network' : null;
}

/** Only staff of an organisation decide whether its own people may hear its participants' voices. */
export function mayChangeOwnListening(principal: Principal, organisationId: string): boolean {
  return principal.role === 'staff' && principal.organisationId === organisationId;
}

/** Coordinators manage the network's independent interpreter accounts. */
export function mayManageInterpreters(principal: Principal): boolean {
  return principal.role === 'coordinator';
}

/** Owner of the built-in survey templates, which staff of every organisation may use. */
export const TEMPLATE_OWNER = 'template';

/** May this principal read or use a survey owned by `ownerOrganisationId`? Staff only: their own and templates. */
export function canUseSurvey(principal: Principal, ownerOrganisationId: string): boolean {
  return principal.role === 'staff' && (ownerOrganisationId === principal.organisationId || ownerOrganisationId === TEMPLATE_OWNER);
}

/** Staff of the organisation, or an interpreter of it, may record the call prompts of its projects. */
export function mayRecordPrompts(principal: Principal, organisationId: string): boolean {
  return (principal.role === 'staff' || principal.role === 'interpreter') && principal.organisationId === organisationId;
}
