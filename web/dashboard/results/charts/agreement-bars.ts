import { html } from 'hono/html';
import type { Html } from '../../page/markup.js';
import { type ChartLabels, COLOURS, hatchRect, num, round1, svgRoot, textBlock, toSvgString, wrap } from './svg.js';

/**
 * A statement asked in several rounds: per round, one bar for the share who said "true", on a 0–100 %
 * scale that is the same in every chart. A hidden share (too few people behind it) is a short hatched,
 * dashed outline with the "fewer than 5" text; a round that did not ask it shows the "not asked" mark.
 */

/** A share in percent, hidden, or null when the round did not ask the statement. */
export type Share = { percent: number } | { suppressed: true } | null;

export interface AgreementLabels extends ChartLabels {
  notAsked: string;
  /** A share as printed, e.g. "62,5 %"; "62.5%" when left out. */
  percent?: (x: number) => string;
}

export interface AgreementInput {
  rounds: ReadonlyArray<{ label: string; share: Share }>;
  title: string;
  labels: AgreementLabels;
}

const LEFT = 40;
const SLOT = 76;
const BAR = 40;
const TOP = 24;
/** Height of a 100 % bar. */
export const FULL_HEIGHT = 110;
const BASE = TOP + FULL_HEIGHT;
const SUPPRESSED_HEIGHT = 16;

export const barHeight = (percent: number): number => (FULL_HEIGHT * Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0))) / 100;

function bar(i: number, share: Share, labels: AgreementLabels): Html {
  const x = LEFT + i * SLOT + (SLOT - BAR) / 2;
  const centre = x + BAR / 2;
  if (share === null) {
    return html`<g data-round="${i}" data-state="not-asked">${textBlock([labels.notAsked], centre, BASE - 6, 0, { size: 12, fill: COLOURS.muted, className: 'not-asked' })}</g>`;
  }
  if (!('percent' in share)) {
    const y = BASE - SUPPRESSED_HEIGHT;
    const text = wrap(labels.suppressed, 10, 2);
    return html`<g data-round="${i}" data-state="suppressed"><rect class="bar-outline" x="${num(x)}" y="${num(y)}" width="${BAR}" height="${SUPPRESSED_HEIGHT}" fill="${COLOURS.background}" stroke="${COLOURS.muted}" stroke-width="1.5" stroke-dasharray="4 3"/><path d="${hatchRect(x, y, BAR, SUPPRESSED_HEIGHT)}" stroke="${COLOURS.muted}" stroke-width="1" fill="none"/>${textBlock(
      text,
      centre,
      y - 6 - (text.length - 1) * 12,
      12,
      {
        size: 10,
        fill: COLOURS.muted,
        italic: true,
        bidi: true,
        className: 'suppressed-text',
      },
    )}</g>`;
  }
  const height = barHeight(share.percent);
  const printed = labels.percent ? labels.percent(share.percent) : `${num(round1(share.percent))}%`;
  return html`<g data-round="${i}" data-state="shown"><rect class="bar" x="${num(x)}" y="${num(BASE - height)}" width="${BAR}" height="${num(Math.max(height, 1))}" fill="${COLOURS.mark}"/>${textBlock(
    [printed],
    centre,
    BASE - height - 6,
    0,
    {
      size: 12,
      fill: COLOURS.text,
      weight: 'bold',
      className: 'value',
    },
  )}</g>`;
}

/** The bars as an SVG string (deterministic: the same input gives the same string). */
export function agreementBarsSvg(input: AgreementInput): string {
  const { rounds, labels } = input;
  const width = 2 * LEFT + SLOT * Math.max(1, rounds.length);
  const scale = html`<g class="grid">${[0, 50, 100].map(
    (p) =>
      html`<line x1="${LEFT}" y1="${num(BASE - barHeight(p))}" x2="${num(width - LEFT)}" y2="${num(BASE - barHeight(p))}" stroke="${p ? COLOURS.grid : COLOURS.axis}" stroke-width="${p ? 1 : 1.5}"/>${textBlock(
        [`${p}%`],
        LEFT - 6,
        BASE - barHeight(p) + 4,
        0,
        {
          size: 10,
          fill: COLOURS.muted,
          anchor: 'end',
          className: 'tick',
        },
      )}`,
  )}</g>`;
  const names = rounds.map((r, i) =>
    textBlock(wrap(r.label, 11, 2), LEFT + i * SLOT + SLOT / 2, BASE + 16, 13, { size: 11, fill: COLOURS.text, bidi: true, className: 'round-label' }),
  );
  const describe = (share: Share): string =>
    share === null
      ? labels.notAsked
      : 'percent' in share
        ? labels.percent
          ? labels.percent(share.percent)
          : `${num(round1(share.percent))}%`
        : labels.suppressed;
  const description = `${rounds.map((r) => `${r.label}: ${describe(r.share)}`).join('; ')}.`;
  return toSvgString(
    svgRoot('agreement', width, BASE + 16 + 13 + 10, input.title, description, html`${scale}${rounds.map((r, i) => bar(i, r.share, labels))}${names}`),
  );
}
