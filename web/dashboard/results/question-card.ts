import { html } from 'hono/html';
import { TRIAD_ZONES, ternaryShift, zoneNames } from './charts/ternary-plot.js';
import type { Cell } from '../api/api-shapes.js';
import type { ProjectSummary } from '../api/results-shapes.js';
import { hiddenCount } from '../page/cells.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';
import { chartLabels, questionChart, zonesOf, type Asked, type QuestionSummary, type RoundSummary } from './question-chart.js';

/**
 * One card per question on the summary: its text, its chart first, then the numbers as a table on demand
 * (a <details>, rounds side by side). Hidden cells say so in words ("hidden: fewer than 5 people").
 *
 * Other views of a question go into the card through `extras`, in this order: `afterChart` (e.g. the
 * merged categories a small group can still see), then the table, then `footer` (e.g. a link to read the
 * answers behind the chart). The summary page passes them; the card stays the same for everyone.
 */
export interface CardExtras {
  afterChart?: Html | '' | undefined;
  footer?: Html | '' | undefined;
}

/** A number, the hidden words, or "—" where the round did not ask it. */
export function summaryCell(ui: Ui, value: Cell | undefined, k: number): Html {
  if (value === undefined) return html`<td class="num">${ui.t('notAsked')}</td>`;
  if (typeof value === 'number') return html`<td class="num">${new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 }).format(value)}</td>`;
  return html`<td class="num">${hiddenCount(ui, k)}</td>`;
}

export function roundHeads(ui: Ui, rounds: readonly RoundSummary[]): Html {
  return html`<thead><tr><td></td>${rounds.map(
    (r) => html`<th scope="col" class="num">${r.label}<br><span class="muted">${formatDateTime(r.opensAt, ui.locale, ui.timeZone)}</span></th>`,
  )}</tr></thead>`;
}

const unionKeys = (records: ReadonlyArray<Record<string, unknown> | undefined>): string[] => [...new Set(records.flatMap((r) => Object.keys(r ?? {})))];

/** The rounds side by side: respondents, the mean, each answer's count. */
function table(ui: Ui, s: ProjectSummary, perRound: ReadonlyArray<QuestionSummary | undefined>, first: QuestionSummary): Html {
  const { t } = ui;
  const row = (head: Html, pick: (q: QuestionSummary) => Cell | undefined) =>
    html`<tr><th scope="row">${head}</th>${perRound.map((q) => summaryCell(ui, q ? pick(q) : undefined, s.k))}</tr>`;
  const hasMean = perRound.some((q) => q?.mean !== undefined);
  const values = unionKeys(perRound.map((q) => q?.values));
  return html`<div class="table-wrap"><table class="side-by-side">
      ${roundHeads(ui, s.rounds)}
      <tbody>
        ${row(html`${t('respondents')}`, (q) => q.respondents)}
        ${hasMean ? row(html`${first.kind === 'scale' ? t('mean') : t('meanNumber')}`, (q) => q.mean) : ''}
        ${values.map((v) => row(html`${t.lookup('values', v) ?? v}`, (q) => q.values?.[v]))}
      </tbody>
    </table></div>`;
}

/** A triad asked more than once: how each zone's share moved from the first to the last round, in points. */
function triadShift(ui: Ui, s: ProjectSummary, asked: readonly Asked[]): Html | '' {
  const { t } = ui;
  const first = asked[0];
  const last = asked.at(-1);
  if (!first || !last || first === last || first.q.kind !== 'triad' || !first.q.corners) return '';
  const delta = ternaryShift(zonesOf(first.q.values), zonesOf(last.q.values), { before: first.q.respondents, after: last.q.respondents });
  const signed = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const names = zoneNames(first.q.corners, {
    ...chartLabels(ui, s.k),
    centre: t('triadCentre'),
    between: (a: string, b: string) => t('triadBetween', { a, b }),
  });
  return html`<div class="table-wrap"><table data-testid="ternary-shift">
    <caption>${t('shiftTitle', { from: first.round.label, to: last.round.label })}</caption>
    <thead><tr><th scope="col">${t('colZone')}</th><th scope="col" class="num">${t('difference')}</th></tr></thead>
    <tbody>${TRIAD_ZONES.map((z) => html`<tr><th scope="row">${z}. <span dir="auto">${names[z]}</span></th><td class="num">${delta[z] === null ? hiddenCount(ui, s.k) : signed.format(delta[z])}</td></tr>`)}</tbody>
  </table></div>`;
}

/** The card of one question, or nothing when no round asked it. */
export function questionCard(ui: Ui, s: ProjectSummary, questionId: string, extras: CardExtras = {}): Html | '' {
  const { t } = ui;
  const perRound = s.rounds.map((r) => r.questions.find((q) => q.questionId === questionId));
  const asked: Asked[] = s.rounds.flatMap((round, i) => {
    const q = perRound[i];
    return q ? [{ round, q }] : [];
  });
  const first = asked[0]?.q;
  if (!first) return '';
  const id = `q-${questionId}`;
  return html`<article class="q-card" data-testid="summary-question" data-question-id="${questionId}" data-kind="${first.kind}" aria-labelledby="${id}">
    <h3 id="${id}"><span dir="auto">${first.text || t('questionTitle', { id: questionId })}</span></h3>
    <p class="muted q-meta"><code>${questionId}</code> · ${first.kind}</p>
    <div class="q-chart" data-testid="question-chart">${questionChart(ui, s, questionId, asked)}</div>
    ${extras.afterChart ?? ''}
    <details class="on-demand" data-testid="question-table">
      <summary>${t('glanceTable')}</summary>
      ${table(ui, s, perRound, first)}
      ${triadShift(ui, s, asked)}
    </details>
    ${extras.footer ?? ''}
  </article>`;
}
