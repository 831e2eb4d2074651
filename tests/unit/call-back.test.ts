import { describe, expect, it } from 'vitest';
import { callBackSlots, chosenSlot } from '../../core/calls/call-back.js';
import { DEFAULT_QUIET_HOURS, NO_QUIET_HOURS } from '../../core/quiet-hours.js';
import { QuietHoursInput } from '../../core/quiet-hours-input.js';

/** The times "call me later" offers (core/calls/call-back.ts): on the project's wall clock, never in quiet hours. */

const FAR = '2027-01-01T00:00:00.000Z';

describe('callBackSlots', () => {
  it('this evening 18:00, tomorrow 10:00 and 18:00 in Brussels, across the March change to summer time', () => {
    // Saturday 28 March 2026, 12:00 CET; tomorrow the clocks go forward.
    expect(callBackSlots(DEFAULT_QUIET_HOURS, new Date('2026-03-28T11:00:00.000Z'), FAR)).toEqual([
      '2026-03-28T17:00:00.000Z', // 18:00 CET
      '2026-03-29T08:00:00.000Z', // 10:00 CEST
      '2026-03-29T16:00:00.000Z', // 18:00 CEST
    ]);
    // And back in October.
    expect(callBackSlots(DEFAULT_QUIET_HOURS, new Date('2026-10-24T10:00:00.000Z'), FAR)).toEqual([
      '2026-10-24T16:00:00.000Z', // 18:00 CEST
      '2026-10-25T09:00:00.000Z', // 10:00 CET
      '2026-10-25T17:00:00.000Z', // 18:00 CET
    ]);
  });

  it('leaves out a time passed or less than a quarter of an hour ahead, one in quiet hours, one after the close', () => {
    const now = new Date('2026-11-24T16:45:00.000Z'); // 17:45 in Brussels: 18:00 is exactly a quarter of an hour ahead
    expect(callBackSlots(NO_QUIET_HOURS, now, FAR)[0]).toBe('2026-11-24T17:00:00.000Z');
    expect(callBackSlots(NO_QUIET_HOURS, new Date('2026-11-24T16:45:00.001Z'), FAR)[0]).toBeNull();
    const mornings = QuietHoursInput.parse({ timeZone: 'Europe/Brussels', blocks: [{ days: ['wed'], from: '08:00', to: '11:00' }] });
    expect(callBackSlots(mornings, now, FAR)).toEqual(['2026-11-24T17:00:00.000Z', null, '2026-11-25T17:00:00.000Z']);
    expect(callBackSlots(NO_QUIET_HOURS, now, '2026-11-25T09:00:00.000Z')).toEqual(['2026-11-24T17:00:00.000Z', null, null]);
  });

  it('a project in another zone: its own evening', () => {
    const lisbon = QuietHoursInput.parse({ timeZone: 'Europe/Lisbon', blocks: [] });
    expect(callBackSlots(lisbon, new Date('2026-11-24T10:00:00.000Z'), FAR)[0]).toBe('2026-11-24T18:00:00.000Z');
  });
});

describe('chosenSlot', () => {
  const slots = ['a', null, 'c'];
  it('takes only an offered key', () => {
    expect(chosenSlot(slots, '1')).toBe('a');
    expect(chosenSlot(slots, '2')).toBeNull();
    expect(chosenSlot(slots, '3')).toBe('c');
    for (const other of ['0', '4', '9', '*', '#', '', 'x', '-1']) expect(chosenSlot(slots, other), other).toBeNull();
    expect(chosenSlot(slots, '٣')).toBe('c'); // Arabic-Indic digit, as speech may bring it
  });
});
