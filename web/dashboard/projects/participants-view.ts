import { html } from 'hono/html';
import type { Cell, ImportReport, Participants } from '../api/api-shapes.js';
import { countText } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { choiceGroup, errorSummary, fileInput, type FormErrors } from '../page/forms.js';
import { languageLabel } from '../page/language-names.js';
import type { Html } from '../page/markup.js';

export type ImportMode = 'all-or-nothing' | 'valid-only';
export const IMPORT_CONTROLS = ['file', 'mode'];

export interface ImportView {
  mode: ImportMode;
  report: ImportReport | null;
  errors: FormErrors;
}

/** Largest first; hidden counts (fewer than k, or giving one away) last. */
const ordered = (counts: Readonly<Record<string, Cell>>): Array<[string, Cell]> =>
  Object.entries(counts).sort(([, a], [, b]) => (typeof b === 'number' ? b : -1) - (typeof a === 'number' ? a : -1));

function countsTable(caption: string, head: string, colCount: string, rows: Array<[Html, Html]>, testid: string): Html {
  return html`<table data-testid="${testid}">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">${head}</th><th scope="col" class="num">${colCount}</th></tr></thead>
    <tbody>${rows.map(([label, n]) => html`<tr><th scope="row">${label}</th><td class="num">${n}</td></tr>`)}</tbody>
  </table>`;
}

/** Rejected rows with line, column and reason in the UI language: what to fix in the file. */
function reportView(ui: Ui, report: ImportReport): Html {
  const { t } = ui;
  const outcome = report.imported ? t('reportImported', { enrolled: report.enrolled, count: report.rows }) : t('reportNothing', { count: report.rows });
  const rows = report.rejected.map(
    (r) => html`<tr data-testid="rejected-row" data-reason="${r.reason}">
      <td class="num">${r.line}</td><td>${t.lookup('columnNames', r.column) ?? r.column}</td><td>${t.lookup('reasons', r.reason) ?? r.reason}</td>
    </tr>`,
  );
  return html`<div class="${report.imported ? 'notice' : 'alert'}" data-testid="import-report" data-imported="${String(report.imported)}" role="status" tabindex="-1">
    <h3>${t('reportTitle')}</h3>
    <p data-testid="import-outcome">${outcome}</p>
    ${
      rows.length
        ? html`<div class="table-wrap"><table>
          <caption>${t('reportRejected', { count: rows.length })}</caption>
          <thead><tr><th scope="col" class="num">${t('colLine')}</th><th scope="col">${t('colColumn')}</th><th scope="col">${t('colReason')}</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`
        : ''
    }
  </div>`;
}

/** Staff only: who takes part (counts, never a number), the CSV import and its report. */
export function participantsView(ui: Ui, projectId: string, participants: Participants, view: ImportView, k: number): Html {
  const { t } = ui;
  const byLanguage = ordered(participants.byLanguage).map(([code, n]): [Html, Html] => [
    languageLabel(code === 'unknown' ? null : code, t('unknownLanguage')),
    countText(ui, n, k),
  ]);
  const byChannel = ordered(participants.byChannel).map(([channel, n]): [Html, Html] => [
    html`${t.lookup('channels', channel) ?? channel}`,
    countText(ui, n, k),
  ]);
  const modes = [
    { value: 'all-or-nothing', label: t('modeAllOrNothing') },
    { value: 'valid-only', label: t('modeValidOnly') },
  ];
  return html`<section class="card" aria-labelledby="participants" data-testid="participants">
    <h2 id="participants">${t('participantsTitle')}</h2>
    <p data-testid="participant-count">${t('participantsCount', { count: participants.count })}</p>
    ${
      participants.count > 0
        ? html`<div class="grid2">
          ${countsTable(t('byLanguage'), t('colLanguage'), t('colCount'), byLanguage, 'participants-by-language')}
          ${countsTable(t('byChannel'), t('colChannel'), t('colCount'), byChannel, 'participants-by-channel')}
        </div>`
        : ''
    }
    <h3 id="import">${t('importTitle')}</h3>
    ${view.report ? reportView(ui, view.report) : ''}
    ${errorSummary(t('errorSummary'), view.errors, { file: t('fieldFile'), mode: t('modeLegend') })}
    <form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/participants" enctype="multipart/form-data" class="stack" data-testid="import-form">
      ${fileInput({ name: 'file', label: t('fieldFile'), hint: t('hintFile'), accept: '.csv,text/csv,text/plain', required: true, errors: view.errors })}
      ${choiceGroup({ name: 'mode', label: t('modeLegend'), type: 'radio', options: modes, checked: [view.mode], className: 'radios', errors: view.errors })}
      <button type="submit" data-testid="import-submit">${t('importButton')}</button>
    </form>
  </section>`;
}
