import { TEMPLATE_OWNER } from '../access/authorize.js';
import type { Principal } from '../access/principal.js';
import type { ReviewerRole } from '../../flows/definition.js';

/**
 * Who may read and import a survey's translations: staff of the organisation that owns it (and, to read,
 * any staff for the built-in templates), and an interpreter of that organisation for the languages their
 * account lists (every language when it lists none). A survey of another organisation is `hidden` (404,
 * as for any survey: ids cannot be probed); a coordinator, an interpreter of the network with no
 * organisation, or an interpreter asking for a language not theirs is `forbidden` (403).
 */
export type TranslationAccess = 'allowed' | 'hidden' | 'forbidden';

/** Before any survey is read: roles that never translate a survey. */
export function mayTranslateAtAll(principal: Principal): boolean {
  return principal.role === 'staff' || (principal.role === 'interpreter' && principal.organisationId !== null);
}

export function translationAccess(principal: Principal, ownerOrganisationId: string, language: string | null): TranslationAccess {
  if (principal.role === 'coordinator' || (principal.role === 'interpreter' && principal.organisationId === null)) return 'forbidden';
  const own = ownerOrganisationId === principal.organisationId || ownerOrganisationId === TEMPLATE_OWNER;
  if (!own) return 'hidden';
  if (principal.role === 'staff' || language === null) return 'allowed';
  return principal.languages === undefined || principal.languages.includes(language) ? 'allowed' : 'forbidden';
}

/** The role a review is recorded under: never a name. */
export function reviewerRole(principal: Principal): ReviewerRole {
  return principal.role === 'interpreter' ? 'interpreter' : principal.role === 'coordinator' ? 'coordinator' : 'staff';
}
