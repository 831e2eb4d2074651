import { html, raw } from 'hono/html';
import type { Cell } from '../api/api-shapes.js';
import type { MergedView, PooledQuestion, ProjectSummary } from '../api/results-shapes.js';
import { hiddenCount } from '../page/cells.js';
import type { Ui } from '../page/context.js';
import { attr, type Html } from '../page/markup.js';
import { COLOURS } from './charts/svg.js';

type RoundSummary = ProjectSummary['rounds'][number];
type QuestionSummary = RoundSummary['questions'][number];

/**
 * Small groups still see a picture (issue 21, item 3): per question where k hid values, the merged groups
 * each round's release published ("agree 8 · not agree 4 — of 12") and the whole project beside them,
 * one compact table with a bar per row. Only numbers the API published are shown; a group the API hid
 * stays "fewer than k". A round whose values all show gets its groups as the sums of those values.
 */

interface Row {
  label: string;
  groups: Array<{ key: string; count: Cell }>;
  total: Cell;
  mean?: Cell | undefined;
}

/** A round's groups: as its release merged them, or the sums of its values where every one is shown. */
function roundGroups(q: QuestionSummary, plan: MergedView): Row['groups'] | null {
  if (q.merged?.level === plan.level) return q.merged.groups.map((g) => ({ key: g.key, count: g.count }));
  const groups = plan.groups.map((g) => {
    const counts = g.values.map((v) => q.values?.[v]);
    return {
      key: g.key,
      count: counts.every((c) => typeof c === 'number')
        ? counts.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0)
        : ({ suppressed: true } as const),
    };
  });
  return groups.some((g) => typeof g.count === 'number') ? groups : null;
}

/** A stacked bar of the shown groups over the total; what is hidden stays blank. SVG: the page's CSP allows no inline styles. */
function bar(row: Row, label: string): Html | '' {
  if (typeof row.total !== 'number' || row.total <= 0) return '';
  const shades = [COLOURS.mark, '#6b9bc3', '#9fb8cf', '#34597a'];
  let x = 0;
  const rects = row.groups.flatMap((g, i) => {
    if (typeof g.count !== 'number' || g.count <= 0 || typeof row.total !== 'number') return [];
    const w = (100 * g.count) / row.total;
    const rect = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="10" fill="${shades[i % shades.length]}"/>`;
    x += w;
    return [rect];
  });
  return html`<svg class="small-bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="120" height="12" role="img"${attr('aria-label', label)}><rect x="0" y="0" width="100" height="10" fill="${COLOURS.panel}"/>${raw(rects.join(''))}</svg>`;
}

/** One question's table: rounds, then the whole project. */
function questionTable(ui: Ui, s: ProjectSummary, questionId: string, pooled: PooledQuestion | undefined): Html | '' {
  const { t } = ui;
  const asked = s.rounds.flatMap((r) => {
    const q = r.questions.find((x) => x.questionId === questionId);
    return q ? [{ round: r, q }] : [];
  });
  const plan = asked.find((a) => a.q.merged)?.q.merged ?? pooled?.merged;
  const first = asked[0]?.q;
  const anyMerged = asked.some((a) => a.q.merged);
  // The whole project only where k hid something of a round (a value, the mean, the count): elsewhere the rounds say it all.
  const hidesSomething = asked.some(({ q }) => [q.respondents, q.mean, ...Object.values(q.values ?? {})].some((c) => c !== undefined && typeof c !== 'number'));
  const pooledShows = pooled !== undefined && hidesSomething && (typeof pooled.answers === 'number' || typeof pooled.mean === 'number');
  if (!first || (!anyMerged && !pooledShows)) return '';
  const number = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 });
  const show = (c: Cell | undefined): Html => (typeof c === 'number' ? html`${number.format(c)}` : hiddenCount(ui, s.k));
  const rows: Row[] = asked.flatMap(({ round, q }) => {
    const groups = plan ? roundGroups(q, plan) : null;
    if (!groups && q.mean === undefined) return [];
    return [{ label: round.label, groups: groups ?? [], total: q.respondents, mean: q.mean }];
  });
  if (pooled && pooledShows)
    rows.push({
      label: t('smallWhole', { count: pooled.rounds.length }),
      groups: (pooled.merged?.groups ?? []).map((g) => ({ key: g.key, count: g.count })),
      total: pooled.answers,
      mean: pooled.mean,
    });
  const groupName = (key: string): string => {
    const corner = { cornerA: 0, cornerB: 1, cornerC: 2 }[key];
    if (corner !== undefined && first.corners) return first.corners[corner] ?? key;
    return t.lookup('smallGroups', key) ?? t.lookup('values', key) ?? key;
  };
  const keys = plan?.groups.map((g) => g.key) ?? [];
  const hasMean = rows.some((r) => r.mean !== undefined);
  const sentence = (r: Row) =>
    `${r.label}: ${r.groups.map((g) => `${groupName(g.key)} ${typeof g.count === 'number' ? g.count : t('fewerThan', { k: s.k })}`).join(' · ')}`;
  return html`<div class="table-wrap" data-testid="small-groups-question" data-question-id="${questionId}"><table class="small-groups">
    <caption><span dir="auto">${first.text || questionId}</span>${first.poles ? html` <span class="muted">(${t('smallPoles', { left: first.poles[0], right: first.poles[1] })})</span>` : ''}</caption>
    <thead><tr><td></td>${keys.map((k) => html`<th scope="col" class="num">${groupName(k)}</th>`)}<th scope="col" class="num">${t('smallTotal')}</th>${hasMean ? html`<th scope="col" class="num">${t('smallMean')}</th>` : ''}${keys.length ? html`<td></td>` : ''}</tr></thead>
    <tbody>${rows.map(
      (r) =>
        html`<tr data-testid="small-groups-row"><th scope="row">${r.label}</th>${keys.map((k) => html`<td class="num">${show(r.groups.find((g) => g.key === k)?.count)}</td>`)}<td class="num">${show(r.total)}</td>${hasMean ? html`<td class="num">${r.mean === undefined ? t('notAsked') : show(r.mean)}</td>` : ''}${keys.length ? html`<td>${bar(r, sentence(r))}</td>` : ''}</tr>`,
    )}</tbody>
  </table></div>`;
}

/**
 * What a small group can still see of one question, for its card on the summary (question-card.ts's
 * `afterChart`): each round's merged groups and the whole project, where k hid something; nothing otherwise.
 */
export function smallGroupsOf(ui: Ui, s: ProjectSummary, questionId: string): Html | '' {
  const { t } = ui;
  const table = questionTable(
    ui,
    s,
    questionId,
    (s.pooled ?? []).find((p) => p.questionId === questionId),
  );
  if (table === '') return '';
  return html`<div class="small-groups" data-testid="small-groups">
    <h3>${t('smallTitle')}</h3>
    <p class="muted">${t('smallIntro', { k: s.k })}</p>
    ${table}
  </div>`;
}
