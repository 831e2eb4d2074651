import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { agreementBarsSvg, barHeight, FULL_HEIGHT, type Share } from '../../web/dashboard/results/charts/agreement-bars.js';
import { PLOT_HEIGHT, runs, trendLineSvg, yOf, type TrendSeries } from '../../web/dashboard/results/charts/trend-line.js';

/** The charts of a project's life: the trend of the means as lines, agreement per statement as bars. */

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
  return nodes.flatMap((node) => {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text') return [];
    const kids = (node[name] ?? []) as Array<Record<string, unknown>>;
    const text = kids
      .filter((k) => '#text' in k)
      .map((k) => String(k['#text']))
      .join('');
    return [{ name, attrs: (node[':@'] ?? {}) as Record<string, string>, children: toTree(kids), text }];
  });
}

/** Well-formed, one accessible, scalable `<svg>`, no inline style (the CSP forbids it), stable output. */
function parse(svg: string): El {
  expect(XMLValidator.validate(svg)).toBe(true);
  const [root, ...rest] = toTree(parser.parse(svg) as Array<Record<string, unknown>>);
  expect(rest).toHaveLength(0);
  if (!root) throw new Error('no root');
  expect(root.name).toBe('svg');
  expect(root.attrs).toMatchObject({ role: 'img', width: '100%' });
  expect(root.attrs.height).toBeUndefined();
  expect(/\sstyle=|<style|<script/.test(svg), 'inline style or script').toBe(false);
  return root;
}

const all = (el: El, pick: (e: El) => boolean): El[] => [...(pick(el) ? [el] : []), ...el.children.flatMap((c) => all(c, pick))];
const byAttr = (root: El, name: string, value: string) => all(root, (e) => e.attrs[name] === value);
const hasClass = (el: El, name: string): boolean => (el.attrs.class ?? '').split(' ').includes(name);
const texts = (el: El): string[] => all(el, (e) => e.name === 'text').map((t) => t.children.map((c) => c.text).join(' '));
const descOf = (root: El) => all(root, (e) => e.name === 'desc')[0]?.text ?? '';
const titleOf = (root: El) => all(root, (e) => e.name === 'title')[0]?.text ?? '';

const HIDDEN = { suppressed: true } as const;
const labels = { suppressed: 'fewer than 5', respondents: (n: number) => `${n} answers`, notAsked: 'not asked' };

describe('trendLineSvg', () => {
  const rounds = ['start', 'midway', 'end', 'follow-up'];
  const energy: TrendSeries = { name: 'How much energy do you have?', points: [2.5, 3.1, HIDDEN, 4] };
  const mood: TrendSeries = { name: 'Mood', points: [3, null, 3.5, 3.6] };
  const chart = (series: readonly TrendSeries[] = [energy, mood]) => trendLineSvg({ rounds, series, min: 1, max: 5, title: 'Means per round', labels });

  it('is an accessible image whose description holds every value, hidden and not-asked rounds named', () => {
    const svg = chart();
    const root = parse(svg);
    expect(titleOf(root)).toBe('Means per round');
    expect(descOf(root)).toBe(
      'How much energy do you have?: start 2.5; midway 3.1; end fewer than 5; follow-up 4. Mood: start 3; midway not asked; end 3.5; follow-up 3.6.',
    );
    expect(chart()).toBe(svg);
  });

  it('puts each shown mean at its height on the 1–5 scale, and labels the rounds along the bottom', () => {
    const root = parse(chart([energy]));
    const points = all(root, (e) => hasClass(e, 'point'));
    expect(points).toHaveLength(3);
    const ys = points.map((p) => Number(p.attrs.cy));
    expect(ys).toEqual([2.5, 3.1, 4].map((v) => Math.round(yOf(v, 1, 5) * 10) / 10));
    expect(yOf(1, 1, 5) - yOf(5, 1, 5)).toBe(PLOT_HEIGHT);
    const xs = points.map((p) => Number(p.attrs.cx));
    expect(xs[1]! - xs[0]!).toBeGreaterThan(0);
    expect(texts(root)).toEqual(expect.arrayContaining(['start', 'midway', 'end', 'follow-up', '2.5', '3.1', '4']));
  });

  it('breaks the line at a hidden mean: a gap and a hatched mark, never a point or a number', () => {
    const root = parse(chart([energy]));
    const lines = all(root, (e) => e.name === 'path' && hasClass(e, 'line'));
    expect(lines).toHaveLength(1); // start → midway; "end" hidden; "follow-up" alone has no line
    expect((lines[0]?.attrs.d ?? '').match(/[ML]/g)).toEqual(['M', 'L']);
    const hidden = byAttr(root, 'data-state', 'suppressed');
    expect(hidden.map((g) => g.attrs['data-round'])).toEqual(['2']);
    expect(all(hidden[0]!, (e) => hasClass(e, 'suppressed-marker'))).toHaveLength(1);
    expect(all(hidden[0]!, (e) => hasClass(e, 'point'))).toHaveLength(0);
    expect(texts(hidden[0]!)).toEqual([]);
    expect(texts(root)).toContain('fewer than 5'); // in the legend
  });

  it('draws nothing for a round that did not ask the question, and tells series apart by colour and shape', () => {
    const root = parse(chart());
    const series = all(root, (e) => e.name === 'g' && e.attrs['data-series'] !== undefined);
    expect(series).toHaveLength(2);
    const notAsked = byAttr(series[1]!, 'data-state', 'not-asked');
    expect(notAsked.map((g) => [g.attrs['data-round'], g.children.length])).toEqual([['1', 0]]);
    const lineColours = series.map((s) => all(s, (e) => hasClass(e, 'line'))[0]?.attrs.stroke);
    expect(new Set(lineColours).size).toBe(2);
    const shapes = series.map((s) => all(s, (e) => hasClass(e, 'point'))[0]?.name);
    expect(shapes).toEqual(['circle', 'rect']);
    expect(all(root, (e) => e.attrs['data-legend-series'] !== undefined)).toHaveLength(2);
  });

  it('finds the runs of consecutive shown values', () => {
    expect(runs([1, 2, HIDDEN, 3, null, 4, 5]).map((r) => r.map((p) => p.index))).toEqual([[0, 1], [3], [5, 6]]);
    expect(runs([HIDDEN, null])).toEqual([]);
  });

  it('keeps text safe: a label with markup is text, not markup', () => {
    const svg = trendLineSvg({ rounds: ['<b>start</b>', 'end'], series: [{ name: 'A & B "<script>"', points: [2, 3] }], min: 1, max: 5, title: 'T', labels });
    parse(svg);
    expect(svg.includes('&lt;b&gt;start&lt;/b&gt;'), 'escaped label').toBe(true);
  });
});

describe('agreementBarsSvg', () => {
  const rounds: Array<{ label: string; share: Share }> = [
    { label: 'start', share: { percent: 50 } },
    { label: 'midway', share: HIDDEN },
    { label: 'end', share: { percent: 100 } },
    { label: 'extra', share: null },
  ];
  const chart = () => agreementBarsSvg({ rounds, title: 'Said “true”: I am heard', labels: { ...labels, percent: (x) => `${x} %` } });

  it('is an accessible image whose description gives each round', () => {
    const svg = chart();
    const root = parse(svg);
    expect(titleOf(root)).toBe('Said “true”: I am heard');
    expect(descOf(root)).toBe('start: 50 %; midway: fewer than 5; end: 100 %; extra: not asked.');
    expect(chart()).toBe(svg);
  });

  it('draws bars proportional to the share on one 0–100 % scale', () => {
    const root = parse(chart());
    const bars = all(root, (e) => e.name === 'rect' && hasClass(e, 'bar'));
    expect(bars.map((b) => Number(b.attrs.height))).toEqual([FULL_HEIGHT / 2, FULL_HEIGHT]);
    expect(barHeight(0)).toBe(0);
    expect(barHeight(150)).toBe(FULL_HEIGHT);
    expect(texts(root)).toEqual(expect.arrayContaining(['50 %', '100 %', '0%', '100%']));
  });

  it('shows a hidden share as a hatched outline with the words, and a round that did not ask it as such', () => {
    const root = parse(chart());
    const [hidden] = byAttr(root, 'data-state', 'suppressed');
    expect(hidden?.attrs['data-round']).toBe('1');
    expect(all(hidden!, (e) => hasClass(e, 'bar-outline'))).toHaveLength(1);
    expect(texts(hidden!).join(' ')).toBe('fewer than 5');
    expect(texts(byAttr(root, 'data-state', 'not-asked')[0]!)).toEqual(['not asked']);
  });
});
