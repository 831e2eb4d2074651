import { setTimeout as wait } from 'node:timers/promises';
import type { Pause } from '../../core/ports.js';

/** The Pause port for real: a timer (core sets none itself). */
export const pause: Pause = async (milliseconds) => {
  await wait(milliseconds);
};
