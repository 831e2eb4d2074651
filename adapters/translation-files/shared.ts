import { formatPath } from '../../kernel/validation.js';
import { MAX_TRANSLATION_FILE_CHARS, TranslationBundle, TranslationFileError, type TranslationFileIssue } from '../../core/translation/bundle.js';

/** A file's name in the formats that carry one (XLIFF file id): `survey.checkin-v3`. */
export const fileId = (bundle: Pick<TranslationBundle, 'kind' | 'name'>): string => `${bundle.kind}.${bundle.name}`;

export function splitFileId(id: string): { kind: string; name: string } {
  const dot = id.indexOf('.');
  return dot < 0 ? { kind: '', name: id } : { kind: id.slice(0, dot), name: id.slice(dot + 1) };
}

/** Refused before any parsing: an empty body, or one over the size limit. */
export function guardBody(body: string): void {
  if (body.length > MAX_TRANSLATION_FILE_CHARS) {
    throw new TranslationFileError([{ at: '(file)', message: `the file is larger than ${MAX_TRANSLATION_FILE_CHARS} characters` }]);
  }
  if (body.trim() === '') throw new TranslationFileError([{ at: '(file)', message: 'the file is empty' }]);
}

/**
 * The boundary: what a format reader made of a file, validated as a bundle. An issue inside a unit names
 * the unit (`unit q.mood.text`) or, where the reader knows it, the line the unit starts on.
 */
export function validBundle(raw: unknown, where: (unitIndex: number) => string): TranslationBundle {
  const parsed = TranslationBundle.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues: TranslationFileIssue[] = parsed.error.issues.slice(0, 50).map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === 'units' && typeof index === 'number') return { at: where(index), message: `${formatPath(rest) || 'unit'}: ${issue.message}` };
    return { at: '(file)', message: `${formatPath(issue.path) || 'file'}: ${issue.message}` };
  });
  throw new TranslationFileError(issues);
}

/** Two units with one id: the second would silently win, so the file is refused. */
export function duplicateIds(ids: readonly string[], where: (id: string) => string): TranslationFileIssue[] {
  const seen = new Set<string>();
  const issues: TranslationFileIssue[] = [];
  for (const id of ids) {
    if (seen.has(id)) issues.push({ at: where(id), message: 'this unit is in the file twice' });
    seen.add(id);
  }
  return issues;
}
