import type { Catalog } from '../conversation/catalog.js';
import type { FeedbackStore } from '../feedback/ports.js';
import type { Clock, Logger, Protector } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import * as z from '../../kernel/zod.js';

/**
 * Invitations by phone call: what happens when a call placed by the delivery worker ends. Busy, no
 * answer, failed and voicemail are tried again later, a few times, then reported on the invitation.
 */

/** Calls placed per invitation before it is reported as not reached. */
export const CALL_ATTEMPTS = 3;
/** Between two tries: long enough that "busy" has a chance to end. */
export const CALL_RETRY_MINUTES = 20;

const Ticket = z.object({
  projectId: z.string(),
  roundId: z.string(),
  contactKey: z.string(),
  type: z.enum(['invite', 'remind', 'feedback']),
  /** A message call: the language it is read in. */
  language: z.optional(z.string()),
});
export type CallTicket = z.infer<typeof Ticket>;

/** Sealed: Twilio stores the status-callback URL in its call logs, so nothing in it may be readable. */
/** Opens a ticket Stem sealed; null when it was not (or was tampered with). */
export function openTicket(protector: Protector, sealed: string): CallTicket | null {
  try {
    return Ticket.parse(JSON.parse(protector.open(sealed)));
  } catch {
    return null;
  }
}

export const sealTicket = (protector: Protector, ticket: CallTicket): string => protector.seal(JSON.stringify(ticket));

export type CallOutcome = { answered: true } | { answered: false; reason: 'busy' | 'no answer' | 'failed' | 'voicemail' };

/** Twilio's final CallStatus (and AnsweredBy, with machine detection) → what it means for the invitation. */
export function callOutcome(status: string, answeredBy: string | undefined): CallOutcome | null {
  if (answeredBy && /^(machine|fax)/.test(answeredBy)) return { answered: false, reason: 'voicemail' };
  switch (status) {
    case 'completed':
      return { answered: true };
    case 'busy':
      return { answered: false, reason: 'busy' };
    case 'no-answer':
    case 'canceled':
      return { answered: false, reason: 'no answer' };
    case 'failed':
      return { answered: false, reason: 'failed' };
    default:
      return null; // queued, ringing, in-progress: not final
  }
}

export interface CallEndDeps {
  participants: ParticipantStore;
  /** "You said, we did" calls report here how they ended. */
  feedback?: FeedbackStore | undefined;
  catalog: Catalog;
  protector: Protector;
  clock: Clock;
  logger: Logger;
}

/** A placed call ended. Unanswered invitations go back in the queue with a time, until the attempts run out. */
export async function callEnded(deps: CallEndDeps, sealedTicket: string, outcome: CallOutcome): Promise<void> {
  const ticket = openTicket(deps.protector, sealedTicket);
  if (!ticket) {
    deps.logger.warn('call.bad-ticket');
    return;
  }
  if (ticket.type === 'feedback') {
    // Tried once, like a message: heard, or reported as not reached.
    const at = deps.clock.now().toISOString();
    const change = outcome.answered ? { status: 'sent' as const, at } : { status: 'failed' as const, failure: `not reached by phone (${outcome.reason})`, at };
    await deps.feedback?.mark(ticket.projectId, ticket.roundId, ticket.contactKey, change);
    return;
  }
  if (outcome.answered || ticket.type === 'remind') return; // a reminder is tried once, like a message
  const { projectId, roundId, contactKey } = ticket;
  const invitation = await deps.participants.getInvitation(projectId, roundId, contactKey);
  // Answered after all (they called back), or finished meanwhile: nothing to retry.
  if (!invitation || invitation.status !== 'invited' || invitation.progress !== 'none') return;
  const attempts = invitation.callAttempts ?? 1;
  deps.logger.info('call.unanswered', { reason: outcome.reason, attempts });
  if (attempts >= CALL_ATTEMPTS) {
    await deps.participants.markInvitation(projectId, roundId, contactKey, {
      status: 'failed',
      failure: `not reached by phone after ${attempts} calls (last: ${outcome.reason})`,
      retryAfter: null,
    });
    return;
  }
  const retryAfter = new Date(deps.clock.now().getTime() + CALL_RETRY_MINUTES * 60_000).toISOString();
  await deps.participants.markInvitation(projectId, roundId, contactKey, {
    status: 'queued',
    failure: `call ${attempts}: ${outcome.reason}; calling again`,
    retryAfter,
  });
}
