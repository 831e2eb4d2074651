import { html } from 'hono/html';
import type { Cell } from '../api/api-shapes.js';
import type { ProjectSummary } from '../api/results-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { languageLabel } from '../page/language-names.js';
import { lifecycleSection } from '../projects/lifecycle-view.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';
import { answerLinks } from '../answers/card-links.js';
import { questionCard, roundHeads, summaryCell as cell, type CardExtras } from './question-card.js';
import type { RoundSummary } from './question-chart.js';

const unionKeys = (records: ReadonlyArray<Record<string, unknown> | undefined>): string[] => [...new Set(records.flatMap((r) => Object.keys(r ?? {})))];

function overview(ui: Ui, s: ProjectSummary): Html {
  const { t } = ui;
  const row = (head: Html, pick: (r: RoundSummary) => Cell | undefined) =>
    html`<tr><th scope="row">${head}</th>${s.rounds.map((r) => cell(ui, pick(r), s.k))}</tr>`;
  const languages = unionKeys(s.rounds.map((r) => r.languages));
  const channels = unionKeys(s.rounds.map((r) => r.channels));
  const group = (title: string) => html`<tr><th scope="colgroup" colspan="${s.rounds.length + 1}">${title}</th></tr>`;
  return html`<div class="table-wrap"><table class="side-by-side" data-testid="summary-overview">
    <caption>${t('respondents')}</caption>
    ${roundHeads(ui, s.rounds)}
    <tbody>
      <tr data-testid="release-row"><th scope="row">${t('releaseRow')}</th>${s.rounds.map(
        (r) =>
          html`<td class="num" data-release="${r.release.number}">${r.release.number === 0 || r.release.createdAt === null ? t('releaseNone', { k: s.k }) : t('releaseOf', { n: r.release.number, date: formatDateTime(r.release.createdAt, ui.locale, ui.timeZone) })}</td>`,
      )}</tr>
      ${row(html`${t('respondents')}`, (r) => r.respondents)}
      ${group(t('byLanguage'))}
      ${languages.map((code) => row(code === 'other' ? html`${t('otherLanguages')}` : languageLabel(code, t('unknownLanguage')), (r) => r.languages[code]))}
      ${group(t('byChannel'))}
      ${channels.map((ch) => row(html`${ch === 'other' ? t('otherChannels') : (t.lookup('channels', ch) ?? ch)}`, (r) => r.channels[ch]))}
    </tbody>
  </table></div>`;
}

/**
 * What other views add to a question's card, each on its own line: `afterChart` what a small group can
 * still see (merged categories, the round against the whole project), `footer` the way to the answers
 * behind the chart. Empty until those views exist.
 */
const extrasOf = (ui: Ui, s: ProjectSummary, questionId: string, readsAnswers: boolean): CardExtras => ({
  afterChart: '',
  footer: readsAnswers ? answerLinks(ui, s, questionId) : '',
});

function comparison(ui: Ui, s: ProjectSummary): Html | '' {
  const { t } = ui;
  if (s.comparison.length === 0) return '';
  const number = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  return html`<section class="card" aria-labelledby="comparison" data-testid="summary-comparison">
    <h2 id="comparison">${t('comparisonTitle')}</h2>
    ${s.comparison.map(
      (q) => html`<div class="table-wrap"><table class="side-by-side">
        <caption><span dir="auto">${q.text}</span> (<code>${q.questionId}</code>)</caption>
        <thead><tr><th scope="col">${t('roundsRow')}</th><th scope="col" class="num">${t('meanNumber')}</th><th scope="col" class="num">${t('difference')}</th></tr></thead>
        <tbody>${q.rounds.map(
          (r) =>
            html`<tr><th scope="row">${r.label}</th>${cell(ui, r.mean, s.k)}<td class="num">${r.difference === null ? t('notAsked') : number.format(r.difference)}</td></tr>`,
        )}</tbody>
      </table></div>`,
    )}
  </section>`;
}

/**
 * Counts and means per round with small cells hidden: the respondents per round, then one card per question
 * (its chart first, the table on demand: question-card.ts), the means compared, and the project's life.
 */
export function summaryPage(ui: Ui, s: ProjectSummary, opts: { readsAnswers: boolean } = { readsAnswers: false }): PageSpec {
  const { t } = ui;
  const questionIds = [...new Set(s.rounds.flatMap((r) => r.questions.map((q) => q.questionId)))];
  const main = html`
    <p><a href="${DASHBOARD}/projects/${encodeURIComponent(s.projectId)}">← ${s.name}</a></p>
    <p class="lead">${t('summaryIntro', { k: s.k })}</p>
    <p class="muted" data-testid="release-intro">${t('releaseIntro', { k: s.k })}</p>
    ${
      s.rounds.length === 0
        ? html`<p>${t('noRounds')}</p>`
        : html`<section class="card" aria-labelledby="overview"><h2 id="overview">${t('roundsTitle')}</h2>${overview(ui, s)}</section>
        <section class="q-cards" aria-labelledby="questions"><h2 id="questions">${t('colQuestions')}</h2>${questionIds.map((id) => questionCard(ui, s, id, extrasOf(ui, s, id, opts.readsAnswers)))}</section>
        ${comparison(ui, s)}
        ${lifecycleSection(ui, s.lifecycle)}`
    }`;
  return { title: t('summaryTitle', { name: s.name }), main, section: 'projects' };
}
