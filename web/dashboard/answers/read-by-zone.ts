import { html } from 'hono/html';
import { TRIAD_ZONES, type TriadZone } from '../../../flows/triad.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { zoneNames } from '../results/charts/ternary-plot.js';
import { rangeHref, zoneHref } from './answer-links.js';

/**
 * Under a round's ternary plot on the summary page (SenseMaker-style: select a region, read the stories
 * there): a link per zone whose count the summary shows, to that zone's stories on the answers page. A
 * hidden or empty zone gets no link — the answers page would refuse it anyway. For the lead to place
 * beside `ternaryPlotSvg` in web/dashboard/results/summary-page.ts (owned by another helper):
 * `readByZone(ui, s.projectId, round.roundId, q.questionId, corners, zonesOf(q.values))`.
 */
export function readByZone(
  ui: Ui,
  projectId: string,
  roundId: string,
  triadId: string,
  corners: readonly [string, string, string],
  zones: Readonly<Record<TriadZone, number | { suppressed: true }>>,
): Html | '' {
  const { t } = ui;
  const names = zoneNames(corners, {
    suppressed: '',
    respondents: () => '',
    count: String,
    centre: t('triadCentre'),
    between: (a, b) => t('triadBetween', { a, b }),
  });
  const shown = TRIAD_ZONES.filter((z) => {
    const cell = zones[z];
    return typeof cell === 'number' && cell > 0;
  });
  if (shown.length === 0) return '';
  return html`<nav aria-label="${t('answersReadByZone')}" data-testid="read-by-zone"><ul class="tabs">${shown.map(
    (z) => html`<li><a href="${zoneHref(projectId, roundId, triadId, z)}" data-zone="${z}">${t('answersReadZoneLink', { zone: z, name: names[z] })}</a></li>`,
  )}</ul></nav>`;
}

/**
 * Under a dyad histogram: a link per bar the summary shows, to the stories of that point (`rangeHref`
 * reads any range; the answers page's form widens it). For the lead to place beside `dyadHistogramSvg`.
 */
export function readByPoint(
  ui: Ui,
  projectId: string,
  roundId: string,
  dyad: { questionId: string; text: string },
  points: Readonly<Record<number, number | { suppressed: true }>>,
): Html | '' {
  const { t } = ui;
  const shown = Object.entries(points)
    .map(([p, cell]) => [Number(p), cell] as const)
    .filter(([, cell]) => typeof cell === 'number' && cell > 0)
    .map(([p]) => p)
    .sort((a, b) => a - b);
  if (shown.length === 0) return '';
  return html`<nav aria-label="${t('answersReadDyad')}" data-testid="read-by-point"><ul class="tabs">${shown.map(
    (p) =>
      html`<li><a href="${rangeHref(projectId, roundId, dyad.questionId, p, p)}" data-point="${p}">${t('answersReadRange', { question: dyad.text, from: p, to: p })}</a></li>`,
  )}</ul></nav>`;
}
