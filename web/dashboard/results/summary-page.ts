import { html, raw } from 'hono/html';
import { dyadHistogramSvg, dyadRoundsSvg, DYAD_POSITIONS, type DyadCounts } from './charts/dyad-histogram.js';
import { TRIAD_ZONES, ternaryPlotSvg, ternaryShift, zoneNames, type TriadZones } from './charts/ternary-plot.js';
import type { Cell } from '../api/api-shapes.js';
import type { ProjectSummary } from '../api/results-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { languageLabel } from '../page/language-names.js';
import { lifecycleSection } from '../projects/lifecycle-view.js';
import type { PageSpec } from '../page/layout.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';
import { smallGroupsSection } from './small-groups-view.js';

type RoundSummary = ProjectSummary['rounds'][number];
type QuestionSummary = RoundSummary['questions'][number];

/** A number, "< k" for a suppressed cell, "—" where the round did not ask it. */
function cell(ui: Ui, value: Cell | undefined, k: number): Html {
  if (value === undefined) return html`<td class="num">${ui.t('notAsked')}</td>`;
  if (typeof value === 'number') return html`<td class="num">${new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 }).format(value)}</td>`;
  return html`<td class="num"><span class="suppressed" data-testid="suppressed">&lt; ${k}</span></td>`;
}

function roundHeads(ui: Ui, rounds: readonly RoundSummary[]): Html {
  return html`<thead><tr><td></td>${rounds.map(
    (r) => html`<th scope="col" class="num">${r.label}<br><span class="muted">${formatDateTime(r.opensAt, ui.locale, ui.timeZone)}</span></th>`,
  )}</tr></thead>`;
}

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

/** One table per question, the rounds side by side (start vs end). */
function questionTable(ui: Ui, s: ProjectSummary, questionId: string): Html {
  const { t } = ui;
  const asked = s.rounds.map((r) => r.questions.find((q) => q.questionId === questionId));
  const first = asked.find((q): q is QuestionSummary => q !== undefined);
  if (!first) return html``;
  const row = (head: Html, pick: (q: QuestionSummary) => Cell | undefined) =>
    html`<tr><th scope="row">${head}</th>${asked.map((q) => cell(ui, q ? pick(q) : undefined, s.k))}</tr>`;
  const hasMean = asked.some((q) => q?.mean !== undefined);
  const values = unionKeys(asked.map((q) => q?.values));
  return html`<section class="question" data-testid="summary-question" data-question-id="${questionId}" aria-labelledby="q-${questionId}">
    <h3 id="q-${questionId}"><span dir="auto">${first.text || t('questionTitle', { id: questionId })}</span></h3>
    <p class="muted"><code>${questionId}</code> · ${first.kind}</p>
    <div class="table-wrap"><table class="side-by-side">
      ${roundHeads(ui, s.rounds)}
      <tbody>
        ${row(html`${t('respondents')}`, (q) => q.respondents)}
        ${hasMean ? row(html`${first.kind === 'scale' ? t('mean') : t('meanNumber')}`, (q) => q.mean) : ''}
        ${values.map((v) => row(html`${t.lookup('values', v) ?? v}`, (q) => q.values?.[v]))}
      </tbody>
    </table></div>
    ${signifierCharts(ui, s, asked)}
  </section>`;
}

const HIDDEN = { suppressed: true } as const;
const zonesOf = (values: Record<string, Cell> | undefined): TriadZones =>
  Object.fromEntries(TRIAD_ZONES.map((z) => [z, values?.[String(z)] ?? HIDDEN])) as unknown as TriadZones;
const pointsOf = (values: Record<string, Cell> | undefined): DyadCounts =>
  Object.fromEntries(DYAD_POSITIONS.map((p) => [p, values?.[String(p)] ?? HIDDEN])) as unknown as DyadCounts;

/**
 * Signifiers drawn: a triad as a ternary plot per round (and the shift between the first and the last
 * round that asked it), a dyad as a histogram, rounds side by side. Small cells stay hidden in the charts.
 */
function signifierCharts(ui: Ui, s: ProjectSummary, asked: ReadonlyArray<QuestionSummary | undefined>): Html | '' {
  const { t } = ui;
  const number = new Intl.NumberFormat(ui.locale);
  const labels = {
    suppressed: t('fewerThan', { k: s.k }),
    respondents: (count: number) => t('answersCount', { count }),
    count: (n: number) => number.format(n),
  };
  const rounds = s.rounds.flatMap((r, i) => {
    const q = asked[i];
    return q?.values ? [{ round: r, q }] : [];
  });
  const first = rounds[0];
  if (!first) return '';
  if (first.q.kind === 'triad' && first.q.corners) {
    const corners = first.q.corners;
    const triadLabels = { ...labels, centre: t('triadCentre'), between: (a: string, b: string) => t('triadBetween', { a, b }) };
    const plots = rounds.map(
      ({ round, q }) => html`<figure class="chart-figure" data-testid="ternary-plot" data-round="${round.roundId}">
        ${raw(ternaryPlotSvg({ corners, zones: zonesOf(q.values), title: t('triadChartTitle', { question: q.text, round: round.label }), labels: triadLabels }))}
        <figcaption>${round.label}</figcaption>
      </figure>`,
    );
    const last = rounds.at(-1);
    let shift: Html | '' = '';
    if (last && last !== first) {
      const delta = ternaryShift(zonesOf(first.q.values), zonesOf(last.q.values), { before: first.q.respondents, after: last.q.respondents });
      const signed = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
      const names = zoneNames(corners, triadLabels);
      shift = html`<div class="table-wrap"><table data-testid="ternary-shift">
        <caption>${t('shiftTitle', { from: first.round.label, to: last.round.label })}</caption>
        <thead><tr><th scope="col">${t('colZone')}</th><th scope="col" class="num">${t('difference')}</th></tr></thead>
        <tbody>${TRIAD_ZONES.map((z) => html`<tr><th scope="row">${z}. <span dir="auto">${names[z]}</span></th><td class="num">${delta[z] === null ? html`<span class="suppressed">&lt; ${s.k}</span>` : signed.format(delta[z])}</td></tr>`)}</tbody>
      </table></div>`;
    }
    return html`<div class="charts">${plots}</div>${shift}`;
  }
  if (first.q.kind === 'dyad' && first.q.poles) {
    const [left, right] = first.q.poles;
    const title = t('dyadChartTitle', { question: first.q.text });
    const svg =
      rounds.length === 1
        ? dyadHistogramSvg({ left, right, counts: pointsOf(first.q.values), title, labels })
        : dyadRoundsSvg({ left, right, rounds: rounds.map(({ round, q }) => ({ label: round.label, counts: pointsOf(q.values) })), title, labels });
    return html`<figure class="chart-figure" data-testid="dyad-histogram">${raw(svg)}</figure>`;
  }
  return '';
}

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

/** Counts and means per round with small cells suppressed, rounds side by side, and the means compared. */
export function summaryPage(ui: Ui, s: ProjectSummary): PageSpec {
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
        <section class="card" aria-labelledby="questions"><h2 id="questions">${t('colQuestions')}</h2>${questionIds.map((id) => questionTable(ui, s, id))}</section>
        ${smallGroupsSection(ui, s)}
        ${comparison(ui, s)}
        ${lifecycleSection(ui, s.lifecycle)}`
    }`;
  return { title: t('summaryTitle', { name: s.name }), main, section: 'projects' };
}
