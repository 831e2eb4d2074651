import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { Progress, type Round } from '../../web/dashboard/api/api-shapes.js';
import { ProjectSummary } from '../../web/dashboard/api/results-shapes.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import { progressBars, progressPath } from '../../web/dashboard/projects/progress-bars.js';
import { countBarsSvg } from '../../web/dashboard/results/charts/count-bars.js';
import { questionCard } from '../../web/dashboard/results/question-card.js';
import { summaryPage } from '../../web/dashboard/results/summary-page.js';

/**
 * Progress and charts at a glance (issue 21, item 6): a round's progress as bars with their numbers in words
 * (exactly the API's counts, a share only where both counts are shown), the block that the page's script
 * asks for again while the round is open; the summary as one card per question, the chart first and the
 * table on demand, hidden cells said in words.
 */

const url = new URL('http://localhost/dashboard/projects/p');
const en = uiFor('en', url, 'Europe/Brussels');
const hidden = { suppressed: true } as const;
const NOW = new Date('2026-12-07T10:00:00.000Z');

const round: Round = {
  roundId: 'p-start',
  label: '<b>start</b>',
  surveyId: 's',
  surveyVersion: 1,
  opensAt: '2026-12-01T08:00:00.000Z',
  closesAt: '2026-12-20T08:00:00.000Z',
  reminderAfterHours: null,
};

const progress = (total: Record<string, unknown>) =>
  Progress.parse({
    total: { enrolled: 40, invited: 40, started: 12, completed: 9, declined: hidden, optedOut: 0, failed: 0, ...total },
  });

const rows = (markup: string) =>
  [...markup.matchAll(/<li class="glance-row" data-metric="(\w+)">([\s\S]*?)<\/li>/g)].map(([, metric = '', body = '']) => ({
    metric,
    progress: /<progress[^>]*max="(\d+)" value="(\d+)"/.exec(body)?.slice(1, 3) ?? null,
    text: body
      .replace(/<progress[^>]*><\/progress>/, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  }));

describe('progress bars', () => {
  it('draw each share the API’s counts give, with the numbers and the percentage in words', () => {
    const markup = String(progressBars(en, 'p', round, progress({}), { k: 5, live: true, now: NOW }));
    expect(rows(markup)).toEqual([
      { metric: 'invited', progress: ['40', '40'], text: 'Invited, of those enrolled 40 of 40 (100%)' },
      { metric: 'started', progress: ['40', '12'], text: 'Started, of those invited 12 of 40 (30%)' },
      { metric: 'completed', progress: ['40', '9'], text: 'Completed, of those invited 9 of 40 (23%)' },
      // Hidden: said in words, no bar, no percentage, nothing that reads like a number.
      { metric: 'declined', progress: null, text: 'Declined, of those invited hidden: fewer than 5 people' },
    ]);
    expect(markup).toContain(`data-glance-refresh="${progressPath('p', 'p-start')}"`);
    expect(markup).toContain('data-testid="progress-refresh"');
    expect(markup).not.toContain('&lt; 5');
    // Each bar is named by its label and described by its words.
    for (const metric of ['invited', 'started', 'completed']) {
      expect(markup).toMatch(new RegExp(`<progress[^>]*aria-labelledby="glance-p-start-${metric}" aria-describedby="glance-p-start-${metric}-value"`));
      expect(markup).toContain(`<span class="glance-label" id="glance-p-start-${metric}">`);
    }
  });

  it('show no share of a hidden total, and no bar where a count is larger than its total', () => {
    const markup = String(progressBars(en, 'p', round, progress({ enrolled: hidden, invited: 3, started: 7 }), { k: 5, live: true, now: NOW }));
    const byMetric = Object.fromEntries(rows(markup).map((r) => [r.metric, r]));
    expect(byMetric.invited).toMatchObject({ progress: null, text: 'Invited, of those enrolled 3' });
    expect(byMetric.started).toMatchObject({ progress: null, text: 'Started, of those invited 7' });
    expect(markup).not.toMatch(/%/);
  });

  it('use the project’s k in the words, and a closed round is not refreshed', () => {
    const markup = String(progressBars(en, 'p', round, progress({ completed: hidden }), { k: 8, live: false, now: NOW }));
    expect(markup).toContain('hidden: fewer than 8 people');
    expect(markup).not.toContain('data-glance-refresh');
    expect(markup).not.toContain('progress-refresh');
  });

  it('put the full table on demand, escape the round’s label, and speak Dutch and French', () => {
    const markup = String(progressBars(en, 'p', round, progress({}), { k: 5, live: true, now: NOW }));
    expect(markup).toMatch(/<details class="on-demand" data-testid="progress-details"><summary>All counts of this round \(table\)<\/summary>/);
    expect(markup).toContain('&lt;b&gt;start&lt;/b&gt;');
    expect(markup).not.toContain('<b>start</b>');
    const nl = String(progressBars(uiFor('nl', url, 'Europe/Brussels'), 'p', round, progress({}), { k: 5, live: true, now: NOW }));
    expect(rows(nl).map((r) => r.text)).toContain('Begonnen, van wie uitgenodigd is 12 van 40 (30%)');
    expect(nl).toContain('verborgen: minder dan 5 mensen');
    const fr = String(progressBars(uiFor('fr', url, 'Europe/Brussels'), 'p', round, progress({}), { k: 5, live: true, now: NOW }));
    expect(rows(fr).find((r) => r.metric === 'started')?.text).toMatch(/^Ont commencé, parmi les invité·es 12 sur 40 \(30\s?%\)$/);
  });
});

const question = (roundId: string, questionId: string, kind: string, values: Record<string, unknown> | undefined, respondents: unknown = 12) => ({
  questionId,
  kind,
  text: `Question ${questionId}`,
  respondents,
  ...(values ? { values } : {}),
});
const summaryRound = (roundId: string, label: string, questions: unknown[]) => ({
  projectId: 'p',
  roundId,
  label,
  surveyId: 's',
  surveyVersion: 1,
  opensAt: '2026-09-01T00:00:00.000Z',
  closesAt: '2026-10-01T00:00:00.000Z',
  release: { number: 1, respondents: 12, createdAt: null },
  respondents: 12,
  languages: {},
  channels: {},
  questions,
});
const summary = ProjectSummary.parse({
  projectId: 'p',
  name: 'Welcome',
  k: 5,
  rounds: [
    summaryRound('p-start', 'start', [
      question('p-start', 'help', 'choice', { language: 7, housing: hidden, work: 5 }),
      question('p-start', 'story', 'story', undefined),
    ]),
    summaryRound('p-end', 'end', [question('p-end', 'help', 'choice', { language: 9, housing: 6, work: hidden })]),
  ],
  comparison: [],
});

describe('question cards on the summary', () => {
  const page = String(summaryPage(en, summary).main);

  it('give each question one card: its title, its chart first, then the table on demand', () => {
    const cards = [...page.matchAll(/<article class="q-card" data-testid="summary-question" data-question-id="(\w+)"[\s\S]*?<\/article>/g)];
    expect(cards.map((c) => c[1])).toEqual(['help', 'story']);
    const help = cards[0]?.[0] ?? '';
    const order = [
      '<h3 id="q-help">',
      'data-testid="question-chart"',
      'data-testid="count-bars"',
      '<details class="on-demand" data-testid="question-table">',
      '<table',
    ];
    const at = order.map((part) => help.indexOf(part));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The table's hidden cells in words; nothing reads "< 5".
    expect(help).toContain('<span class="suppressed" data-testid="suppressed">hidden: fewer than 5 people</span>');
    expect(page).not.toContain('&lt; 5');
    // A question in people's own words has no chart, and says so.
    expect(cards[1]?.[0]).toContain('Answered in people’s own words: no chart.');
  });

  it('draw the counts as a well-formed SVG that scales, each round named, hidden counts in words', () => {
    const svg = /<figure class="chart-figure" data-testid="count-bars">([\s\S]*?)<\/figure>/.exec(page)?.[1]?.trim() ?? '';
    expect(() => new XMLParser({ ignoreAttributes: false }).parse(svg)).not.toThrow();
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 360 \d+" width="100%"/);
    expect(svg).toContain('role="img"');
    for (const text of ['start', 'end', 'Question help', '>7<', '>9<', '>6<', '>5<']) expect(svg).toContain(text);
    expect((svg.match(/hidden: fewer than 5 people/g) ?? []).length).toBe(2 + 2); // drawn twice, and twice in the description
    expect(svg).not.toContain('&lt;');
  });

  it('leave a slot after the chart and one after the table, for other views of the question', () => {
    const card = String(questionCard(en, summary, 'help', { afterChart: 'AFTER-CHART' as never, footer: 'FOOTER' as never }));
    const chart = card.indexOf('data-testid="question-chart"');
    const after = card.indexOf('AFTER-CHART');
    const table = card.indexOf('<details');
    const footer = card.indexOf('FOOTER');
    expect(chart).toBeLessThan(after);
    expect(after).toBeLessThan(table);
    expect(table).toBeLessThan(footer);
    expect(String(questionCard(en, summary, 'nobody-asked'))).toBe('');
  });
});

describe('count bars', () => {
  const labels = { suppressed: 'hidden: fewer than 5 people', respondents: (n: number) => `${n} answers`, notAsked: 'not asked' };

  it('scale bars to the largest shown count; hidden and not-asked cells get no length', () => {
    const svg = countBarsSvg({
      rounds: ['a', 'b'],
      rows: [
        { label: 'yes', cells: [10, 5] },
        { label: 'no', cells: [hidden, null] },
      ],
      title: 'T',
      labels,
    });
    const widths = [...svg.matchAll(/<rect class="bar" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(2 * (widths[1] ?? 0), 0);
    expect(svg).toContain('not asked');
    expect(svg).toContain('<desc>yes: a 10 answers, b 5 answers; no: a hidden: fewer than 5 people, b not asked.</desc>');
  });

  it('escapes answer labels and round names', () => {
    const svg = countBarsSvg({ rounds: ['<r>'], rows: [{ label: '<script>x</script>', cells: [3] }], title: '"t"', labels });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
