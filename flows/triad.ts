/**
 * The seven zones of a triad (SenseMaker-style): where a story sits between three qualities A, B, C.
 * Numbered so that the corners come first (1–3), then the edges in reading order around the triangle
 * (4 = A–B, 5 = B–C, 6 = C–A), then the centre (7). The same numbers are read out in calls, listed in
 * SMS, drawn on the WhatsApp picture and stored as the answer.
 */
export const TRIAD_ZONES = [1, 2, 3, 4, 5, 6, 7] as const;
export type TriadZone = (typeof TRIAD_ZONES)[number];

export type TriadPlace = { kind: 'corner'; corner: 0 | 1 | 2 } | { kind: 'edge'; between: readonly [0 | 1 | 2, 0 | 1 | 2] } | { kind: 'centre' };

export function triadPlace(zone: TriadZone): TriadPlace {
  switch (zone) {
    case 1:
    case 2:
    case 3:
      return { kind: 'corner', corner: (zone - 1) as 0 | 1 | 2 };
    case 4:
      return { kind: 'edge', between: [0, 1] };
    case 5:
      return { kind: 'edge', between: [1, 2] };
    case 6:
      return { kind: 'edge', between: [2, 0] };
    case 7:
      return { kind: 'centre' };
  }
}

/** The zone's weights on A, B and C (they sum to 1): a corner is all of one, an edge half of two, the centre a third of each. */
export function triadWeights(zone: TriadZone): readonly [number, number, number] {
  const place = triadPlace(zone);
  if (place.kind === 'centre') return [1 / 3, 1 / 3, 1 / 3];
  const w: [number, number, number] = [0, 0, 0];
  if (place.kind === 'corner') w[place.corner] = 1;
  else for (const c of place.between) w[c] = 0.5;
  return w;
}

export const isTriadZone = (n: number): n is TriadZone => Number.isInteger(n) && n >= 1 && n <= 7;

/** Dyads are answered on five points, 1 = the left pole, 5 = the right pole. */
export const DYAD_POINTS = 5;
