import * as z from '../../kernel/zod.js';

/** One code of a codebook (core/coding/codebook.ts): its id, its name and gloss in the dashboard's languages. */

/** Code names in the dashboard's languages; at least one. */
export const CodeText = z
  .object({
    nl: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
    fr: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
    en: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
  })
  .check(z.refine((t) => Boolean(t.nl ?? t.fr ?? t.en), 'a name in at least one of nl, fr, en'));
export type CodeText = z.infer<typeof CodeText>;

export const CodeDescription = z.object({
  nl: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  fr: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  en: z.optional(z.string().check(z.trim(), z.maxLength(300))),
});
export type CodeDescription = z.infer<typeof CodeDescription>;

export interface Code {
  id: string;
  label: CodeText;
  description?: CodeDescription | undefined;
  /** TOPOI: the same in every project. */
  builtIn: boolean;
  /** No new tags; the ones made stay, and are counted. */
  archived: boolean;
}
