import { describe, expect, it } from 'vitest';
import { uiFor } from '../../web/dashboard/page/context.js';
import { offeredReviews } from '../../web/dashboard/surveys/editor/review-states.js';

/**
 * The review states on the launch form (issue 22, item 3: "by whom (role, not name) and when — shown in the
 * editor and at launch"): the languages not reviewed grouped by state, each reviewed one with its role and time.
 */

const url = new URL('https://stem.example/dashboard/projects/p');
const survey = {
  surveyId: 'buurt',
  version: 2,
  title: { nl: 'Buurtbevraging', en: 'Neighbourhood' },
  reviews: [
    { language: 'nl', state: 'draft' as const, by: 'staff' },
    { language: 'fr', state: 'draft' as const },
    { language: 'ar', state: 'reviewed' as const, by: 'interpreter', at: '2026-12-08T09:12:00.000Z' },
    { language: 'ti', state: 'machine' as const, by: 'developer' },
    { language: 'uk', state: 'reviewed' as const, by: 'staff', at: '2026-12-07T15:00:00.000Z' },
  ],
};
const text = (markup: unknown) =>
  String(markup)
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('offeredReviews (launch form)', () => {
  it('names who reviewed each reviewed language and when; the rest grouped by state', () => {
    const markup = offeredReviews(uiFor('en', url, 'Europe/Brussels'), [survey], (t) => t.en ?? '');
    const line = text(markup).slice(text(markup).indexOf('Neighbourhood'));
    expect(line).toBe(
      'Neighbourhood — buurt v2: Tigrinya: machine translation, not reviewed · Dutch, French: draft, not reviewed · ' +
        'Arabic: reviewed (by an interpreter, 8 Dec 2026, 10:12) · Ukrainian: reviewed (by staff, 7 Dec 2026, 16:00)',
    );
    expect(line).not.toContain('by the developers'); // who made a machine text says nothing at launch
  });

  it('shows nothing when no version offered has review states', () => {
    expect(offeredReviews(uiFor('nl', url, 'Europe/Brussels'), [{ ...survey, reviews: [] }], () => '')).toBe('');
  });
});
