import { html } from 'hono/html';
import { TRIAD_ZONES } from '../../../flows/triad.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { select, textInput, FormErrors, type Option } from '../page/forms.js';
import type { Html, PageSpec } from '../page/layout.js';
import { zoneNames } from '../results/charts/ternary-plot.js';
import { answersPath } from './answer-links.js';
import type { AnswersChoices, AnswersPage } from './answers-shapes.js';

/**
 * A round's answers in people's own words (http/api/answers-routes.ts): the questions as tabs, links to
 * read one triad zone at a time, a GET form of filters (usable without script), the answers of the page
 * grouped by release, newest first, each text with `dir="auto"` (Arabic reads right to left), and a link
 * to the next page. A refused filter shows the refusal, never a number.
 */

/** The page's own query: the API's, with a triad zone as `triad:zone` and a statement answer as `statement:value`. */
export interface AnswersFilters {
  question: string;
  q: string;
  zone: string;
  dyad: string;
  from: string;
  to: string;
  answer: string;
  code: string;
}

export interface AnswersView {
  projectId: string;
  projectName: string | null;
  roundId: string;
  choices: AnswersChoices;
  filters: AnswersFilters;
  k: number;
  result: { page: AnswersPage; cursor: string | null } | { refused: 'too-few' | 'bad-filter' } | null;
}

/** The page's address for these filters (empty ones left out). */
export function filtersHref(projectId: string, roundId: string, filters: Partial<AnswersFilters> & { cursor?: string }): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => typeof v === 'string' && v !== '') as Array<[string, string]>);
  const query = params.toString();
  return `${answersPath(projectId, roundId)}${query ? `?${query}` : ''}#answers`;
}

const codeName = (ui: Ui, label: AnswersChoices['codes'][number]['label'], id: string) => label[ui.lang] ?? label.en ?? label.nl ?? label.fr ?? id;

function zoneLinks(ui: Ui, view: AnswersView): Html | '' {
  const { t } = ui;
  const triad = view.choices.triads.find((q) => q.corners);
  if (!triad?.corners) return '';
  const names = zoneNames(triad.corners, {
    suppressed: '',
    respondents: () => '',
    count: String,
    centre: t('triadCentre'),
    between: (a, b) => t('triadBetween', { a, b }),
  });
  const current = view.filters.zone;
  const links = TRIAD_ZONES.map((z) => {
    const value = `${triad.questionId}:${z}`;
    const href = filtersHref(view.projectId, view.roundId, { question: view.filters.question, zone: value });
    return html`<li><a href="${href}" data-testid="zone-link" data-zone="${z}"${current === value ? html` aria-current="true"` : ''}>${t('answersReadZoneLink', { zone: z, name: names[z] })}</a></li>`;
  });
  return html`<h3 id="by-zone">${t('answersReadByZone')} <span class="muted" dir="auto">(${triad.text})</span></h3><ul class="tabs" aria-labelledby="by-zone">${links}</ul>`;
}

function filterForm(ui: Ui, view: AnswersView): Html {
  const { t } = ui;
  const { choices, filters } = view;
  const none = FormErrors.none();
  const any: Option = { value: '', label: t('answersReadAny') };
  const points = (n: number): Option[] => Array.from({ length: n }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  const names = (corners: readonly [string, string, string]) =>
    zoneNames(corners, { suppressed: '', respondents: () => '', count: String, centre: t('triadCentre'), between: (a, b) => t('triadBetween', { a, b }) });
  const zoneGroups = choices.triads.map((q) => {
    const n = q.corners ? names(q.corners) : null;
    return { label: q.text, options: TRIAD_ZONES.map((z) => ({ value: `${q.questionId}:${z}`, label: n ? `${z}. ${n[z]}` : String(z) })) };
  });
  const dyadCount = Math.max(0, ...choices.dyads.map((d) => d.points));
  const statementGroups = choices.statements.map((q) => ({
    label: q.text,
    options: q.values.map((v) => ({ value: `${q.questionId}:${v}`, label: t.lookup('values', v) ?? v })),
  }));
  return html`<form method="get" action="${answersPath(view.projectId, view.roundId)}#answers" class="stack" data-testid="answers-filters" role="search">
    <input type="hidden" name="question" value="${filters.question}">
    ${textInput({ name: 'q', label: t('answersReadSearch'), hint: t('answersReadSearchHint'), value: filters.q, errors: none, type: 'search' })}
    ${choices.triads.length > 0 ? select({ name: 'zone', label: t('answersReadZone'), value: filters.zone, errors: none, groups: [{ label: t('answersReadAny'), options: [any] }, ...zoneGroups] }) : ''}
    ${
      choices.dyads.length > 0
        ? html`<fieldset><legend>${t('answersReadDyad')}</legend>
          ${select({ name: 'dyad', label: t('colQuestion'), value: filters.dyad, errors: none, groups: [{ label: t('answersReadAny'), options: [any, ...choices.dyads.map((d) => ({ value: d.questionId, label: d.poles ? `${d.text} (1 ${d.poles[0]} – ${d.points} ${d.poles[1]})` : d.text }))] }] })}
          ${select({ name: 'from', label: t('answersReadFrom'), value: filters.from, errors: none, groups: [{ label: t('answersReadFrom'), options: points(dyadCount) }] })}
          ${select({ name: 'to', label: t('answersReadTo'), value: filters.to || String(dyadCount), errors: none, groups: [{ label: t('answersReadTo'), options: points(dyadCount) }] })}
        </fieldset>`
        : ''
    }
    ${statementGroups.length > 0 ? select({ name: 'answer', label: t('answersReadStatement'), value: filters.answer, errors: none, groups: [{ label: t('answersReadAny'), options: [any] }, ...statementGroups] }) : ''}
    ${select({ name: 'code', label: t('answersReadCode'), value: filters.code, errors: none, groups: [{ label: t('answersReadAny'), options: [any, ...choices.codes.map((c) => ({ value: c.id, label: codeName(ui, c.label, c.id) }))] }] })}
    <p><button type="submit" data-testid="answers-apply">${t('answersReadApply')}</button>
      <a href="${filtersHref(view.projectId, view.roundId, { question: filters.question })}">${t('answersReadClear')}</a></p>
  </form>`;
}

function answersList(ui: Ui, view: AnswersView, page: AnswersPage, cursor: string | null): Html {
  const { t } = ui;
  const releases = [...new Set(page.answers.map((a) => a.release))];
  const groups = releases.map((release) => {
    const items = page.answers.filter((a) => a.release === release);
    return html`<h3>${t('answersReadRelease', { number: release, day: items[0]?.releasedOn ?? '' })}</h3>
      <ol class="voice-list">${items.map(
        (a) => html`<li class="voice-item" data-testid="answer">
          ${a.text !== null ? html`<p class="sent-text" dir="auto" data-testid="answer-text">${a.text}</p>` : ''}
          ${a.transcript !== null ? html`<p><strong>${t('colTranscript')}:</strong> <span dir="auto">${a.transcript}</span></p>` : ''}
          ${a.translation !== null ? html`<p><strong>${t('colTranslation')}:</strong> <span dir="auto" data-testid="answer-translation">${a.translation}</span></p>` : ''}
          ${a.more.length > 0 ? html`<p><strong>${t('answersReadMore')}:</strong></p>${a.more.map((m) => html`<p dir="auto">${m}</p>`)}` : ''}
        </li>`,
      )}</ol>`;
  });
  const next = page.next
    ? html`<a href="${filtersHref(view.projectId, view.roundId, { ...view.filters, cursor: page.next })}" data-testid="answers-next">${t('answersReadNext')}</a>`
    : '';
  const first = cursor ? html`<a href="${filtersHref(view.projectId, view.roundId, view.filters)}">${t('answersReadFirst')}</a>` : '';
  return html`<p data-testid="answers-total"><strong>${t('answersReadTotal', { count: page.total })}</strong></p>
    ${page.leftOutReleases > 0 ? html`<p class="notice-muted" data-testid="answers-left-out">${t('answersReadLeftOut', { count: page.leftOutReleases })}</p>` : ''}
    ${groups}
    ${next || first ? html`<p class="pager">${first}${first && next ? ' · ' : ''}${next}</p>` : ''}`;
}

export function answersPage(ui: Ui, view: AnswersView): PageSpec {
  const { t } = ui;
  const base = answersPath(view.projectId, view.roundId);
  const tabs = view.choices.questions.map(
    (q) =>
      html`<li><a href="${base}?question=${encodeURIComponent(q.questionId)}#answers" dir="auto"${view.filters.question === q.questionId ? html` aria-current="true"` : ''}>${q.text}</a></li>`,
  );
  let body: Html | '' = '';
  const result = view.result;
  if (result && 'refused' in result)
    body = html`<p class="notice-muted" role="status" data-testid="answers-refused">${result.refused === 'too-few' ? t('answersReadTooFew', { k: view.k }) : t('answersReadBadFilter')}</p>`;
  else if (result) body = answersList(ui, view, result.page, result.cursor);
  const main = html`<p><a href="${DASHBOARD}/projects/${encodeURIComponent(view.projectId)}">← ${view.projectName ?? view.projectId}</a></p>
    <p class="lead">${t('answersReadIntro', { k: view.k })}</p>
    <section class="card" aria-labelledby="questions"><h2 id="questions">${t('answersReadQuestions')}</h2>
      ${tabs.length === 0 ? html`<p>${t('answersReadNoQuestions')}</p>` : html`<ul class="tabs">${tabs}</ul>`}
      ${tabs.length > 0 ? zoneLinks(ui, view) : ''}
    </section>
    ${
      tabs.length > 0
        ? html`<section class="card" aria-labelledby="filters"><h2 id="filters">${t('answersReadFilters')}</h2>${filterForm(ui, view)}</section>
      <section class="card" aria-labelledby="answers"><h2 id="answers" dir="auto">${view.choices.questions.find((q) => q.questionId === view.filters.question)?.text ?? ''}</h2>${body}</section>`
        : ''
    }`;
  return { title: t('answersReadTitle', { round: view.choices.round.label }), main, section: 'projects' };
}
