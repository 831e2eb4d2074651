import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { type Cell, type ChartLabels, cellText, COLOURS, countText, drawable, hatchRect, isShown, num, svgRoot, textBlock, toSvgString, wrap } from './svg.js';

/**
 * Counts of the answers to a choice, consent or statement question as horizontal bars: one group per
 * answer, one bar per round inside it (oldest first, each named), the count printed after the bar. Bars
 * lie flat so that long answer texts and several rounds still fit a phone's width (the chart scales with
 * its viewBox). A hidden count is a short hatched, dashed outline followed by the words of `suppressed`
 * (e.g. "hidden: fewer than 5 people"), never a number; a round that did not ask it says "not asked".
 */

export interface CountBarsLabels extends ChartLabels {
  notAsked: string;
}

export interface CountBarsInput {
  /** The rounds, oldest first; their names are only drawn when there are several. */
  rounds: readonly string[];
  /** One row per answer: its label and a cell per round (null: that round did not ask it). */
  rows: ReadonlyArray<{ label: string; cells: ReadonlyArray<Cell | null> }>;
  title: string;
  labels: CountBarsLabels;
}

export const WIDTH = 360;
const PAD = 8;
const ROUND_COLUMN = 76;
const COUNT_ROOM = 48;
const BAR = 14;
const LINE = 20;
const LABEL_LINE = 16;
const LABEL_CHARS = 40;
const HIDDEN_WIDTH = 22;

/** The x where bars start: after the round names when there are several rounds. */
const barStart = (rounds: number): number => (rounds > 1 ? PAD + ROUND_COLUMN : PAD);

/** Bar lengths of the shown counts, the largest at `full`; 0 for zero, hidden and not asked. */
export function barLengths(rows: CountBarsInput['rows'], full: number): number[][] {
  const max = Math.max(0, ...rows.flatMap((r) => r.cells.filter((c): c is number => c !== null && isShown(c)).map(drawable)));
  return rows.map((r) => r.cells.map((c) => (c !== null && isShown(c) && max > 0 ? (full * drawable(c)) / max : 0)));
}

function bar(x: number, y: number, length: number, cell: Cell | null, labels: CountBarsLabels): Html {
  const middle = y + BAR / 2 + 4;
  if (cell === null)
    return textBlock([labels.notAsked], x, middle, 0, { size: 11, fill: COLOURS.muted, anchor: 'start', italic: true, className: 'not-asked' });
  if (!isShown(cell)) {
    return html`<g data-state="suppressed"><rect class="bar-outline" x="${num(x)}" y="${num(y)}" width="${HIDDEN_WIDTH}" height="${BAR}" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="4 3"/><path d="${hatchRect(x, y, HIDDEN_WIDTH, BAR, 4)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>${textBlock(
      [labels.suppressed],
      x + HIDDEN_WIDTH + 6,
      middle,
      0,
      { size: 11, fill: COLOURS.muted, anchor: 'start', italic: true, bidi: true, className: 'suppressed-text' },
    )}</g>`;
  }
  return html`<g data-state="shown"><rect class="bar" x="${num(x)}" y="${num(y)}" width="${num(Math.max(length, 1))}" height="${BAR}" fill="${COLOURS.mark}"/>${textBlock(
    [countText(labels, cell)],
    x + Math.max(length, 1) + 6,
    middle,
    0,
    { size: 12, fill: COLOURS.text, anchor: 'start', weight: 'bold', className: 'value' },
  )}</g>`;
}

/** The bars as an SVG string (deterministic: the same input gives the same string). */
export function countBarsSvg(input: CountBarsInput): string {
  const { rounds, rows, labels } = input;
  const several = rounds.length > 1;
  const x = barStart(rounds.length);
  const lengths = barLengths(rows, WIDTH - x - COUNT_ROOM);
  let y = PAD;
  const groups: Html[] = [];
  rows.forEach((row, i) => {
    const lines = wrap(row.label, LABEL_CHARS, 3);
    const head = textBlock(lines, PAD, y + 12, LABEL_LINE, { size: 13, fill: COLOURS.text, anchor: 'start', weight: 'bold', bidi: true, className: 'answer' });
    y += lines.length * LABEL_LINE + 4;
    const bars = row.cells.map((cell, r) => {
      const top = y + r * LINE;
      const name = several
        ? textBlock(wrap(rounds[r] ?? '', 11, 1), PAD, top + BAR / 2 + 4, 0, {
            size: 11,
            fill: COLOURS.muted,
            anchor: 'start',
            bidi: true,
            className: 'round-label',
          })
        : '';
      return html`${name}${bar(x, top, lengths[i]?.[r] ?? 0, cell, labels)}`;
    });
    groups.push(html`<g class="answer-group" data-answer="${i}">${head}${bars}</g>`);
    y += row.cells.length * LINE + 10;
  });
  const describe = (row: CountBarsInput['rows'][number]): string =>
    `${row.label}: ${row.cells.map((c, r) => `${several ? `${rounds[r] ?? ''} ` : ''}${c === null ? labels.notAsked : cellText(labels, c)}`).join(', ')}`;
  const description = `${rows.map(describe).join('; ')}.`;
  return toSvgString(svgRoot('counts', WIDTH, Math.max(y, 40), input.title, description, html`${groups}`));
}
