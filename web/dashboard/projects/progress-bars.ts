import { html } from 'hono/html';
import type { Counts, Progress, Round } from '../api/api-shapes.js';
import { hiddenCount } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { languageLabel } from '../page/language-names.js';
import type { Html } from '../page/markup.js';

/**
 * A round's progress at a glance: invited (of those enrolled), then started, completed and declined (of
 * those invited), each a native <progress> with its numbers and percentage in words beside it, so that
 * nothing is told by colour or length alone. Every count is exactly what the API disclosed
 * (core/rounds/progress.ts, discloseProgress): nothing is counted here. A share is shown only when both
 * of its counts are; a hidden count says so in words and gets no bar.
 *
 * While the round is not closed, the block carries `data-glance-refresh`: the address of this same block
 * (progress-routes.ts), which the dashboard's script (web/dashboard/client/glance.ts) asks for again every
 * little while and puts in its place. Without the script, the button under the bars reloads the page.
 */

type Metric = 'invited' | 'started' | 'completed' | 'declined';
/** Each bar and what its share is of. */
const BARS: ReadonlyArray<{ metric: Metric; of: keyof Counts }> = [
  { metric: 'invited', of: 'enrolled' },
  { metric: 'started', of: 'invited' },
  { metric: 'completed', of: 'invited' },
  { metric: 'declined', of: 'invited' },
];
const LABELS = { invited: 'glanceInvited', started: 'glanceStarted', completed: 'glanceCompleted', declined: 'glanceDeclined' } as const;

export const progressPath = (projectId: string, roundId: string): string =>
  `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(roundId)}/progress`;

/** Ids for a round's elements: its id may hold characters an id reference cannot. */
const idOf = (roundId: string, part: string): string => `glance-${encodeURIComponent(roundId).replace(/%/g, '_')}-${part}`;

/** One bar: its label, the <progress> when the share can be shown, and the numbers in words. */
function bar(ui: Ui, roundId: string, counts: Counts, metric: Metric, of: keyof Counts, k: number): Html {
  const { t } = ui;
  const n = counts[metric];
  const total = counts[of];
  const label = idOf(roundId, metric);
  const value = idOf(roundId, `${metric}-value`);
  const count = (x: number) => new Intl.NumberFormat(ui.locale).format(x);
  const testid = `total-${metric}`;
  let bar: Html | '' = '';
  let words: Html;
  if (typeof n !== 'number') words = html`<span data-testid="${testid}">${hiddenCount(ui, k)}</span>`;
  else if (typeof total !== 'number' || total <= 0 || n > total) words = html`<span class="glance-n" data-testid="${testid}">${count(n)}</span>`;
  else {
    const percent = new Intl.NumberFormat(ui.locale, { style: 'percent', maximumFractionDigits: 0 }).format(n / total);
    // The sentence is translated whole; the count keeps its own element (tests and the script read it).
    const [before = '', after = ''] = t('glanceOf', { n: '\u0000', total: count(total), percent }).split('\u0000');
    words = html`${before}<span class="glance-n" data-testid="${testid}">${count(n)}</span>${after}`;
    bar = html`<progress class="glance-bar" max="${total}" value="${n}" aria-labelledby="${label}" aria-describedby="${value}"></progress>`;
  }
  return html`<li class="glance-row" data-metric="${metric}">
    <span class="glance-label" id="${label}">${t(LABELS[metric])}</span>
    ${bar}
    <span class="glance-value" id="${value}" data-value="${typeof n === 'number' ? n : 'hidden'}">${words}</span>
  </li>`;
}

function countRow(ui: Ui, head: Html, counts: Counts, k: number): Html {
  const COLUMNS = ['enrolled', 'invited', 'started', 'completed', 'declined', 'optedOut', 'failed'] as const;
  return html`<tr><th scope="row">${head}</th>${COLUMNS.map((key) => {
    const cell = counts[key];
    return html`<td class="num">${typeof cell === 'number' ? cell : hiddenCount(ui, k)}</td>`;
  })}</tr>`;
}

/** Every count of the round, by language and channel where the release published them: on demand. */
function countsTable(ui: Ui, label: string, progress: Progress, k: number): Html {
  const { t } = ui;
  const COLUMNS = ['enrolled', 'invited', 'started', 'completed', 'declined', 'optedOut', 'failed'] as const;
  const group = (title: string, rows: Html[]) => (rows.length ? html`<tr><th scope="colgroup" colspan="${COLUMNS.length + 1}">${title}</th></tr>${rows}` : '');
  const byLanguage = Object.entries(progress.byLanguage).map(([code, counts]) =>
    countRow(ui, languageLabel(code === 'unknown' ? null : code, t('unknownLanguage')), counts, k),
  );
  const byChannel = Object.entries(progress.byChannel).map(([channel, counts]) => countRow(ui, html`${t.lookup('channels', channel) ?? channel}`, counts, k));
  return html`<details class="on-demand" data-testid="progress-details"><summary>${t('glanceAllCounts')}</summary>
    <div class="table-wrap"><table data-testid="progress">
      <caption>${t('progressTitle', { label })}</caption>
      <thead><tr><td></td>${COLUMNS.map((key) => html`<th scope="col" class="num">${t(key)}</th>`)}</tr></thead>
      <tbody>
        ${countRow(ui, html`${t('progressTotal')}`, progress.total, k)}
        ${group(t('byLanguage'), byLanguage)}
        ${group(t('byChannel'), byChannel)}
      </tbody>
    </table></div>
  </details>`;
}

/**
 * The progress block of one round, as the project page shows it and as the refresh address answers it.
 * `live`: the round is not closed, so its numbers may still change and the script may ask again.
 */
export function progressBars(ui: Ui, projectId: string, round: Round, progress: Progress, opts: { k: number; live: boolean; now: Date }): Html {
  const { t } = ui;
  const heading = idOf(round.roundId, 'title');
  const refresh = opts.live ? progressPath(projectId, round.roundId) : undefined;
  return html`<section class="glance" data-testid="progress-bars" data-round-id="${round.roundId}"${refresh ? html` data-glance-refresh="${refresh}"` : ''} aria-labelledby="${heading}">
    <h4 id="${heading}">${t('glanceProgress')}</h4>
    <ul class="glance-list">${BARS.map(({ metric, of }) => bar(ui, round.roundId, progress.total, metric, of, opts.k))}</ul>
    ${
      opts.live
        ? // A form, not a link: a link to this page's own anchor would only scroll there. The time it was drawn
          // makes each address new, so that the browser loads it again rather than scroll to the anchor.
          html`<form class="glance-actions" method="get" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}#round-${round.roundId}">
            <input type="hidden" name="shown" value="${opts.now.getTime()}">
            <button type="submit" class="link" data-testid="progress-refresh">${t('glanceRefresh')}</button>
            <span class="muted" data-glance-auto hidden>${t('glanceAuto')}</span></form>`
        : ''
    }
    ${countsTable(ui, round.label, progress, opts.k)}
  </section>`;
}
