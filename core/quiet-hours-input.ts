import * as z from '../kernel/zod.js';
import { MAX_QUIET_BLOCKS, quietIntervals, WEEK_MINUTES, WEEKDAYS, type QuietHours } from './quiet-hours.js';
import { isTimeZone } from './zone-time.js';

/**
 * Quiet hours as staff set them (the API validates with this; core/quiet-hours.ts says what they mean). Apart
 * from the rules that read them, so the functions that only read them (the webhooks) carry none of its messages.
 */

const ClockTime = z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM, 00:00 to 24:00'));

const QuietBlockInput = z.object({
  days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1), z.maxLength(7)),
  from: ClockTime,
  to: ClockTime,
});

function blockedMinutes(q: QuietHours): number {
  const blocked = new Uint8Array(WEEK_MINUTES);
  for (const [from, to] of quietIntervals(q)) for (let m = from; m < to; m++) blocked[m % WEEK_MINUTES] = 1;
  return blocked.reduce((sum, b) => sum + b, 0);
}

export const QuietHoursInput = z
  .object({
    timeZone: z.string().check(z.refine(isTimeZone, 'an IANA time zone such as "Europe/Brussels"')),
    blocks: z.array(QuietBlockInput).check(z.maxLength(MAX_QUIET_BLOCKS)),
  })
  .check(
    z.refine((q) => q.blocks.every((b) => b.from !== b.to && b.from !== '24:00'), {
      message: 'a block must start before 24:00 and end at another time than it starts',
      path: ['blocks'],
    }),
    z.refine((q) => blockedMinutes(q) < WEEK_MINUTES - 7 * 60, {
      message: 'leave at least an hour a day on average in which people can be contacted',
      path: ['blocks'],
    }),
  );
