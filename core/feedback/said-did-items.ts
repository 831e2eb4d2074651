import type { Principal } from '../access/principal.js';
import { allCodes, emptyCodebook, type Code } from '../coding/codebook.js';
import type { CodingStore } from '../coding/ports.js';
import type { Project } from '../model.js';
import type { Clock, Directory } from '../ports.js';
import { linkedAnswers, resolveRefs, type LinkedAnswer, type SaidDidAnswerDeps } from './said-did-answers.js';
import type { SaidDidStore } from './said-did-ports.js';
import {
  changeStatus,
  isSaidDidStatus,
  linkKey,
  newItem,
  reviseItem,
  type AnswerLink,
  type AnswerRef,
  type SaidDidInput,
  type SaidDidItem,
  type SaidDidStatus,
} from './said-did.js';

/**
 * The use cases of "you said, we did" items for staff of the project's organisation (the caller checks
 * that with core/feedback/visibility.ts): list them with their linked codes and answers, make one, change
 * its words and links, change its status. Expected refusals are values with stable codes; only the edge
 * maps them to HTTP.
 */

export interface SaidDidDeps extends SaidDidAnswerDeps {
  saidDid: SaidDidStore;
  coding: Pick<CodingStore, 'codebook' | 'taggings'>;
  directory: Pick<Directory, 'listRounds'>;
  clock: Clock;
}

export type SaidDidRefusal =
  | { code: 'not-found' }
  | { code: 'unknown-code'; ids: string[] }
  /** Positions in `answers` that are no released, codable answer of the project (whatever the reason). */
  | { code: 'answer-not-found'; positions: number[] }
  | { code: 'invalid-status'; value: string }
  | { code: 'stale'; version: number }
  /** A change must say which version it changes. */
  | { code: 'version-missing' };

export type SaidDidResult = { ok: true; item: SaidDidItem; created?: boolean } | { ok: false; refusal: SaidDidRefusal };

/** An item as staff see it: its codes by name, its answers as the coding sheets show them. */
export interface StaffItem extends SaidDidItem {
  linkedCodes: Code[];
  answers: LinkedAnswer[];
}

async function codesOf(deps: Pick<SaidDidDeps, 'coding'>, projectId: string): Promise<Map<string, Code>> {
  const book = (await deps.coding.codebook(projectId)) ?? emptyCodebook(projectId);
  return new Map(allCodes(book).map((c) => [c.id, c]));
}

async function projectLinks(deps: SaidDidDeps, projectId: string): Promise<AnswerLink[]> {
  const rounds = await deps.directory.listRounds(projectId);
  return deps.saidDid.links(
    projectId,
    rounds.map((r) => r.roundId),
  );
}

export async function staffItems(deps: SaidDidDeps, principal: Principal, project: Project): Promise<StaffItem[]> {
  const [items, codes, stored] = await Promise.all([
    deps.saidDid.items(project.projectId),
    codesOf(deps, project.projectId),
    projectLinks(deps, project.projectId),
  ]);
  // In the order they were linked, then by round and question (the store's order is by respondent code: no order to show).
  const links = [...stored].sort((a, b) => a.at.localeCompare(b.at) || a.roundId.localeCompare(b.roundId) || a.questionId.localeCompare(b.questionId));
  const answers = await linkedAnswers(deps, principal, project, links);
  return items.map((item) => ({
    ...item,
    linkedCodes: item.codes.map((id) => codes.get(id) ?? { id, label: { en: id }, builtIn: false, archived: true }),
    answers: answers.filter((_, i) => links[i]?.itemId === item.itemId),
  }));
}

async function checkLinks(
  deps: SaidDidDeps,
  principal: Principal,
  project: Project,
  codes: readonly string[],
  refs: readonly AnswerRef[],
): Promise<{ ok: true; links: Array<Omit<AnswerLink, 'itemId' | 'at'>> } | { ok: false; refusal: SaidDidRefusal }> {
  const known = await codesOf(deps, project.projectId);
  const unknown = codes.filter((id) => !known.has(id));
  if (unknown.length > 0) return { ok: false, refusal: { code: 'unknown-code', ids: unknown } };
  const resolved = await resolveRefs(deps, principal, project, refs);
  if (!resolved.ok) return { ok: false, refusal: { code: 'answer-not-found', positions: resolved.missing } };
  return resolved;
}

export async function createItem(deps: SaidDidDeps, principal: Principal, project: Project, itemId: string, input: SaidDidInput): Promise<SaidDidResult> {
  const status = input.status ?? 'planned';
  if (!isSaidDidStatus(status)) return { ok: false, refusal: { code: 'invalid-status', value: status } };
  const checked = await checkLinks(deps, principal, project, input.codes, input.answers);
  if (!checked.ok) return checked;
  const at = deps.clock.now().toISOString();
  const item = newItem({ projectId: project.projectId, organisationId: project.organisationId, itemId, at, by: 'staff' }, { ...input, status });
  // The links first: an item that failed to store leaves links to nothing, which no listing shows.
  await deps.saidDid.changeLinks(uniqueLinks(checked.links, itemId, at), []);
  if (!(await deps.saidDid.create(item))) throw new Error(`a "you said, we did" item ${itemId} exists already`);
  return { ok: true, item, created: true };
}

const uniqueLinks = (links: ReadonlyArray<Omit<AnswerLink, 'itemId' | 'at'>>, itemId: string, at: string): AnswerLink[] => [
  ...new Map(links.map((l) => [linkKey(l), { ...l, itemId, at }])).values(),
];

/** New words, codes and answers for an item (its status stays; `input.status`, if sent, must be the stored one or a valid change). */
export async function editItem(deps: SaidDidDeps, principal: Principal, project: Project, itemId: string, input: SaidDidInput): Promise<SaidDidResult> {
  if (input.status !== undefined && !isSaidDidStatus(input.status)) return { ok: false, refusal: { code: 'invalid-status', value: input.status } };
  if (input.version === undefined) return { ok: false, refusal: { code: 'version-missing' } };
  const before = await deps.saidDid.item(project.projectId, itemId);
  if (!before) return { ok: false, refusal: { code: 'not-found' } };
  if (input.version !== before.version) return { ok: false, refusal: { code: 'stale', version: before.version } };
  const checked = await checkLinks(deps, principal, project, input.codes, input.answers);
  if (!checked.ok) return checked;
  const at = deps.clock.now().toISOString();
  const revised = reviseItem(before, input, input.version, at);
  if ('refusal' in revised) return { ok: false, refusal: revised.refusal };
  let item = revised.item;
  if (input.status !== undefined && input.status !== before.status) {
    const changed = changeStatus({ ...item, version: before.version }, input.status, before.version, 'staff', at);
    if ('refusal' in changed) return { ok: false, refusal: changed.refusal };
    item = { ...changed.item, version: revised.item.version };
  }
  if (!(await deps.saidDid.save(item)))
    return { ok: false, refusal: { code: 'stale', version: (await deps.saidDid.item(project.projectId, itemId))?.version ?? 0 } };
  // The links after the item: only the writer who won the version changes them.
  const had = (await projectLinks(deps, project.projectId)).filter((l) => l.itemId === itemId);
  const wanted = uniqueLinks(checked.links, itemId, at);
  const wantedKeys = new Set(wanted.map(linkKey));
  const hadKeys = new Set(had.map(linkKey));
  await deps.saidDid.changeLinks(
    wanted.filter((l) => !hadKeys.has(linkKey(l))),
    had.filter((l) => !wantedKeys.has(linkKey(l))),
  );
  return { ok: true, item };
}

/** A status change on condition of the version read; the same status again is no change. */
export async function setStatus(deps: SaidDidDeps, project: Project, itemId: string, status: string, version: number): Promise<SaidDidResult> {
  if (!isSaidDidStatus(status)) return { ok: false, refusal: { code: 'invalid-status', value: status } };
  const before = await deps.saidDid.item(project.projectId, itemId);
  if (!before) return { ok: false, refusal: { code: 'not-found' } };
  const changed = changeStatus(before, status satisfies SaidDidStatus, version, 'staff', deps.clock.now().toISOString());
  if ('refusal' in changed) return { ok: false, refusal: changed.refusal };
  if (!changed.changed) return { ok: true, item: before };
  if (!(await deps.saidDid.save(changed.item)))
    return { ok: false, refusal: { code: 'stale', version: (await deps.saidDid.item(project.projectId, itemId))?.version ?? before.version } };
  return { ok: true, item: changed.item };
}
