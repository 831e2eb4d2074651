import { SERVICE_TIME_ZONE } from './day.js';
import { firstInstantAtOrAfterWall, instantsOfWall, wallTime } from './zone-time.js';

/**
 * Quiet hours: when a project contacts nobody. Invitations, reminders, calls and "you said, we did" wait
 * for the next allowed time; replies to someone who writes in never wait (they chose the moment).
 *
 * A weekly set of blocked intervals in the project's time zone, read on the wall clock: "21:00–09:00"
 * is nine in the evening until nine in the morning on both sides of a DST change (a night is 11 hours
 * in March and 13 in October). A block runs from `from` on each of its `days` to `to`; a `to` at or
 * before `from` ends the next day ("21:00"–"09:00"), "24:00" ends at midnight.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface QuietBlock {
  days: Weekday[];
  /** "HH:MM", from 00:00 to 23:59. */
  from: string;
  /** "HH:MM", to 24:00 (midnight); at or before `from`: the next day. */
  to: string;
}

/** Checked where staff set them (quiet-hours-input.ts): a known zone, times that exist, some time left each week. */
export interface QuietHours {
  timeZone: string;
  blocks: QuietBlock[];
}

export const MAX_QUIET_BLOCKS = 21;
export const WEEK_MINUTES = 7 * 24 * 60;

/** A project that has not chosen: nobody is contacted at night. */
export const DEFAULT_QUIET_HOURS: QuietHours = { timeZone: SERVICE_TIME_ZONE, blocks: [{ days: [...WEEKDAYS], from: '21:00', to: '09:00' }] };

/** Contacting at any hour (tests of other things; a project that wants no quiet hours says so). */
export const NO_QUIET_HOURS: QuietHours = { timeZone: SERVICE_TIME_ZONE, blocks: [] };

export const quietHoursOf = (project: { quietHours?: QuietHours | null | undefined }): QuietHours => project.quietHours ?? DEFAULT_QUIET_HOURS;

const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The blocks as intervals of minutes from Monday 00:00; an interval may run past the end of the week (it wraps). */
export function quietIntervals(q: QuietHours): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const block of q.blocks) {
    const from = minutes(block.from);
    let to = minutes(block.to);
    if (to <= from) to += 24 * 60;
    for (const day of new Set(block.days)) out.push([WEEKDAYS.indexOf(day) * 24 * 60 + from, WEEKDAYS.indexOf(day) * 24 * 60 + to]);
  }
  return out;
}

/** How many minutes from `minuteOfWeek` the quiet lasts (the latest end of the blocks it is in); 0 when not quiet. */
function quietFor(q: QuietHours, minuteOfWeek: number): number {
  let longest = 0;
  for (const [from, to] of quietIntervals(q)) {
    // The minute may sit in this week's copy of the interval or, for one that wraps, in last week's.
    for (const shift of [0, -WEEK_MINUTES]) {
      const start = from + shift;
      const end = to + shift;
      if (start <= minuteOfWeek && minuteOfWeek < end) longest = Math.max(longest, end - minuteOfWeek);
    }
  }
  return longest;
}

export function isQuiet(q: QuietHours, at: Date): boolean {
  const wall = wallTime(at.getTime(), q.timeZone);
  return quietFor(q, wall.weekday * 24 * 60 + wall.minuteOfDay) > 0;
}

/**
 * The first moment from `at` on when people may be contacted: `at` itself outside quiet hours, else the
 * end of the quiet (of blocks that follow one another, the last). A block that ends in an hour skipped
 * by a DST change ends when the clock jumps; one that ends in an hour that repeats ends the first time.
 */
export function nextAllowed(q: QuietHours, at: Date): Date {
  let current = at.getTime();
  // Each step reaches the end of at least one block; the input schema keeps every week with allowed time.
  for (let step = 0; step < 4 * MAX_QUIET_BLOCKS * 7 + 4; step++) {
    const wall = wallTime(current, q.timeZone);
    const ahead = quietFor(q, wall.weekday * 24 * 60 + wall.minuteOfDay);
    if (ahead === 0) return new Date(current);
    const endMinute = wall.minuteOfDay + ahead;
    const later = instantsOfWall(wall, endMinute, q.timeZone).find((instant) => instant > current);
    current = later ?? Math.max(firstInstantAtOrAfterWall(wall, endMinute, q.timeZone), current + 60_000);
  }
  throw new Error('quiet hours leave no allowed time'); // the schema refuses such settings: a configuration error
}

/** The instant the wall clock shows `clock` on the day of `at` plus `days`, in the zone (the first, if twice). */
export function wallClockAt(q: Pick<QuietHours, 'timeZone'>, at: Date, days: number, clock: string): Date {
  const wall = wallTime(at.getTime(), q.timeZone);
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return new Date(
    firstInstantAtOrAfterWall({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, minutes(clock), q.timeZone),
  );
}
