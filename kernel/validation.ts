/** `questions[2].text.ar` style paths: what a person editing JSON or a form looks for. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** Enough to fix a form or a file; a body with 100,000 bad fields must not get a reply of megabytes. */
export const MAX_FIELD_ISSUES = 20;

/**
 * zod issues as `{ field, message }`, the shape of our 4xx problem bodies: the first 20 (or `max`), then how
 * many more. The survey editor asks for more: a new language leaves every text of a survey missing at once.
 */
export function fieldIssues(
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
  root = '(body)',
  max = MAX_FIELD_ISSUES,
): FieldIssue[] {
  const shown = error.issues.slice(0, max).map((i) => ({ field: formatPath(i.path) || root, message: i.message }));
  const more = error.issues.length - shown.length;
  return more > 0 ? [...shown, { field: '(more)', message: `and ${more} more` }] : shown;
}
