import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { TRIAD_ZONES, triadWeights, type TriadZone } from '../../../../flows/triad.js';
import {
  type Cell,
  type ChartLabels,
  cellText,
  COLOURS,
  countText,
  drawable,
  hatchCircle,
  isShown,
  num,
  round1,
  svgRoot,
  textBlock,
  toSvgString,
  wrap,
  xmlSafe,
} from './svg.js';

/**
 * A triad question drawn as a ternary plot: an equilateral triangle (corner A on top, B bottom left,
 * C bottom right) with one bubble per answer zone, its area proportional to the zone's count. Suppressed
 * zones (fewer than k respondents) show a hatched, dashed outline and the "fewer than 5" text, never a number.
 */

// The zones are the survey's own (flows/triad.ts): 1–3 corners A, B, C; 4 edge A–B, 5 edge B–C, 6 edge C–A; 7 the centre.
export { TRIAD_ZONES, type TriadZone } from '../../../../flows/triad.js';
export type TriadZones = Readonly<Record<TriadZone, Cell>>;

/** Barycentric coordinates (weights of A, B, C) of each zone's point. */
export const ZONE_WEIGHTS = Object.fromEntries(TRIAD_ZONES.map((z) => [z, triadWeights(z)])) as Readonly<Record<TriadZone, readonly [number, number, number]>>;

export interface TernaryLabels extends ChartLabels {
  /** The centre zone in the description; "A – B – C" when left out. */
  centre?: string;
  /** An edge zone in the description; "A – B" when left out. */
  between?: (a: string, b: string) => string;
}

export interface TernaryInput {
  /** Labels of corners A, B, C, in the dashboard's language. */
  corners: readonly [string, string, string];
  zones: TriadZones;
  /** The accessible name. */
  title: string;
  labels: TernaryLabels;
}

/** Geometry, in viewBox units. */
const SIDE = 320;
const HEIGHT = (SIDE * Math.sqrt(3)) / 2;
/** Bubble radius of the largest zone: less than half the closest distance between zones (edge to centre). */
export const MAX_RADIUS = 42;
const SUPPRESSED_RADIUS = 12;
const ZERO_RADIUS = 3;
const MARGIN_X = 90;
const WIDTH = SIDE + 2 * MARGIN_X;
const LABEL_SIZE = 13;
const LABEL_LINE = 16;
const LABEL_CHARS = 20;
const INSIDE_MIN_RADIUS = 14;

interface Point {
  x: number;
  y: number;
}

/** The zone names used in the description. */
export function zoneNames(corners: readonly [string, string, string], labels: TernaryLabels): Record<TriadZone, string> {
  const [a, b, c] = corners;
  const between = labels.between ?? ((p: string, q: string) => `${p} – ${q}`);
  return { 1: a, 2: b, 3: c, 4: between(a, b), 5: between(b, c), 6: between(c, a), 7: labels.centre ?? `${a} – ${b} – ${c}` };
}

/** Bubble radius of each shown zone: area proportional to the count, the largest at MAX_RADIUS; 0 for none. */
export function bubbleRadii(zones: TriadZones): Record<TriadZone, number> {
  const max = Math.max(
    0,
    ...TRIAD_ZONES.map((z) => zones[z])
      .filter(isShown)
      .map(drawable),
  );
  const radius = (cell: Cell): number => (isShown(cell) && max > 0 ? MAX_RADIUS * Math.sqrt(drawable(cell) / max) : 0);
  return { 1: radius(zones[1]), 2: radius(zones[2]), 3: radius(zones[3]), 4: radius(zones[4]), 5: radius(zones[5]), 6: radius(zones[6]), 7: radius(zones[7]) };
}

function zone(z: TriadZone, p: Point, cell: Cell, radius: number, name: string, labels: TernaryLabels): Html {
  const tooltip = html`<title>${xmlSafe(`${name}: ${cellText(labels, cell)}`)}</title>`;
  if (!isShown(cell)) {
    const text = wrap(labels.suppressed, 16, 3);
    return html`<g data-zone="${z}" data-state="suppressed">${tooltip}<circle class="zone-marker" cx="${num(p.x)}" cy="${num(p.y)}" r="${SUPPRESSED_RADIUS}" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="4 3"/><path d="${hatchCircle(p.x, p.y, SUPPRESSED_RADIUS)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>${textBlock(text, p.x, p.y + SUPPRESSED_RADIUS + 13, 13, { size: 11, fill: COLOURS.muted, italic: true, bidi: true, className: 'suppressed-text' })}</g>`;
  }
  const count = countText(labels, drawable(cell));
  if (radius <= 0) {
    return html`<g data-zone="${z}" data-state="zero">${tooltip}<circle class="zone-marker" cx="${num(p.x)}" cy="${num(p.y)}" r="${ZERO_RADIUS}" fill="${COLOURS.muted}"/>${textBlock([count], p.x + ZERO_RADIUS + 4, p.y + 4.5, 0, { size: 12, fill: COLOURS.text, anchor: 'start', className: 'count' })}</g>`;
  }
  const inside = radius >= INSIDE_MIN_RADIUS;
  const label = inside
    ? textBlock([count], p.x, p.y + 4.5, 0, { size: 13, fill: COLOURS.onMark, weight: 'bold', className: 'count' })
    : textBlock([count], p.x + radius + 4, p.y + 4.5, 0, { size: 12, fill: COLOURS.text, weight: 'bold', anchor: 'start', className: 'count' });
  return html`<g data-zone="${z}" data-state="shown">${tooltip}<circle class="zone-marker bubble" cx="${num(p.x)}" cy="${num(p.y)}" r="${num(radius)}" fill="${COLOURS.mark}" stroke="${COLOURS.background}" stroke-width="1"/>${label}</g>`;
}

/** The ternary plot as an SVG string (deterministic: the same input gives the same string). */
export function ternaryPlotSvg(input: TernaryInput): string {
  const { corners, zones, labels } = input;
  const [aLines, bLines, cLines] = [wrap(corners[0], LABEL_CHARS), wrap(corners[1], LABEL_CHARS), wrap(corners[2], LABEL_CHARS)];
  const a: Point = { x: WIDTH / 2, y: 28 + (aLines.length - 1) * LABEL_LINE + MAX_RADIUS };
  const b: Point = { x: MARGIN_X, y: a.y + HEIGHT };
  const c: Point = { x: MARGIN_X + SIDE, y: a.y + HEIGHT };
  const bottomBaseline = b.y + MAX_RADIUS + 16;
  const height = bottomBaseline + (Math.max(bLines.length, cLines.length) - 1) * LABEL_LINE + 12;
  const at = (z: TriadZone): Point => {
    const [wa, wb, wc] = ZONE_WEIGHTS[z];
    return { x: wa * a.x + wb * b.x + wc * c.x, y: wa * a.y + wb * b.y + wc * c.y };
  };
  const names = zoneNames(corners, labels);
  const radii = bubbleRadii(zones);
  const description = `${TRIAD_ZONES.map((z) => `${names[z]}: ${cellText(labels, zones[z])}`).join('; ')}.`;
  const cornerLabel = { size: LABEL_SIZE, fill: COLOURS.text, weight: 'bold', bidi: true, className: 'corner' } as const;
  const body = html`<polygon class="triangle" points="${num(a.x)},${num(a.y)} ${num(b.x)},${num(b.y)} ${num(c.x)},${num(c.y)}" fill="${COLOURS.panel}" stroke="${COLOURS.axis}" stroke-width="1.5" stroke-linejoin="round"/>${textBlock(
    aLines,
    a.x,
    a.y - MAX_RADIUS - 8 - (aLines.length - 1) * LABEL_LINE,
    LABEL_LINE,
    { ...cornerLabel, className: 'corner corner-a' },
  )}${textBlock(bLines, b.x, bottomBaseline, LABEL_LINE, { ...cornerLabel, className: 'corner corner-b' })}${textBlock(
    cLines,
    c.x,
    bottomBaseline,
    LABEL_LINE,
    {
      ...cornerLabel,
      className: 'corner corner-c',
    },
  )}${TRIAD_ZONES.map((z) => zone(z, at(z), zones[z], radii[z], names[z], labels))}`;
  return toSvgString(svgRoot('ternary', WIDTH, height, input.title, description, body));
}

/**
 * Each zone's share of the round in percent: of `total` when it is a shown number (the respondents who
 * answered), else of the shown counts; null for a suppressed zone or an empty round.
 */
export function ternaryShares(zones: TriadZones, total?: Cell): Record<TriadZone, number | null> {
  const sum =
    typeof total === 'number' && total > 0
      ? total
      : TRIAD_ZONES.map((z) => zones[z])
          .filter(isShown)
          .map(drawable)
          .reduce((s, n) => s + n, 0);
  const share = (cell: Cell): number | null => (isShown(cell) && sum > 0 ? (drawable(cell) / sum) * 100 : null);
  return { 1: share(zones[1]), 2: share(zones[2]), 3: share(zones[3]), 4: share(zones[4]), 5: share(zones[5]), 6: share(zones[6]), 7: share(zones[7]) };
}

/**
 * "Signifier shift" between two rounds: per zone, the change of its share in percentage points (after
 * minus before, one decimal), null where either round suppresses the zone (or has nothing to share).
 * Pass the rounds' respondent totals when known; otherwise shares are of the shown counts.
 */
export function ternaryShift(before: TriadZones, after: TriadZones, totals: { before?: Cell; after?: Cell } = {}): Record<TriadZone, number | null> {
  const from = ternaryShares(before, totals.before);
  const to = ternaryShares(after, totals.after);
  const diff = (z: TriadZone): number | null => {
    const x = from[z];
    const y = to[z];
    return x === null || y === null ? null : round1(y - x);
  };
  return { 1: diff(1), 2: diff(2), 3: diff(3), 4: diff(4), 5: diff(5), 6: diff(6), 7: diff(7) };
}
