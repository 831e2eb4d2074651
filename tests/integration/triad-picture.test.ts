import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTriadPicture, triadPictureSvg } from '../../adapters/images/triad-picture.js';
import { placeLabel } from '../../adapters/images/triad-labels.js';
import { TRIAD_PICTURE_HEIGHT, TRIAD_PICTURE_WIDTH, triadLayout, type TriadLabelArea } from '../../adapters/images/triad-layout.js';
import { findUnsupportedCharacters, shapeLine } from '../../adapters/images/text-outlines.js';
import { UnsupportedTextError, type TriadPictureInput } from '../../core/conversation/ports.js';

/**
 * The triad picture sent with a WhatsApp triad question: decoded and measured, not just "no throw".
 * Labels per language are real phrasings of "someone helped me / I helped myself / nobody helped".
 */

type Corners = readonly [string, string, string];

interface Case {
  readonly language: string;
  readonly corners: Corners;
  /** The face (script) the labels must be drawn with. */
  readonly face: 'latin' | 'latin-ext' | 'cyrillic' | 'arabic' | 'ethiopic';
  readonly rtl: boolean;
}

const CASES: readonly Case[] = [
  { language: 'nl', corners: ['Iemand heeft me geholpen', 'Ik heb mezelf geholpen', 'Niemand heeft geholpen'], face: 'latin', rtl: false },
  { language: 'fr', corners: ["Quelqu'un m'a aidé", 'Je me suis débrouillé seul', "Personne ne m'a aidé"], face: 'latin', rtl: false },
  { language: 'en', corners: ['I was helped', 'I helped myself', 'Nobody helped'], face: 'latin', rtl: false },
  { language: 'ar', corners: ['ساعدني أحد', 'ساعدت نفسي', 'لم يساعدني أحد'], face: 'arabic', rtl: true },
  { language: 'tr', corners: ['Biri bana yardım etti', 'Kendi kendime yardım ettim', 'Kimse yardım etmedi'], face: 'latin-ext', rtl: false },
  { language: 'fa', corners: ['کسی به من کمک کرد', 'خودم به خودم کمک کردم', 'هیچ‌کس کمک نکرد'], face: 'arabic', rtl: true },
  { language: 'uk', corners: ['Мені допомогли', 'Я впорався сам', 'Ніхто не допоміг'], face: 'cyrillic', rtl: false },
  { language: 'ti', corners: ['ሓደ ሰብ ሓጊዙኒ', 'ባዕለይ ተሓጋጊዘ', 'ዝሓገዘኒ የለን'], face: 'ethiopic', rtl: false },
];

interface Picture {
  readonly width: number;
  readonly height: number;
  /** Luminance 0-255 per pixel. */
  readonly luma: Uint8Array;
  readonly bytes: number;
}

async function render(input: TriadPictureInput): Promise<Picture> {
  const png = await renderTriadPicture(input);
  const decoded = decode(png);
  expect(decoded.depth).toBe(8);
  expect(decoded.palette).toBeUndefined();
  const { width, height, channels, data } = decoded;
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    const [r, g, b] = channels >= 3 ? [data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0] : [data[o] ?? 0, data[o] ?? 0, data[o] ?? 0];
    luma[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width, height, luma, bytes: png.byteLength };
}

/** Dark ("ink") pixels: labels and digits are #111 on white; zone tints are light. */
const INK = 110;

function inkInBox(p: Picture, box: { left: number; right: number; top: number; bottom: number }): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.top)); y < Math.min(p.height, Math.ceil(box.bottom)); y++) {
    for (let x = Math.max(0, Math.floor(box.left)); x < Math.min(p.width, Math.ceil(box.right)); x++) {
      if ((p.luma[y * p.width + x] ?? 255) < INK) n++;
    }
  }
  return n;
}

/** Ink inside a circle, as a bitmap (for comparing digits) and a count. */
function inkInCircle(p: Picture, cx: number, cy: number, r: number): { count: number; mask: string } {
  let count = 0;
  let mask = '';
  for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
    for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const ink = inside && (p.luma[y * p.width + x] ?? 255) < INK;
      if (ink) count++;
      mask += ink ? '1' : '0';
    }
  }
  return { count, mask };
}

function ariaLabels(svg: string): string[] {
  return [...svg.matchAll(/<g id="label-[ABC]" aria-label="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))),
  );
}

const EMPTY: Corners = ['', '', ''];
const pictures = new Map<string, Picture>();
let emptyLtr: Picture;
let emptyRtl: Picture;

beforeAll(async () => {
  for (const c of CASES) pictures.set(c.language, await render({ corners: c.corners, language: c.language }));
  emptyLtr = await render({ corners: EMPTY, language: 'en' });
  emptyRtl = await render({ corners: EMPTY, language: 'ar' });
});

describe('triad picture', () => {
  for (const c of CASES) {
    describe(c.language, () => {
      it('is an 800x700 PNG, not blank, well under WhatsApp limits', () => {
        const p = pictures.get(c.language);
        if (!p) throw new Error('not rendered');
        expect([p.width, p.height]).toEqual([TRIAD_PICTURE_WIDTH, TRIAD_PICTURE_HEIGHT]);
        expect(p.bytes).toBeLessThan(150_000);
        const white = p.luma.filter((l) => l > 245).length;
        const dark = p.luma.filter((l) => l < INK).length;
        expect(white / p.luma.length).toBeGreaterThan(0.4); // white background
        expect(dark).toBeGreaterThan(10_000); // outline, keycaps, digits, labels
        expect(p.luma[0]).toBeGreaterThan(250); // corner pixel: background
      });

      it('keeps the labels (normalized) in the SVG and draws them in the right script', () => {
        const svg = triadPictureSvg({ corners: c.corners, language: c.language });
        expect(svg.startsWith('<svg')).toBe(true);
        expect(svg).not.toContain('<text'); // outlines: the rasterizer needs no fonts
        expect(ariaLabels(svg)).toEqual(c.corners.map((s) => s.normalize('NFC')));
        for (const label of c.corners) {
          const line = shapeLine(label, { rtl: c.rtl, language: c.language });
          const letters = line.glyphs.filter((g) => g.path.commands.length > 0);
          expect(letters.length).toBeGreaterThan(3);
          expect(line.glyphs.every((g) => g.id !== 0)).toBe(true); // no .notdef "tofu"
          if (c.face === 'latin-ext') {
            // Turkish: ğ ş İ come from Latin Extended, the rest from Latin.
            expect(letters.every((g) => g.face === 'latin' || g.face === 'latin-ext')).toBe(true);
          } else {
            expect(letters.every((g) => g.face === c.face)).toBe(true);
          }
        }
      });

      it('draws ink in each label area, and none there without labels', () => {
        const p = pictures.get(c.language);
        if (!p) throw new Error('not rendered');
        const empty = c.rtl ? emptyRtl : emptyLtr;
        for (const area of triadLayout(c.language).labels) {
          expect(inkInBox(empty, area)).toBe(0);
          expect(inkInBox(p, area), `label ${area.corner}`).toBeGreaterThan(400);
        }
        // Outside the label areas, the picture is the same as without labels.
        const labels = triadLayout(c.language).labels;
        let differing = 0;
        for (let y = 0; y < p.height; y++) {
          for (let x = 0; x < p.width; x++) {
            const inLabel = labels.some((a) => x >= a.left - 2 && x < a.right + 2 && y >= a.top - 2 && y < a.bottom + 2);
            if (!inLabel && p.luma[y * p.width + x] !== empty.luma[y * p.width + x]) differing++;
          }
        }
        expect(differing).toBe(0);
      });

      it('shows the digits 1-7, each in its own keycap', () => {
        const p = pictures.get(c.language);
        if (!p) throw new Error('not rendered');
        const layout = triadLayout(c.language);
        expect(layout.markers.map((m) => m.zone)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        const masks = layout.markers.map((m) => {
          const ink = inkInCircle(p, m.centre.x, m.centre.y, m.radius - 6); // inside the ring
          expect(ink.count, `zone ${m.zone}`).toBeGreaterThan(60);
          expect(ink.count, `zone ${m.zone}`).toBeLessThan(Math.PI * (m.radius - 6) ** 2 * 0.5);
          return ink.mask;
        });
        expect(new Set(masks).size).toBe(7); // seven different digits
      });
    });
  }

  it('keeps A on top and puts B bottom left, C bottom right; mirrored for ar and fa', async () => {
    for (const c of CASES) {
      const { A, B, C } = triadLayout(c.language).vertices;
      expect(A.y).toBeLessThan(B.y);
      expect(B.y).toBe(C.y);
      expect(B.x > C.x).toBe(c.rtl);
      const zone2 = triadLayout(c.language).markers.find((m) => m.zone === 2);
      expect((zone2?.centre.x ?? 0) > TRIAD_PICTURE_WIDTH / 2).toBe(c.rtl);
    }
    // Only corner B labelled: its ink lands on the right for Arabic, on the left for English.
    const half = { top: 590, bottom: TRIAD_PICTURE_HEIGHT };
    const leftHalf = { ...half, left: 0, right: TRIAD_PICTURE_WIDTH / 2 };
    const rightHalf = { ...half, left: TRIAD_PICTURE_WIDTH / 2, right: TRIAD_PICTURE_WIDTH };
    const ar = await render({ corners: ['', 'ساعدت نفسي', ''], language: 'ar' });
    expect(inkInBox(ar, rightHalf)).toBeGreaterThan(400);
    expect(inkInBox(ar, leftHalf)).toBe(0);
    const en = await render({ corners: ['', 'I helped myself', ''], language: 'en' });
    expect(inkInBox(en, leftHalf)).toBeGreaterThan(400);
    expect(inkInBox(en, rightHalf)).toBe(0);
  });

  it('joins Arabic letters (contextual forms), unlike the same letters kept apart', () => {
    const word = 'ساعدني';
    const joined = shapeLine(word, { rtl: true, language: 'ar' });
    // ZWNJ between letters: same characters, no joining, so isolated/final forms.
    const apart = shapeLine([...word].join('\u200c'), { rtl: true, language: 'ar' });
    const ids = (line: typeof joined): number[] => line.glyphs.filter((g) => g.path.commands.length > 0).map((g) => g.id);
    expect(ids(joined)).not.toEqual(ids(apart));
    expect(joined.width).toBeLessThan(apart.width * 0.9);
    // Right to left: the first letter (seen) is drawn rightmost, so last in left-to-right glyph order.
    const first = shapeLine('س', { rtl: true, language: 'ar' }).glyphs[0];
    const initial = joined.glyphs.at(-1);
    expect(initial?.face).toBe('arabic');
    expect(initial?.id).not.toBe(first?.id); // initial form, not the isolated one
  });

  it('orders mixed Arabic and Latin text right to left, keeping numbers and Latin words left to right', () => {
    const visible = (line: ReturnType<typeof shapeLine>): ReturnType<typeof shapeLine>['glyphs'] => line.glyphs.filter((g) => g.path.commands.length > 0);
    const ids = (text: string, language: string): number[] => visible(shapeLine(text, { rtl: false, language })).map((g) => g.id);
    // "CPAS 24" is one left-to-right stretch (the number follows Latin), placed left of the Arabic word.
    const mixed = visible(shapeLine('ساعدني CPAS 24', { rtl: true, language: 'ar' }));
    expect(mixed.slice(0, 6).map((g) => g.id)).toEqual(ids('CPAS 24', 'en'));
    expect(mixed.slice(0, 6).every((g) => g.face === 'latin')).toBe(true);
    expect(mixed.slice(6).every((g) => g.face === 'arabic')).toBe(true);
    // A number between Arabic words: "24" still reads left to right, the words right to left around it.
    const age = visible(shapeLine('عمري 24 سنة', { rtl: true, language: 'ar' }));
    const text = age.map((g) => g.characters).join('');
    expect(text.replace(/[^0-9]/g, '')).toBe('24');
    const [left, right] = text.split('24');
    expect([...(left ?? '')].every((ch) => 'سنةه'.includes(ch))).toBe(true); // "سنة" (last in memory) leftmost
    expect([...(right ?? '')].sort()).toEqual([...'عمري'].sort()); // "عمري" (first) rightmost
    expect(right?.at(-1)).toBe('ع'); // and itself right to left: its first letter at the far right
  });

  it('wraps or shrinks a 40-character label to fit its area', () => {
    const long = 'The social worker listened to me closely';
    for (const language of ['en', 'ar', 'ti']) {
      for (const area of triadLayout(language).labels) {
        const placed = placeLabel(long, area, language);
        expect(placed.lines.length).toBeGreaterThanOrEqual(1);
        expect(placed.lines.length).toBeLessThanOrEqual(2);
        expect(placed.size).toBeGreaterThanOrEqual(18);
        for (const { line, x } of placed.lines) {
          expect(x).toBeGreaterThanOrEqual(area.left - 0.01);
          expect(x + line.width * placed.size).toBeLessThanOrEqual(area.right + 0.01);
        }
      }
    }
    const bottom = triadLayout('en').labels[1] as TriadLabelArea;
    expect(placeLabel(long, bottom, 'en').lines).toHaveLength(2);
  });

  it('refuses characters no bundled font has, instead of drawing empty boxes', async () => {
    expect(findUnsupportedCharacters('Ik ben blij 😀')).toEqual(['😀']);
    expect(findUnsupportedCharacters('有人帮我')).toEqual(['有', '人', '帮', '我']);
    for (const c of CASES) for (const label of c.corners) expect(findUnsupportedCharacters(label)).toEqual([]);
    const attempt = renderTriadPicture({ corners: ['有人帮我', 'b', 'c'], language: 'en' });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedTextError);
    await expect(attempt).rejects.toMatchObject({ characters: ['有', '人', '帮', '我'] });
  });
});
