import { html } from 'hono/html';
import type { CodeShape, CodingAgreement } from '../api/coding-shapes.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { codeName, codingPath } from './code-names.js';

/**
 * How far the coders of a project agree (staff only: who coded stays in the organisation). Each pair's
 * Cohen's kappa, pooled and per code, with the words Landis and Koch (1977) gave the bands, so that a
 * number like 0.47 reads as "moderate" without a statistics course. Fewer than k shared answers: no kappa.
 */

export type AgreementScope = 'round' | 'project';

/** Landis and Koch's bands, the usual reading of kappa in qualitative coding. */
export function kappaWords(kappa: number): 'Poor' | 'Slight' | 'Fair' | 'Moderate' | 'Substantial' | 'AlmostPerfect' {
  if (kappa < 0) return 'Poor';
  if (kappa <= 0.2) return 'Slight';
  if (kappa <= 0.4) return 'Fair';
  if (kappa <= 0.6) return 'Moderate';
  if (kappa <= 0.8) return 'Substantial';
  return 'AlmostPerfect';
}

const kappaText = (ui: Ui, kappa: number | null): Html | string => {
  if (kappa === null) return '—';
  return html`<span data-testid="kappa">${kappa.toLocaleString(ui.lang, { minimumFractionDigits: 2, maximumFractionDigits: 3 })}</span>
    <span class="muted">(${ui.t(`codingKappa${kappaWords(kappa)}`)})</span>`;
};

export function agreementSection(
  ui: Ui,
  view: { projectId: string; roundId: string; codes: readonly CodeShape[] },
  agreement: CodingAgreement,
  scope: AgreementScope,
): Html {
  const { t } = ui;
  const names = new Map(view.codes.map((c) => [c.id, codeName(ui, c)]));
  const base = `${codingPath(view.projectId, view.roundId)}`;
  const scopes = html`<ul class="tabs">
    <li><a href="${base}#agreement"${scope === 'round' ? html` aria-current="true"` : ''}>${t('codingAgreementRound')}</a></li>
    <li><a href="${base}?agreement=project#agreement"${scope === 'project' ? html` aria-current="true"` : ''}>${t('codingAgreementProject')}</a></li>
  </ul>`;
  const rows = agreement.pairs.map(
    (p) => html`<tr data-testid="agreement-pair">
      <th scope="row"><code>${p.coders[0]}</code> · <code>${p.coders[1]}</code></th>
      <td>${p.answers === null ? html`&lt; ${agreement.k}` : p.answers}</td>
      <td>${p.tooFew ? html`<span data-testid="too-few-shared">${t('codingAgreementTooFew', { k: agreement.k })}</span>` : kappaText(ui, p.overall)}</td>
      <td>${p.codes.length === 0 ? '—' : html`<ul class="plain">${p.codes.map((c) => html`<li>${names.get(c.code) ?? c.code}: ${kappaText(ui, c.kappa)}</li>`)}</ul>`}</td>
    </tr>`,
  );
  const body =
    agreement.pairs.length === 0
      ? html`<p data-testid="no-agreement">${t('codingAgreementNone')}</p>`
      : html`<div class="table-wrap"><table data-testid="agreement">
          <thead><tr><th scope="col">${t('codingColCoders')}</th><th scope="col">${t('codingColShared')}</th><th scope="col">${t('codingColKappa')}</th><th scope="col">${t('codingColPerCode')}</th></tr></thead>
          <tbody>${rows}</tbody></table></div>
          <p class="muted">${t('codingKappaScale')}</p>`;
  return html`<section class="card" aria-labelledby="agreement"><h2 id="agreement">${t('codingAgreementTitle')}</h2>
    <p class="lead">${t('codingAgreementIntro')}</p>${scopes}${body}</section>`;
}
