import { type ShapedLine, normalizeText, shapeLine } from './text-outlines.js';
import { isRightToLeft, type TriadLabelArea } from './triad-layout.js';

/** A triad picture's corner labels: one or two lines, as large as fits in their box (at most MAX_LABEL_SIZE px). */

const MAX_LABEL_SIZE = 32;

interface LineMetrics {
  readonly ascent: number;
  readonly descent: number;
  readonly lineHeight: number;
}

/** In em. Arabic script has taller marks and deeper tails than Latin, Cyrillic and Ge'ez. */
function metricsFor(lines: readonly ShapedLine[]): LineMetrics {
  return lines.some((line) => line.tall) ? { ascent: 1.08, descent: 0.62, lineHeight: 1.6 } : { ascent: 0.98, descent: 0.3, lineHeight: 1.26 };
}

export interface PlacedLabel {
  readonly lines: readonly { readonly line: ShapedLine; readonly x: number; readonly baseline: number }[];
  readonly size: number;
}

/** Candidate line breaks: after a space, or after a Ge'ez word space (U+1361) or hyphen. */
function twoLineSplits(text: string): [string, string][] {
  const characters = [...text];
  const splits: [string, string][] = [];
  for (const [i, character] of characters.entries()) {
    if (i === 0 || i === characters.length - 1) continue;
    if (character === ' ') splits.push([characters.slice(0, i).join(''), characters.slice(i + 1).join('')]);
    else if (character === '\u1361' || character === '-' || character === '\u2010')
      splits.push([characters.slice(0, i + 1).join(''), characters.slice(i + 1).join('')]);
  }
  return splits;
}

/** Lays a label out in its area: one line if that is large enough, otherwise the best two-line break. */
export function placeLabel(text: string, area: TriadLabelArea, language: string): PlacedLabel {
  const rtl = isRightToLeft(language);
  const normalized = normalizeText(text);
  if (normalized === '') return { lines: [], size: 0 };
  const width = area.right - area.left;
  const height = area.bottom - area.top;
  const sizeFor = (lines: readonly ShapedLine[]): number => {
    const m = metricsFor(lines);
    const widest = Math.max(...lines.map((l) => l.width), 1e-6);
    const tall = m.ascent + m.descent + (lines.length - 1) * m.lineHeight;
    return Math.min(MAX_LABEL_SIZE, width / widest, height / tall);
  };
  const single = [shapeLine(normalized, { rtl, language })];
  let best: { lines: ShapedLine[]; size: number } = { lines: single, size: sizeFor(single) };
  if (best.size < MAX_LABEL_SIZE) {
    for (const [first, second] of twoLineSplits(normalized)) {
      const lines = [shapeLine(first, { rtl, language }), shapeLine(second, { rtl, language })];
      const size = sizeFor(lines);
      // One line is easier to read: two lines must be more than 5% larger to win.
      if (size > best.size * (best.lines.length === 1 ? 1.05 : 1)) best = { lines, size };
    }
  }
  const { lines, size } = best;
  const m = metricsFor(lines);
  const blockWidth = Math.max(...lines.map((l) => l.width)) * size;
  const blockHeight = (m.ascent + m.descent + (lines.length - 1) * m.lineHeight) * size;
  const centre = Math.min(Math.max(area.anchorX, area.left + blockWidth / 2), area.right - blockWidth / 2);
  const top = area.hug === 'top' ? area.top : area.bottom - blockHeight;
  return {
    size,
    lines: lines.map((line, i) => ({
      line,
      x: centre - (line.width * size) / 2,
      baseline: top + (m.ascent + i * m.lineHeight) * size,
    })),
  };
}
