import { html } from 'hono/html';
import type { Round } from '../api/api-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { answersPath } from '../answers/answer-links.js';

/**
 * Downloads straight from the API (the session cookie authenticates a GET there), per round and for all
 * rounds: the answer CSV (a row per answer) and the wide CSV (a row per person), each also with ";" for
 * Excel set to a Belgian locale, and the XLSX workbook; and the summary page. `shown`: for a coordinator,
 * what the organisation shares with the network (core/access/sharing.ts): the downloads and voice answers
 * only with rows, the code counts only with themes; the API refuses the rest anyway.
 */
export function resultsView(ui: Ui, projectId: string, rounds: readonly Round[], shown?: { rows: boolean; themes: boolean }): Html {
  const { t } = ui;
  const shares = shown ?? { rows: true, themes: true };
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const download = (href: string, text: string, testid: string) =>
    html`<a href="${href}" download data-testid="${testid}">${text}</a> · <a href="${href}?separator=semicolon" download>${t('semicolonVariant')}</a>`;
  const xlsx = (href: string, testid: string) => html` · <a href="${href}" download data-testid="${testid}">${t('xlsxVariant')}</a>`;
  const perRoundRows = (
    r: Round,
  ) => html`<li>${download(`${base}/rounds/${encodeURIComponent(r.roundId)}/results.csv`, t('downloadRound', { label: r.label }), `download-round-${r.roundId}`)}${xlsx(
    `${base}/rounds/${encodeURIComponent(r.roundId)}/results.xlsx`,
    `download-round-xlsx-${r.roundId}`,
  )}</li>
      <li>${download(`${base}/rounds/${encodeURIComponent(r.roundId)}/results-wide.csv`, t('downloadRoundWide', { label: r.label }), `download-round-wide-${r.roundId}`)}</li>
      <li><a href="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(r.roundId)}/voice" data-testid="voice-answers-${r.roundId}">${t('voiceAnswersLink', { round: r.label })}</a></li>`;
  const perRound = rounds.map(
    (r) =>
      html`${shares.rows ? perRoundRows(r) : ''}${
        shares.themes
          ? html`<li><a href="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(r.roundId)}/coding" data-testid="coding-${r.roundId}">${t('codingLink', { round: r.label })}</a></li>`
          : ''
      }${
        // People's words are rows: staff of the organisation, coordinators where rows are shared (core/access/authorize.ts).
        shares.rows
          ? html`<li><a href="${answersPath(projectId, r.roundId)}" data-testid="answers-${r.roundId}">${t('answersReadLink', { round: r.label })}</a></li>`
          : ''
      }`,
  );
  return html`<section class="card" aria-labelledby="results" data-testid="results">
    <h2 id="results">${t('resultsTitle')}</h2>
    <p class="lead">${t('resultsIntro')}</p>
    <p class="muted" data-testid="results-voice-note">${t('resultsVoiceNote')}</p>
    <ul class="downloads">
      ${perRound}
      ${
        rounds.length && shares.rows
          ? html`<li>${download(`${base}/results.csv`, t('downloadAll'), 'download-all')}${xlsx(`${base}/results.xlsx`, 'download-all-xlsx')}</li>
            <li>${download(`${base}/results-wide.csv`, t('downloadAllWide'), 'download-all-wide')}</li>`
          : ''
      }
      <li><a href="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/summary" data-testid="summary-link">${t('summaryLink')}</a></li>
    </ul>
  </section>`;
}
