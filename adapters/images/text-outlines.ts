/**
 * Text to glyph outlines for the triad picture: picks a Noto Sans face per character (Latin, Cyrillic,
 * Arabic script, Ethiopic), orders mixed-direction text (a small subset of the Unicode bidi algorithm:
 * no explicit embeddings), shapes each run with fontkit (OpenType GSUB/GPOS: Arabic joining forms,
 * ligatures, mark placement, kerning) and returns the glyphs' outlines, so the SVG needs no fonts.
 *
 * Fonts are the WOFF2 files of the @fontsource-variable Noto Sans packages (SIL Open Font License 1.1),
 * read on first use of each face (a Latin-only label never decodes the Arabic or Ethiopic face) and kept.
 * fontkit cannot apply variations to WOFF2 fonts, so every face is its default instance (weight 400);
 * the picture emboldens with a stroke where it wants bolder text.
 */
import * as fontkit from 'fontkit';
import { UnsupportedTextError } from '../../core/conversation/ports.js';
import { FONT_FILES, readPackagedFile } from './packaged-files.js';

type Range = readonly [number, number];

interface FaceSpec {
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
const FACES: readonly FaceSpec[] = [
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

function fontOf(face: FaceSpec): fontkit.Font {
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

function draws(face: FaceSpec, cp: number): boolean {
  return covers(face, cp) && fontOf(face).hasGlyphForCodePoint(cp);
}

/** The Latin face, for digits and other Latin-only text the picture draws itself. */
export const LATIN_FACE_ID = 'latin';

// ---------------------------------------------------------------------------------------------------
// Characters

/** Characters that draw nothing and need no glyph (joiners, bidi marks, variation selectors, BOM). */
function isDefaultIgnorable(cp: number): boolean {
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

const MARK = /\p{M}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** Bidi classes this module distinguishes (a reduction of Unicode's). */
type BidiClass = 'L' | 'R' | 'EN' | 'N' | 'NSM';

function isRtlCodePoint(cp: number): boolean {
  return (
    (cp >= 0x0590 && cp <= 0x08ff) ||
    (cp >= 0xfb1d && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe) ||
    (cp >= 0x10800 && cp <= 0x10fff) ||
    (cp >= 0x1e800 && cp <= 0x1efff)
  );
}

function bidiClass(cp: number, character: string): BidiClass {
  if (cp === 0x200c || cp === 0x200d) return 'NSM'; // joiners belong to the run around them
  if (cp === 0x200e) return 'L';
  if (cp === 0x200f || cp === 0x061c) return 'R';
  if (MARK.test(character)) return 'NSM';
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06f0 && cp <= 0x06f9)) return 'EN';
  if (isRtlCodePoint(cp)) return LETTER_OR_NUMBER.test(character) ? 'R' : 'N';
  if (LETTER_OR_NUMBER.test(character)) return 'L';
  return 'N';
}

/**
 * Embedding levels for one line (UAX #9 rules W1, W7, N1, N2, I1, I2, without explicit embeddings):
 * even = left-to-right, odd = right-to-left.
 */
function resolveLevels(classes: readonly BidiClass[], rtl: boolean): number[] {
  const base: BidiClass = rtl ? 'R' : 'L';
  // W1: a mark takes the class of what it follows.
  const types: BidiClass[] = [];
  for (const [i, c] of classes.entries()) types.push(c === 'NSM' ? (i === 0 ? 'N' : (types[i - 1] ?? 'N')) : c);
  // W7: a number after left-to-right text (or at the start of a left-to-right line) is left-to-right.
  let lastStrong: BidiClass = base;
  for (const [i, t] of types.entries()) {
    if (t === 'L' || t === 'R') lastStrong = t;
    else if (t === 'EN' && lastStrong === 'L') types[i] = 'L';
  }
  // N1, N2: neutrals between two like directions take it (numbers count as R), else the line's.
  const strength = (t: BidiClass | undefined): BidiClass => (t === 'EN' ? 'R' : (t ?? base));
  let i = 0;
  while (i < types.length) {
    if (types[i] !== 'N') {
      i++;
      continue;
    }
    let j = i;
    while (j < types.length && types[j] === 'N') j++;
    const before = strength(i === 0 ? base : types[i - 1]);
    const after = strength(j === types.length ? base : types[j]);
    const resolved = before === after ? before : base;
    for (let k = i; k < j; k++) types[k] = resolved;
    i = j;
  }
  // I1, I2.
  const paragraph = rtl ? 1 : 0;
  return types.map((t) => {
    if (paragraph === 0) return t === 'L' ? 0 : t === 'R' ? 1 : 2;
    return t === 'R' ? 1 : 2;
  });
}

// ---------------------------------------------------------------------------------------------------
// Shaping

export interface PlacedGlyph {
  /** The glyph's id in its face (0 would be the missing-glyph box, which shaping refuses). */
  readonly id: number;
  /** The id of the face it comes from ('latin', 'arabic', 'ethiopic', ...). */
  readonly face: string;
  /** The character(s) it stands for (several for a ligature). */
  readonly characters: string;
  readonly path: fontkit.Path;
  /** Pen position and offset, in em. */
  readonly x: number;
  readonly y: number;
  /** 1 / units per em of the glyph's font. */
  readonly scale: number;
}

/** One line of text shaped and ordered left to right, in em units (multiply by the font size for px). */
export interface ShapedLine {
  readonly text: string;
  readonly width: number;
  readonly glyphs: readonly PlacedGlyph[];
  /** Whether any character came from the Arabic-script face (its marks need more line height). */
  readonly tall: boolean;
}

/** OpenType language system tags for the languages whose fonts have language-specific forms. */
const OPENTYPE_LANGUAGE: Readonly<Record<string, string>> = { fa: 'FAR', ar: 'ARA', ti: 'TGY', uk: 'UKR', tr: 'TRK' };

interface Run {
  readonly text: string;
  readonly face: FaceSpec;
  readonly level: number;
}

/** Tidies a label: Unicode NFC, no control or explicit bidi characters, single spaces, trimmed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
}

/** Characters of `text` that no bundled face can draw (empty: the text can be drawn). */
export function findUnsupportedCharacters(text: string): string[] {
  const missing: string[] = [];
  for (const character of normalizeText(text)) {
    const cp = character.codePointAt(0) ?? 0;
    if (isDefaultIgnorable(cp)) continue;
    if (!FACES.some((face) => draws(face, cp)) && !missing.includes(character)) missing.push(character);
  }
  return missing;
}

/** The face for each character: marks and joiners stay with their base, neutrals with their neighbours. */
function assignFaces(characters: readonly string[], classes: readonly BidiClass[]): FaceSpec[] {
  const faces: (FaceSpec | undefined)[] = characters.map(() => undefined);
  const missing: string[] = [];
  const firstDrawing = (cp: number): FaceSpec | undefined => FACES.find((face) => draws(face, cp));
  // Strong characters (letters) first: their face is decided by coverage alone.
  for (const [i, character] of characters.entries()) {
    if (classes[i] === 'L' || classes[i] === 'R') faces[i] = firstDrawing(character.codePointAt(0) ?? 0);
  }
  for (const [i, character] of characters.entries()) {
    if (faces[i] || classes[i] === 'L' || classes[i] === 'R') continue;
    const cp = character.codePointAt(0) ?? 0;
    const neighbours: (FaceSpec | undefined)[] = [faces[i - 1]];
    for (let j = i + 1; j < characters.length; j++) {
      if (faces[j]) {
        neighbours.push(faces[j]);
        break;
      }
    }
    const kept = neighbours.find((face) => face !== undefined && (isDefaultIgnorable(cp) || draws(face, cp)));
    faces[i] = kept ?? firstDrawing(cp) ?? (isDefaultIgnorable(cp) ? FACES[0] : undefined);
  }
  for (const [i, character] of characters.entries()) {
    if (!faces[i] && !missing.includes(character)) missing.push(character);
  }
  if (missing.length > 0) throw new UnsupportedTextError(missing);
  return faces.map((face) => face ?? (FACES[0] as FaceSpec));
}

function splitRuns(characters: readonly string[], faces: readonly FaceSpec[], levels: readonly number[]): Run[] {
  const runs: Run[] = [];
  let start = 0;
  for (let i = 1; i <= characters.length; i++) {
    if (i < characters.length && faces[i] === faces[start] && levels[i] === levels[start]) continue;
    runs.push({ text: characters.slice(start, i).join(''), face: faces[start] as FaceSpec, level: levels[start] ?? 0 });
    start = i;
  }
  return runs;
}

/** Rule L2 on whole runs: from the highest level down to the lowest odd one, reverse runs at or above it. */
function visualOrder(runs: readonly Run[]): Run[] {
  const ordered = [...runs];
  if (ordered.length === 0) return ordered;
  const highest = Math.max(...ordered.map((r) => r.level));
  const lowestOdd = Math.min(...ordered.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < ordered.length) {
      if ((ordered[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < ordered.length && (ordered[j]?.level ?? 0) >= level) j++;
      const reversed = ordered.slice(i, j).reverse();
      ordered.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return ordered;
}

/**
 * Shapes one line. `rtl` is the line's base direction (the participant's language). Throws
 * `UnsupportedTextError` if a character has no glyph in any bundled face.
 */
export function shapeLine(rawText: string, options: { readonly rtl: boolean; readonly language: string }): ShapedLine {
  const text = normalizeText(rawText);
  const characters = [...text];
  const classes = characters.map((c) => bidiClass(c.codePointAt(0) ?? 0, c));
  const faces = assignFaces(characters, classes);
  const levels = resolveLevels(classes, options.rtl);
  const language = OPENTYPE_LANGUAGE[options.language];
  const glyphs: PlacedGlyph[] = [];
  const notdef: string[] = [];
  let pen = 0;
  let tall = false;
  for (const run of visualOrder(splitRuns(characters, faces, levels))) {
    const font = fontOf(run.face);
    tall ||= run.face.id === 'arabic';
    const scale = 1 / font.unitsPerEm;
    const shaped = font.layout(run.text, [], undefined, language, run.level % 2 === 1 ? 'rtl' : 'ltr');
    for (const [i, glyph] of shaped.glyphs.entries()) {
      const position = shaped.positions[i];
      if (!position) continue;
      if (glyph.id === 0 && !glyph.codePoints.every(isDefaultIgnorable)) {
        for (const cp of glyph.codePoints) notdef.push(String.fromCodePoint(cp));
      }
      glyphs.push({
        id: glyph.id,
        face: run.face.id,
        characters: String.fromCodePoint(...glyph.codePoints),
        path: glyph.path,
        x: pen + position.xOffset * scale,
        y: position.yOffset * scale,
        scale,
      });
      pen += position.xAdvance * scale;
    }
  }
  if (notdef.length > 0) throw new UnsupportedTextError([...new Set(notdef)]);
  return { text, width: pen, glyphs, tall };
}

/** Shapes a single glyph run in one face (for the picture's own digits). */
export function shapeInFace(text: string, faceId: string): ShapedLine & { readonly inkTop: number; readonly inkBottom: number } {
  const face = FACES.find((f) => f.id === faceId);
  if (!face) throw new Error(`unknown face ${faceId}`);
  const font = fontOf(face);
  const scale = 1 / font.unitsPerEm;
  const shaped = font.layout(text);
  const glyphs: PlacedGlyph[] = [];
  let pen = 0;
  let inkTop = 0;
  let inkBottom = 0;
  for (const [i, glyph] of shaped.glyphs.entries()) {
    const position = shaped.positions[i];
    if (!position) continue;
    if (glyph.id === 0) throw new UnsupportedTextError([String.fromCodePoint(...glyph.codePoints)]);
    glyphs.push({
      id: glyph.id,
      face: face.id,
      characters: String.fromCodePoint(...glyph.codePoints),
      path: glyph.path,
      x: pen + position.xOffset * scale,
      y: position.yOffset * scale,
      scale,
    });
    const box = glyph.bbox;
    inkTop = Math.max(inkTop, box.maxY * scale);
    inkBottom = Math.min(inkBottom, box.minY * scale);
    pen += position.xAdvance * scale;
  }
  return { text, width: pen, glyphs, tall: false, inkTop, inkBottom };
}

const COMMAND_LETTER: Readonly<Record<fontkit.PathCommand['command'], string>> = {
  moveTo: 'M',
  lineTo: 'L',
  quadraticCurveTo: 'Q',
  bezierCurveTo: 'C',
  closePath: 'Z',
};

function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * SVG path data drawing `line` at `size` px with its left end at `x` and its baseline at `baseline`
 * (SVG coordinates: y grows downwards).
 */
export function outlinePathData(line: ShapedLine, x: number, baseline: number, size: number): string {
  const parts: string[] = [];
  for (const glyph of line.glyphs) {
    const originX = x + glyph.x * size;
    const originY = baseline - glyph.y * size;
    const k = glyph.scale * size;
    for (const command of glyph.path.commands) {
      const coordinates: string[] = [];
      for (let i = 0; i + 1 < command.args.length; i += 2) {
        coordinates.push(num(originX + (command.args[i] ?? 0) * k), num(originY - (command.args[i + 1] ?? 0) * k));
      }
      parts.push(COMMAND_LETTER[command.command] + coordinates.join(' '));
    }
  }
  return parts.join('');
}
