import type { Principal } from '../access/principal.js';
import type { StaffDirectory } from '../ports.js';
import { oldestFirst } from '../results/questions.js';
import type { CodingStore } from './ports.js';
import { codingRole } from './coders.js';
import { emptyCodebook } from './codebook.js';

/**
 * The rounds an interpreter may code: those of every project whose organisation lets them (its own
 * interpreters when it says so, an outsider only when named: core/coding/coders.ts). Staff find coding
 * from their projects, coordinators code nothing: for them the list is empty.
 *
 * An outsider is not told which organisation or project the answers come from (as with voices: they are
 * strangers to the participants, and should stay so): only the round's label. An interpreter of the
 * organisation sees the project's name, as staff would.
 */
export interface CodingAssignment {
  projectId: string;
  projectName: string | null;
  roundId: string;
  roundLabel: string;
}

export async function codingAssignments(
  deps: { directory: Pick<StaffDirectory, 'listProjects' | 'listRounds'>; coding: Pick<CodingStore, 'codebook'> },
  principal: Principal,
): Promise<CodingAssignment[]> {
  if (principal.role !== 'interpreter') return [];
  const out: CodingAssignment[] = [];
  // One read per project of the network: tens of projects, read when an interpreter opens their page.
  for (const project of await deps.directory.listProjects()) {
    const codebook = (await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId);
    if (codingRole(principal, project, codebook) !== 'coder') continue;
    const own = principal.organisationId === project.organisationId;
    for (const round of oldestFirst(await deps.directory.listRounds(project.projectId)))
      out.push({ projectId: project.projectId, projectName: own ? project.name : null, roundId: round.roundId, roundLabel: round.label });
  }
  return out;
}
