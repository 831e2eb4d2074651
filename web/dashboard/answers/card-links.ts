import { html } from 'hono/html';
import type { ProjectSummary } from '../api/results-shapes.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { zonesOf } from '../results/question-chart.js';
import { answersPath } from './answer-links.js';
import { readByPoint, readByZone } from './read-by-zone.js';

/**
 * The foot of a question's card on the summary (question-card.ts): the way to the words behind the chart,
 * round by round — a link per triad zone or dyad point the summary shows, or, for a question in people's
 * own words, to its answers. Only for those who may read the answers (row-level results: staff of the
 * organisation, coordinators where it shares rows); the answers page refuses what disclosure control would not show.
 */
export function answerLinks(ui: Ui, s: ProjectSummary, questionId: string): Html | '' {
  const parts = s.rounds.flatMap((round) => {
    const q = round.questions.find((x) => x.questionId === questionId);
    if (!q) return [];
    let links: Html | '' = '';
    if (q.kind === 'triad' && q.corners && q.values) links = readByZone(ui, s.projectId, round.roundId, questionId, q.corners, zonesOf(q.values));
    else if (q.kind === 'dyad' && q.values) {
      const points = Object.fromEntries(Object.entries(q.values).map(([p, cell]) => [Number(p), cell]));
      links = readByPoint(ui, s.projectId, round.roundId, { questionId, text: q.text }, points);
    } else if (q.kind === 'open' || q.kind === 'story')
      links = html`<p><a href="${answersPath(s.projectId, round.roundId)}?question=${encodeURIComponent(questionId)}#answers" data-testid="read-answers-${round.roundId}">${ui.t('answersReadLink', { round: round.label })}</a></p>`;
    return links === '' ? [] : [html`<div data-round="${round.roundId}"><h4>${round.label}</h4>${links}</div>`];
  });
  return parts.length === 0 ? '' : html`<div class="card-links" data-testid="answer-links">${parts}</div>`;
}
