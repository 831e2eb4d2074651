import { html } from 'hono/html';
import type { NetworkSaidDid } from '../api/said-did-shapes.js';
import { codeName } from '../coding/code-names.js';
import { countText } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { Html, PageSpec } from '../page/layout.js';
import { sinceText, STATUSES, statusBadge } from './said-did-page.js';

/**
 * "You said, we did" across the network, for coordinators: per organisation the number of actions at each
 * status (staff's work, not people: no k), then per project each action with its status in words, when and
 * by which role it was set, and its codes by name; a linked code's counts only as the API gives them
 * (core/coding's audited counts, hidden cells as "< k"). No answers: the API never sends them here.
 */

type Organisation = NetworkSaidDid['organisations'][number];
type Project = Organisation['projects'][number];

export const NETWORK_PATH = `${DASHBOARD}/we-did`;

/** Actions per status per organisation, as a list: four columns do not fit 375 px, a line per organisation does. */
function countsList(ui: Ui, organisations: readonly Organisation[]): Html {
  const { t } = ui;
  const status = (s: (typeof STATUSES)[number]) => ui.t.lookup('saidDidStatuses', s) ?? s;
  return html`<h2 id="counts">${t('saidDidCountsCaption')}</h2>
    <ul data-testid="said-did-counts" aria-labelledby="counts">${organisations.map(
      (o) =>
        html`<li data-organisation="${o.organisationId}"><strong>${o.name ?? o.organisationId}</strong>: ${STATUSES.map(
          (s, i) => html`${i ? ' · ' : ''}${status(s)} <span data-status="${s}">${o.counts[s]}</span>`,
        )}</li>`,
    )}</ul>`;
}

function codeCounts(ui: Ui, project: Project): Html | '' {
  const counts = project.codeCounts;
  if (!counts) return '';
  const { t } = ui;
  const names = new Map(project.items.flatMap((i) => (i.codes ?? []).map((c) => [c.id, codeName(ui, c)] as const)));
  const rows = Object.entries(counts.byCode).flatMap(([code, questions]) =>
    questions.map(
      (q) =>
        html`<tr><th scope="row">${names.get(code) ?? code}</th><td>${q.text}</td><td class="num" data-testid="said-did-code-count" data-code="${code}">${countText(ui, q.count, counts.k)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '';
  const title = t('saidDidCodeCountsTitle', { round: counts.label });
  return html`<h4>${title}</h4>
    <div class="table-wrap" tabindex="0" role="region" aria-label="${title}"><table>
      <thead><tr><th scope="col">${t('colCode')}</th><th scope="col">${t('saidDidColQuestion')}</th><th scope="col" class="num">${t('saidDidColRespondents')}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table></div>`;
}

function projectSection(ui: Ui, project: Project): Html {
  const { t } = ui;
  return html`<section class="card" data-testid="said-did-network-project" data-project="${project.projectId}" aria-labelledby="p-${project.projectId}">
    <h3 id="p-${project.projectId}">${project.name}</h3>
    <ol class="prompt-list">${project.items.map(
      (item) => html`<li class="prompt" data-testid="said-did-item" data-item="${item.itemId}">
        <p><strong>${item.title}</strong></p>
        <p>${statusBadge(ui, item.status)} <span class="muted">${sinceText(ui, item.history.at(-1))}</span></p>
        ${item.codes?.length ? html`<p>${t('saidDidCodesTitle')}: ${item.codes.map((c, i) => html`${i ? ', ' : ''}<span data-testid="said-did-code" data-code="${c.id}">${codeName(ui, c)}</span>`)}</p>` : ''}
      </li>`,
    )}</ol>
    ${codeCounts(ui, project)}
  </section>`;
}

export function saidDidNetworkPage(ui: Ui, network: NetworkSaidDid): PageSpec {
  const { t } = ui;
  const body =
    network.organisations.length === 0
      ? html`<p data-testid="said-did-none">${t('saidDidNetworkNone')}</p>`
      : html`${countsList(ui, network.organisations)}
        ${network.organisations.map(
          (o) => html`<section aria-labelledby="o-${o.organisationId}" data-testid="said-did-organisation" data-organisation="${o.organisationId}">
            <h2 id="o-${o.organisationId}">${o.name ?? o.organisationId}</h2>
            ${o.projects.map((p) => projectSection(ui, p))}
          </section>`,
        )}`;
  const main = html`<p class="lead">${t('saidDidNetworkIntro')}</p>${body}`;
  return { title: t('saidDidNetworkTitle'), main, section: 'we-did', self: NETWORK_PATH };
}
