import { normalizeText, readInteger } from '../../flows/normalize.js';
import { isQuiet, wallClockAt, type QuietHours } from '../quiet-hours.js';
import type { TextKey } from '../texts.js';

/**
 * "Call me later" in a call: the few times the caller can choose by keypad. Each has its own key and its
 * own sentence ("For tomorrow morning at 10:00, press 2."), so a language without a voice can have each
 * recorded once: a time that cannot be offered is left out, and the others keep their keys (as the
 * language menu does). The clock times are in the sentences of every locale: change both together.
 */
export const CALL_BACK_SLOTS = [
  { key: 1, text: 'callBack.thisEvening', days: 0, clock: '18:00' },
  { key: 2, text: 'callBack.tomorrowMorning', days: 1, clock: '10:00' },
  { key: 3, text: 'callBack.tomorrowEvening', days: 1, clock: '18:00' },
] as const satisfies ReadonlyArray<{ key: number; text: TextKey; days: number; clock: string }>;

/** The key that asks for a call back, wherever a question waits for one key of fewer than nine. */
export const CALL_BACK_KEY = '9';

/** A time offered sooner than this is no "later": at 17:50 "this evening at 18:00" is left out. */
const LEAD_MS = 15 * 60_000;

/**
 * The times that can be offered now, by key (index 0 is key 1): each in the project's zone, at least a
 * quarter of an hour ahead, outside quiet hours, and before the round closes; null where one cannot.
 */
export function callBackSlots(quiet: QuietHours, now: Date, closesAt: string): Array<string | null> {
  return CALL_BACK_SLOTS.map((slot) => {
    const at = wallClockAt(quiet, now, slot.days, slot.clock);
    const offered = at.getTime() - now.getTime() >= LEAD_MS && !isQuiet(quiet, at) && at.toISOString() < closesAt;
    return offered ? at.toISOString() : null;
  });
}

/** The time the pressed key (or the digit said) chose, if it is one of those offered. */
export function chosenSlot(slots: ReadonlyArray<string | null>, pressed: string): string | null {
  const key = readInteger(normalizeText(pressed));
  return key !== undefined && key >= 1 ? (slots[key - 1] ?? null) : null;
}
