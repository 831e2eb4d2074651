import { html } from 'hono/html';
import { K_MIN } from '../../../core/disclosure/cells.js';
import type { Counts, Progress, Round, RoundWithProgress } from '../api/api-shapes.js';
import { hiddenCount } from '../page/cells.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import { feedbackLine, type FeedbackGlance } from '../feedback/feedback-glance.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';
import { progressBars } from './progress-bars.js';

export type RoundState = 'open' | 'scheduled' | 'closed';

export function roundState(round: Round, now: Date): RoundState {
  const iso = now.toISOString();
  if (iso >= round.closesAt) return 'closed';
  return iso < round.opensAt ? 'scheduled' : 'open';
}

/** "3×", or the hidden words where disclosure control hid the count. */
const times = (ui: Ui, n: Counts['failed'], k = K_MIN): Html => (typeof n === 'number' ? html`${ui.t('failureCount', { n })}` : hiddenCount(ui, k));

function failures(ui: Ui, progress: Progress, k: number): Html | '' {
  const entries = Object.entries(progress.failures);
  if (entries.length === 0) return '';
  return html`<h4>${ui.t('failuresTitle')}</h4>
    <ul data-testid="failures">${entries.map(([reason, n]) => html`<li><span lang="en">${reason}</span> — ${times(ui, n, k)}</li>`)}</ul>`;
}

/** Messages Twilio took but reported back as not delivered, by reason (the phone off, the number gone…). */
function notDelivered(ui: Ui, progress: Progress, k: number): Html | '' {
  const entries = Object.entries(progress.notDelivered);
  if (entries.length === 0) return '';
  return html`<h4>${ui.t('notDeliveredTitle')}</h4>
    <ul data-testid="not-delivered">${entries.map(([reason, n]) => html`<li><span lang="en">${reason}</span> — ${times(ui, n, k)}</li>`)}</ul>`;
}

/**
 * Invitations not sent yet for a reason (a call waiting for its recorded prompts, a call tried again…): so a
 * round never shows "invited 0" without saying why. Counts through disclosure control, like the failures.
 */
function waiting(ui: Ui, progress: Progress, k: number): Html | '' {
  const entries = Object.entries(progress.waiting);
  if (entries.length === 0) return '';
  return html`<h4>${ui.t('waitingTitle')}</h4>
    <ul data-testid="waiting">${entries.map(([reason, n]) => html`<li><span lang="en">${reason}</span> — ${times(ui, n, k)}</li>`)}</ul>`;
}

function reached(ui: Ui, progress: Progress, k: number): Html | '' {
  const entries = Object.entries(progress.reachedBy);
  if (entries.length === 0) return '';
  return html`<h4>${ui.t('reachedTitle')}</h4>
    <ul data-testid="reached-by">${entries.map(([by, n]) => html`<li data-reached-by="${by}">${ui.t.lookup('reachedBy', by) ?? by} — ${times(ui, n, k)}</li>`)}</ul>`;
}

function stateBadge(ui: Ui, state: RoundState): Html {
  const text = state === 'open' ? ui.t('roundOpen') : state === 'scheduled' ? ui.t('roundScheduled') : ui.t('roundClosed');
  return html`<span class="state state-${state}" data-testid="round-state">${text}</span>`;
}

/**
 * Every round of the project with its progress (bars that refresh themselves: progress-bars.ts); staff can close a round that is not closed yet, and
 * (`feedback`, staff only) reach each round's "you said, we did" and see where it stands.
 */
export function roundsView(
  ui: Ui,
  projectId: string,
  rounds: readonly RoundWithProgress[],
  opts: { canManage: boolean; now: Date; feedback?: ReadonlyMap<string, FeedbackGlance | null> | undefined; k?: number },
): Html {
  const { t } = ui;
  if (rounds.length === 0) return html`<p>${t('noRounds')}</p>`;
  const when = (iso: string) => html`<time datetime="${iso}">${formatDateTime(iso, ui.locale, ui.timeZone)}</time>`;
  return html`${rounds.map(({ round, progress, quietUntil }) => {
    const state = roundState(round, opts.now);
    const close =
      opts.canManage && state !== 'closed'
        ? html`<form method="post" action="${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(round.roundId)}/close" class="inline-form">
            <button type="submit" class="danger" data-testid="close-round">${t('closeRoundButton', { label: round.label })}</button></form>`
        : '';
    return html`<article class="round" data-testid="round" data-round-id="${round.roundId}" aria-labelledby="round-${round.roundId}">
      <div class="round-head"><h3 id="round-${round.roundId}">${round.label}</h3>${stateBadge(ui, state)}</div>
      <dl class="facts">
        <dt>${t('survey')}</dt><dd><code>${round.surveyId}</code> v${round.surveyVersion}</dd>
        <dt>${t('opens')}</dt><dd>${when(round.opensAt)}</dd>
        <dt>${t('closes')}</dt><dd>${when(round.closesAt)}</dd>
        <dt>${t('reminder')}</dt><dd>${round.reminderAfterHours === null ? t('reminderNone') : t('reminderAfter', { hours: round.reminderAfterHours })}</dd>
      </dl>
      ${quietUntil ? html`<p class="notice-muted" data-testid="quiet-now">${t('quietNow', { time: formatDateTime(quietUntil, ui.locale, ui.timeZone) })}</p>` : ''}
      ${progressBars(ui, projectId, round, progress, { k: opts.k ?? K_MIN, live: state !== 'closed', now: opts.now })}
      ${waiting(ui, progress, opts.k ?? K_MIN)}
      ${failures(ui, progress, opts.k ?? K_MIN)}
      ${notDelivered(ui, progress, opts.k ?? K_MIN)}
      ${reached(ui, progress, opts.k ?? K_MIN)}
      ${opts.feedback ? feedbackLine(ui, projectId, round, opts.feedback.get(round.roundId) ?? null) : ''}
      ${close}
    </article>`;
  })}`;
}
