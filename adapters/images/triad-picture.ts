/**
 * The triad picture sent over WhatsApp with a "triad" question: an equilateral triangle whose corners are
 * the three qualities (A top, B bottom left, C bottom right; B and C swapped for right-to-left languages),
 * its seven zones tinted and marked with large numbered "keycaps" (1-3 corners, 4 A-B, 5 B-C, 6 C-A,
 * 7 centre) so that someone who reads little can answer with a digit, and each corner labelled in the
 * participant's language. Output: an 800x700 PNG (WhatsApp media must be PNG or JPEG). This file draws
 * (SVG) and rasterizes (PNG); the geometry is triad-layout.ts, the fitting of labels triad-labels.ts.
 *
 * Why this approach:
 * - Text is shaped in JavaScript by fontkit (OpenType GSUB/GPOS: Arabic joining forms, lam-alef, marks,
 *   kerning) and turned into outlines (text-outlines.ts), so the SVG holds paths, no `<text>`. We control
 *   font fallback per character, see and refuse characters no font has (no empty "tofu" boxes reach a
 *   participant: `UnsupportedTextError`, core/conversation/ports.ts), order right-to-left text ourselves, and measure lines to wrap or
 *   shrink labels. fontkit reads WOFF2, and that matters: the only npm package with a Ge'ez (Ethiopic) font
 *   ships WOFF2 only, which resvg (TTF/OTF only) cannot load.
 * - The SVG is rasterized by @resvg/resvg-wasm: WebAssembly, so the same package runs on x64 here and on
 *   arm64 Lambda without native prebuilds, and it needs no fonts because there is no text left.
 * - Everything heavy (fontkit, the wasm, the fonts) is loaded on first use and kept; callers import this
 *   module lazily (`await import(...)`).
 *
 * Fonts: Noto Sans, Noto Sans Arabic and Noto Sans Ethiopic (Google / the Noto project), from the npm
 * packages @fontsource-variable/noto-sans, -noto-sans-arabic and -noto-sans-ethiopic (WOFF2 subsets,
 * default instance = Regular, emboldened here with a stroke). Licence: SIL Open Font License 1.1 (the
 * LICENSE file in each package). Renderer: resvg (MPL-2.0); fontkit (MIT).
 *
 * Cost (measured on this x64 dev machine, Node 20): first picture in a process ~0.5-0.8 s (wasm compile,
 * font decoding), then ~60-120 ms each (SVG ~5-20 ms, rasterizing + PNG encoding the rest); PNGs of
 * 50-70 KB.
 *
 * Shipping in a Lambda bundle: esbuild inlines fontkit and its dependencies (~0.76 MB minified) into the
 * function that imports this module, but the wasm and six WOFF2 files (~3.1 MB, `TRIAD_PICTURE_FILES`)
 * are read from disk at run time: the bundle must carry them, flat in `triad-assets/` beside the bundled
 * file (an `afterBundling` command hook) or in `node_modules` (`nodeModules` bundling option). See
 * packaged-files.ts.
 */
import { Resvg, initWasm } from '@resvg/resvg-wasm';
import type { TriadPictureInput } from '../../core/conversation/ports.js';
import { RESVG_WASM_FILE, readPackagedFile } from './packaged-files.js';
import { LATIN_FACE_ID } from './font-faces.js';
import { normalizeText, outlinePathData, shapeInFace } from './text-outlines.js';
import { placeLabel } from './triad-labels.js';
import {
  CENTRE_ZONE_RADIUS,
  isRightToLeft,
  mix,
  type Point,
  TRIAD_PICTURE_HEIGHT,
  TRIAD_PICTURE_WIDTH,
  TRIANGLE_HEIGHT,
  towards,
  triadLayout,
  type TriadZoneMarker,
} from './triad-layout.js';

// ---------------------------------------------------------------------------------------------------
// SVG

const DIGIT_SIZE = 38;
const INK = '#111111';
const COLOURS = { corner: '#cfe2ff', edge: '#fff0bd', centre: '#cdf3d6', separator: '#5c5c5c', outline: INK, keycap: '#ffffff' } as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0) ?? 0};`);
}

function f(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function polygon(points: readonly Point[], fill: string): string {
  return `<polygon points="${points.map((p) => `${f(p.x)},${f(p.y)}`).join(' ')}" fill="${fill}"/>`;
}

function keycap(marker: TriadZoneMarker): string {
  const digit = shapeInFace(String(marker.zone), LATIN_FACE_ID);
  const x = marker.centre.x - (digit.width * DIGIT_SIZE) / 2;
  const baseline = marker.centre.y + ((digit.inkTop + digit.inkBottom) / 2) * DIGIT_SIZE;
  return (
    `<g id="zone-${marker.zone}" aria-label="${marker.zone}">` +
    `<circle cx="${f(marker.centre.x)}" cy="${f(marker.centre.y)}" r="${marker.radius}" fill="${COLOURS.keycap}" stroke="${INK}" stroke-width="4"/>` +
    `<path d="${outlinePathData(digit, x, baseline, DIGIT_SIZE)}" fill="${INK}" stroke="${INK}" stroke-width="1.6" stroke-linejoin="round"/>` +
    '</g>'
  );
}

/** The picture as SVG (text already turned into outlines; the labels are kept in `aria-label`s). */
export function triadPictureSvg(input: TriadPictureInput): string {
  const layout = triadLayout(input.language);
  const { A, B, C } = layout.vertices;
  const g = layout.centroid;
  const at = (weights: readonly [number, number, number]): Point => mix(weights, A, B, C);
  const third = 2 / 3;
  const parts: string[] = [];
  parts.push(`<rect width="${TRIAD_PICTURE_WIDTH}" height="${TRIAD_PICTURE_HEIGHT}" fill="#ffffff"/>`);
  // Zones: the triangle in the edge colour, the corners (barycentric weight >= 2/3) and the centre disc on top.
  parts.push(polygon([A, B, C], COLOURS.edge));
  parts.push(polygon([A, at([third, 1 - third, 0]), at([third, 0, 1 - third])], COLOURS.corner));
  parts.push(polygon([B, at([0, third, 1 - third]), at([1 - third, third, 0])], COLOURS.corner));
  parts.push(polygon([C, at([1 - third, 0, third]), at([0, 1 - third, third])], COLOURS.corner));
  // Borders between zones: the corner cuts, and the medians from the centre disc to the corner cuts.
  const separator = `stroke="${COLOURS.separator}" stroke-width="3" stroke-linecap="round"`;
  const cuts: [Point, Point][] = [
    [at([third, 1 - third, 0]), at([third, 0, 1 - third])],
    [at([0, third, 1 - third]), at([1 - third, third, 0])],
    [at([1 - third, 0, third]), at([0, 1 - third, third])],
  ];
  for (const [p, q] of cuts) parts.push(`<line x1="${f(p.x)}" y1="${f(p.y)}" x2="${f(q.x)}" y2="${f(q.y)}" ${separator}/>`);
  for (const vertex of [A, B, C]) {
    const from = towards(g, vertex, CENTRE_ZONE_RADIUS);
    const to = towards(g, vertex, TRIANGLE_HEIGHT / 3);
    parts.push(`<line x1="${f(from.x)}" y1="${f(from.y)}" x2="${f(to.x)}" y2="${f(to.y)}" ${separator}/>`);
  }
  parts.push(`<circle cx="${f(g.x)}" cy="${f(g.y)}" r="${CENTRE_ZONE_RADIUS}" fill="${COLOURS.centre}" ${separator}/>`);
  parts.push(
    `<polygon points="${[A, B, C].map((p) => `${f(p.x)},${f(p.y)}`).join(' ')}" fill="none" stroke="${COLOURS.outline}" stroke-width="5" stroke-linejoin="round"/>`,
  );
  for (const marker of layout.markers) parts.push(keycap(marker));
  // Labels.
  const titles: string[] = [];
  for (const [i, area] of layout.labels.entries()) {
    const text = normalizeText(input.corners[i] ?? '');
    titles.push(`${area.corner}: ${text}`);
    const placed = placeLabel(text, area, input.language);
    const d = placed.lines.map(({ line, x, baseline }) => outlinePathData(line, x, baseline, placed.size)).join('');
    const stroke = Math.max(0.4, placed.size / 45);
    parts.push(
      `<g id="label-${area.corner}" aria-label="${escapeXml(text)}">` +
        (d === '' ? '' : `<path d="${d}" fill="${INK}" stroke="${INK}" stroke-width="${f(stroke)}" stroke-linejoin="round"/>`) +
        '</g>',
    );
  }
  const direction = isRightToLeft(input.language) ? 'rtl' : 'ltr';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${TRIAD_PICTURE_WIDTH}" height="${TRIAD_PICTURE_HEIGHT}" ` +
    `viewBox="0 0 ${TRIAD_PICTURE_WIDTH} ${TRIAD_PICTURE_HEIGHT}" role="img" xml:lang="${escapeXml(input.language)}" direction="${direction}">` +
    `<title>${escapeXml(titles.join('; '))}</title>` +
    parts.join('') +
    '</svg>'
  );
}

// ---------------------------------------------------------------------------------------------------
// PNG

let wasmReady: Promise<void> | undefined;

function ensureResvg(): Promise<void> {
  wasmReady ??= initWasm(readPackagedFile(RESVG_WASM_FILE)).catch((error: unknown) => {
    // Another copy of this module (a test runner re-evaluating it) already initialized the shared wasm.
    if (error instanceof Error && error.message.startsWith('Already initialized')) return;
    wasmReady = undefined;
    throw error;
  });
  return wasmReady;
}

/** Rasterizes an SVG of the picture's size to PNG bytes. */
export async function rasterizeSvg(svg: string): Promise<Uint8Array> {
  await ensureResvg();
  const resvg = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'original' }, font: { loadSystemFonts: false } });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * The triad picture as PNG bytes (800x700). Throws `UnsupportedTextError` if a label has a character no
 * bundled font can draw (e.g. emoji, Chinese): callers should then send the question without a picture.
 */
export async function renderTriadPicture(input: TriadPictureInput): Promise<Uint8Array> {
  return rasterizeSvg(triadPictureSvg(input));
}
