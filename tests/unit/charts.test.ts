import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import type { Cell } from '../../web/dashboard/api/api-shapes.js';
import { type DyadCounts, dyadHistogramSvg, dyadRoundsSvg, MAX_BAR_HEIGHT } from '../../web/dashboard/results/charts/dyad-histogram.js';
import {
  MAX_RADIUS,
  type TernaryInput,
  ternaryPlotSvg,
  ternaryShares,
  ternaryShift,
  type TriadZone,
  type TriadZones,
} from '../../web/dashboard/results/charts/ternary-plot.js';

/** A parsed SVG element: name, attributes, child elements and its own text. */
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
});

function toTree(nodes: ReadonlyArray<Record<string, unknown>>): El[] {
  const out: El[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text') continue;
    const kids = (node[name] ?? []) as Array<Record<string, unknown>>;
    const text = kids
      .filter((k) => '#text' in k)
      .map((k) => String(k['#text']))
      .join('');
    out.push({ name, attrs: (node[':@'] ?? {}) as Record<string, string>, children: toTree(kids), text });
  }
  return out;
}

/** Parses and checks well-formedness; returns the root `<svg>`. */
function parse(svg: string): El {
  expect(XMLValidator.validate(svg)).toBe(true);
  const roots = toTree(parser.parse(svg) as Array<Record<string, unknown>>);
  expect(roots).toHaveLength(1);
  const root = roots[0];
  if (!root) throw new Error('no root');
  expect(root.name).toBe('svg');
  return root;
}

const all = (el: El, pick: (e: El) => boolean): El[] => [...(pick(el) ? [el] : []), ...el.children.flatMap((c) => all(c, pick))];
const one = (el: El, pick: (e: El) => boolean): El => {
  const found = all(el, pick);
  expect(found).toHaveLength(1);
  return found[0] as El;
};
const hasClass = (el: El, name: string): boolean => (el.attrs.class ?? '').split(' ').includes(name);
const n = (el: El, attribute: string): number => {
  const value = el.attrs[attribute];
  expect(value, `${el.name}@${attribute}`).toMatch(/^-?\d+(\.\d)?$/);
  return Number(value);
};
/** The lines of a `<text>`, each a `<tspan>`. */
const lines = (text: El): string[] => text.children.filter((c) => c.name === 'tspan').map((c) => c.text);
/** Every visible text of the chart (not the title / desc / tooltips). */
const visibleTexts = (root: El): string[] => all(root, (e) => e.name === 'text').map((t) => lines(t).join(' '));
const zoneGroup = (root: El, z: TriadZone): El => one(root, (e) => e.name === 'g' && e.attrs['data-zone'] === String(z));
const descOf = (root: El): string => one(root, (e) => e.name === 'desc').text;

const SUPPRESSED = { suppressed: true } as const;
const labels = { suppressed: 'fewer than 5', respondents: (count: number) => `${count} answers` };

function ternary(zones: TriadZones, over: Partial<TernaryInput> = {}): string {
  return ternaryPlotSvg({ corners: ['Heard', 'Helped', 'Safe'], zones, title: 'How did it feel?', labels, ...over });
}

/** The triangle's corners A, B, C from the polygon. */
function corners(root: El): Array<{ x: number; y: number }> {
  const points = one(root, (e) => e.name === 'polygon' && hasClass(e, 'triangle')).attrs.points ?? '';
  return points.split(' ').map((p) => {
    const [x, y] = p.split(',').map(Number);
    return { x: x ?? NaN, y: y ?? NaN };
  });
}

const WEIGHTS: Record<TriadZone, [number, number, number]> = {
  1: [1, 0, 0],
  2: [0, 1, 0],
  3: [0, 0, 1],
  4: [0.5, 0.5, 0],
  5: [0, 0.5, 0.5],
  6: [0.5, 0, 0.5],
  7: [1 / 3, 1 / 3, 1 / 3],
};
const ZONES: TriadZone[] = [1, 2, 3, 4, 5, 6, 7];

describe('ternaryPlotSvg', () => {
  const zones: TriadZones = { 1: 100, 2: 50, 3: 25, 4: 10, 5: 64, 6: 81, 7: 36 };

  it('is a well-formed, scalable, accessible image', () => {
    const svg = ternary(zones);
    const root = parse(svg);
    expect(root.attrs).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', role: 'img', width: '100%' });
    expect(root.attrs.viewBox).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/);
    expect(root.attrs.height).toBeUndefined();
    expect(root.children[0]).toMatchObject({ name: 'title', text: 'How did it feel?' });
    expect(root.children[1]?.name).toBe('desc');
    expect(svg).not.toMatch(/style=|<style/);
    expect(svg).not.toMatch(/\d\.\d\d/);
    expect(ternary(zones)).toBe(svg);
  });

  it('draws an equilateral triangle with A on top, B bottom left, C bottom right', () => {
    const [a, b, c] = corners(parse(ternary(zones)));
    if (!a || !b || !c) throw new Error('three corners');
    const side = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
    expect(side(a, b)).toBeCloseTo(side(b, c), 0);
    expect(side(c, a)).toBeCloseTo(side(b, c), 0);
    expect(a.y).toBeLessThan(b.y);
    expect(b.y).toBe(c.y);
    expect(b.x).toBeLessThan(c.x);
    expect(a.x).toBeCloseTo((b.x + c.x) / 2, 1);
  });

  it('puts the 7 zone markers at their barycentric points', () => {
    const root = parse(ternary({ 1: 100, 2: SUPPRESSED, 3: 0, 4: 10, 5: 64, 6: 81, 7: 36 }));
    const [a, b, c] = corners(root);
    if (!a || !b || !c) throw new Error('three corners');
    expect(all(root, (e) => e.name === 'g' && e.attrs['data-zone'] !== undefined)).toHaveLength(7);
    for (const z of ZONES) {
      const [wa, wb, wc] = WEIGHTS[z];
      const marker = one(zoneGroup(root, z), (e) => e.name === 'circle' && hasClass(e, 'zone-marker'));
      expect(Math.abs(n(marker, 'cx') - (wa * a.x + wb * b.x + wc * c.x)), `zone ${z} x`).toBeLessThanOrEqual(0.1);
      expect(Math.abs(n(marker, 'cy') - (wa * a.y + wb * b.y + wc * c.y)), `zone ${z} y`).toBeLessThanOrEqual(0.1);
    }
  });

  it('sizes bubbles by area: radius² proportional to the count, the largest at the fixed maximum', () => {
    const root = parse(ternary(zones));
    const radius = (z: TriadZone) =>
      n(
        one(zoneGroup(root, z), (e) => e.name === 'circle'),
        'r',
      );
    expect(radius(1)).toBe(MAX_RADIUS);
    for (const z of ZONES) {
      const expected = (zones[z] as number) / 100;
      expect(Math.abs(radius(z) ** 2 / radius(1) ** 2 - expected) / expected, `zone ${z}`).toBeLessThan(0.01);
    }
  });

  it('prints each count, and marks a zone with no answers without a bubble', () => {
    const root = parse(ternary({ 1: 40, 2: 12, 3: 0, 4: 5, 5: 7, 6: 25, 7: 60 }));
    for (const [z, count] of [
      [1, '40'],
      [2, '12'],
      [4, '5'],
      [5, '7'],
      [6, '25'],
      [7, '60'],
      [3, '0'],
    ] as const) {
      const group = zoneGroup(root, z);
      expect(lines(one(group, (e) => e.name === 'text' && hasClass(e, 'count')))).toEqual([count]);
    }
    const zero = zoneGroup(root, 3);
    expect(zero.attrs['data-state']).toBe('zero');
    expect(all(zero, (e) => hasClass(e, 'bubble'))).toHaveLength(0);
    expect(
      n(
        one(zero, (e) => e.name === 'circle'),
        'r',
      ),
    ).toBeLessThanOrEqual(4);
  });

  it('never shows a suppressed count, and says "fewer than 5" in a dashed outline', () => {
    // Even a cell that carries its number by mistake is drawn without it.
    const leaky: Cell = Object.assign({ suppressed: true as const }, { count: 3, n: 3, value: 3 });
    const svg = ternary({ 1: 40, 2: 12, 3: leaky, 4: 0, 5: 7, 6: 25, 7: 60 });
    const root = parse(svg);
    const group = zoneGroup(root, 3);
    expect(group.attrs['data-state']).toBe('suppressed');
    const marker = one(group, (e) => e.name === 'circle');
    expect(marker.attrs['stroke-dasharray']).toBeTruthy();
    expect(all(group, (e) => hasClass(e, 'bubble') || hasClass(e, 'count'))).toHaveLength(0);
    expect(lines(one(group, (e) => e.name === 'text')).join(' ')).toBe('fewer than 5');
    const spoken = [...visibleTexts(root), ...all(root, (e) => e.name === 'title' || e.name === 'desc').map((e) => e.text)];
    for (const text of spoken) expect(text, text).not.toMatch(/3/);
    expect(svg).not.toMatch(/>\s*3\s*</);
    expect(descOf(root)).toContain('Safe: fewer than 5');
  });

  it('escapes labels and titles', () => {
    const nasty = '<script>alert("x")</script>';
    const svg = ternary(zones, { corners: [nasty, 'R&D "quoted" \'single\'', 'a > b'], title: `Title ${nasty}` });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('</script');
    const root = parse(svg);
    expect(one(root, (e) => e.name === 'title' && root.children[0] === e).text).toBe(`Title ${nasty}`);
    const corner = (k: string) => lines(one(root, (e) => e.name === 'text' && hasClass(e, k)));
    expect(corner('corner-a').join('')).toBe(nasty);
    expect(corner('corner-b').join(' ')).toBe('R&D "quoted" \'single\'');
    expect(corner('corner-c').join(' ')).toBe('a > b');
    expect(descOf(root)).toContain(`${nasty}: 100 answers`);
  });

  it('keeps Arabic labels as given, wraps long labels over lines, and grows to fit them', () => {
    const arabic: [string, string, string] = ['شعرت بالأمان', 'تلقيت المساعدة من الموظفين في المركز الاجتماعي', 'وحدي'];
    const root = parse(ternary(zones, { corners: arabic }));
    const corner = (k: string) => one(root, (e) => e.name === 'text' && hasClass(e, k));
    expect(lines(corner('corner-a'))).toEqual(['شعرت بالأمان']);
    const long = lines(corner('corner-b'));
    expect(long.length).toBeGreaterThan(1);
    expect(long.join(' ')).toBe(arabic[1]);
    for (const line of long) expect([...line].length).toBeLessThanOrEqual(20);
    expect(corner('corner-b').attrs['unicode-bidi']).toBe('plaintext');
    for (const label of arabic) expect(descOf(root)).toContain(label);
    const height = (svg: string) => Number(parse(svg).attrs.viewBox?.split(' ')[3]);
    expect(height(ternary(zones, { corners: arabic }))).toBeGreaterThan(height(ternary(zones)));
  });

  it('describes every zone with its count or "fewer than 5"', () => {
    const root = parse(
      ternary(
        { 1: 40, 2: 12, 3: SUPPRESSED, 4: 0, 5: 7, 6: 25, 7: 60 },
        { labels: { ...labels, centre: 'in the middle', between: (a, b) => `between ${a} and ${b}` } },
      ),
    );
    expect(descOf(root)).toBe(
      [
        'Heard: 40 answers',
        'Helped: 12 answers',
        'Safe: fewer than 5',
        'between Heard and Helped: 0 answers',
        'between Helped and Safe: 7 answers',
        'between Safe and Heard: 25 answers',
        'in the middle: 60 answers',
      ].join('; ') + '.',
    );
    const defaults = descOf(parse(ternary(zones)));
    expect(defaults).toContain('Heard – Helped: 10 answers');
    expect(defaults).toContain('Heard – Helped – Safe: 36 answers');
  });

  it('formats counts with the given formatter', () => {
    const root = parse(ternary({ ...zones, 1: 1234 }, { labels: { ...labels, count: (c) => new Intl.NumberFormat('nl-BE').format(c) } }));
    expect(lines(one(zoneGroup(root, 1), (e) => hasClass(e, 'count')))).toEqual(['1.234']);
  });

  it('property: well-formed for any counts and labels, radii monotone in counts, suppressed zones without bubbles', () => {
    const cell = fc.oneof(fc.nat({ max: 100_000 }), fc.constant(SUPPRESSED));
    fc.assert(
      fc.property(
        fc.tuple(cell, cell, cell, cell, cell, cell, cell),
        fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })),
        fc.string({ unit: 'binary' }),
        (cells, cornerLabels, title) => {
          const zoneCells = { 1: cells[0], 2: cells[1], 3: cells[2], 4: cells[3], 5: cells[4], 6: cells[5], 7: cells[6] };
          const svg = ternaryPlotSvg({ corners: cornerLabels, zones: zoneCells, title, labels });
          const root = parse(svg);
          const shown = ZONES.flatMap((z) => {
            const c = zoneCells[z];
            const group = zoneGroup(root, z);
            if (typeof c !== 'number') {
              expect(group.attrs['data-state']).toBe('suppressed');
              expect(all(group, (e) => hasClass(e, 'bubble') || hasClass(e, 'count'))).toEqual([]);
              return [];
            }
            const bubble = all(group, (e) => hasClass(e, 'bubble'))[0];
            return [{ count: c, r: bubble ? Number(bubble.attrs.r) : 0 }];
          });
          const unordered = shown.flatMap((p) => shown.filter((q) => p.count <= q.count && p.r > q.r).map((q) => [p, q]));
          expect(unordered).toEqual([]);
          const max = Math.max(0, ...shown.map((s) => s.count));
          if (max > 0) expect(shown.filter((s) => s.count === max).map((s) => s.r)).toContain(MAX_RADIUS);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('ternaryShift', () => {
  const before: TriadZones = { 1: 50, 2: 30, 3: 20, 4: 0, 5: SUPPRESSED, 6: 0, 7: 0 };
  const after: TriadZones = { 1: 25, 2: 25, 3: 25, 4: 25, 5: 0, 6: SUPPRESSED, 7: 0 };

  it('gives the change of each zone share in percentage points, null where either round suppresses it', () => {
    const shift = ternaryShift(before, after);
    expect(shift).toEqual({ 1: -25, 2: -5, 3: 5, 4: 25, 5: null, 6: null, 7: 0 });
    expect(Object.is(shift[7], -0)).toBe(false);
  });

  it('uses the rounds’ respondent totals when given, rounded to one decimal', () => {
    expect(ternaryShift(before, after, { before: 120, after: 100 })).toEqual({ 1: -16.7, 2: 0, 3: 8.3, 4: 25, 5: null, 6: null, 7: 0 });
    // A suppressed total falls back to the shown counts.
    expect(ternaryShift(before, after, { before: SUPPRESSED })).toEqual(ternaryShift(before, after));
  });

  it('has no shares for an empty round', () => {
    const empty: TriadZones = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: SUPPRESSED };
    expect(Object.values(ternaryShares(empty))).toEqual([null, null, null, null, null, null, null]);
    expect(Object.values(ternaryShift(empty, after))).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('dyadHistogramSvg', () => {
  const counts: DyadCounts = { 1: 10, 2: 20, 3: 40, 4: 5, 5: 25 };
  const dyad = (c: DyadCounts, left = 'Alone with my problem', right = 'Supported by many people around me') =>
    dyadHistogramSvg({ left, right, counts: c, title: 'Alone or supported?', labels });
  const bars = (root: El) => [1, 2, 3, 4, 5].map((p) => one(root, (e) => e.name === 'g' && e.attrs['data-position'] === String(p)));

  it('draws 5 bars on one baseline with heights proportional to the counts', () => {
    const svg = dyad(counts);
    const root = parse(svg);
    expect(root.attrs).toMatchObject({ role: 'img', width: '100%' });
    expect(one(root, (e) => e.name === 'title').text).toBe('Alone or supported?');
    const rects = bars(root).map((g) => one(g, (e) => e.name === 'rect' && hasClass(e, 'bar')));
    expect(rects).toHaveLength(5);
    const bottoms = rects.map((r) => n(r, 'y') + n(r, 'height'));
    expect(new Set(bottoms).size).toBe(1);
    expect(new Set(rects.map((r) => n(r, 'width'))).size).toBe(1);
    const xs = rects.map((r) => n(r, 'x'));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(n(rects[2] as El, 'height')).toBe(MAX_BAR_HEIGHT);
    rects.forEach((r, i) => {
      const expected = ([10, 20, 40, 5, 25][i] ?? 0) / 40;
      expect(Math.abs(n(r, 'height') / MAX_BAR_HEIGHT - expected) / expected).toBeLessThan(0.01);
    });
    expect(bars(root).map((g) => lines(one(g, (e) => hasClass(e, 'count'))).join(''))).toEqual(['10', '20', '40', '5', '25']);
    expect(dyad(counts)).toBe(svg);
    expect(svg).not.toMatch(/\d\.\d\d/);
  });

  it('puts the pole labels under bar 1 and bar 5', () => {
    const root = parse(dyad(counts));
    const [first, , , , last] = bars(root).map((g) => one(g, (e) => hasClass(e, 'bar')));
    if (!first || !last) throw new Error('bars');
    const left = one(root, (e) => e.name === 'text' && hasClass(e, 'pole-left'));
    const right = one(root, (e) => e.name === 'text' && hasClass(e, 'pole-right'));
    expect(lines(left).join(' ')).toBe('Alone with my problem');
    expect(lines(right).join(' ')).toBe('Supported by many people around me');
    expect(n(left, 'x')).toBeCloseTo(n(first, 'x') + n(first, 'width') / 2, 1);
    expect(n(right, 'x')).toBeCloseTo(n(last, 'x') + n(last, 'width') / 2, 1);
    expect(n(left, 'y')).toBeGreaterThan(n(first, 'y') + n(first, 'height'));
    expect(descOf(root)).toBe(
      '1 (Alone with my problem): 10 answers; 2: 20 answers; 3: 40 answers; 4: 5 answers; 5 (Supported by many people around me): 25 answers.',
    );
  });

  it('draws a suppressed bar as a dashed outline saying "fewer than 5", never its number, and a zero without a bar', () => {
    const leaky: Cell = Object.assign({ suppressed: true as const }, { count: 3 });
    const svg = dyad({ 1: 10, 2: leaky, 3: 0, 4: 40, 5: 22 });
    const root = parse(svg);
    const [, hidden, zero] = bars(root);
    if (!hidden || !zero) throw new Error('bars');
    expect(hidden.attrs['data-state']).toBe('suppressed');
    const outline = one(hidden, (e) => e.name === 'rect');
    expect(outline.attrs['stroke-dasharray']).toBeTruthy();
    expect(outline.attrs.fill).toBe('#ffffff');
    expect(all(hidden, (e) => hasClass(e, 'count') || hasClass(e, 'bar'))).toHaveLength(0);
    expect(lines(one(hidden, (e) => e.name === 'text')).join(' ')).toBe('fewer than 5');
    const texts = all(root, (e) => e.name === 'text' && !hasClass(e, 'tick')).map((t) => lines(t).join(' '));
    for (const text of texts) expect(text, text).not.toMatch(/3/);
    expect(descOf(root)).not.toMatch(/3 answers/);
    // Only the answer number under bar 3 may read "3".
    expect(svg.replace(/<text class="tick"[^]*?<\/text>/g, '')).not.toMatch(/>\s*3\s*</);
    expect(descOf(root)).toContain('2: fewer than 5');
    expect(zero.attrs['data-state']).toBe('zero');
    expect(all(zero, (e) => hasClass(e, 'bar'))).toHaveLength(0);
    expect(lines(one(zero, (e) => hasClass(e, 'count')))).toEqual(['0']);
  });

  it('escapes the pole labels and keeps Arabic as given', () => {
    const svg = dyad(counts, '<script>x</script> & "co"', 'وحدي مع مشكلتي');
    expect(svg).not.toContain('<script');
    const root = parse(svg);
    expect(lines(one(root, (e) => hasClass(e, 'pole-left'))).join(' ')).toBe('<script>x</script> & "co"');
    expect(lines(one(root, (e) => hasClass(e, 'pole-right'))).join(' ')).toBe('وحدي مع مشكلتي');
  });

  it('property: bar heights are monotone in counts and the output is well-formed', () => {
    const cell = fc.oneof(fc.nat({ max: 100_000 }), fc.constant(SUPPRESSED));
    fc.assert(
      fc.property(fc.tuple(cell, cell, cell, cell, cell), fc.string({ unit: 'binary' }), (cells, pole) => {
        const c = { 1: cells[0], 2: cells[1], 3: cells[2], 4: cells[3], 5: cells[4] };
        const root = parse(dyad(c, pole, pole));
        const shown = bars(root).flatMap((g, i) => {
          const count = cells[i];
          if (typeof count !== 'number') return [];
          const rect = all(g, (e) => hasClass(e, 'bar'))[0];
          return [{ count, h: rect ? n(rect, 'height') : 0 }];
        });
        expect(shown.flatMap((p) => shown.filter((q) => p.count <= q.count && p.h > q.h).map((q) => [p, q]))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('dyadRoundsSvg', () => {
  const start: DyadCounts = { 1: 10, 2: SUPPRESSED, 3: 0, 4: 30, 5: 22 };
  const end: DyadCounts = { 1: 5, 2: 8, 3: 15, 4: 60, 5: SUPPRESSED };
  const rounds = (list: Array<{ label: string; counts: DyadCounts }>) =>
    dyadRoundsSvg({ left: 'Alone', right: 'Supported', rounds: list, title: 'Start and end', labels });

  it('groups the rounds’ bars per answer, in round order, on one scale, with a legend', () => {
    const svg = rounds([
      { label: 'Start', counts: start },
      { label: 'End & after', counts: end },
    ]);
    const root = parse(svg);
    const group = (round: number, p: number) =>
      one(root, (e) => e.name === 'g' && e.attrs['data-round'] === String(round) && e.attrs['data-position'] === String(p));
    expect(all(root, (e) => e.name === 'g' && e.attrs['data-round'] !== undefined)).toHaveLength(10);
    const bar = (round: number, p: number) => one(group(round, p), (e) => hasClass(e, 'bar'));
    expect(n(bar(1, 4), 'height')).toBe(MAX_BAR_HEIGHT);
    expect(n(bar(0, 4), 'height')).toBe(MAX_BAR_HEIGHT / 2);
    expect(n(bar(0, 1), 'height')).toBeCloseTo(MAX_BAR_HEIGHT / 6, 1);
    for (const p of [1, 4]) expect(n(bar(0, p), 'x')).toBeLessThan(n(bar(1, p), 'x'));
    expect(n(bar(1, 1), 'x')).toBeLessThan(n(bar(0, 4), 'x'));
    expect(group(0, 2).attrs['data-state']).toBe('suppressed');
    expect(group(1, 5).attrs['data-state']).toBe('suppressed');
    expect(group(0, 3).attrs['data-state']).toBe('zero');
    const legend = visibleTexts(one(root, (e) => e.name === 'g' && hasClass(e, 'legend')));
    expect(legend).toEqual(['Start', 'End & after', 'fewer than 5']);
    expect(descOf(root)).toContain('Start: 1 (Alone): 10 answers; 2: fewer than 5; 3: 0 answers');
    expect(descOf(root)).toContain('End & after: 1 (Alone): 5 answers');
    expect(
      rounds([
        { label: 'Start', counts: start },
        { label: 'End & after', counts: end },
      ]),
    ).toBe(svg);
  });

  it('is well-formed without rounds, and leaves out the suppression legend when nothing is suppressed', () => {
    parse(rounds([]));
    const root = parse(rounds([{ label: 'Only', counts: { 1: 5, 2: 6, 3: 7, 4: 8, 5: 9 } }]));
    expect(all(root, (e) => e.attrs['data-legend'] === 'suppressed')).toHaveLength(0);
  });
});
