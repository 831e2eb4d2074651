import type { TriadZone } from '../../flows/triad.js';

/**
 * The triad picture's geometry (triad-picture.ts draws it): an equilateral triangle, A at the top and B
 * and C at the bottom (swapped for right-to-left languages), a keycap per zone, and a box per label.
 */

/** Picture size in pixels. */
export const TRIAD_PICTURE_WIDTH = 800;
export const TRIAD_PICTURE_HEIGHT = 700;

const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'yi']);

export function isRightToLeft(language: string): boolean {
  return RTL_LANGUAGES.has(language.toLowerCase().split(/[-_]/)[0] ?? '');
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

const TRIANGLE_TOP = 124;
export const TRIANGLE_HEIGHT = 456;
const TRIANGLE_SIDE = (2 * TRIANGLE_HEIGHT) / Math.sqrt(3);
export const CENTRE_ZONE_RADIUS = 64;
const KEYCAP_RADIUS = 29;
const BOTTOM_LABEL_GAP = 64;

/** A zone's number and where its keycap sits; exported for tests and for anyone describing the picture. */
export interface TriadZoneMarker {
  readonly zone: TriadZone;
  readonly centre: Point;
  readonly radius: number;
}

/** Where each label may be drawn (a box) and the point it is centred on when it fits. */
export interface TriadLabelArea {
  readonly corner: 'A' | 'B' | 'C';
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly anchorX: number;
  /** The block of lines hugs this edge of the box (the side towards its corner). */
  readonly hug: 'top' | 'bottom';
}

export interface TriadLayout {
  readonly vertices: { readonly A: Point; readonly B: Point; readonly C: Point };
  readonly centroid: Point;
  readonly markers: readonly TriadZoneMarker[];
  readonly labels: readonly [TriadLabelArea, TriadLabelArea, TriadLabelArea];
}

/** The point with these barycentric weights of a, b and c. */
export function mix(weights: readonly [number, number, number], a: Point, b: Point, c: Point): Point {
  const [wa, wb, wc] = weights;
  return { x: wa * a.x + wb * b.x + wc * c.x, y: wa * a.y + wb * b.y + wc * c.y };
}

/** The point `distance` px from `from` in the direction of `to`. */
export function towards(from: Point, to: Point, distance: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  return { x: from.x + (dx / length) * distance, y: from.y + (dy / length) * distance };
}

/** The picture's geometry: vertices (B and C swapped for right-to-left languages), keycaps, label boxes. */
export function triadLayout(language: string): TriadLayout {
  const rtl = isRightToLeft(language);
  const centreX = TRIAD_PICTURE_WIDTH / 2;
  const bottom = TRIANGLE_TOP + TRIANGLE_HEIGHT;
  const top: Point = { x: centreX, y: TRIANGLE_TOP };
  const left: Point = { x: centreX - TRIANGLE_SIDE / 2, y: bottom };
  const right: Point = { x: centreX + TRIANGLE_SIDE / 2, y: bottom };
  const A = top;
  const B = rtl ? right : left;
  const C = rtl ? left : right;
  const centroid = mix([1 / 3, 1 / 3, 1 / 3], A, B, C);
  const inradius = TRIANGLE_HEIGHT / 3;
  const edgeDistance = (CENTRE_ZONE_RADIUS + inradius) / 2;
  const midpoint = (p: Point, q: Point): Point => ({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 });
  const corner = (weights: readonly [number, number, number]): Point => mix(weights, A, B, C);
  const markers: TriadZoneMarker[] = [
    { zone: 1, centre: corner([7 / 9, 1 / 9, 1 / 9]), radius: KEYCAP_RADIUS },
    { zone: 2, centre: corner([1 / 9, 7 / 9, 1 / 9]), radius: KEYCAP_RADIUS },
    { zone: 3, centre: corner([1 / 9, 1 / 9, 7 / 9]), radius: KEYCAP_RADIUS },
    { zone: 4, centre: towards(centroid, midpoint(A, B), edgeDistance), radius: KEYCAP_RADIUS },
    { zone: 5, centre: towards(centroid, midpoint(B, C), edgeDistance), radius: KEYCAP_RADIUS },
    { zone: 6, centre: towards(centroid, midpoint(C, A), edgeDistance), radius: KEYCAP_RADIUS },
    { zone: 7, centre: centroid, radius: KEYCAP_RADIUS },
  ];
  const margin = 14;
  const bottomArea = (corner: 'B' | 'C', vertex: Point): TriadLabelArea => {
    const onLeft = vertex.x < centreX;
    return {
      corner,
      // A wide gap between the two bottom labels, so they never read as one line.
      left: onLeft ? margin : centreX + BOTTOM_LABEL_GAP / 2,
      right: onLeft ? centreX - BOTTOM_LABEL_GAP / 2 : TRIAD_PICTURE_WIDTH - margin,
      top: bottom + 14,
      bottom: TRIAD_PICTURE_HEIGHT - 8,
      anchorX: vertex.x,
      hug: 'top',
    };
  };
  const labels: [TriadLabelArea, TriadLabelArea, TriadLabelArea] = [
    { corner: 'A', left: 40, right: TRIAD_PICTURE_WIDTH - 40, top: 8, bottom: TRIANGLE_TOP - 14, anchorX: centreX, hug: 'bottom' },
    bottomArea('B', B),
    bottomArea('C', C),
  ];
  return { vertices: { A, B, C }, centroid, markers, labels };
}
