import * as z from '../../kernel/zod.js';

/**
 * "You said, we did" as a list of actions (issue 21, item 7): what the organisation does with what was
 * heard. Each item names what staff do, links to what it answers — codes of the project's codebook
 * (core/coding: TOPOI and the project's own) and/or released answers, by the reference the coding page
 * uses — and carries a status (planned → doing → done) with when it changed and by which role (never by
 * name: staff's fear for their job is one reason feedback is not honest; a name would follow them into
 * the network's view).
 *
 * Items are staff's own actions, not participants' data; their links are: a linked code's count only
 * ever goes out through core/coding's audited counts, and a linked answer only through the coding page's
 * release and withholding rules (core/feedback/said-did-answers.ts). The participant-facing message of a
 * round (core/feedback/send-feedback.ts) is a separate thing and untouched by these items.
 */

export const SAID_DID_STATUSES = ['planned', 'doing', 'done'] as const;
export const SaidDidStatus = z.enum(SAID_DID_STATUSES);
export type SaidDidStatus = z.infer<typeof SaidDidStatus>;

export const isSaidDidStatus = (value: unknown): value is SaidDidStatus => SaidDidStatus.safeParse(value).success;

export const MAX_LINKED_CODES = 20;
export const MAX_LINKED_ANSWERS = 20;

/** An answer as the coding page names it: the round, the respondent's code as results show it, the question. */
export const AnswerRef = z.object({
  roundId: z.string().check(z.minLength(1), z.maxLength(100)),
  respondentCode: z.string().check(z.minLength(1), z.maxLength(100)),
  questionId: z.string().check(z.minLength(1), z.maxLength(100)),
});
export type AnswerRef = z.infer<typeof AnswerRef>;

/**
 * What staff send to make or change an item. `status` is checked after the shape (a wrong value is a 422
 * naming the field, as for a status change); `version` is the one read, required to change an item.
 */
export const SaidDidInput = z.object({
  title: z.string().check(z.trim(), z.minLength(1, 'write what you do'), z.maxLength(200)),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  codes: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(60))).check(z.maxLength(MAX_LINKED_CODES)), []),
  answers: z._default(z.array(AnswerRef).check(z.maxLength(MAX_LINKED_ANSWERS)), []),
  status: z.optional(z.string().check(z.maxLength(40))),
  version: z.optional(z.int().check(z.minimum(0))),
});
export type SaidDidInput = z.infer<typeof SaidDidInput>;

/** A status change: the new status and the version read (a change by someone else since is not overwritten). */
export const StatusInput = z.object({
  status: z.string().check(z.maxLength(40)),
  version: z.int().check(z.minimum(0)),
});

/** Who changed a status: the role, never the person. */
export type ChangedBy = 'staff';

export interface StatusEntry {
  status: SaidDidStatus;
  at: string;
  by: ChangedBy;
}

export interface SaidDidItem {
  projectId: string;
  /** The project's organisation, kept with the item so the network view lists it without another read. */
  organisationId: string;
  itemId: string;
  title: string;
  note: string | null;
  /** Code ids of the project's codebook (built in or its own; archived ones stay linked). */
  codes: string[];
  status: SaidDidStatus;
  /** Oldest first; the last is the current status. */
  history: StatusEntry[];
  /** 1 once made; each change adds one. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * One linked answer, as stored: by the respondent's stored code (never shown; the API shows the code
 * results show), kept in the round's link partition under that code so that an erasure finds it as it
 * finds the person's answers and tags (adapters/dynamodb/eraser.ts).
 */
export interface AnswerLink {
  projectId: string;
  roundId: string;
  respondentCode: string;
  questionId: string;
  itemId: string;
  at: string;
}

/** The stored key of a link, to compare what an edit keeps, adds and drops. */
export const linkKey = (l: Pick<AnswerLink, 'roundId' | 'respondentCode' | 'questionId'>): string => `${l.roundId}#${l.respondentCode}#${l.questionId}`;

export type StatusRefusal = { code: 'stale'; version: number } | { code: 'invalid-status'; value: string };

/** The item with its status changed, or why not. Pure. The same status again changes nothing (no entry, no version). */
export function changeStatus(
  item: SaidDidItem,
  status: string,
  version: number,
  by: ChangedBy,
  at: string,
): { item: SaidDidItem; changed: boolean } | { refusal: StatusRefusal } {
  if (!isSaidDidStatus(status)) return { refusal: { code: 'invalid-status', value: status } };
  if (version !== item.version) return { refusal: { code: 'stale', version: item.version } };
  if (status === item.status) return { item, changed: false };
  return {
    item: { ...item, status, history: [...item.history, { status, at, by }], version: item.version + 1, updatedAt: at },
    changed: true,
  };
}

/** A new item: planned unless staff say otherwise. */
export function newItem(
  base: { projectId: string; organisationId: string; itemId: string; at: string; by: ChangedBy },
  input: { title: string; note?: string | undefined; codes: readonly string[]; status: SaidDidStatus },
): SaidDidItem {
  return {
    projectId: base.projectId,
    organisationId: base.organisationId,
    itemId: base.itemId,
    title: input.title,
    note: input.note ? input.note : null,
    codes: [...new Set(input.codes)],
    status: input.status,
    history: [{ status: input.status, at: base.at, by: base.by }],
    version: 1,
    createdAt: base.at,
    updatedAt: base.at,
  };
}

/** The item with new words and codes (status changes go through `changeStatus`); stale when `version` is not the stored one. */
export function reviseItem(
  item: SaidDidItem,
  input: { title: string; note?: string | undefined; codes: readonly string[] },
  version: number,
  at: string,
): { item: SaidDidItem } | { refusal: { code: 'stale'; version: number } } {
  if (version !== item.version) return { refusal: { code: 'stale', version: item.version } };
  return {
    item: { ...item, title: input.title, note: input.note ? input.note : null, codes: [...new Set(input.codes)], version: item.version + 1, updatedAt: at },
  };
}

/** When the current status was set. */
export const statusSince = (item: Pick<SaidDidItem, 'history' | 'createdAt'>): string => item.history.at(-1)?.at ?? item.createdAt;

/** Items per status: staff's actions, not people (no disclosure control needed). */
export function countByStatus(items: ReadonlyArray<Pick<SaidDidItem, 'status'>>): Record<SaidDidStatus, number> {
  const counts: Record<SaidDidStatus, number> = { planned: 0, doing: 0, done: 0 };
  for (const i of items) counts[i.status] += 1;
  return counts;
}
