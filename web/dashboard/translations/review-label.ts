import { html } from 'hono/html';
import type { LanguageReviewRow, Review } from '../api/translation-shapes.js';
import type { Ui } from '../page/context.js';
import { languageLabel } from '../page/language-names.js';
import { formatDateTime } from '../page/time.js';
import type { Html } from '../page/markup.js';

/** "reviewed by an interpreter, 8 Dec 2026 10:00": a language's review state in words, with its role and time. */
export function reviewText(ui: Ui, review: Review): string {
  const { t } = ui;
  const state = review.state === 'machine' ? t('reviewMachine') : review.state === 'draft' ? t('reviewDraft') : t('reviewReviewed');
  const by =
    review.by === undefined
      ? null
      : { staff: t('reviewByStaff'), interpreter: t('reviewByInterpreter'), coordinator: t('reviewByCoordinator'), developer: t('reviewByDeveloper') }[
          review.by
        ];
  const at = review.at === undefined ? null : formatDateTime(review.at, ui.locale, ui.timeZone);
  return [state, by, at].filter((p) => p !== null).join(' · ');
}

/** The state as a marked-up label, for a test or a style to find by its state. */
export const reviewLabel = (ui: Ui, review: Review): Html =>
  html`<span class="review review-${review.state}" data-testid="review-state" data-state="${review.state}">${reviewText(ui, review)}</span>`;

/** Each language of a survey or template with its state, one a line. */
export function reviewList(ui: Ui, reviews: readonly LanguageReviewRow[]): Html {
  return html`<ul data-testid="review-list">${reviews.map(
    (r) => html`<li data-language="${r.language}">${languageLabel(r.language, r.language)}: ${reviewLabel(ui, r)}</li>`,
  )}</ul>`;
}
