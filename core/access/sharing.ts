import * as z from '../../kernel/zod.js';

/**
 * What the learning network's coordinators see of a project: each organisation decides, per project.
 * Staff of a centre fear for their job or their project when results travel (a reason feedback is not
 * honest either), so a centre may keep a project to itself.
 *
 * - `nothing`: the project is not there for coordinators — not listed, and every address of it answers
 *   like a missing project (its name alone may say too much: "families without papers in X").
 * - `summary` (the default, also for every project that never chose): the project, its rounds and
 *   progress as released, and the released summary (counts, means, agreement through disclosure control).
 * - `themes`: the summary and the coded themes (code counts per round, never who coded).
 * - `rows`: also the row-level results (the answer exports as CSV, wide CSV and XLSX, voice answers,
 *   suggestions, and whatever reads single answers).
 *
 * Each level includes the ones before it. What a coordinator may do at a level is decided in one place,
 * `authorize` (core/access/authorize.ts), which every coordinator path asks.
 */
export const SHARING_LEVELS = ['nothing', 'summary', 'themes', 'rows'] as const;
export const SharingLevel = z.enum(SHARING_LEVELS);
export type SharingLevel = z.infer<typeof SharingLevel>;

export const DEFAULT_SHARING: SharingLevel = 'summary';

/** The body staff send to change it. */
export const SharingInput = z.strictObject({ level: SharingLevel });

/** When the level last changed and by which role (not which person: staff's names stay in their organisation). */
export interface SharingChange {
  level: SharingLevel;
  at: string;
  by: 'staff';
}

/** A project's setting as stored: null fields when the project never chose (then the default holds). */
export interface ProjectSharing {
  projectId: string;
  level: SharingLevel;
  /** The last change; null: never changed (the default). */
  changed: SharingChange | null;
}

/** Where the setting is kept: beside the project, apart from its record (see adapters/dynamodb/sharing-store.ts). */
export interface SharingStore {
  /** The project's setting; the default when it never chose. */
  sharingOf(projectId: string): Promise<ProjectSharing>;
  /** The settings of many projects at once (a coordinator's list). */
  sharingOfMany(projectIds: readonly string[]): Promise<Map<string, ProjectSharing>>;
  /** Set the level; the change is kept with when and by which role. */
  setSharing(projectId: string, change: SharingChange): Promise<ProjectSharing>;
}

/** The level of a stored setting, or the default when there is none. */
export const levelOr = (stored: SharingLevel | null | undefined): SharingLevel => stored ?? DEFAULT_SHARING;

const RANK: Record<SharingLevel, number> = { nothing: 0, summary: 1, themes: 2, rows: 3 };

/** Does a project shared at `level` show coordinators what needs `needed`? */
export const sharedAtLeast = (level: SharingLevel, needed: SharingLevel): boolean => RANK[level] >= RANK[needed];
