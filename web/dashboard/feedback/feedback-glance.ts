import { html } from 'hono/html';
import { ApiShapeError, seg, type ApiClient } from '../api/api-client.js';
import { K_MIN } from '../../../core/disclosure/cells.js';
import { type Cell, type Round } from '../api/api-shapes.js';
import { FeedbackReport } from '../api/feedback-shapes.js';
import { DASHBOARD, type Ui } from '../page/context.js';
import type { Html } from '../page/markup.js';
import { formatDateTime } from '../page/time.js';

/** The page of a round's "you said, we did". */
export const feedbackPath = (projectId: string, roundId: string): string =>
  `${DASHBOARD}/projects/${encodeURIComponent(projectId)}/rounds/${encodeURIComponent(roundId)}/feedback`;

/** Where a round's "you said, we did" stands, for its line in the rounds list. */
export type FeedbackGlance = { state: 'none' } | { state: 'draft' } | { state: 'sent'; sentAt: string; sent: Cell; failed: Cell; pending: Cell };

export function feedbackGlance(report: FeedbackReport): FeedbackGlance {
  const { feedback, deliveries } = report;
  if (feedback?.sentAt) {
    const { sent = 0, failed = 0 } = deliveries.byStatus;
    // Copies still on their way: a sum of counts, hidden when any of them is (it would give that one away).
    const others = Object.entries(deliveries.byStatus)
      .filter(([status]) => status !== 'sent' && status !== 'failed')
      .map(([, n]) => n);
    const pending: Cell = others.every((n) => typeof n === 'number')
      ? others.reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0)
      : { suppressed: true };
    return { state: 'sent', sentAt: feedback.sentAt, sent, failed, pending };
  }
  const written = feedback && (Object.values(feedback.texts).some((t) => t.trim() !== '') || Object.keys(feedback.audio).length > 0);
  return written ? { state: 'draft' } : { state: 'none' };
}

/**
 * Each round's glance, asked of the API in parallel (staff only: coordinators have no such page). A round
 * the API cannot say anything about gets null, and the list shows a plain link.
 */
export async function feedbackGlances(api: ApiClient, projectId: string, rounds: readonly Round[]): Promise<Map<string, FeedbackGlance | null>> {
  const one = async (round: Round): Promise<[string, FeedbackGlance | null]> => {
    try {
      const report = await api.get(`/api/projects/${seg(projectId)}/rounds/${seg(round.roundId)}/feedback`, FeedbackReport);
      return [round.roundId, report.ok ? feedbackGlance(report.data) : null];
    } catch (error) {
      if (error instanceof ApiShapeError) return [round.roundId, null];
      throw error;
    }
  };
  return new Map(await Promise.all(rounds.map(one)));
}

/** A count in running text: the number, or "fewer than 5" when disclosure control hid it ("< 5" read as a number). */
const shownCount = (ui: Ui, n: Cell): string => (typeof n === 'number' ? String(n) : ui.t('fewerThan', { k: K_MIN }));

/** "You said, we did: sent on 3 Dec 2026, 14:05 · 9 sent, 0 failed", linking to the round's page. */
export function feedbackLine(ui: Ui, projectId: string, round: Round, glance: FeedbackGlance | null): Html {
  const f = ui.feedback;
  let state: Html | '' = '';
  if (glance?.state === 'none') state = html`: ${f('glanceNone')}`;
  else if (glance?.state === 'draft') state = html`: ${f('glanceDraft')}`;
  else if (glance?.state === 'sent') {
    const when = html`<time datetime="${glance.sentAt}">${formatDateTime(glance.sentAt, ui.locale, ui.timeZone)}</time>`;
    const pending = glance.pending === 0 ? '' : html` · ${f('glancePending', { n: shownCount(ui, glance.pending) })}`;
    state = html`: ${f('glanceSent')} ${when} · <span data-testid="feedback-copies">${f('glanceCopies', { sent: shownCount(ui, glance.sent), failed: shownCount(ui, glance.failed) })}</span>${pending}`;
  }
  return html`<p class="round-feedback" data-testid="feedback-glance" data-state="${glance?.state ?? 'unknown'}"><a href="${feedbackPath(projectId, round.roundId)}" data-testid="feedback-link">${f('link')}</a>${state}</p>`;
}
