import { DASHBOARD } from '../page/context.js';

/**
 * Where to read the stories behind a part of a chart (SenseMaker-style): a triad zone, a dyad range. For
 * the summary's charts (web/dashboard/results/charts/) to link from; the answers page picks the round's
 * story (or first question in people's own words) and refuses what disclosure control would not show.
 */

export const answersPath = (projectId: string, roundId: string): string =>
  `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(roundId)}/answers`;

/** The stories of one triad zone (1–7) of `triadId`. */
export const zoneHref = (projectId: string, roundId: string, triadId: string, zone: number): string =>
  `${answersPath(projectId, roundId)}?zone=${encodeURIComponent(`${triadId}:${zone}`)}#answers`;

/** The stories of a dyad range, `from` to `to` (points 1–5). */
export const rangeHref = (projectId: string, roundId: string, dyadId: string, from: number, to: number): string =>
  `${answersPath(projectId, roundId)}?dyad=${encodeURIComponent(dyadId)}&from=${from}&to=${to}#answers`;
