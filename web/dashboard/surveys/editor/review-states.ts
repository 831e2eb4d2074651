import { html } from 'hono/html';
import type { Ui } from '../../page/context.js';
import type { Html } from '../../page/markup.js';
import { formatDateTime } from '../../page/time.js';

/** A language's review state as the API gives it (core/translation/review.ts `reviewsOf`). */
export interface ReviewLine {
  language: string;
  state: 'machine' | 'draft' | 'reviewed';
  by?: string | undefined;
  at?: string | undefined;
}

/** A language's name in the dashboard's language ("Arabisch", "arabe", "Arabic"), from the browser-independent ICU data of Node. */
export function uiLanguageName(ui: Ui, code: string): string {
  try {
    return new Intl.DisplayNames([ui.locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Arabic: machine translation, not reviewed" / "Dutch: draft by staff, 8 Dec 2026, 10:12" / "reviewed by an interpreter, …". */
export function reviewText(ui: Ui, r: ReviewLine): string {
  const { t } = ui;
  const state = r.state === 'machine' ? t('reviewMachine') : r.state === 'reviewed' ? t('reviewReviewed') : t('reviewDraft');
  const by = r.by ? t.lookup('reviewerRoles', r.by) : undefined;
  const when = r.at ? formatDateTime(r.at, ui.locale, ui.timeZone) : undefined;
  const who = [by ? t('reviewBy', { role: by }) : '', when ?? ''].filter(Boolean).join(', ');
  return `${uiLanguageName(ui, r.language)}: ${state}${who ? ` (${who})` : ''}`;
}

/** Each language's state, one line each; those not reviewed stand out. */
export function reviewList(ui: Ui, reviews: readonly ReviewLine[], testid: string): Html {
  return html`<ul class="reviews" data-testid="${testid}">
    ${reviews.map(
      (r) =>
        html`<li data-language="${r.language}" data-state="${r.state}"${r.state === 'reviewed' ? '' : html` class="review-open"`}>${reviewText(ui, r)}</li>`,
    )}
  </ul>`;
}

/**
 * Before a launch: for each survey version offered, its languages grouped by state ("Dutch, French: draft,
 * not reviewed · Arabic, Tigrinya: machine translation, not reviewed"), so nobody launches an unreviewed
 * translation without seeing it. A reviewed language says by whom (the role) and when, as the issue asks of
 * the launch: "Arabic: reviewed (by an interpreter, 8 Dec 2026, 10:12)".
 */
export function offeredReviews(
  ui: Ui,
  surveys: ReadonlyArray<{ surveyId: string; version: number; title: Record<string, string>; reviews?: readonly ReviewLine[] | undefined }>,
  titleOf: (title: Record<string, string>) => string,
): Html | '' {
  const { t } = ui;
  const shown = surveys.filter((s) => s.reviews?.length);
  if (!shown.length) return '';
  const states = ['machine', 'draft', 'reviewed'] as const;
  const line = (s: (typeof shown)[number]) => {
    const groups = states.flatMap((state) => {
      const of = (s.reviews ?? []).filter((r) => r.state === state);
      if (state === 'reviewed') return of.map((r) => reviewText(ui, r));
      const langs = of.map((r) => uiLanguageName(ui, r.language));
      const text = state === 'machine' ? t('reviewMachine') : t('reviewDraft');
      return langs.length ? [`${langs.join(', ')}: ${text}`] : [];
    });
    return html`<li data-testid="launch-review" data-survey="${s.surveyId}@${s.version}"><strong>${titleOf(s.title)} — ${s.surveyId} v${s.version}</strong>: ${groups.join(' · ')}</li>`;
  };
  return html`<div class="launch-reviews" data-testid="launch-reviews">
    <h3>${t('launchReviewsTitle')}</h3>
    <p class="hint">${t('launchReviewsHint')}</p>
    <ul class="reviews">${shown.map(line)}</ul>
  </div>`;
}
