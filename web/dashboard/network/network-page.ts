import { html, raw } from 'hono/html';
import type { Cell, Project } from '../api/api-shapes.js';
import type { NetworkProject } from '../api/network-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { levelName } from '../projects/sharing-form.js';
import { agreementBarsSvg, type Share } from '../results/charts/agreement-bars.js';
import { trendLineSvg } from '../results/charts/trend-line.js';

/**
 * The network page (issue 21, item 5): a coordinator picks projects of the organisations that share them
 * (a plain GET form: it works without JavaScript, and the address can be kept) and sees them side by side —
 * energy over the rounds (the trend-line chart, one line per project), agreement per statement (the
 * agreement bars, one bar per project), and the coded themes where the organisation shares them. Every
 * number is as the API gave it, from each project's releases; hidden ones read "< k" or are hatched.
 */

export interface NetworkView {
  /** The projects the coordinator may pick: those shared with the network, with their organisations' names. */
  projects: readonly Project[];
  picked: readonly string[];
  /** The comparison; null when fewer than two projects are picked. */
  compared: readonly NetworkProject[] | null;
}

type Agreement = NetworkProject['agreement'][number]['points'][number]['value'];

function formats(ui: Ui) {
  const mean = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(ui.locale, { style: 'percent', maximumFractionDigits: 1 });
  return { mean: (x: number) => mean.format(x), percent: (x: number) => percent.format(x / 100) };
}

const hidden = (k: number): Html => html`<span class="suppressed" data-testid="suppressed">&lt; ${k}</span>`;
const nameOf = (ui: Ui, p: NetworkProject): string => ui.t('networkProjectOf', { project: p.name, organisation: p.organisationName });

function picker(ui: Ui, view: NetworkView): Html {
  const { t } = ui;
  if (view.projects.length === 0) return html`<p data-testid="network-empty">${t('networkNoProjects')}</p>`;
  const byOrganisation = new Map<string, Project[]>();
  for (const p of view.projects) {
    const name = p.organisationName ?? p.organisationId;
    byOrganisation.set(name, [...(byOrganisation.get(name) ?? []), p]);
  }
  const groups = [...byOrganisation].map(
    ([organisation, projects]) => html`<fieldset data-testid="network-organisation">
      <legend>${organisation}</legend>
      <div class="choices choices-stacked">${projects.map(
        (
          p,
        ) => html`<label><input type="checkbox" name="projects" value="${p.projectId}"${view.picked.includes(p.projectId) ? raw(' checked') : ''} data-testid="pick-${p.projectId}">
          <span dir="auto">${p.name}</span> <span class="muted">${t('networkShares')}: ${p.sharing ? levelName(ui, p.sharing) : ''}</span></label>`,
      )}</div>
    </fieldset>`,
  );
  return html`<form method="get" action="${DASHBOARD}/network" class="stack network-pick" data-testid="network-form">
    <h2 id="network-choose">${t('networkChoose')}</h2>
    <p class="hint">${t('networkChooseHint')}</p>
    ${groups}
    <button type="submit" data-testid="network-compare">${t('networkCompareButton')}</button>
  </form>`;
}

function energy(ui: Ui, projects: readonly NetworkProject[]): Html {
  const { t } = ui;
  const f = formats(ui);
  const asked = projects.filter((p) => p.energy.some((e) => e.value !== null));
  if (asked.length === 0) return html`<p class="muted" data-testid="network-no-energy">${t('networkNoEnergy')}</p>`;
  const length = Math.max(...asked.map((p) => p.rounds.length));
  const rounds = Array.from({ length }, (_, i) => t('networkRoundN', { n: i + 1 }));
  const k = Math.max(...asked.map((p) => p.k));
  const svg = trendLineSvg({
    rounds,
    series: asked.map((p) => ({ name: nameOf(ui, p), points: rounds.map((_, i) => p.energy[i]?.value ?? null) })),
    min: 1,
    max: 5,
    title: t('networkEnergyChartTitle'),
    labels: { suppressed: t('fewerThan', { k }), respondents: (count: number) => t('answersCount', { count }), notAsked: t('notAskedText'), mean: f.mean },
  });
  const cell = (p: NetworkProject, i: number) => {
    const point = p.energy[i];
    if (!point) return html`<td class="num"></td>`;
    const value = point.value;
    const shown = value === null ? t('notAsked') : typeof value === 'number' ? f.mean(value) : hidden(p.k);
    return html`<td class="num" data-testid="energy-cell" data-project="${p.projectId}" data-round="${i + 1}"><span class="muted">${point.label}:</span> ${shown}</td>`;
  };
  return html`<figure class="chart-figure chart-wide" data-testid="network-energy-chart">${raw(svg)}</figure>
    <div class="table-wrap" tabindex="0" role="region" aria-label="${t('networkEnergyTitle')}"><table class="side-by-side" data-testid="network-energy-table">
      <thead><tr><th scope="col">${t('networkColProject')}</th>${rounds.map((r) => html`<th scope="col" class="num">${r}</th>`)}</tr></thead>
      <tbody>${asked.map((p) => html`<tr><th scope="row" dir="auto">${nameOf(ui, p)}</th>${rounds.map((_, i) => cell(p, i))}</tr>`)}</tbody>
    </table></div>`;
}

/** A statement in one project: its newest released round that asked it (else its newest that asked it); null: never asked. */
function latestAgreement(p: NetworkProject, questionId: string): Agreement {
  const points = p.agreement.find((a) => a.questionId === questionId)?.points ?? [];
  const asked = points.filter((x) => x.value !== null);
  const released = asked.filter((x) => (p.rounds.find((r) => r.roundId === x.roundId)?.release ?? 0) > 0);
  return (released.at(-1) ?? asked.at(-1))?.value ?? null;
}

const shareOf = (a: Agreement): Share => (a === null ? null : 'percent' in a ? { percent: a.percent } : { suppressed: true });

function agreement(ui: Ui, projects: readonly NetworkProject[]): Html {
  const { t } = ui;
  const f = formats(ui);
  const statements = new Map<string, string>();
  for (const p of projects) for (const a of p.agreement) if (!statements.has(a.questionId)) statements.set(a.questionId, a.text || a.questionId);
  if (statements.size === 0) return html`<p class="muted" data-testid="network-no-statements">${t('networkNoStatements')}</p>`;
  const k = Math.max(...projects.map((p) => p.k));
  const labels = {
    suppressed: t('fewerThan', { k }),
    respondents: (count: number) => t('answersCount', { count }),
    notAsked: t('notAsked'),
    percent: f.percent,
  };
  const cell = (p: NetworkProject, id: string) => {
    const a = latestAgreement(p, id);
    return html`<td class="num" data-testid="agreement-cell" data-project="${p.projectId}" data-question-id="${id}">${a === null ? t('notAsked') : 'percent' in a ? f.percent(a.percent) : hidden(p.k)}</td>`;
  };
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${t('networkAgreementTitle')}"><table class="side-by-side" data-testid="network-agreement-table">
      <thead><tr><th scope="col">${t('colQuestion')}</th>${projects.map((p) => html`<th scope="col" class="num" dir="auto">${nameOf(ui, p)}</th>`)}</tr></thead>
      <tbody>${[...statements].map(([id, text]) => html`<tr data-question-id="${id}"><th scope="row"><span dir="auto">${text}</span></th>${projects.map((p) => cell(p, id))}</tr>`)}</tbody>
    </table></div>
    <div class="charts">${[...statements].map(
      ([id, text]) =>
        html`<figure class="chart-figure chart-small" data-testid="network-agreement-chart" data-question-id="${id}">${raw(
          agreementBarsSvg({
            rounds: projects.map((p) => ({ label: p.name, share: shareOf(latestAgreement(p, id)) })),
            title: t('networkAgreementChartTitle', { statement: text }),
            labels,
          }),
        )}<figcaption dir="auto">${text}</figcaption></figure>`,
    )}</div>`;
}

const codeName = (ui: Ui, code: { id: string; label: Partial<Record<'nl' | 'fr' | 'en', string | undefined>> }): string =>
  code.label[ui.lang] ?? code.label.en ?? code.label.nl ?? code.label.fr ?? code.id;

function themesOf(ui: Ui, p: NetworkProject): Html {
  const { t } = ui;
  const heading = html`<h4 dir="auto">${nameOf(ui, p)}</h4>`;
  if (p.themes === null)
    return html`<div class="network-side" data-testid="network-themes" data-project="${p.projectId}" data-shared="no">${heading}<p class="muted">${t('networkThemesNotShared', { organisation: p.organisationName })}</p></div>`;
  const { themes } = p;
  if (themes.questions.length === 0)
    return html`<div class="network-side" data-testid="network-themes" data-project="${p.projectId}" data-shared="yes">${heading}<p class="muted">${t('networkThemesNone')}</p></div>`;
  const count = (c: Cell | undefined) => (c === undefined ? '—' : typeof c === 'number' ? String(c) : hidden(p.k));
  return html`<div class="network-side" data-testid="network-themes" data-project="${p.projectId}" data-shared="yes">${heading}
    <p class="muted">${themes.round.label}</p>
    ${themes.questions.map(
      (q) => html`<div class="table-wrap" tabindex="0" role="region" aria-label="${q.text || q.questionId}"><table>
        <caption dir="auto">${q.text || q.questionId}</caption>
        <thead><tr><th scope="col">${t('networkColCode')}</th><th scope="col" class="num">${t('colCount')}</th></tr></thead>
        <tbody>${themes.codes.map(
          (code) =>
            html`<tr><th scope="row">${codeName(ui, code)}</th><td class="num" data-testid="theme-count" data-code="${code.id}" data-question-id="${q.questionId}">${count(q.codes[code.id])}</td></tr>`,
        )}</tbody>
      </table></div>`,
    )}
  </div>`;
}

export function networkPage(ui: Ui, view: NetworkView): PageSpec {
  const { t } = ui;
  const compared = view.compared;
  const results = compared
    ? html`<section class="card" aria-labelledby="network-energy" data-testid="network-energy">
        <h2 id="network-energy">${t('networkEnergyTitle')}</h2>
        <p class="muted">${t('networkEnergyIntro')}</p>
        ${energy(ui, compared)}
      </section>
      <section class="card" aria-labelledby="network-agreement" data-testid="network-agreement">
        <h2 id="network-agreement">${t('networkAgreementTitle')}</h2>
        <p class="muted">${t('networkAgreementIntro')}</p>
        ${agreement(ui, compared)}
      </section>
      <section class="card" aria-labelledby="network-themes">
        <h2 id="network-themes">${t('networkThemesTitle')}</h2>
        <p class="muted">${t('networkThemesIntro')}</p>
        <div class="network-sides">${compared.map((p) => themesOf(ui, p))}</div>
      </section>`
    : view.picked.length > 0
      ? html`<p class="notice-muted" role="status" data-testid="network-pick-two">${t('networkPickTwo')}</p>`
      : '';
  const main = html`<p class="lead">${t('networkIntro')}</p>
    <section class="card" aria-labelledby="network-choose">${picker(ui, view)}</section>
    ${results}`;
  return { title: t('networkTitle'), main, section: 'network' };
}
