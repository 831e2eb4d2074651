import { html, raw } from 'hono/html';
import type { Cell } from '../api/api-shapes.js';
import type { Lifecycle } from '../api/results-shapes.js';
import { agreementBarsSvg, type Share } from '../results/charts/agreement-bars.js';
import { trendLineSvg } from '../results/charts/trend-line.js';
import { hiddenCount } from '../page/cells.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';

/**
 * The summary's "over the project's life" section: the trend of the means (energy first), agreement per
 * statement, the dyads' shift and the people who came back — each a table, with a chart where it helps.
 * Hidden numbers read "hidden: fewer than k people" in tables and are gaps or hatched marks in charts.
 */

type Agreement = Lifecycle['agreement'][number]['points'][number]['value'];

function formats(ui: Ui) {
  const mean = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const percent = new Intl.NumberFormat(ui.locale, { style: 'percent', maximumFractionDigits: 1 });
  return { mean: (x: number) => mean.format(x), signed: (x: number) => signed.format(x), percent: (x: number) => percent.format(x / 100) };
}

/** A table cell: the value, the hidden words, "—" when the round did not ask it. */
function td(ui: Ui, value: Cell | null | undefined, k: number, show: (x: number) => string): Html {
  if (value === null || value === undefined) return html`<td class="num">${ui.t('notAsked')}</td>`;
  return html`<td class="num">${typeof value === 'number' ? show(value) : hiddenCount(ui, k)}</td>`;
}

const share = (a: Agreement): Share => (a === null ? null : 'percent' in a ? { percent: a.percent } : { suppressed: true });

function roundHeads(l: Lifecycle, first: string): Html {
  return html`<thead><tr><th scope="col">${first}</th>${l.rounds.map((r) => html`<th scope="col" class="num">${r.label}</th>`)}</tr></thead>`;
}

function trends(ui: Ui, l: Lifecycle): Html | '' {
  const { t } = ui;
  if (l.trends.length === 0) return '';
  const f = formats(ui);
  const labels = {
    suppressed: t('fewerThan', { k: l.k }),
    respondents: (count: number) => t('answersCount', { count }),
    notAsked: t('notAskedText'),
    mean: f.mean,
  };
  const svg = trendLineSvg({
    rounds: l.rounds.map((r) => r.label),
    series: l.trends.map((q) => ({ name: q.text || q.questionId, points: q.points.map((p) => p.value) })),
    min: 1,
    max: 5,
    title: t('trendChartTitle'),
    labels,
  });
  return html`<h3>${t('trendTitle')}</h3>
    <figure class="chart-figure chart-wide" data-testid="trend-chart">${raw(svg)}</figure>
    <div class="table-wrap"><table class="side-by-side" data-testid="trend-table">
      ${roundHeads(l, t('colQuestion'))}
      <tbody>${l.trends.map(
        (q) =>
          html`<tr data-question-id="${q.questionId}"><th scope="row"><span dir="auto">${q.text || q.questionId}</span> <code>${q.questionId}</code></th>${q.points.map((p) => td(ui, p.value, l.k, f.mean))}</tr>`,
      )}</tbody>
    </table></div>`;
}

function agreement(ui: Ui, l: Lifecycle): Html | '' {
  const { t } = ui;
  if (l.agreement.length === 0) return '';
  const f = formats(ui);
  const labels = {
    suppressed: t('fewerThan', { k: l.k }),
    respondents: (count: number) => t('answersCount', { count }),
    notAsked: t('notAsked'),
    percent: f.percent,
  };
  const cellOf = (a: Agreement) =>
    a === null ? html`<td class="num">${t('notAsked')}</td>` : html`<td class="num">${'percent' in a ? f.percent(a.percent) : hiddenCount(ui, l.k)}</td>`;
  return html`<h3>${t('agreementTitle')}</h3>
    <p class="muted">${t('agreementIntro', { k: l.k })}</p>
    <div class="table-wrap"><table class="side-by-side" data-testid="agreement-table">
      ${roundHeads(l, t('colQuestion'))}
      <tbody>${l.agreement.map(
        (q) =>
          html`<tr data-question-id="${q.questionId}"><th scope="row"><span dir="auto">${q.text || q.questionId}</span> <code>${q.questionId}</code></th>${q.points.map((p) => cellOf(p.value))}</tr>`,
      )}</tbody>
    </table></div>
    <div class="charts">${l.agreement.map(
      (q) =>
        html`<figure class="chart-figure chart-small" data-testid="agreement-chart" data-question-id="${q.questionId}">${raw(
          agreementBarsSvg({
            rounds: q.points.map((p) => ({ label: p.label, share: share(p.value) })),
            title: t('agreementChartTitle', { statement: q.text || q.questionId }),
            labels,
          }),
        )}<figcaption dir="auto">${q.text || q.questionId}</figcaption></figure>`,
    )}</div>`;
}

function dyadShifts(ui: Ui, l: Lifecycle): Html | '' {
  const { t } = ui;
  if (l.dyadShifts.length === 0) return '';
  const f = formats(ui);
  return html`<h3>${t('dyadShiftTitle')}</h3>
    <div class="table-wrap"><table data-testid="dyad-shifts">
      <thead><tr><th scope="col">${t('colQuestion')}</th><th scope="col" class="num">${t('colFirstRound')}</th><th scope="col" class="num">${t('colLastRound')}</th><th scope="col" class="num">${t('colShift')}</th></tr></thead>
      <tbody>${l.dyadShifts.map(
        (d) => html`<tr data-question-id="${d.questionId}">
          <th scope="row"><span dir="auto">${d.text || d.questionId}</span><br><span class="muted">1 = <span dir="auto">${d.poles[0]}</span> · 5 = <span dir="auto">${d.poles[1]}</span></span></th>
          <td class="num">${d.from.label}: ${typeof d.from.mean === 'number' ? f.mean(d.from.mean) : hiddenCount(ui, l.k)}</td>
          <td class="num">${d.to.label}: ${typeof d.to.mean === 'number' ? f.mean(d.to.mean) : hiddenCount(ui, l.k)}</td>
          <td class="num" data-testid="dyad-shift">${d.shift === null ? t('notAsked') : f.signed(d.shift)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
}

function returning(ui: Ui, l: Lifecycle): Html {
  const { t } = ui;
  const r = l.returning;
  if (!r.linked) return html`<h3>${t('returningTitle')}</h3><p class="muted" data-testid="returning-not-linked">${t('returningNotLinked')}</p>`;
  const f = formats(ui);
  const value = (c: Cell, show: (x: number) => string = String) => (typeof c === 'number' ? show(c) : hiddenCount(ui, l.k));
  const pair =
    r.first && r.last
      ? html`<dt>${t('returningFirstLast', { first: r.first.label, last: r.last.label })}</dt><dd data-testid="returning-first-last">${value(r.firstAndLast)}</dd>
        ${
          r.energy
            ? html`<dt>${t('returningPairs')}</dt><dd data-testid="returning-pairs">${value(r.energy.pairs)}</dd>
            <dt>${t('returningChange')}</dt><dd data-testid="returning-change">${value(r.energy.change, f.signed)}</dd>`
            : ''
        }`
      : '';
  return html`<h3>${t('returningTitle')}</h3>
    <p class="muted">${t('returningIntro', { k: l.k })}</p>
    <dl class="facts" data-testid="returning">
      <dt>${t('returningSeveral')}</dt><dd data-testid="returning-several">${value(r.inSeveralRounds)}</dd>
      ${pair}
    </dl>
    ${r.first && r.last ? '' : html`<p class="muted" data-testid="returning-too-few">${t('returningTooFew', { k: l.k })}</p>`}`;
}

/** Nothing until the project has two rounds to compare. */
export function lifecycleSection(ui: Ui, l: Lifecycle | undefined): Html | '' {
  const { t } = ui;
  if (!l || l.rounds.length < 2) return '';
  return html`<section class="card" aria-labelledby="lifecycle" data-testid="lifecycle">
    <h2 id="lifecycle">${t('lifecycleTitle')}</h2>
    <p class="lead">${t('lifecycleIntro', { k: l.k })}</p>
    ${trends(ui, l)}${agreement(ui, l)}${dyadShifts(ui, l)}${returning(ui, l)}
  </section>`;
}
