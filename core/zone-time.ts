/**
 * Wall-clock time in a time zone, and back, with Intl alone (no Temporal, no tz library). DST-safe:
 * around a change a wall time can be missing (spring: 02:30 never happens in Brussels) or happen twice
 * (autumn: 02:30 happens in summer time, then again in winter time); `instantsOfWall` says which instants
 * show a wall time, `firstInstantAtOrAfterWall` where a missing one would have been.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One instant as a clock on the wall shows it: the date, the weekday (0 Monday … 6 Sunday), the minute of the day. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minuteOfDay: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** True for an IANA zone name Intl knows ("Europe/Brussels"); false for anything else. */
export function isTimeZone(name: string): boolean {
  try {
    formatIn(name);
    return true;
  } catch {
    return false;
  }
}

export function wallTime(instant: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatIn(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAY_INDEX[parts.weekday ?? ''] ?? 0,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The wall time as if it were UTC, in ms: what `Date.UTC` gives for the same fields (minute precision). */
const wallAsUtc = (w: WallTime): number => Date.UTC(w.year, w.month - 1, w.day, 0, w.minuteOfDay);

/** How far the zone's clock is ahead of UTC at `instant`, in ms (Brussels: 1 h in winter, 2 h in summer). */
export function zoneOffset(instant: number, timeZone: string): number {
  return wallAsUtc(wallTime(instant, timeZone)) - Math.floor(instant / MINUTE) * MINUTE;
}

/**
 * The instants at which the wall shows `minuteOfDay` on the date (minutes past 24:00 run into the next
 * days): one normally, two in the hour an autumn change repeats, none in the hour a spring change skips.
 * Sorted. Zones change their offset at most a few times a year, so the offsets a day before and a day
 * after are the only two that can apply.
 */
export function instantsOfWall(date: { year: number; month: number; day: number }, minuteOfDay: number, timeZone: string): number[] {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const candidates = new Set([wall - zoneOffset(wall - DAY, timeZone), wall - zoneOffset(wall + DAY, timeZone)]);
  return [...candidates].filter((c) => c + zoneOffset(c, timeZone) === wall).sort((a, b) => a - b);
}

/** The first instant whose wall time is at or after the given one: the instant itself, or the end of a skipped hour. */
export function firstInstantAtOrAfterWall(date: { year: number; month: number; day: number }, minuteOfDay: number, timeZone: string): number {
  const found = instantsOfWall(date, minuteOfDay, timeZone);
  if (found[0] !== undefined) return found[0];
  // Skipped (spring): the change lies between the two readings; find it to the minute.
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  let low = wall - zoneOffset(wall + DAY, timeZone); // read with the later (larger) offset: before the change
  let high = wall - zoneOffset(wall - DAY, timeZone); // read with the earlier offset: after it
  if (low > high) [low, high] = [high, low];
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (mid + zoneOffset(mid, timeZone) >= wall) high = mid;
    else low = mid;
  }
  return high;
}
