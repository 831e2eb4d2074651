import { html } from 'hono/html';
import type { CodingAssignments } from '../api/coding-shapes.js';
import type { Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { codingPath } from './code-names.js';

/** An interpreter's way in to coding: the rounds the organisations let them code, each a link to its coding page. */
export function assignmentsSection(ui: Ui, rounds: CodingAssignments['rounds']): Html | '' {
  if (rounds.length === 0) return '';
  const { t } = ui;
  return html`<section class="card" aria-labelledby="to-code"><h2 id="to-code">${t('codingAssignmentsTitle')}</h2>
    <p>${t('codingAssignmentsIntro')}</p>
    <ul data-testid="coding-assignments">${rounds.map(
      (r) =>
        html`<li><a href="${codingPath(r.projectId, r.roundId)}">${r.projectName === null ? t('codingLink', { round: r.roundLabel }) : `${r.projectName} — ${t('codingLink', { round: r.roundLabel })}`}</a></li>`,
    )}</ul></section>`;
}
