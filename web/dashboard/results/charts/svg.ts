import { html } from 'hono/html';
import type { Cell } from '../../api/api-shapes.js';
import { attr, type Html } from '../../page/markup.js';

/**
 * Small helpers shared by the dashboard's server-rendered SVG charts. Everything is built with hono/html
 * (text escaped) and `attr` (attributes escaped); styling is presentation attributes only, because the
 * dashboard's Content-Security-Policy allows no inline `style` attributes and only the hashed stylesheet.
 */

export type { Cell };

/** The words a chart needs, in the dashboard's language. */
export interface ChartLabels {
  /** Shown instead of a suppressed count, e.g. "fewer than 5". */
  suppressed: string;
  /** A count in a sentence, for the description read by screen readers, e.g. n => `${n} answers`. */
  respondents: (n: number) => string;
  /** A count printed on the chart; plain digits when left out. */
  count?: (n: number) => string;
}

/** Colours: text meets WCAG AA on white and on PANEL; marks meet 3:1 against white. */
export const COLOURS = {
  text: '#1b1f24',
  muted: '#4f5663',
  axis: '#6b7280',
  panel: '#f5f6f8',
  /** Grid lines, light like the tables' row lines. */
  grid: '#e1e4e8',
  mark: '#1f4e79',
  onMark: '#ffffff',
  background: '#ffffff',
} as const;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Arial, sans-serif';

/** A count that can be drawn: finite and not negative (anything else is drawn as 0). */
export const drawable = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

export const isShown = (cell: Cell): cell is number => typeof cell === 'number';

/** At most one decimal, never "-0" nor an exponent for the sizes used here. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

/** Percentage points rounded to one decimal, never -0. */
export const round1 = (x: number): number => {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
};

/** Characters XML 1.0 does not allow (controls other than tab and newlines, lone surrogates, U+FFFE/U+FFFF) dropped. */
export const xmlSafe = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

const SEGMENTER = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string): string[] => Array.from(SEGMENTER.segment(text), (s) => s.segment);

/**
 * Greedy word wrap to at most `max` graphemes a line (a longer word is broken), at most `maxLines` lines;
 * the last one ends in "…" when text was left out. The whole text is always in the chart's description.
 */
export function wrap(text: string, max: number, maxLines = 5): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of xmlSafe(text).trim().split(/\s+/u).filter(Boolean)) {
    const chars = graphemes(word);
    for (let i = 0; i < chars.length; i += max) {
      const piece = chars.slice(i, i + max);
      if (line.length === 0) line = piece;
      else if (line.length + 1 + piece.length <= max) line = [...line, ' ', ...piece];
      else {
        lines.push(line.join(''));
        line = piece;
      }
    }
  }
  if (line.length > 0) lines.push(line.join(''));
  if (lines.length <= maxLines) return lines.length > 0 ? lines : [''];
  const kept = lines.slice(0, maxLines);
  const last = graphemes(kept[maxLines - 1] ?? '');
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, max - 1)).join('')}…`;
  return kept;
}

export interface TextStyle {
  size: number;
  fill: string;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'bold';
  italic?: boolean;
  /** Lets a right-to-left label take its direction from its own first letter. */
  bidi?: boolean;
  className?: string;
}

/** A `<text>` of one or more lines, each a `<tspan>` with its own baseline starting at `y`. */
export function textBlock(lines: readonly string[], x: number, y: number, lineHeight: number, style: TextStyle): Html {
  return html`<text${attr('class', style.className)} x="${num(x)}" y="${num(y)}" font-size="${num(style.size)}" fill="${style.fill}"${attr('text-anchor', style.anchor ?? 'middle')}${attr('font-weight', style.weight)}${attr('font-style', style.italic ? 'italic' : undefined)}${attr('unicode-bidi', style.bidi ? 'plaintext' : undefined)}>${lines.map(
    (line, i) => html`<tspan x="${num(x)}" y="${num(y + i * lineHeight)}">${xmlSafe(line)}</tspan>`,
  )}</text>`;
}

/** 45° hatching inside a circle, as one path. */
export function hatchCircle(cx: number, cy: number, r: number, step = 4): string {
  const parts: string[] = [];
  const s = Math.SQRT1_2;
  for (let t = -r + step / 2; t < r; t += step) {
    const half = Math.sqrt(Math.max(0, r * r - t * t));
    const mx = cx + t * s;
    const my = cy + t * s;
    parts.push(`M${num(mx - half * s)} ${num(my + half * s)}L${num(mx + half * s)} ${num(my - half * s)}`);
  }
  return parts.join('');
}

/** 45° hatching inside a rectangle, as one path. */
export function hatchRect(x: number, y: number, width: number, height: number, step = 5): string {
  const parts: string[] = [];
  const x1 = x + width;
  const y1 = y + height;
  for (let c = x + y + step; c < x1 + y1; c += step) {
    const xa = Math.max(x, c - y1);
    const xb = Math.min(x1, c - y);
    if (xb > xa) parts.push(`M${num(xa)} ${num(c - xa)}L${num(xb)} ${num(c - xb)}`);
  }
  return parts.join('');
}

/** The outer `<svg>`: scales to its container (width 100%, height from the viewBox), read as one image. */
export function svgRoot(kind: string, width: number, height: number, title: string, description: string, body: Html): Html {
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" role="img" viewBox="0 0 ${num(width)} ${num(height)}" width="100%" preserveAspectRatio="xMidYMid meet" font-family="${FONT}"><title>${xmlSafe(title)}</title><desc>${xmlSafe(description)}</desc><rect width="${num(width)}" height="${num(height)}" fill="${COLOURS.background}"/>${body}</svg>`;
}

/** The finished markup as a string (the charts are built synchronously). */
export function toSvgString(markup: Html): string {
  if (markup instanceof Promise) throw new Error('chart markup must be synchronous');
  return markup.toString();
}

/** The count as printed on a chart. */
export const countText = (labels: ChartLabels, n: number): string => (labels.count ? labels.count(n) : String(n));

/** A cell in the description: "12 answers", or "fewer than 5". */
export const cellText = (labels: ChartLabels, cell: Cell): string => (isShown(cell) ? labels.respondents(cell) : labels.suppressed);
