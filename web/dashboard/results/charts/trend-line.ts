import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { type Cell, type ChartLabels, cellText, COLOURS, hatchRect, isShown, num, svgRoot, textBlock, toSvgString, wrap } from './svg.js';

/**
 * Means over the rounds of a project as lines (the energy trend): rounds along the bottom, oldest first,
 * the answer scale up the side. A round whose mean is hidden (fewer than k answers) or that did not ask
 * the question breaks the line: a gap, never an invented point. A hidden mean gets a hatched mark on the
 * axis; each series has its own colour and marker shape, so the chart reads without colour too.
 */

export interface TrendSeries {
  name: string;
  /** One per round, in the order of `rounds`; null: the round did not ask it. */
  points: ReadonlyArray<Cell | null>;
}

export interface TrendLabels extends ChartLabels {
  /** A round that did not ask the question, in the description. */
  notAsked: string;
  /** A mean as printed, e.g. with a decimal comma; one decimal digit when left out. */
  mean?: (x: number) => string;
}

export interface TrendInput {
  rounds: readonly string[];
  series: readonly TrendSeries[];
  /** The scale's ends (1 and 5 for the energy faces). */
  min: number;
  max: number;
  title: string;
  labels: TrendLabels;
}

const LEFT = 48;
const RIGHT = 24;
const SLOT = 110;
const TOP = 28;
/** Height of the plot, from `max` at TOP down to `min`. */
export const PLOT_HEIGHT = 200;
const BOTTOM = TOP + PLOT_HEIGHT;
const SUPPRESSED_SIZE = 10;
/** Every colour at least 3:1 against white; the shape tells the series apart as well. */
export const SERIES_COLOURS = ['#1f4e79', '#b35c00', '#2e7d4f', '#6a3d9a', '#8a2f4b', '#4f5663'] as const;
const SHAPES = ['circle', 'square', 'diamond', 'triangle'] as const;

const colourOf = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length] ?? COLOURS.mark;

/** The y of a value on the scale (values outside it are held at its ends). */
export function yOf(value: number, min: number, max: number): number {
  const clamped = Math.min(max, Math.max(min, value));
  return max === min ? BOTTOM : BOTTOM - ((clamped - min) / (max - min)) * PLOT_HEIGHT;
}

const xOf = (round: number): number => LEFT + SLOT * round + SLOT / 2;

function marker(series: number, x: number, y: number, className: string): Html {
  const fill = colourOf(series);
  const shape = SHAPES[series % SHAPES.length];
  if (shape === 'square') return html`<rect class="${className}" x="${num(x - 5)}" y="${num(y - 5)}" width="10" height="10" fill="${fill}"/>`;
  if (shape === 'diamond')
    return html`<path class="${className}" d="M${num(x)} ${num(y - 7)}L${num(x + 7)} ${num(y)}L${num(x)} ${num(y + 7)}L${num(x - 7)} ${num(y)}Z" fill="${fill}"/>`;
  if (shape === 'triangle')
    return html`<path class="${className}" d="M${num(x)} ${num(y - 7)}L${num(x + 7)} ${num(y + 6)}L${num(x - 7)} ${num(y + 6)}Z" fill="${fill}"/>`;
  return html`<circle class="${className}" cx="${num(x)}" cy="${num(y)}" r="5.5" fill="${fill}"/>`;
}

/** The runs of consecutive shown points: each becomes one unbroken line. */
export function runs(points: ReadonlyArray<Cell | null>): Array<Array<{ index: number; value: number }>> {
  const out: Array<Array<{ index: number; value: number }>> = [];
  let run: Array<{ index: number; value: number }> = [];
  points.forEach((p, index) => {
    if (p !== null && isShown(p)) run.push({ index, value: p });
    else if (run.length) {
      out.push(run);
      run = [];
    }
  });
  if (run.length) out.push(run);
  return out;
}

function suppressedMark(x: number, y: number): Html {
  const s = SUPPRESSED_SIZE;
  return html`<rect class="suppressed-marker" x="${num(x - s / 2)}" y="${num(y - s / 2)}" width="${s}" height="${s}" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="3 2"/><path d="${hatchRect(x - s / 2, y - s / 2, s, s, 3)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>`;
}

/** The line chart as an SVG string (deterministic: the same input gives the same string). */
export function trendLineSvg(input: TrendInput): string {
  const { rounds, series, min, max, labels } = input;
  const meanText = labels.mean ?? ((x: number) => num(x));
  const width = LEFT + SLOT * Math.max(1, rounds.length) + RIGHT;
  const ticks = Array.from({ length: Math.floor(max - min) + 1 }, (_, i) => min + i);
  const grid = html`<g class="grid">${ticks.map(
    (v) =>
      html`<line x1="${LEFT}" y1="${num(yOf(v, min, max))}" x2="${num(width - RIGHT)}" y2="${num(yOf(v, min, max))}" stroke="${COLOURS.grid}" stroke-width="1"/>${textBlock(
        [String(v)],
        LEFT - 10,
        yOf(v, min, max) + 4,
        0,
        {
          size: 12,
          fill: COLOURS.muted,
          anchor: 'end',
          className: 'tick',
        },
      )}`,
  )}<line class="axis" x1="${LEFT}" y1="${BOTTOM}" x2="${num(width - RIGHT)}" y2="${BOTTOM}" stroke="${COLOURS.axis}" stroke-width="1.5"/></g>`;
  const roundLabels = rounds.map((label, i) =>
    textBlock(wrap(label, 14, 2), xOf(i), BOTTOM + 20, 14, { size: 12, fill: COLOURS.text, bidi: true, className: 'round-label' }),
  );

  const lines = series.map((s, si) => {
    const paths = runs(s.points)
      .filter((run) => run.length > 1)
      .map(
        (run) =>
          html`<path class="line" d="${run.map((p, k) => `${k ? 'L' : 'M'}${num(xOf(p.index))} ${num(yOf(p.value, min, max))}`).join('')}" fill="none" stroke="${colourOf(si)}" stroke-width="2.5"/>`,
      );
    // Several series with a hidden mean in one round: their marks stack up from the axis.
    const points = s.points.map((p, i) => {
      if (p === null) return html`<g data-round="${i}" data-state="not-asked"></g>`;
      if (!isShown(p)) return html`<g data-round="${i}" data-state="suppressed">${suppressedMark(xOf(i), BOTTOM - 8 - si * 14)}</g>`;
      const y = yOf(p, min, max);
      // Odd series print their value under the point, so two close lines do not write over each other.
      const labelY = si % 2 ? y + 21 : y - 11;
      return html`<g data-round="${i}" data-state="shown">${marker(si, xOf(i), y, 'point')}${textBlock([meanText(p)], xOf(i), labelY, 0, { size: 12, fill: COLOURS.text, weight: 'bold', className: 'value' })}</g>`;
    });
    return html`<g class="series" data-series="${si}">${paths}${points}</g>`;
  });

  const legendTop = BOTTOM + 20 + 14 + 30;
  const row = (i: number): number => legendTop + i * 20;
  const anySuppressed = series.some((s) => s.points.some((p) => p !== null && !isShown(p)));
  const legend = html`<g class="legend">${series.map(
    (s, i) =>
      html`<g data-legend-series="${i}"><line x1="${LEFT}" y1="${num(row(i) - 4)}" x2="${LEFT + 24}" y2="${num(row(i) - 4)}" stroke="${colourOf(i)}" stroke-width="2.5"/>${marker(i, LEFT + 12, row(i) - 4, 'swatch')}${textBlock(
        wrap(s.name, 70, 1),
        LEFT + 32,
        row(i),
        0,
        {
          size: 12,
          fill: COLOURS.text,
          anchor: 'start',
          bidi: true,
          className: 'legend-label',
        },
      )}</g>`,
  )}${
    anySuppressed
      ? html`<g data-legend="suppressed">${suppressedMark(LEFT + 12, row(series.length) - 4)}${textBlock(
          [labels.suppressed],
          LEFT + 32,
          row(series.length),
          0,
          {
            size: 12,
            fill: COLOURS.muted,
            anchor: 'start',
            italic: true,
            className: 'suppressed-text',
          },
        )}</g>`
      : ''
  }</g>`;
  const height = row(series.length + (anySuppressed ? 1 : 0) - 1) + 12;

  const describe = (s: TrendSeries): string =>
    `${s.name}: ${s.points.map((p, i) => `${rounds[i] ?? ''} ${p === null ? labels.notAsked : isShown(p) ? meanText(p) : cellText(labels, p)}`).join('; ')}`;
  return toSvgString(svgRoot('trend', width, height, input.title, `${series.map(describe).join('. ')}.`, html`${grid}${roundLabels}${lines}${legend}`));
}
