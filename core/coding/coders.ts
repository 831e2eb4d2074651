import type { Principal } from '../access/principal.js';
import type { Codebook } from './codebook.js';

/**
 * Who does what with a project's coding:
 * - `staff` of the project's organisation: edit the codebook and who else codes, tag, read every coder's
 *   tags, compare coders (agreement), read the counts;
 * - `coder`: an interpreter the organisation lets code (its own interpreters when it says so; one from
 *   outside only when named): read the codebook, tag answers in their languages, read their own tags —
 *   not the others', so that two people code independently and their agreement means something;
 * - `reader`: a coordinator of the network reads the counts (through disclosure control), never tags
 *   nor who coded (staff's fear for their job is a reason feedback is not honest: a coder's name stays in
 *   the organisation);
 * - null: nothing (staff of another organisation, other interpreters): answered as if nothing were there.
 */
export type CodingRole = 'staff' | 'coder' | 'reader';

export function codingRole(principal: Principal, project: { organisationId: string }, codebook: Pick<Codebook, 'interpreters'>): CodingRole | null {
  if (principal.role === 'staff') return principal.organisationId === project.organisationId ? 'staff' : null;
  if (principal.role === 'coordinator') return 'reader';
  const own = principal.organisationId === project.organisationId;
  if (own ? codebook.interpreters.own : codebook.interpreters.network.includes(principal.userId)) return 'coder';
  return null;
}

/** The coder a principal is in the store: role and user id (staff and interpreter ids come from different pools). */
export const coderOf = (principal: Principal): string => `${principal.role}:${principal.userId}`;

/** An interpreter whose account names languages codes answers in those only (as they hear voices: core/access/authorize.ts). */
export function codesLanguage(principal: Principal, language: string): boolean {
  return principal.role !== 'interpreter' || !principal.languages || principal.languages.includes(language);
}
