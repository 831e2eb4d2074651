import type { Principal } from '../access/principal.js';

/**
 * Who may read a project's answers in people's own words (core/results/answers-read.ts): staff of the
 * organisation that owns it. Nobody else for now — coordinators included, until the organisation says
 * what its network may see (the sharing of issue 21, item 5: wire it in here, and only here); interpreters
 * never (they hear voices to transcribe, they do not browse results). Anyone refused is answered as if
 * there were no such project.
 */
export function mayReadAnswers(principal: Principal, project: { organisationId: string }): boolean {
  return principal.role === 'staff' && principal.organisationId === project.organisationId;
}
