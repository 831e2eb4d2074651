import type { Clock } from '../../core/ports.js';

/** The machine's clock: the one place outside tests where "now" comes from. */
export const systemClock: Clock = { now: () => new Date() };
