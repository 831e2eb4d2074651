import type { StaffAccounts } from '../access/accounts.js';
import type { Principal } from '../access/principal.js';
import { allCodes, emptyCodebook, type Code } from '../coding/codebook.js';
import type { CodingStore } from '../coding/ports.js';
import { roundCodeCounts, type RoundCountsDeps } from '../coding/round-counts.js';
import type { Catalog } from '../conversation/catalog.js';
import { kOf, type Cell } from '../disclosure/cells.js';
import type { Project } from '../model.js';
import type { StaffDirectory } from '../ports.js';
import { oldestFirst } from '../results/questions.js';
import type { SaidDidStore } from './said-did-ports.js';
import { countByStatus, statusSince, type SaidDidItem, type SaidDidStatus, type StatusEntry } from './said-did.js';
import type { SharingLevel } from '../access/sharing.js';
import { saidDidVisibility } from './visibility.js';

/**
 * The network's view of "you said, we did": every organisation's items per project, with status and how
 * many items stand at each status per organisation (staff's actions, not people: no k). What of each
 * project shows is core/feedback/visibility.ts's decision; by default titles, status (when, by which role),
 * linked code names, and a linked code's counts only as core/coding's audited counts publish them (the
 * project's latest released round, per question). Never a linked answer, never staff's note. Titles go out
 * as staff wrote them (the form says they are shared): redacting them here (core/privacy/redact.ts) would
 * add ~75 KB to the staff API's bundle, over its 500 KB budget.
 */

export interface NetworkDeps {
  directory: Pick<StaffDirectory, 'listProjects' | 'listRounds'>;
  users: Pick<StaffAccounts, 'listOrganisations'>;
  saidDid: Pick<SaidDidStore, 'items'>;
  coding: Pick<CodingStore, 'codebook'> & RoundCountsDeps['coding'];
  releases: RoundCountsDeps['releases'];
  answers: RoundCountsDeps['answers'];
  catalog: Pick<Catalog, 'survey'>;
}

export interface NetworkItem {
  itemId: string;
  title: string;
  status: SaidDidStatus;
  statusSince: string;
  history: StatusEntry[];
  /** Linked codes by name (absent where the project does not share them). */
  codes?: Code[];
}

/** A linked code's audited counts in the project's latest released round, per question (hidden cells as such). */
export interface LinkedCodeCounts {
  roundId: string;
  label: string;
  k: number;
  byCode: Record<string, Array<{ questionId: string; text: string; count: Cell }>>;
}

export interface NetworkProject {
  projectId: string;
  name: string;
  items: NetworkItem[];
  counts: Record<SaidDidStatus, number>;
  /** Null: no linked code, nothing released, or counts not shared. */
  codeCounts: LinkedCodeCounts | null;
}

export interface NetworkOrganisation {
  organisationId: string;
  name: string | null;
  counts: Record<SaidDidStatus, number>;
  projects: NetworkProject[];
}

/** The latest round with a release, and its audited counts of the linked codes. */
async function linkedCounts(deps: NetworkDeps, project: Project, linked: ReadonlySet<string>): Promise<LinkedCodeCounts | null> {
  if (linked.size === 0) return null;
  const rounds = oldestFirst(await deps.directory.listRounds(project.projectId)).reverse();
  for (const round of rounds) {
    if ((await deps.releases.list(project.projectId, round.roundId)).length === 0) continue;
    const survey = await deps.catalog.survey(round.surveyId, round.surveyVersion);
    if (!survey) throw new Error(`survey ${round.surveyId}@${round.surveyVersion} of round ${round.roundId} is missing`);
    const codebook = (await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId);
    const k = kOf(project);
    // The same computation, audit and publication as the code-counts route: nothing here is counted another way.
    const counts = await roundCodeCounts(deps, { round, survey }, codebook, k);
    const byCode: LinkedCodeCounts['byCode'] = {};
    for (const code of linked) {
      byCode[code] = counts.questions.flatMap((q) => {
        const count = q.codes[code];
        return count === undefined ? [] : [{ questionId: q.questionId, text: q.text, count }];
      });
    }
    return { roundId: round.roundId, label: round.label, k, byCode };
  }
  return null;
}

/** One project's items as the network sees them; null when its visibility lists none. */
export async function networkProject(deps: NetworkDeps, principal: Principal, project: Project, sharing?: SharingLevel): Promise<NetworkProject | null> {
  const see = saidDidVisibility(principal, project, sharing);
  if (!see.items) return null;
  const items: SaidDidItem[] = await deps.saidDid.items(project.projectId);
  if (items.length === 0) return { projectId: project.projectId, name: project.name, counts: countByStatus(items), items: [], codeCounts: null };
  const book = see.codeNames ? ((await deps.coding.codebook(project.projectId)) ?? emptyCodebook(project.projectId)) : null;
  const codes = new Map(book ? allCodes(book).map((c) => [c.id, c]) : []);
  const linked = new Set(items.flatMap((i) => i.codes));
  return {
    projectId: project.projectId,
    name: project.name,
    counts: countByStatus(items),
    items: items.map((i) => ({
      itemId: i.itemId,
      title: i.title,
      status: i.status,
      statusSince: statusSince(i),
      history: i.history,
      ...(see.codeNames ? { codes: i.codes.map((id) => codes.get(id) ?? { id, label: { en: id }, builtIn: false, archived: true }) } : {}),
    })),
    codeCounts: see.codeCounts && see.codeNames ? await linkedCounts(deps, project, linked) : null,
  };
}

/** The network's view of every project's items, each as far as its organisation shares it (`sharingOf`, core/access/sharing.ts). */
export async function networkSaidDid(
  deps: NetworkDeps,
  principal: Principal,
  sharingOf: (projectIds: readonly string[]) => Promise<ReadonlyMap<string, SharingLevel>>,
): Promise<NetworkOrganisation[]> {
  const [projects, organisations] = await Promise.all([deps.directory.listProjects(), deps.users.listOrganisations()]);
  const levels = await sharingOf(projects.map((p) => p.projectId));
  const names = new Map(organisations.map((o) => [o.organisationId, o.name]));
  const byOrganisation = new Map<string, NetworkOrganisation>();
  for (const project of [...projects].sort((a, b) => a.name.localeCompare(b.name) || a.projectId.localeCompare(b.projectId))) {
    const entry = await networkProject(deps, principal, project, levels.get(project.projectId));
    if (!entry || entry.items.length === 0) continue;
    const org = byOrganisation.get(project.organisationId) ?? {
      organisationId: project.organisationId,
      name: names.get(project.organisationId) ?? null,
      counts: { planned: 0, doing: 0, done: 0 },
      projects: [],
    };
    org.projects.push(entry);
    for (const status of ['planned', 'doing', 'done'] as const) org.counts[status] += entry.counts[status];
    byOrganisation.set(project.organisationId, org);
  }
  return [...byOrganisation.values()].sort((a, b) => (a.name ?? a.organisationId).localeCompare(b.name ?? b.organisationId));
}
