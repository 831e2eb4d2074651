import type { Principal } from '../access/principal.js';
import type { SharingLevel } from '../access/sharing.js';

/**
 * Who sees what of a project's "you said, we did" items: the one place that decides it.
 *
 * Staff of the project's organisation see everything of their items — linked answers through the coding
 * page's rules (core/feedback/said-did-answers.ts). Coordinators of the network see, by default, each
 * item's title and status (when it changed, by which role) and the names of its linked codes — what the
 * organisation did, not what a person said — and a linked code's counts only as core/coding's audited
 * counts give them (the same counts the code-counts route gives coordinators today). Never a linked
 * answer, its words or its respondent code; never staff's notes. Anyone else sees nothing.
 *
 * `sharing`: what the organisation lets the network see of the project (core/access/sharing.ts): "nothing"
 * hides the project's items; "summary" shows titles, status and code names but no counts (code counts are
 * themes); "themes" and "rows" add the code counts. Not known: a coordinator sees nothing (fail closed, as
 * core/access/authorize.ts). Linked answers stay with staff at every level — a row-level export carries
 * no link between an answer and what staff did.
 */

export interface SaidDidVisibility {
  /** The project's items are listed at all. */
  items: boolean;
  /** Staff's note on an item. */
  notes: boolean;
  /** Linked codes by name. */
  codeNames: boolean;
  /** Linked codes' counts, as core/coding's audited counts publish them. */
  codeCounts: boolean;
  /** Linked answers (their words, through the coding sheet's rules). */
  answers: boolean;
  /** Make, change and re-status items. */
  manage: boolean;
}

const NOTHING: SaidDidVisibility = { items: false, notes: false, codeNames: false, codeCounts: false, answers: false, manage: false };

export function saidDidVisibility(principal: Principal, project: { organisationId: string }, sharing?: SharingLevel): SaidDidVisibility {
  if (principal.role === 'staff')
    return principal.organisationId === project.organisationId
      ? { items: true, notes: true, codeNames: true, codeCounts: true, answers: true, manage: true }
      : NOTHING;
  if (principal.role !== 'coordinator') return NOTHING;
  if (sharing === undefined || sharing === 'nothing') return NOTHING;
  return { items: true, notes: false, codeNames: true, codeCounts: sharing !== 'summary', answers: false, manage: false };
}
