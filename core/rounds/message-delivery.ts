import type { Logger, Protector } from '../ports.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import { openTicket } from '../calls/outbound.js';
import type { DeliveryState, MessageDelivery, ReportOutcome } from './delivery-state.js';

/**
 * What became of a message after the provider took it: its status reports ("status callbacks") reach
 * the invitation, reminder or "you said, we did" copy it was sent for. Reports arrive out of order and
 * more than once (delivered after read, sent after delivered, a replay), so a delivery only ever moves
 * forward: a report of a state no later than the one recorded changes nothing.
 *
 * The message is found by the sealed ticket the sender put in the report's URL — the same ticket a call
 * carries (core/calls/outbound.ts) — so no provider id is kept anywhere. The reason a message was not
 * delivered is in words staff can act on (the adapter's), never provider data.
 */

/** One status report, as the edge read it from the provider's request. */
export interface DeliveryReport {
  state: DeliveryState;
  reason: string | null;
}

export interface DeliveryReportDeps {
  participants: ParticipantStore;
  feedback?: FeedbackStore | undefined;
  protector: Protector;
  logger: Logger;
}

/** Record a status report on what it was sent for; `unknown`: a ticket not ours, or nothing left to record it on. */
export async function messageStatusReported(deps: DeliveryReportDeps, sealedTicket: string, report: DeliveryReport, at: string): Promise<ReportOutcome> {
  const ticket = openTicket(deps.protector, sealedTicket);
  if (!ticket) {
    deps.logger.warn('message-status.bad-ticket');
    return 'unknown';
  }
  const delivery: MessageDelivery = { state: report.state, reason: report.state === 'not-delivered' ? report.reason : null, at };
  const { projectId, roundId, contactKey } = ticket;
  const outcome =
    ticket.type === 'feedback'
      ? deps.feedback
        ? await deps.feedback.recordDelivery(projectId, roundId, contactKey, delivery)
        : 'unknown'
      : await deps.participants.recordDelivery(projectId, roundId, contactKey, ticket.type, delivery);
  deps.logger.info('message-status', { type: ticket.type, state: report.state, outcome });
  return outcome;
}

/** How many were not delivered, by reason: for the round's progress and the feedback report, before disclosure control. */
export function countNotDelivered(into: Record<string, number>, delivery: MessageDelivery | null | undefined): void {
  if (delivery?.state !== 'not-delivered') return;
  const reason = delivery.reason ?? 'not delivered (no reason given)';
  into[reason] = (into[reason] ?? 0) + 1;
}
