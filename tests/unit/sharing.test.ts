import { describe, expect, it } from 'vitest';
import { authorize, mayChangeSharing, type Action } from '../../core/access/authorize.js';
import type { Principal } from '../../core/access/principal.js';
import { DEFAULT_SHARING, SHARING_LEVELS, SharingInput, sharedAtLeast } from '../../core/access/sharing.js';

/**
 * What the network sees, as core/access/authorize.ts decides it: the whole table of actions × levels for
 * a coordinator, nothing without a known level (fail closed), and sharing changing nothing for staff.
 */

const coordinator: Principal = { role: 'coordinator', userId: 'c' };
const owner: Principal = { role: 'staff', userId: 's', organisationId: 'org-a' };
const other: Principal = { role: 'staff', userId: 'o', organisationId: 'org-b' };
const interpreter: Principal = { role: 'interpreter', userId: 'i', organisationId: 'org-a' };
const ACTIONS: readonly Action[] = ['project:read', 'summary:read', 'themes:read', 'results:read', 'project:manage', 'participants:manage'];

describe('a coordinator, per sharing level', () => {
  const expected: Record<(typeof SHARING_LEVELS)[number], readonly Action[]> = {
    nothing: [],
    summary: ['project:read', 'summary:read'],
    themes: ['project:read', 'summary:read', 'themes:read'],
    rows: ['project:read', 'summary:read', 'themes:read', 'results:read'],
  };
  for (const level of SHARING_LEVELS) {
    it(`${level}: ${expected[level].join(', ') || 'nothing at all'}`, () => {
      expect(ACTIONS.filter((a) => authorize(coordinator, a, { organisationId: 'org-a', sharing: level }))).toEqual(expected[level]);
    });
  }

  it('with no level known, nothing (a path that forgot to read it refuses)', () => {
    for (const a of ACTIONS) expect(authorize(coordinator, a, { organisationId: 'org-a' }), a).toBe(false);
  });

  it('the default is the released summary, and the levels are ordered', () => {
    expect(DEFAULT_SHARING).toBe('summary');
    expect(sharedAtLeast('rows', 'themes')).toBe(true);
    expect(sharedAtLeast('themes', 'rows')).toBe(false);
    expect(sharedAtLeast('nothing', 'summary')).toBe(false);
  });
});

describe('staff and interpreters', () => {
  it('staff of the organisation do everything at every level, even nothing; other staff and interpreters nothing', () => {
    for (const level of [...SHARING_LEVELS, undefined]) {
      for (const a of ACTIONS) {
        expect(authorize(owner, a, { organisationId: 'org-a', sharing: level }), `${a} ${level}`).toBe(true);
        expect(authorize(other, a, { organisationId: 'org-a', sharing: level }), `${a} ${level}`).toBe(false);
        expect(authorize(interpreter, a, { organisationId: 'org-a', sharing: level }), `${a} ${level}`).toBe(false);
      }
    }
  });

  it('only staff of the owning organisation change the level', () => {
    expect(mayChangeSharing(owner, { organisationId: 'org-a' })).toBe(true);
    for (const p of [other, interpreter, coordinator]) expect(mayChangeSharing(p, { organisationId: 'org-a' })).toBe(false);
  });

  it('a change is a level and nothing else', () => {
    expect(SharingInput.safeParse({ level: 'themes' }).success).toBe(true);
    for (const body of [{ level: 'all' }, { level: 'rows', by: 'coordinator' }, {}, { level: ['rows'] }])
      expect(SharingInput.safeParse(body).success).toBe(false);
  });
});
