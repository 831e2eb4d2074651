import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowed, wallClockAt, type QuietHours } from '../../core/quiet-hours.js';
import { QuietHoursInput } from '../../core/quiet-hours-input.js';
import { firstInstantAtOrAfterWall, instantsOfWall, wallTime } from '../../core/zone-time.js';

/**
 * Quiet hours on the wall clock of the project's zone (core/quiet-hours.ts), across both DST changes of
 * 2026 in Brussels: Sunday 29 March 02:00 CET → 03:00 CEST, Sunday 25 October 03:00 CEST → 02:00 CET.
 */

const at = (iso: string) => new Date(iso);
const next = (q: QuietHours, iso: string) => nextAllowed(q, at(iso)).toISOString();
const nights = DEFAULT_QUIET_HOURS;

describe('the default: nights, 21:00 to 09:00 in Brussels', () => {
  it('is quiet from 21:00 up to 09:00, and not at 09:00 or 20:59', () => {
    // 23 November 2026: winter time, UTC+1.
    expect(isQuiet(nights, at('2026-11-23T19:59:59.999Z'))).toBe(false); // 20:59:59
    expect(isQuiet(nights, at('2026-11-23T20:00:00.000Z'))).toBe(true); // 21:00
    expect(isQuiet(nights, at('2026-11-23T21:00:00.000Z'))).toBe(true); // 22:00
    expect(isQuiet(nights, at('2026-11-24T07:59:59.999Z'))).toBe(true); // 08:59:59
    expect(isQuiet(nights, at('2026-11-24T08:00:00.000Z'))).toBe(false); // 09:00
    expect(next(nights, '2026-11-23T21:00:00.000Z')).toBe('2026-11-24T08:00:00.000Z');
    expect(next(nights, '2026-11-24T07:59:59.999Z')).toBe('2026-11-24T08:00:00.000Z');
    expect(next(nights, '2026-11-24T12:34:56.789Z')).toBe('2026-11-24T12:34:56.789Z'); // allowed: itself
  });

  it('in summer the same wall times are an hour earlier in UTC', () => {
    expect(isQuiet(nights, at('2026-07-01T18:59:00.000Z'))).toBe(false); // 20:59 CEST
    expect(isQuiet(nights, at('2026-07-01T19:00:00.000Z'))).toBe(true); // 21:00 CEST
    expect(next(nights, '2026-07-01T20:00:00.000Z')).toBe('2026-07-02T07:00:00.000Z'); // 09:00 CEST
  });

  it('the March night is 11 hours: 21:00 CET to 09:00 CEST', () => {
    expect(isQuiet(nights, at('2026-03-28T19:59:00.000Z'))).toBe(false);
    expect(next(nights, '2026-03-28T20:00:00.000Z')).toBe('2026-03-29T07:00:00.000Z');
    // In the skipped hour's neighbourhood, still quiet, still ending at 09:00 summer time.
    expect(next(nights, '2026-03-29T00:59:00.000Z')).toBe('2026-03-29T07:00:00.000Z'); // 01:59 CET
    expect(next(nights, '2026-03-29T01:00:00.000Z')).toBe('2026-03-29T07:00:00.000Z'); // 03:00 CEST
    expect(isQuiet(nights, at('2026-03-29T07:00:00.000Z'))).toBe(false);
    expect(isQuiet(nights, at('2026-03-29T06:59:59.000Z'))).toBe(true);
  });

  it('the October night is 13 hours: 21:00 CEST to 09:00 CET, the repeated hour included', () => {
    expect(isQuiet(nights, at('2026-10-24T18:59:00.000Z'))).toBe(false); // 20:59 CEST
    expect(next(nights, '2026-10-24T19:00:00.000Z')).toBe('2026-10-25T08:00:00.000Z');
    expect(next(nights, '2026-10-25T00:30:00.000Z')).toBe('2026-10-25T08:00:00.000Z'); // 02:30 CEST
    expect(next(nights, '2026-10-25T01:30:00.000Z')).toBe('2026-10-25T08:00:00.000Z'); // 02:30 CET, the second time
    expect(isQuiet(nights, at('2026-10-25T07:59:00.000Z'))).toBe(true); // 08:59 CET
    expect(isQuiet(nights, at('2026-10-25T08:00:00.000Z'))).toBe(false);
  });
});

describe('a week of blocks', () => {
  const week = QuietHoursInput.parse({
    timeZone: 'Europe/Brussels',
    blocks: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '21:00', to: '09:00' },
      { days: ['fri'], from: '12:00', to: '14:00' },
      { days: ['sun'], from: '09:00', to: '24:00' },
    ],
  });

  it('Friday midday is quiet, Thursday midday is not', () => {
    // 27 November 2026 is a Friday.
    expect(isQuiet(week, at('2026-11-27T11:30:00.000Z'))).toBe(true); // 12:30
    expect(next(week, '2026-11-27T11:30:00.000Z')).toBe('2026-11-27T13:00:00.000Z'); // 14:00
    expect(isQuiet(week, at('2026-11-26T11:30:00.000Z'))).toBe(false);
  });

  it('blocks that follow one another are one quiet: Saturday night, all Sunday, Sunday night', () => {
    // Saturday 28 November 22:00 → Monday 30 November 09:00.
    expect(next(week, '2026-11-28T21:00:00.000Z')).toBe('2026-11-30T08:00:00.000Z');
    expect(next(week, '2026-11-29T12:00:00.000Z')).toBe('2026-11-30T08:00:00.000Z');
  });

  it('a night that wraps over the end of the week (Sunday into Monday) ends on Monday', () => {
    const sundays = QuietHoursInput.parse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['sun'], from: '22:00', to: '07:00' }] });
    expect(isQuiet(sundays, at('2026-11-30T05:00:00.000Z'))).toBe(true); // Monday 06:00
    expect(next(sundays, '2026-11-30T05:00:00.000Z')).toBe('2026-11-30T06:00:00.000Z');
    expect(isQuiet(sundays, at('2026-12-01T05:00:00.000Z'))).toBe(false); // Tuesday 06:00
  });

  it('no blocks: never quiet', () => {
    const none = QuietHoursInput.parse({ timeZone: 'Europe/Brussels', blocks: [] });
    expect(next(none, '2026-11-28T23:00:00.000Z')).toBe('2026-11-28T23:00:00.000Z');
  });
});

describe('blocks that end in a DST change', () => {
  it('an end in the skipped hour is when the clock jumps', () => {
    const q = QuietHoursInput.parse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['sun'], from: '00:30', to: '02:30' }] });
    expect(next(q, '2026-03-28T23:45:00.000Z')).toBe('2026-03-29T01:00:00.000Z'); // 00:45 CET → 03:00 CEST
  });

  it('an end in the repeated hour is its first time; the second time round it is quiet again, briefly', () => {
    const q = QuietHoursInput.parse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['sun'], from: '00:00', to: '02:30' }] });
    expect(next(q, '2026-10-24T22:30:00.000Z')).toBe('2026-10-25T00:30:00.000Z'); // 00:30 CEST → 02:30 CEST
    expect(isQuiet(q, at('2026-10-25T01:10:00.000Z'))).toBe(true); // 02:10 CET
    expect(next(q, '2026-10-25T01:10:00.000Z')).toBe('2026-10-25T01:30:00.000Z'); // 02:30 CET
  });
});

describe('zone arithmetic', () => {
  it('reads wall times and finds them again, once, twice or never', () => {
    expect(wallTime(Date.parse('2026-11-27T11:30:00.000Z'), 'Europe/Brussels')).toEqual({ year: 2026, month: 11, day: 27, weekday: 4, minuteOfDay: 750 });
    const day = (d: number, m: number) => ({ year: 2026, month: m, day: d });
    expect(instantsOfWall(day(29, 3), 150, 'Europe/Brussels')).toEqual([]); // 02:30 on 29 March: skipped
    expect(instantsOfWall(day(25, 10), 150, 'Europe/Brussels').map((i) => new Date(i).toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    expect(new Date(firstInstantAtOrAfterWall(day(29, 3), 150, 'Europe/Brussels')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(wallClockAt(DEFAULT_QUIET_HOURS, at('2026-03-28T12:00:00.000Z'), 1, '10:00').toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });
});

describe('the schema', () => {
  it('refuses unknown zones, bad times, empty blocks and weeks with no time left', () => {
    expect(QuietHoursInput.safeParse({ timeZone: 'Mars/Olympus', blocks: [] }).success).toBe(false);
    expect(QuietHoursInput.safeParse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['mon'], from: '9:00', to: '10:00' }] }).success).toBe(false);
    expect(QuietHoursInput.safeParse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['mon'], from: '10:00', to: '10:00' }] }).success).toBe(false);
    expect(QuietHoursInput.safeParse({ timeZone: 'Europe/Brussels', blocks: [{ days: [], from: '10:00', to: '11:00' }] }).success).toBe(false);
    const always = { timeZone: 'Europe/Brussels', blocks: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }] };
    expect(QuietHoursInput.safeParse(always).success).toBe(false);
    expect(QuietHoursInput.safeParse({ timeZone: 'America/New_York', blocks: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00' }] }).success).toBe(true);
  });
});
