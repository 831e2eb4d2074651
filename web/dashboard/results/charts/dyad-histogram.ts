import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { type Cell, type ChartLabels, cellText, COLOURS, countText, drawable, hatchRect, isShown, num, svgRoot, textBlock, toSvgString, wrap } from './svg.js';

/**
 * A dyad question (a story placed between two poles, answers 1–5) as a five-bar histogram, and a compact
 * variant with the rounds side by side. Bar heights are proportional to counts; a suppressed bar is a short
 * hatched, dashed outline with the "fewer than 5" text, never a number.
 */

export type DyadPosition = 1 | 2 | 3 | 4 | 5;
export const DYAD_POSITIONS: readonly DyadPosition[] = [1, 2, 3, 4, 5];
export type DyadCounts = Readonly<Record<DyadPosition, Cell>>;

export interface DyadInput {
  /** The pole at answer 1, and the one at answer 5. */
  left: string;
  right: string;
  counts: DyadCounts;
  /** The accessible name. */
  title: string;
  labels: ChartLabels;
}

export interface DyadRound {
  label: string;
  counts: DyadCounts;
}

export interface DyadRoundsInput {
  left: string;
  right: string;
  /** Oldest first; drawn in this order inside each group of bars, and in the legend. */
  rounds: readonly DyadRound[];
  title: string;
  labels: ChartLabels;
}

const MARGIN_X = 70;
const SLOT = 80;
const BAR_WIDTH = 56;
const PLOT_TOP = 30;
/** Height of the tallest bar. */
export const MAX_BAR_HEIGHT = 180;
const BASELINE = PLOT_TOP + MAX_BAR_HEIGHT;
const SUPPRESSED_HEIGHT = 24;
const POLE_CHARS = 20;
const POLE_LINE = 15;
/** Fills of the rounds, in order (every one at least 3:1 against white); odd rounds are also hatched. */
const ROUND_FILLS = ['#1f4e79', '#b35c00', '#2e7d4f', '#6a3d9a', '#8a2f4b', '#4f5663'] as const;

/** Bar height of each shown count, the largest at `maxHeight`; 0 for zero or suppressed. */
export function barHeights(
  counts: DyadCounts,
  max = Math.max(
    0,
    ...DYAD_POSITIONS.map((p) => counts[p])
      .filter(isShown)
      .map(drawable),
  ),
  maxHeight = MAX_BAR_HEIGHT,
): Record<DyadPosition, number> {
  const height = (cell: Cell): number => (isShown(cell) && max > 0 ? (maxHeight * drawable(cell)) / max : 0);
  return { 1: height(counts[1]), 2: height(counts[2]), 3: height(counts[3]), 4: height(counts[4]), 5: height(counts[5]) };
}

const positionName = (p: DyadPosition, left: string, right: string): string => (p === 1 ? `1 (${left})` : p === 5 ? `5 (${right})` : String(p));

const describe = (counts: DyadCounts, input: { left: string; right: string; labels: ChartLabels }): string =>
  DYAD_POSITIONS.map((p) => `${positionName(p, input.left, input.right)}: ${cellText(input.labels, counts[p])}`).join('; ');

/** The axis line, the answer numbers 1–5 under the slots and the pole labels under the first and last. */
function axis(width: number, slot: number, left: string, right: string): { markup: Html; bottom: number } {
  const leftLines = wrap(left, POLE_CHARS);
  const rightLines = wrap(right, POLE_CHARS);
  const centre = (p: DyadPosition): number => MARGIN_X + (p - 1) * slot + slot / 2;
  const poleStyle = { size: 13, fill: COLOURS.text, weight: 'bold', bidi: true } as const;
  const markup = html`<line class="axis" x1="${num(MARGIN_X - 8)}" y1="${num(BASELINE)}" x2="${num(width - MARGIN_X + 8)}" y2="${num(BASELINE)}" stroke="${COLOURS.axis}" stroke-width="1.5"/>${DYAD_POSITIONS.map(
    (p) => textBlock([String(p)], centre(p), BASELINE + 18, 0, { size: 12, fill: COLOURS.muted, className: 'tick' }),
  )}${textBlock(leftLines, centre(1), BASELINE + 40, POLE_LINE, { ...poleStyle, className: 'pole pole-left' })}${textBlock(
    rightLines,
    centre(5),
    BASELINE + 40,
    POLE_LINE,
    {
      ...poleStyle,
      className: 'pole pole-right',
    },
  )}`;
  return { markup, bottom: BASELINE + 40 + (Math.max(leftLines.length, rightLines.length) - 1) * POLE_LINE };
}

function suppressedBox(x: number, width: number, height: number): Html {
  const y = BASELINE - height;
  return html`<rect class="bar-outline" x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="4 3"/><path d="${hatchRect(x, y, width, height)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>`;
}

function bar(p: DyadPosition, cell: Cell, height: number, labels: ChartLabels): Html {
  const x = MARGIN_X + (p - 1) * SLOT + (SLOT - BAR_WIDTH) / 2;
  const centre = x + BAR_WIDTH / 2;
  if (!isShown(cell)) {
    const text = wrap(labels.suppressed, 12, 3);
    return html`<g data-position="${p}" data-state="suppressed">${suppressedBox(x, BAR_WIDTH, SUPPRESSED_HEIGHT)}${textBlock(
      text,
      centre,
      BASELINE - SUPPRESSED_HEIGHT - 6 - (text.length - 1) * 13,
      13,
      {
        size: 11,
        fill: COLOURS.muted,
        italic: true,
        bidi: true,
        className: 'suppressed-text',
      },
    )}</g>`;
  }
  const count = textBlock([countText(labels, drawable(cell))], centre, BASELINE - height - 6, 0, {
    size: 13,
    fill: COLOURS.text,
    weight: 'bold',
    className: 'count',
  });
  if (height <= 0) {
    return html`<g data-position="${p}" data-state="zero"><rect class="zero-marker" x="${num(x)}" y="${num(BASELINE - 2)}" width="${num(BAR_WIDTH)}" height="2" fill="${COLOURS.muted}"/>${count}</g>`;
  }
  return html`<g data-position="${p}" data-state="shown"><rect class="bar" x="${num(x)}" y="${num(BASELINE - height)}" width="${num(BAR_WIDTH)}" height="${num(height)}" fill="${COLOURS.mark}"/>${count}</g>`;
}

/** The histogram as an SVG string (deterministic: the same input gives the same string). */
export function dyadHistogramSvg(input: DyadInput): string {
  const width = 2 * MARGIN_X + 5 * SLOT;
  const heights = barHeights(input.counts);
  const { markup, bottom } = axis(width, SLOT, input.left, input.right);
  const body = html`${DYAD_POSITIONS.map((p) => bar(p, input.counts[p], heights[p], input.labels))}${markup}`;
  return toSvgString(svgRoot('dyad', width, bottom + 12, input.title, `${describe(input.counts, input)}.`, body));
}

const fillOf = (round: number): string => ROUND_FILLS[round % ROUND_FILLS.length] ?? COLOURS.mark;

/** A bar (or legend swatch) of round `round`: its colour, and white hatching on odd rounds. */
function roundMark(round: number, x: number, y: number, width: number, height: number, className: string): Html {
  const hatch = round % 2 === 1 ? html`<path d="${hatchRect(x, y, width, height, 6)}" stroke="${COLOURS.background}" stroke-width="1.5" fill="none"/>` : '';
  return html`<rect class="${className}" x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${fillOf(round)}"/>${hatch}`;
}

/**
 * The rounds side by side: per answer, a group of bars (one per round, in the order given), all on one
 * scale; a legend under the chart names the rounds and the hatched outline that stands for a suppressed count.
 */
export function dyadRoundsSvg(input: DyadRoundsInput): string {
  const { rounds, labels } = input;
  const n = Math.max(1, rounds.length);
  const slot = Math.max(SLOT, n * 22 + 16);
  const group = slot - 16;
  const barWidth = (group - (n - 1) * 2) / n;
  const width = 2 * MARGIN_X + 5 * slot;
  const max = Math.max(
    0,
    ...rounds
      .flatMap((r) => DYAD_POSITIONS.map((p) => r.counts[p]))
      .filter(isShown)
      .map(drawable),
  );
  const bars = rounds.map((round, i) => {
    const heights = barHeights(round.counts, max);
    return DYAD_POSITIONS.map((p) => {
      const cell = round.counts[p];
      const x = MARGIN_X + (p - 1) * slot + 8 + i * (barWidth + 2);
      const centre = x + barWidth / 2;
      const data = html` data-round="${i}" data-position="${p}"`;
      if (!isShown(cell)) return html`<g${data} data-state="suppressed">${suppressedBox(x, barWidth, 16)}</g>`;
      const height = heights[p];
      const count = textBlock([countText(labels, drawable(cell))], centre, BASELINE - height - 5, 0, { size: 11, fill: COLOURS.text, className: 'count' });
      if (height <= 0) {
        return html`<g${data} data-state="zero"><rect class="zero-marker" x="${num(x)}" y="${num(BASELINE - 2)}" width="${num(barWidth)}" height="2" fill="${COLOURS.muted}"/>${count}</g>`;
      }
      return html`<g${data} data-state="shown">${roundMark(i, x, BASELINE - height, barWidth, height, 'bar')}${count}</g>`;
    });
  });
  const { markup, bottom } = axis(width, slot, input.left, input.right);
  const anySuppressed = rounds.some((r) => DYAD_POSITIONS.some((p) => !isShown(r.counts[p])));
  const legendTop = bottom + 28;
  const legendRow = (i: number): number => legendTop + i * 20;
  const legend = html`<g class="legend">${rounds.map(
    (round, i) =>
      html`<g data-legend-round="${i}">${roundMark(i, MARGIN_X, legendRow(i) - 11, 14, 14, 'swatch')}${textBlock(
        wrap(round.label, 60, 1),
        MARGIN_X + 22,
        legendRow(i),
        0,
        {
          size: 12,
          fill: COLOURS.text,
          anchor: 'start',
          className: 'legend-label',
        },
      )}</g>`,
  )}${
    anySuppressed
      ? html`<g data-legend="suppressed"><rect x="${num(MARGIN_X)}" y="${num(legendRow(rounds.length) - 11)}" width="14" height="14" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="3 2"/><path d="${hatchRect(MARGIN_X, legendRow(rounds.length) - 11, 14, 14, 4)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>${textBlock(
          [labels.suppressed],
          MARGIN_X + 22,
          legendRow(rounds.length),
          0,
          { size: 12, fill: COLOURS.muted, anchor: 'start', italic: true, className: 'suppressed-text' },
        )}</g>`
      : ''
  }</g>`;
  const rows = rounds.length + (anySuppressed ? 1 : 0);
  const height = (rows > 0 ? legendRow(rows - 1) : bottom) + 12;
  const description = `${rounds.map((r) => `${r.label}: ${describe(r.counts, input)}`).join('. ')}.`;
  return toSvgString(svgRoot('dyad-rounds', width, height, input.title, description, html`${bars}${markup}${legend}`));
}
