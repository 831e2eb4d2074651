import type { TranslationBundle } from '../../core/translation/bundle.js';
import { applySystemBundle, reviewAfterSourceChange, SYSTEM_SOURCE_LANGUAGE } from '../../core/translation/system-bundle.js';
import type { LanguageReview, ReviewerRole } from '../../flows/definition.js';
import { isSupportedLanguage, LocaleMeta, SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { metaPath, readMeta, readOtherWords, readTranslation, repoFile, translationPath, type RepoFile } from './repo-files.js';

export interface SystemImportOptions {
  root: string;
  language: string;
  reviewed: boolean;
  by: ReviewerRole;
  at: Date;
  /** Replaces the note for reviewers in meta.json (what was reviewed, what is still to check). */
  note?: string | undefined;
}

/** meta.json with a new review state, `reviewed`/`reviewedBy` kept in step (LocaleMeta checks them). */
function metaWith(meta: LocaleMeta, review: LanguageReview, note?: string): LocaleMeta {
  const reviewed = review.state === 'reviewed';
  const next = { ...meta, reviewed, reviewedBy: reviewed ? (review.by ?? null) : null, review, ...(note ? { note } : {}) };
  LocaleMeta.parse(next); // the file's keys stay in their order; the schema checks them
  return next;
}

/**
 * The files a translated bundle of system texts changes: the language's translation.json and meta.json,
 * and, when English (the source) changed, the meta.json of every language whose review it voids. Problems
 * instead when the bundle fails a check; nothing is written here.
 */
export async function importSystem(options: SystemImportOptions, bundle: TranslationBundle): Promise<{ files: RepoFile[] } | { problems: string[] }> {
  const { root, language, by, at } = options;
  if (!isSupportedLanguage(language)) return { problems: [`(file): the system texts have no language "${language}"`] };
  const meta = await readMeta(root, language);
  const current = await readTranslation(root, language);
  const result = applySystemBundle(
    { english: await readTranslation(root, SYSTEM_SOURCE_LANGUAGE), current, language, review: meta.review, otherWords: await readOtherWords(root, language) },
    bundle,
    { reviewed: options.reviewed, by, at },
  );
  if (!result.ok) return { problems: result.problems.map((p) => `${p.unit ?? '(file)'}: ${p.message}`) };
  const files: RepoFile[] = [];
  if (result.changed) files.push(repoFile(translationPath(language), result.translation));
  const nextMeta = metaWith(meta, result.review, options.note);
  if (JSON.stringify(nextMeta) !== JSON.stringify(meta)) files.push(repoFile(metaPath(language), nextMeta));
  if (language === SYSTEM_SOURCE_LANGUAGE && result.changed) {
    for (const other of SUPPORTED_LANGUAGES.filter((l) => l !== language)) {
      const otherMeta = await readMeta(root, other);
      const review = reviewAfterSourceChange(otherMeta.review, by, at);
      if (review !== otherMeta.review) files.push(repoFile(metaPath(other), metaWith(otherMeta, review)));
    }
  }
  return { files };
}
