import { describe, expect, it } from 'vitest';
import type { Invitation, Round } from '../../core/model.js';
import { DUE_AT_ONCE, firstDue, nextCheck, type DueInvitation } from '../../core/rounds/due.js';
import { DEFAULT_QUIET_HOURS } from '../../core/quiet-hours.js';

/** When an invitation next needs the sweep (core/rounds/due.ts): the rules the full scan applied, per state. */

const round: Round = {
  projectId: 'p',
  roundId: 'r',
  label: 'start',
  surveyId: 's',
  surveyVersion: 1,
  opensAt: '2026-12-01T08:00:00.000Z',
  closesAt: '2026-12-15T17:00:00.000Z',
  reminderAfterHours: 48,
};
const base: DueInvitation = {
  projectId: 'p',
  roundId: 'r',
  contactKey: 'c',
  channel: 'sms',
  status: 'invited',
  invitedAt: '2026-12-02T10:00:00.000Z',
  remindedAt: null,
  progress: 'none',
  retryAfter: null,
  lastActivityAt: null,
  claimedAt: null,
  dueAt: DUE_AT_ONCE,
};
const at = (iso: string) => new Date(iso);

describe('nextCheck', () => {
  it('waits for the opening, and leaves a closed round alone', () => {
    expect(nextCheck({ ...base, status: 'queued' }, round, at('2026-11-30T00:00:00.000Z'))).toEqual({ job: null, next: round.opensAt });
    expect(nextCheck({ ...base, status: 'queued' }, round, at(round.opensAt))).toEqual({ job: 'invite' });
    expect(nextCheck({ ...base, status: 'queued' }, round, at(round.closesAt))).toEqual({ job: null, next: null });
  });

  it('a queued invitation waits for its retry time', () => {
    const retry = { ...base, status: 'queued' as const, retryAfter: '2026-12-03T09:00:00.000Z' };
    expect(nextCheck(retry, round, at('2026-12-03T08:59:59.999Z'))).toEqual({ job: null, next: retry.retryAfter });
    expect(nextCheck(retry, round, at('2026-12-03T09:00:00.000Z'))).toEqual({ job: 'invite' });
  });

  it('a claim is offered on every pass (the worker takes it over only once stale)', () => {
    const claimed = { ...base, status: 'sending' as const, claimedAt: '2026-12-03T09:00:00.000Z' };
    expect(nextCheck(claimed, round, at('2026-12-03T09:00:00.001Z'))).toEqual({ job: 'invite' });
  });

  it('the reminder: exactly the interval after the invitation or the last activity, once, to the unfinished only', () => {
    expect(nextCheck(base, round, at('2026-12-04T09:59:59.999Z'))).toEqual({ job: null, next: '2026-12-04T10:00:00.000Z' });
    expect(nextCheck(base, round, at('2026-12-04T10:00:00.000Z'))).toEqual({ job: 'remind' });
    const active = { ...base, progress: 'started' as const, lastActivityAt: '2026-12-03T12:00:00.000Z' };
    expect(nextCheck(active, round, at('2026-12-04T10:00:00.000Z'))).toEqual({ job: null, next: '2026-12-05T12:00:00.000Z' });
    // Activity before the invitation went out does not count.
    expect(nextCheck({ ...base, lastActivityAt: '2026-12-01T09:00:00.000Z' }, round, at('2026-12-04T10:00:00.000Z'))).toEqual({ job: 'remind' });
    for (const progress of ['completed', 'declined', 'opted-out'] as const)
      expect(nextCheck({ ...base, progress }, round, at('2026-12-04T10:00:00.000Z'))).toEqual({ job: null, next: null });
    expect(nextCheck({ ...base, remindedAt: '2026-12-04T10:00:00.000Z' }, round, at('2026-12-05T00:00:00.000Z'))).toEqual({ job: null, next: null });
    expect(nextCheck(base, { ...round, reminderAfterHours: null }, at('2026-12-05T00:00:00.000Z'))).toEqual({ job: null, next: null });
    for (const status of ['failed', 'opted-out', 'joined'] as const)
      expect(nextCheck({ ...base, status }, round, at('2026-12-05T00:00:00.000Z'))).toEqual({ job: null, next: null });
  });
});

describe('nextCheck in quiet hours (nights, 21:00–09:00 in Brussels)', () => {
  const nights = DEFAULT_QUIET_HOURS;
  it('makes no job at night: the entry moves to 09:00, or out when the round has closed by then', () => {
    const queued = { ...base, status: 'queued' as const };
    expect(nextCheck(queued, round, at('2026-12-02T21:30:00.000Z'), nights)).toEqual({ job: null, next: '2026-12-03T08:00:00.000Z' });
    expect(nextCheck(queued, round, at('2026-12-03T08:00:00.000Z'), nights)).toEqual({ job: 'invite' });
    expect(nextCheck(queued, { ...round, closesAt: '2026-12-03T07:00:00.000Z' }, at('2026-12-02T21:30:00.000Z'), nights)).toEqual({ job: null, next: null });
    const claimed = { ...base, status: 'sending' as const, claimedAt: '2026-12-02T19:59:00.000Z' };
    expect(nextCheck(claimed, round, at('2026-12-02T20:30:00.000Z'), nights)).toEqual({ job: null, next: '2026-12-03T08:00:00.000Z' });
  });

  it('a time that falls in quiet hours is moved to their end: an opening, a retry, a reminder', () => {
    expect(nextCheck({ ...base, status: 'queued' }, { ...round, opensAt: '2026-12-01T05:00:00.000Z' }, at('2026-11-30T12:00:00.000Z'), nights)).toEqual({
      job: null,
      next: '2026-12-01T08:00:00.000Z',
    });
    const retry = { ...base, status: 'queued' as const, retryAfter: '2026-12-02T22:00:00.000Z' };
    expect(nextCheck(retry, round, at('2026-12-02T12:00:00.000Z'), nights)).toEqual({ job: null, next: '2026-12-03T08:00:00.000Z' });
    // Invited 10:00 UTC on 2 December, reminder after 48 h: 11:00 in Brussels, allowed, unchanged.
    expect(nextCheck(base, round, at('2026-12-03T00:00:00.000Z'), nights)).toEqual({ job: null, next: '2026-12-04T10:00:00.000Z' });
    const lateInvite = { ...base, invitedAt: '2026-12-02T19:30:00.000Z' }; // 25 h later is 21:30 in Brussels: moved to 09:00
    expect(nextCheck(lateInvite, { ...round, reminderAfterHours: 25 }, at('2026-12-03T00:00:00.000Z'), nights)).toEqual({
      job: null,
      next: '2026-12-04T08:00:00.000Z',
    });
  });
});

describe('firstDue', () => {
  const inv = (over: Partial<Invitation>): Invitation => ({ ...base, language: null, failure: null, ...over });
  it('is a lower bound of the first time the sweep may act, or null when it never will', () => {
    expect(firstDue(inv({ status: 'queued' }))).toBe(DUE_AT_ONCE);
    expect(firstDue(inv({ status: 'queued', retryAfter: '2026-12-03T09:00:00.000Z' }))).toBe('2026-12-03T09:00:00.000Z');
    expect(firstDue(inv({ status: 'invited' }))).toBe(base.invitedAt);
    expect(firstDue(inv({ status: 'invited', progress: 'completed' }))).toBeNull();
    expect(firstDue(inv({ status: 'joined' }))).toBeNull();
    expect(firstDue(inv({ status: 'failed' }))).toBeNull();
  });
});
