import { describe, expect, it } from 'vitest';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import type { Principal } from '../../core/access/principal.js';
import { mayTranslateAtAll, reviewerRole, translationAccess } from '../../core/translation/access.js';

/** Who may read and import a survey's translations (core/translation/access.ts), every role against every owner. */

const OWN = 'ocmw-a';
const staff: Principal = { role: 'staff', userId: 's', organisationId: OWN };
const otherStaff: Principal = { role: 'staff', userId: 'o', organisationId: 'ocmw-b' };
const arabic: Principal = { role: 'interpreter', userId: 'i', organisationId: OWN, languages: ['ar', 'fa'] };
const anyLanguage: Principal = { role: 'interpreter', userId: 'j', organisationId: OWN };
const elsewhere: Principal = { role: 'interpreter', userId: 'k', organisationId: 'ocmw-b' };
const independent: Principal = { role: 'interpreter', userId: 'n', organisationId: null };
const coordinator: Principal = { role: 'coordinator', userId: 'c' };

describe('translation access', () => {
  it('staff of the organisation: every language; staff of another: hidden (404), as for any survey', () => {
    expect(translationAccess(staff, OWN, 'ti')).toBe('allowed');
    expect(translationAccess(staff, TEMPLATE_OWNER, 'ti')).toBe('allowed');
    expect(translationAccess(otherStaff, OWN, null)).toBe('hidden');
  });

  it("an interpreter of the organisation: the account's languages (all when it lists none); of another organisation: hidden", () => {
    expect(translationAccess(arabic, OWN, 'ar')).toBe('allowed');
    expect(translationAccess(arabic, OWN, null)).toBe('allowed'); // the list of states
    expect(translationAccess(arabic, OWN, 'ti')).toBe('forbidden');
    expect(translationAccess(anyLanguage, OWN, 'ti')).toBe('allowed');
    expect(translationAccess(elsewhere, OWN, 'ar')).toBe('hidden');
  });

  it('coordinators and interpreters of no organisation never translate a survey', () => {
    for (const p of [coordinator, independent]) {
      expect(mayTranslateAtAll(p)).toBe(false);
      expect(translationAccess(p, OWN, 'ar')).toBe('forbidden');
    }
    expect([staff, arabic].map(mayTranslateAtAll)).toEqual([true, true]);
  });

  it('a review is recorded under the role, never a name', () => {
    expect([staff, arabic, coordinator].map(reviewerRole)).toEqual(['staff', 'interpreter', 'coordinator']);
  });
});
