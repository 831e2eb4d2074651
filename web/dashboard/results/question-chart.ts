import { html, raw } from 'hono/html';
import { agreementBarsSvg, type Share } from './charts/agreement-bars.js';
import { countBarsSvg } from './charts/count-bars.js';
import { dyadHistogramSvg, dyadRoundsSvg, DYAD_POSITIONS, type DyadCounts } from './charts/dyad-histogram.js';
import { TRIAD_ZONES, ternaryPlotSvg, type TriadZones } from './charts/ternary-plot.js';
import { trendLineSvg } from './charts/trend-line.js';
import type { Cell } from '../api/api-shapes.js';
import type { ProjectSummary } from '../api/results-shapes.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';

/**
 * The chart of one question on the summary, chosen by its kind: a ternary plot per round for a triad, a
 * dyad histogram (rounds side by side), bars of the counts for choice, consent and statement answers (with
 * the share who said "true" per round beside a statement, when the project's life compares it), the mean
 * per round as a line for a scale. Every number comes as the API disclosed it: a hidden cell stays hidden
 * in the chart, and nothing is added up or derived here.
 */

export type RoundSummary = ProjectSummary['rounds'][number];
export type QuestionSummary = RoundSummary['questions'][number];

/** The rounds that asked the question, oldest first, with what each says about it. */
export interface Asked {
  round: RoundSummary;
  q: QuestionSummary;
}

const HIDDEN = { suppressed: true } as const;
export const zonesOf = (values: Record<string, Cell> | undefined): TriadZones =>
  Object.fromEntries(TRIAD_ZONES.map((z) => [z, values?.[String(z)] ?? HIDDEN])) as unknown as TriadZones;
const pointsOf = (values: Record<string, Cell> | undefined): DyadCounts =>
  Object.fromEntries(DYAD_POSITIONS.map((p) => [p, values?.[String(p)] ?? HIDDEN])) as unknown as DyadCounts;

const unionKeys = (records: ReadonlyArray<Record<string, unknown> | undefined>): string[] => [...new Set(records.flatMap((r) => Object.keys(r ?? {})))];

/** The chart labels in the page's language (the count bars, which have room, say `glanceHidden` instead). */
export function chartLabels(ui: Ui, k: number) {
  const { t } = ui;
  const number = new Intl.NumberFormat(ui.locale);
  return {
    suppressed: t('fewerThan', { k }),
    respondents: (count: number) => t('answersCount', { count }),
    count: (n: number) => number.format(n),
  };
}

function triads(ui: Ui, s: ProjectSummary, asked: readonly Asked[]): Html | '' {
  const { t } = ui;
  const corners = asked[0]?.q.corners;
  if (!corners) return '';
  const labels = { ...chartLabels(ui, s.k), centre: t('triadCentre'), between: (a: string, b: string) => t('triadBetween', { a, b }) };
  return html`<div class="charts">${asked.map(
    ({ round, q }) => html`<figure class="chart-figure" data-testid="ternary-plot" data-round="${round.roundId}">
        ${raw(ternaryPlotSvg({ corners, zones: zonesOf(q.values), title: t('triadChartTitle', { question: q.text, round: round.label }), labels }))}
        <figcaption>${round.label}</figcaption>
      </figure>`,
  )}</div>`;
}

function dyads(ui: Ui, s: ProjectSummary, asked: readonly Asked[]): Html | '' {
  const first = asked[0];
  if (!first?.q.poles) return '';
  const [left, right] = first.q.poles;
  const title = ui.t('dyadChartTitle', { question: first.q.text });
  const labels = chartLabels(ui, s.k);
  const svg =
    asked.length === 1
      ? dyadHistogramSvg({ left, right, counts: pointsOf(first.q.values), title, labels })
      : dyadRoundsSvg({ left, right, rounds: asked.map(({ round, q }) => ({ label: round.label, counts: pointsOf(q.values) })), title, labels });
  return html`<figure class="chart-figure" data-testid="dyad-histogram">${raw(svg)}</figure>`;
}

/** Counts of each answer, per round of the project (a round that did not ask it: "not asked"). */
function counts(ui: Ui, s: ProjectSummary, questionId: string, asked: readonly Asked[]): Html {
  const { t } = ui;
  const perRound = s.rounds.map((r) => r.questions.find((q) => q.questionId === questionId));
  const rounds = s.rounds.filter((_, i) => perRound[i]?.values !== undefined);
  const values = unionKeys(perRound.map((q) => q?.values));
  const text = asked[0]?.q.text ?? questionId;
  const svg = countBarsSvg({
    rounds: rounds.map((r) => r.label),
    rows: values.map((v) => ({
      label: t.lookup('values', v) ?? v,
      cells: rounds.map((r) => r.questions.find((q) => q.questionId === questionId)?.values?.[v] ?? null),
    })),
    title: t('glanceCountChartTitle', { question: text }),
    labels: { ...chartLabels(ui, s.k), suppressed: t('glanceHidden', { k: s.k }), notAsked: t('notAskedText') },
  });
  return html`<figure class="chart-figure" data-testid="count-bars">${raw(svg)}</figure>`;
}

/** The share who said "true", per round, as the project's life compares it (core/results/compare.ts). */
function agreement(ui: Ui, s: ProjectSummary, questionId: string): Html | '' {
  const found = s.lifecycle?.agreement.find((a) => a.questionId === questionId);
  if (!found) return '';
  const { t } = ui;
  const percent = new Intl.NumberFormat(ui.locale, { style: 'percent', maximumFractionDigits: 1 });
  const share = (v: (typeof found.points)[number]['value']): Share => (v === null ? null : 'percent' in v ? { percent: v.percent } : { suppressed: true });
  const svg = agreementBarsSvg({
    rounds: found.points.map((p) => ({ label: p.label, share: share(p.value) })),
    title: t('agreementChartTitle', { statement: found.text || questionId }),
    labels: { ...chartLabels(ui, s.k), notAsked: t('notAsked'), percent: (x: number) => percent.format(x / 100) },
  });
  return html`<figure class="chart-figure chart-small" data-testid="agreement-chart">${raw(svg)}</figure>`;
}

/** The mean per round as a line, when the project's life compares it on the 1–5 scale. */
function meanLine(ui: Ui, s: ProjectSummary, questionId: string): Html | '' {
  const found = s.lifecycle?.trends.find((q) => q.questionId === questionId);
  if (!found) return '';
  const { t } = ui;
  const mean = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 1 });
  const svg = trendLineSvg({
    rounds: found.points.map((p) => p.label),
    series: [{ name: t('glanceMeanLine'), points: found.points.map((p) => p.value) }],
    min: 1,
    max: 5,
    title: t('glanceMeanChartTitle', { question: found.text || questionId }),
    labels: { ...chartLabels(ui, s.k), notAsked: t('notAskedText'), mean: (x: number) => mean.format(x) },
  });
  return html`<figure class="chart-figure" data-testid="trend-chart">${raw(svg)}</figure>`;
}

/** The question's chart(s), or a sentence saying why there is none. */
export function questionChart(ui: Ui, s: ProjectSummary, questionId: string, asked: readonly Asked[]): Html {
  const { t } = ui;
  const kind = asked[0]?.q.kind;
  const withValues = asked.filter((a) => a.q.values !== undefined);
  if (kind === 'triad' && withValues.length) return html`${triads(ui, s, withValues)}`;
  if (kind === 'dyad' && withValues.length) return html`${dyads(ui, s, withValues)}`;
  if (withValues.length)
    return html`<div class="charts">${counts(ui, s, questionId, withValues)}${kind === 'statement' ? agreement(ui, s, questionId) : ''}</div>`;
  const line = kind === 'scale' ? meanLine(ui, s, questionId) : '';
  if (line) return line;
  if (kind === 'open' || kind === 'story') return html`<p class="muted" data-testid="no-chart">${t('glanceOwnWords')}</p>`;
  return html`<p class="muted" data-testid="no-chart">${t('glanceNoChart')}</p>`;
}
