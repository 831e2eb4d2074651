import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { ProjectSummary } from '../../web/dashboard/api-shapes.js';
import { UI_STRINGS } from '../../web/dashboard/i18n.js';
import { summaryPage } from '../../web/dashboard/summary-page.js';

/**
 * The summary page draws signifiers: a ternary plot per round for a triad (with the shift between the
 * first and last round), the rounds' dyad histograms side by side; small cells stay hidden in both.
 */

const hidden = { suppressed: true };
const round = (roundId: string, label: string, opensAt: string, triad: Record<string, unknown>, dyad: Record<string, unknown>, respondents: number) => ({
  projectId: 'p',
  roundId,
  label,
  surveyId: 'story_signifiers',
  surveyVersion: 1,
  opensAt,
  closesAt: '2027-01-01T00:00:00.000Z',
  respondents,
  languages: {},
  channels: {},
  questions: [
    { questionId: 'help', kind: 'triad', text: 'Who made the difference?', respondents, values: triad, corners: ['the staff', 'people close to me', 'myself'] },
    { questionId: 'felt', kind: 'dyad', text: 'In this story I felt…', respondents, mean: 3.1, values: dyad, poles: ['on my own', 'supported'] },
  ],
});

const summary = ProjectSummary.parse({
  projectId: 'p',
  name: 'Welcome course',
  k: 5,
  rounds: [
    round('p-start', 'start', '2026-09-01T00:00:00.000Z', { 1: 10, 2: 5, 3: hidden, 4: hidden, 5: hidden, 6: 5, 7: 20 }, { 1: 10, 2: 5, 3: 5, 4: hidden, 5: hidden }, 40),
    round('p-end', 'end', '2026-12-01T00:00:00.000Z', { 1: 20, 2: 5, 3: hidden, 4: hidden, 5: hidden, 6: 5, 7: 10 }, { 1: hidden, 2: 5, 3: 5, 4: 10, 5: 10 }, 40),
  ],
  comparison: [],
});

const ui = { lang: 'en' as const, t: UI_STRINGS.en, locale: 'en-GB', url: new URL('http://localhost/dashboard/projects/p/summary'), timeZone: 'Europe/Brussels' };
const page = String(summaryPage(ui, summary).main);

describe('signifier charts on the summary page', () => {
  it('draws one ternary plot per round, as well-formed SVG with the corners in it', () => {
    const plots = [...page.matchAll(/<figure class="chart-figure" data-testid="ternary-plot" data-round="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(plots.map((m) => m[1])).toEqual(['p-start', 'p-end']);
    for (const [, , figure] of plots) {
      const svg = /<svg[\s\S]*<\/svg>/.exec(figure ?? '')?.[0] ?? '';
      expect(() => new XMLParser({ ignoreAttributes: false }).parse(svg)).not.toThrow();
      expect(svg).toContain('role="img"');
      expect(svg).toContain('people close to me');
      expect(svg).toContain('fewer than 5');
    }
  });

  it('shows the shift from the first to the last round in percentage points, hidden where a round hides the zone', () => {
    const table = /<table data-testid="ternary-shift">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    expect(table).toContain('Shift from start to end');
    const rows = [...table.matchAll(/<tr><th scope="row">(\d)\. [\s\S]*?<\/th><td class="num">([\s\S]*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    // Zone 1: 10 of 40 → 20 of 40 = +25 points; zone 7: 50 % → 25 % = −25; zone 3 hidden in both rounds.
    expect(rows.find(([z]) => z === '1')?.[1]).toBe('+25');
    expect(rows.find(([z]) => z === '7')?.[1]).toBe('-25');
    expect(rows.find(([z]) => z === '3')?.[1]).toContain('&lt; 5');
    expect(rows.find(([z]) => z === '2')?.[1]).toBe('0');
  });

  it('draws the dyad rounds side by side, poles labelled', () => {
    const figure = /<figure class="chart-figure" data-testid="dyad-histogram">([\s\S]*?)<\/figure>/.exec(page)?.[1] ?? '';
    expect(figure).toContain('on my own');
    expect(figure).toContain('supported');
    expect(figure).toContain('start');
    expect(figure).toContain('end');
  });
});
