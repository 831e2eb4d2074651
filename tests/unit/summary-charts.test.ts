import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { ProjectSummary } from '../../web/dashboard/api/results-shapes.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import { summaryPage } from '../../web/dashboard/results/summary-page.js';

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
  release: { number: 1, respondents, createdAt: null },
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
    round(
      'p-start',
      'start',
      '2026-09-01T00:00:00.000Z',
      { 1: 10, 2: 5, 3: hidden, 4: hidden, 5: hidden, 6: 5, 7: 20 },
      { 1: 10, 2: 5, 3: 5, 4: hidden, 5: hidden },
      40,
    ),
    round(
      'p-end',
      'end',
      '2026-12-01T00:00:00.000Z',
      { 1: 20, 2: 5, 3: hidden, 4: hidden, 5: hidden, 6: 5, 7: 10 },
      { 1: hidden, 2: 5, 3: 5, 4: 10, 5: 10 },
      40,
    ),
  ],
  comparison: [],
});

const url = new URL('http://localhost/dashboard/projects/p/summary');
const ui = uiFor('en', url, 'Europe/Brussels');
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
    // Hidden in words, never like a number (issue 21: "< 5" read as a count).
    expect(rows.find(([z]) => z === '3')?.[1]).toContain('hidden: fewer than 5 people');
    expect(rows.find(([z]) => z === '3')?.[1]).not.toContain('&lt;');
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

describe('the project over its life on the summary page', () => {
  const life = {
    k: 5,
    rounds: [
      { roundId: 'p-start', label: 'start' },
      { roundId: 'p-mid', label: 'midway' },
      { roundId: 'p-end', label: 'end' },
    ],
    trends: [
      {
        questionId: 'energy',
        text: 'How much energy?',
        points: [
          { roundId: 'p-start', label: 'start', value: 2.5 },
          { roundId: 'p-mid', label: 'midway', value: hidden },
          { roundId: 'p-end', label: 'end', value: 3.75 },
        ],
      },
    ],
    agreement: [
      {
        questionId: 'heard',
        text: 'I am heard.',
        points: [
          { roundId: 'p-start', label: 'start', value: null },
          { roundId: 'p-mid', label: 'midway', value: { percent: 62.5, respondents: 16 } },
          { roundId: 'p-end', label: 'end', value: hidden },
        ],
      },
    ],
    dyadShifts: [
      {
        questionId: 'felt',
        text: 'In this story I felt…',
        poles: ['on my own', 'supported'],
        from: { roundId: 'p-start', label: 'start', mean: 2.1 },
        to: { roundId: 'p-end', label: 'end', mean: 3.4 },
        shift: 1.3,
      },
    ],
    returning: {
      linked: true,
      first: { roundId: 'p-start', label: 'start' },
      last: { roundId: 'p-end', label: 'end' },
      inSeveralRounds: 12,
      firstAndLast: 9,
      energy: { pairs: 8, change: 0.63 },
    },
  };
  const withLife = ProjectSummary.parse({ ...summary, lifecycle: life });
  const section = (html: string) => /<section class="card" aria-labelledby="lifecycle" data-testid="lifecycle">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';

  it('shows the energy trend as a line chart and a table, the hidden round in words', () => {
    const html = section(String(summaryPage(ui, withLife).main));
    const figure = /<figure[^>]*data-testid="trend-chart">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(() => new XMLParser({ ignoreAttributes: false }).parse(figure)).not.toThrow();
    expect(figure).toContain('data-state="suppressed"');
    const row = /<tr data-question-id="energy">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect([...row.matchAll(/<td class="num">([\s\S]*?)<\/td>/g)].map((m) => m[1])).toEqual([
      '2.5',
      '<span class="suppressed" data-testid="suppressed">hidden: fewer than 5 people</span>',
      '3.75',
    ]);
  });

  it('gives agreement in percent per round, "—" where not asked, with a small chart per statement', () => {
    const html = section(String(summaryPage(ui, withLife).main));
    const table = /<table class="side-by-side" data-testid="agreement-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect([...table.matchAll(/<td class="num">([\s\S]*?)<\/td>/g)].map((m) => m[1])).toEqual([
      '—',
      '62.5%',
      '<span class="suppressed" data-testid="suppressed">hidden: fewer than 5 people</span>',
    ]);
    expect(html).toContain('data-testid="agreement-chart" data-question-id="heard"');
  });

  it('shows the dyad shift and the people who came back, never a respondent code', () => {
    const html = section(String(summaryPage(ui, withLife).main));
    expect(/<td class="num" data-testid="dyad-shift">([^<]*)<\/td>/.exec(html)?.[1]).toBe('+1.3');
    expect(/data-testid="returning-first-last">([^<]*)</.exec(html)?.[1]).toBe('9');
    expect(/data-testid="returning-change">([^<]*)</.exec(html)?.[1]).toBe('+0.63');
    expect(html).toContain('Answered both “start” and “end”');
  });

  it('speaks Dutch and French too, and is left out with a single round', () => {
    const nl = section(String(summaryPage(uiFor('nl', url, 'Europe/Brussels'), withLife).main));
    expect(nl).toContain('Doorheen het project');
    expect(nl).toContain('62,5%');
    const fr = section(String(summaryPage(uiFor('fr', url, 'Europe/Brussels'), withLife).main));
    expect(fr).toContain('Au fil du projet');
    const single = ProjectSummary.parse({ ...summary, lifecycle: { ...life, rounds: life.rounds.slice(0, 1) } });
    expect(String(summaryPage(ui, single).main)).not.toContain('data-testid="lifecycle"');
  });
});
