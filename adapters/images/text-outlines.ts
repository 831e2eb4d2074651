/**
 * Text to glyph outlines for the triad picture: picks a Noto Sans face per character (Latin, Cyrillic,
 * Arabic script, Ethiopic), orders mixed-direction text (a small subset of the Unicode bidi algorithm:
 * no explicit embeddings), shapes each run with fontkit (OpenType GSUB/GPOS: Arabic joining forms,
 * ligatures, mark placement, kerning) and returns the glyphs' outlines, so the SVG needs no fonts.
 *
 * The faces and which characters each covers are font-faces.ts; the bidi steps are bidi.ts.
 * fontkit cannot apply variations to WOFF2 fonts, so every face is its default instance (weight 400);
 * the picture emboldens with a stroke where it wants bolder text.
 */
import type * as fontkit from 'fontkit';
import { UnsupportedTextError } from '../../core/conversation/ports.js';
import { type BidiClass, bidiClass, resolveLevels, visualOrder } from './bidi.js';
import { draws, FACES, type FaceSpec, fontOf, isDefaultIgnorable } from './font-faces.js';

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
