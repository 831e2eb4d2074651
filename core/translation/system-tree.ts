import * as z from '../../kernel/zod.js';

/**
 * The shape of `locales/<lng>/translation.json`: nested objects whose leaves are texts (strings) or word
 * lists (arrays of strings, `words.*`). Read from files by the translations CLI, so checked with zod there.
 */
export type LocaleTree = { [key: string]: string | string[] | LocaleTree };
export type LocaleLeaf = string | string[];

export const LocaleTreeSchema: z.ZodMiniType<LocaleTree> = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.lazy(() => LocaleTreeSchema)]));

/** Every leaf by its dotted key path (`consent.promise`, `words.stop`), in the file's order. */
export function leavesOf(tree: LocaleTree, prefix = ''): Array<[string, LocaleLeaf]> {
  return Object.entries(tree).flatMap(([key, child]): Array<[string, LocaleLeaf]> => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof child === 'string' || Array.isArray(child) ? [[path, child]] : leavesOf(child, path);
  });
}

/**
 * A copy of `tree` with each leaf replaced by `leafAt(path)`: the same keys in the same order, so the
 * file written from it differs from the old one only where a text changed.
 */
export function mapLeaves(tree: LocaleTree, leafAt: (path: string, old: LocaleLeaf) => LocaleLeaf, prefix = ''): LocaleTree {
  const out: LocaleTree = {};
  for (const [key, child] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out[key] = typeof child === 'string' || Array.isArray(child) ? leafAt(path, child) : mapLeaves(child, leafAt, path);
  }
  return out;
}

/** As the files in the repository are written: two-space JSON and a final newline. */
export const localeFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
