import * as z from '../../kernel/zod.js';
import { CodeDescription, CodeText, type Code } from './code.js';
import { TOPOI_CODES, TOPOI_IDS } from './topoi.js';

/**
 * A project's codebook: the TOPOI grid (built in, core/coding/topoi.ts) and the project's own codes, with
 * which staff and the interpreters the organisation allows tag answers (core/coding/tags.ts). A code once
 * made keeps its id for good: tags point at it, so it can be archived (no new tags) but never removed.
 */

/** A project code's id: lower-case letters, digits and dashes; the built-in ids (`topoi.…`) have a dot no project id can have. */
export const CODE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const MAX_PROJECT_CODES = 100;

export const ProjectCodeInput = z.object({
  id: z.string().check(z.regex(CODE_ID, 'lower-case letters, digits and dashes, at most 40')),
  label: CodeText,
  description: z.optional(CodeDescription),
  archived: z._default(z.boolean(), false),
});

export const InterpreterCoders = z.object({
  /** Every interpreter of the organisation may code (they may know the participants: the organisation decides). */
  own: z._default(z.boolean(), false),
  /** Interpreters outside the organisation (of the network, or of another organisation), by user id: strangers, named one by one. */
  network: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.maxLength(50)), []),
});
export type InterpreterCoders = z.infer<typeof InterpreterCoders>;

/** What staff send to replace the project's codes and who else may code. */
export const CodebookInput = z.object({
  codes: z.array(ProjectCodeInput).check(z.maxLength(MAX_PROJECT_CODES)),
  interpreters: z._default(InterpreterCoders, { own: false, network: [] }),
  /** The version read: a change by someone else since then is not overwritten (409). Absent: not checked. */
  version: z.optional(z.int().check(z.minimum(0))),
});
export type CodebookInput = z.infer<typeof CodebookInput>;

export interface Codebook {
  projectId: string;
  /** The project's own codes (the built-in ones are not stored). */
  codes: Code[];
  interpreters: InterpreterCoders;
  /** 0 before anything was saved. */
  version: number;
  updatedAt: string | null;
}

export const emptyCodebook = (projectId: string): Codebook => ({
  projectId,
  codes: [],
  interpreters: { own: false, network: [] },
  version: 0,
  updatedAt: null,
});

/** Built-in codes first, then the project's, in the order staff gave them. */
export const allCodes = (codebook: Codebook): Code[] => [...TOPOI_CODES, ...codebook.codes];

export type CodebookRefusal =
  /** Two codes with one id. */
  | { code: 'duplicate-code'; ids: string[] }
  /** Codes that exist would be gone: they may have tags, so they are archived instead. */
  | { code: 'code-removed'; ids: string[] }
  /** Someone saved the codebook since `version` was read. */
  | { code: 'stale'; version: number };

/** The codebook `input` makes of `current`, or why not. Pure. */
export function reviseCodebook(current: Codebook, input: CodebookInput, at: string): { codebook: Codebook } | { refusal: CodebookRefusal } {
  if (input.version !== undefined && input.version !== current.version) return { refusal: { code: 'stale', version: current.version } };
  const seen = new Set<string>();
  const duplicates = input.codes.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
  if (duplicates.length > 0) return { refusal: { code: 'duplicate-code', ids: [...new Set(duplicates)] } };
  const removed = current.codes.filter((c) => !seen.has(c.id)).map((c) => c.id);
  if (removed.length > 0) return { refusal: { code: 'code-removed', ids: removed } };
  const codes: Code[] = input.codes.map((c) => ({
    id: c.id,
    label: c.label,
    ...(c.description ? { description: c.description } : {}),
    builtIn: false,
    archived: c.archived,
  }));
  const network = [...new Set(input.interpreters.network)];
  return {
    codebook: { projectId: current.projectId, codes, interpreters: { own: input.interpreters.own, network }, version: current.version + 1, updatedAt: at },
  };
}

export type CodeCheck = { ok: true } | { ok: false; code: 'unknown-code' | 'archived-code'; ids: string[] };

/** May these codes be applied now: each in the codebook (built in or the project's) and not archived. */
export function applicable(codebook: Codebook, ids: readonly string[]): CodeCheck {
  const byId = new Map(allCodes(codebook).map((c) => [c.id, c]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) return { ok: false, code: 'unknown-code', ids: unknown };
  const archived = ids.filter((id) => byId.get(id)?.archived === true);
  if (archived.length > 0) return { ok: false, code: 'archived-code', ids: archived };
  return { ok: true };
}

export type { Code } from './code.js';

export const isBuiltIn = (id: string): boolean => TOPOI_IDS.has(id);
