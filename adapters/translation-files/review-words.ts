import type { LanguageReview, ReviewState } from '../../flows/definition.js';
import { LanguageReview as LanguageReviewSchema } from '../../flows/definition.js';

/**
 * XLIFF 2.0 segment states (OASIS XLIFF 2.0, 4.3.1.28 "state": initial, translated, reviewed, final —
 * "final" is "finalized", nothing left to do). Stem's machine text is a translation no speaker has looked
 * at: `initial`; a person's draft: `translated`; reviewed by a speaker through this workflow: `final`.
 * Read back, `reviewed` (a reviewer's step before final in another tool) counts as reviewed too.
 */
export const XLIFF_STATE: Record<ReviewState, string> = { machine: 'initial', draft: 'translated', reviewed: 'final' };

export function reviewOfXliffState(state: string | undefined): ReviewState {
  if (state === 'final' || state === 'reviewed') return 'reviewed';
  if (state === 'translated') return 'draft';
  return 'machine'; // XLIFF 2.0: a segment without a state is `initial`
}

/** `machine`, `reviewed interpreter 2026-12-08T10:00:00.000Z`: the review in one line (PO header, CSV header). */
export function reviewLine(review: LanguageReview): string {
  return [review.state, review.by, review.at].filter((p) => p !== undefined).join(' ');
}

export function parseReviewLine(line: string): LanguageReview | null {
  const [state, by, at, ...rest] = line.trim().split(/\s+/);
  if (rest.length > 0) return null;
  const parsed = LanguageReviewSchema.safeParse({ state, ...(by ? { by } : {}), ...(at ? { at } : {}) });
  return parsed.success ? parsed.data : null;
}
