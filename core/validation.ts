/** `questions[2].text.ar` style paths: what a person editing JSON or a form looks for. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** zod issues as `{ field, message }`, the shape of our 4xx problem bodies. */
export function fieldIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }, root = '(body)'): FieldIssue[] {
  return error.issues.map((i) => ({ field: formatPath(i.path) || root, message: i.message }));
}
