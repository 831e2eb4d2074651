import * as z from '../../../kernel/zod.js';
import { Cell } from './api-shapes.js';
import { CodeShape } from './coding-shapes.js';

/** What the network sees of a project, and projects compared side by side (http/api/sharing-routes.ts, network-routes.ts). */

export const SHARING_LEVELS = ['nothing', 'summary', 'themes', 'rows'] as const;
export const SharingLevel = z.enum(SHARING_LEVELS);
export type SharingLevel = z.infer<typeof SharingLevel>;

export const SharingView = z.object({
  projectId: z.string(),
  level: SharingLevel,
  isDefault: z.boolean(),
  canChange: z.boolean(),
  /** Staff of the organisation only: the last change (null: never changed). */
  changed: z.optional(z.nullable(z.object({ level: SharingLevel, at: z.string(), by: z.string() }))),
});
export type SharingView = z.infer<typeof SharingView>;

const RoundRef = { roundId: z.string(), label: z.string() };
const Agreement = z.union([z.object({ percent: z.number(), respondents: z.number() }), z.object({ suppressed: z.literal(true) })]);

export const NetworkProject = z.object({
  projectId: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  sharing: z.enum(['summary', 'themes', 'rows']),
  k: z.number(),
  rounds: z.array(z.object({ ...RoundRef, opensAt: z.string(), release: z.number() })),
  energy: z.array(z.object({ ...RoundRef, value: z.nullable(Cell) })),
  agreement: z.array(z.object({ questionId: z.string(), text: z.string(), points: z.array(z.object({ ...RoundRef, value: z.nullable(Agreement) })) })),
  themes: z.nullable(
    z.object({
      round: z.object(RoundRef),
      codes: z.array(z.object({ id: z.string(), label: CodeShape.shape.label })),
      questions: z.array(z.object({ questionId: z.string(), text: z.string(), codes: z.record(z.string(), Cell) })),
    }),
  ),
});
export type NetworkProject = z.infer<typeof NetworkProject>;
export const NetworkCompare = z.object({ projects: z.array(NetworkProject) });
