/**
 * zod, the tree-shakeable "mini" build, with English messages: the classic build adds ~450 KB to every
 * Lambda bundle because its chainable API cannot be tree-shaken. Import `z` from here, not from 'zod'.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };

/** `questions[2].text.ar` style paths: what a person editing JSON or a form looks for. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export interface FieldIssue {
  field: string;
  message: string;
}

export function fieldIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }, root = '(body)'): FieldIssue[] {
  return error.issues.map((i) => ({ field: formatPath(i.path) || root, message: i.message }));
}
