import { describe, expect, it } from 'vitest';
import { changeStatus, countByStatus, newItem, reviseItem, statusSince, type SaidDidItem } from '../../core/feedback/said-did.js';
import { saidDidVisibility } from '../../core/feedback/visibility.js';
import type { Principal } from '../../core/access/principal.js';

const AT = '2026-12-07T10:00:00.000Z';
const LATER = '2026-12-08T09:30:00.000Z';
const base = (): SaidDidItem =>
  newItem(
    { projectId: 'p', organisationId: 'org', itemId: 'i1', at: AT, by: 'staff' },
    { title: 'Letters read aloud', codes: ['topoi.taal', 'topoi.taal'], status: 'planned' },
  );

describe('"you said, we did" items (pure)', () => {
  it('a new item is planned at version 1, its codes once each, its history the first status by the role', () => {
    expect(base()).toMatchObject({ status: 'planned', version: 1, codes: ['topoi.taal'], history: [{ status: 'planned', at: AT, by: 'staff' }], note: null });
  });

  it('a status change adds an entry and a version; a wrong value or a stale version is refused; the same status is no change', () => {
    const item = base();
    const doing = changeStatus(item, 'doing', 1, 'staff', LATER);
    expect(doing).toMatchObject({ changed: true, item: { status: 'doing', version: 2, updatedAt: LATER } });
    if (!('item' in doing)) throw new Error('refused');
    expect(doing.item.history.map((e) => e.status)).toEqual(['planned', 'doing']);
    expect(statusSince(doing.item)).toBe(LATER);
    expect(changeStatus(item, 'finished', 1, 'staff', LATER)).toEqual({ refusal: { code: 'invalid-status', value: 'finished' } });
    expect(changeStatus(item, '__proto__', 1, 'staff', LATER)).toEqual({ refusal: { code: 'invalid-status', value: '__proto__' } });
    expect(changeStatus(doing.item, 'done', 1, 'staff', LATER)).toEqual({ refusal: { code: 'stale', version: 2 } });
    expect(changeStatus(item, 'planned', 1, 'staff', LATER)).toEqual({ item, changed: false });
  });

  it('an edit is conditional on the version and keeps the status and its history', () => {
    expect(reviseItem(base(), { title: 'x', codes: [] }, 0, LATER)).toEqual({ refusal: { code: 'stale', version: 1 } });
    const revised = reviseItem(base(), { title: 'Letters read aloud, slowly', note: 'ask first', codes: ['topoi.inzet'] }, 1, LATER);
    expect(revised).toMatchObject({ item: { title: 'Letters read aloud, slowly', note: 'ask first', codes: ['topoi.inzet'], status: 'planned', version: 2 } });
  });

  it('counts items per status (staff actions: plain counts)', () => {
    expect(countByStatus([{ status: 'done' }, { status: 'planned' }, { status: 'done' }])).toEqual({ planned: 1, doing: 0, done: 2 });
  });
});

describe('who sees what of the items (core/feedback/visibility.ts)', () => {
  const project = { organisationId: 'org' };
  const staff: Principal = { role: 'staff', userId: 'u', organisationId: 'org' };
  const otherStaff: Principal = { role: 'staff', userId: 'v', organisationId: 'other' };
  const coordinator: Principal = { role: 'coordinator', userId: 'c' };
  const interpreter: Principal = { role: 'interpreter', userId: 'i', organisationId: 'org' };

  it('staff of the organisation see and manage everything; staff of another and interpreters nothing', () => {
    expect(saidDidVisibility(staff, project)).toEqual({ items: true, notes: true, codeNames: true, codeCounts: true, answers: true, manage: true });
    for (const p of [otherStaff, interpreter]) expect(Object.values(saidDidVisibility(p, project)).some(Boolean)).toBe(false);
  });

  it('coordinators see nothing of a project whose sharing is not known (fail closed, as authorize does)', () => {
    expect(saidDidVisibility(coordinator, project)).toEqual({ items: false, notes: false, codeNames: false, codeCounts: false, answers: false, manage: false });
  });

  it('by sharing level: nothing hides the items; summary shows titles, status and code names, not counts; no level shows answers or notes', () => {
    expect(saidDidVisibility(coordinator, project, 'nothing').items).toBe(false);
    expect(saidDidVisibility(coordinator, project, 'summary')).toMatchObject({ items: true, codeNames: true, codeCounts: false, answers: false });
    for (const level of ['themes', 'rows'] as const)
      expect(saidDidVisibility(coordinator, project, level)).toMatchObject({ codeCounts: true, answers: false, notes: false });
  });
});
