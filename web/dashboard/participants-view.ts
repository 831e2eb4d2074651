import { html } from 'hono/html';
import type { ImportReport, Participants } from './api-shapes.js';
import { DASHBOARD, type Ui } from './context.js';
import { choiceGroup, errorSummary, fileInput, type FormErrors } from './forms.js';
import { languageLabel } from './language-names.js';
import type { Html } from './markup.js';

export type ImportMode = 'all-or-nothing' | 'valid-only';
export const IMPORT_CONTROLS = ['file', 'mode'];

export interface ImportView {
  mode: ImportMode;
  report: ImportReport | null;
  errors: FormErrors;
}

function tally(values: ReadonlyArray<string | null>): Array<[string | null, number]> {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function countsTable(caption: string, head: string, colCount: string, rows: Array<[Html, number]>, testid: string): Html {
  return html`<table data-testid="${testid}">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">${head}</th><th scope="col" class="num">${colCount}</th></tr></thead>
    <tbody>${rows.map(([label, n]) => html`<tr><th scope="row">${label}</th><td class="num">${n}</td></tr>`)}</tbody>
  </table>`;
}

/** Rejected rows with line, column and reason in the UI language: what to fix in the file. */
function reportView(ui: Ui, report: ImportReport): Html {
  const { t } = ui;
  const outcome = report.imported ? t.reportImported(report.enrolled, report.rows) : t.reportNothing(report.rows);
  const rows = report.rejected.map(
    (r) => html`<tr data-testid="rejected-row" data-reason="${r.reason}">
      <td class="num">${r.line}</td><td>${t.columnNames[r.column] ?? r.column}</td><td>${t.reasons[r.reason] ?? r.reason}</td>
    </tr>`,
  );
  return html`<div class="${report.imported ? 'notice' : 'alert'}" data-testid="import-report" data-imported="${String(report.imported)}" role="status" tabindex="-1">
    <h3>${t.reportTitle}</h3>
    <p data-testid="import-outcome">${outcome}</p>
    ${rows.length
      ? html`<div class="table-wrap"><table>
          <caption>${t.reportRejected(rows.length)}</caption>
          <thead><tr><th scope="col" class="num">${t.colLine}</th><th scope="col">${t.colColumn}</th><th scope="col">${t.colReason}</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`
      : ''}
  </div>`;
}

/** Staff only: who takes part (counts, never a number), the CSV import and its report. */
export function participantsView(ui: Ui, projectId: string, participants: Participants, view: ImportView): Html {
  const { t } = ui;
  const byLanguage = tally(participants.participants.map((p) => p.language)).map(([code, n]): [Html, number] => [languageLabel(code, t.unknownLanguage), n]);
  const byChannel = tally(participants.participants.map((p) => p.channel)).map(([channel, n]): [Html, number] => [html`${t.channels[channel ?? ''] ?? channel}`, n]);
  const modes = [
    { value: 'all-or-nothing', label: t.modeAllOrNothing },
    { value: 'valid-only', label: t.modeValidOnly },
  ];
  return html`<section class="card" aria-labelledby="participants" data-testid="participants">
    <h2 id="participants">${t.participantsTitle}</h2>
    <p data-testid="participant-count">${t.participantsCount(participants.count)}</p>
    ${participants.count > 0
      ? html`<div class="grid2">
          ${countsTable(t.byLanguage, t.colLanguage, t.colCount, byLanguage, 'participants-by-language')}
          ${countsTable(t.byChannel, t.colChannel, t.colCount, byChannel, 'participants-by-channel')}
        </div>`
      : ''}
    <h3 id="import">${t.importTitle}</h3>
    ${view.report ? reportView(ui, view.report) : ''}
    ${errorSummary(t.errorSummary, view.errors, { file: t.fieldFile, mode: t.modeLegend })}
    <form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/participants" enctype="multipart/form-data" class="stack" data-testid="import-form">
      ${fileInput({ name: 'file', label: t.fieldFile, hint: t.hintFile, accept: '.csv,text/csv,text/plain', required: true, errors: view.errors })}
      ${choiceGroup({ name: 'mode', label: t.modeLegend, type: 'radio', options: modes, checked: [view.mode], className: 'radios', errors: view.errors })}
      <button type="submit" data-testid="import-submit">${t.importButton}</button>
    </form>
  </section>`;
}
