/**
 * The bundled Noto Sans faces (Latin, Latin Extended, Cyrillic, Cyrillic Extended, Arabic script, Ethiopic):
 * which characters each covers, and each font decoded on first use (a Latin-only label never decodes the
 * Arabic or Ethiopic face) and kept. WOFF2 files of the @fontsource-variable packages (SIL OFL 1.1).
 */
import * as fontkit from 'fontkit';
import { FONT_FILES, readPackagedFile } from './packaged-files.js';

type Range = readonly [number, number];

export interface FaceSpec {
  readonly id: string;
  /** The package file, for `readPackagedFile`. */
  readonly file: string;
  /** The face's coverage as fontsource publishes it (its `unicode.json`), so only useful faces get decoded. */
  readonly ranges: readonly Range[];
}

/** `U+0000-00FF,U+0131` (CSS unicode-range, as in fontsource's unicode.json) to code point ranges. */
function parseUnicodeRange(text: string): readonly Range[] {
  return text.split(',').map((part): Range => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from ?? '', 16);
    const end = to === undefined ? start : Number.parseInt(to, 16);
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error(`bad unicode range ${part}`);
    return [start, end];
  });
}

/** Faces in order of preference for a character more than one covers. */
export const FACES: readonly FaceSpec[] = [
  {
    id: 'latin',
    file: FONT_FILES.latin,
    ranges: parseUnicodeRange(
      'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
    ),
  },
  {
    id: 'latin-ext',
    file: FONT_FILES.latinExt,
    ranges: parseUnicodeRange(
      'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
    ),
  },
  {
    id: 'cyrillic',
    file: FONT_FILES.cyrillic,
    ranges: parseUnicodeRange('U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116'),
  },
  {
    id: 'cyrillic-ext',
    file: FONT_FILES.cyrillicExt,
    ranges: parseUnicodeRange('U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F'),
  },
  {
    id: 'arabic',
    file: FONT_FILES.arabic,
    ranges: parseUnicodeRange(
      'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC',
    ),
  },
  {
    id: 'ethiopic',
    file: FONT_FILES.ethiopic,
    ranges: parseUnicodeRange('U+030E,U+1200-1399,U+2D80-2DDE,U+AB01-AB2E,U+1E7E0-1E7E6,U+1E7E8-1E7EB,U+1E7ED-1E7EE,U+1E7F0-1E7FE'),
  },
];

const loadedFonts = new Map<string, fontkit.Font>();

/** The face's font, decoded on first use and kept. */
export function fontOf(face: FaceSpec): fontkit.Font {
  const cached = loadedFonts.get(face.id);
  if (cached) return cached;
  const created = fontkit.create(readPackagedFile(face.file));
  if ('fonts' in created) throw new Error(`${face.file} is a font collection, not a font`);
  loadedFonts.set(face.id, created);
  return created;
}

function covers(face: FaceSpec, cp: number): boolean {
  return face.ranges.some(([start, end]) => cp >= start && cp <= end);
}

/** Whether the face has a glyph for the code point (not only covers its range). */
export function draws(face: FaceSpec, cp: number): boolean {
  return covers(face, cp) && fontOf(face).hasGlyphForCodePoint(cp);
}

/** The Latin face, for digits and other Latin-only text the picture draws itself. */
export const LATIN_FACE_ID = 'latin';

/** Characters that draw nothing and need no glyph (joiners, bidi marks, variation selectors, BOM). */
export function isDefaultIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}
