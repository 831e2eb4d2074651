import type { Catalog } from '../conversation/catalog.js';
import { deliverFeedback } from '../feedback/deliver-feedback.js';
import type { FeedbackHold, FeedbackStore } from '../feedback/ports.js';
import { isQuiet, quietHoursOf } from '../quiet-hours.js';
import type { Invitation, Project, ReachedBy } from '../model.js';
import type { Clock, ConversationStore, Logger, Protector } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import { languageChain, type Texts } from '../texts.js';
import { sealTicket } from '../calls/outbound.js';
import { callableLanguage, type PromptStore } from '../calls/prompts.js';
import type { Round } from '../model.js';
import type { DeliveryJob, Dialer, Messenger, Outbound } from './ports.js';
import { TransientDeliveryError, whatsappWay } from './send-rules.js';

export { TransientDeliveryError, whatsappWay } from './send-rules.js';

export interface DeliveryDeps {
  participants: ParticipantStore;
  /** The rounds' "you said, we did" messages. */
  feedback: FeedbackStore;
  store: ConversationStore;
  catalog: Catalog;
  protector: Protector;
  texts: Texts;
  messenger: Messenger;
  /** Outbound calls for participants who answer by phone; null where no phone line is set up. */
  dialer: Dialer | null;
  /** Recorded prompts: a call in a language without a voice waits until they are all there. */
  prompts?: PromptStore | undefined;
  /** Where quiet hours hold a round's "you said, we did" (core/feedback/deliver-feedback.ts). */
  directory?: FeedbackHold | undefined;
  clock: Clock;
  logger: Logger;
}

/** Which try of a job this is, as the queue counts them: the last one dead-letters what still fails. */
export interface DeliveryAttempt {
  number: number;
  /** The queue gives up after this one (a local queue's last try, SQS's last receive before the DLQ). */
  final: boolean;
}

/**
 * Send one invitation or reminder; true when a message went out. Idempotent: an invitation is sent only
 * by the one who claims it (a claim left by a crash expires), a reminder only once. Opted-out contacts
 * are never messaged. A temporary failure gives the claim back and throws so the queue retries; a
 * permanent one is recorded on the invitation in words staff can act on. On the queue's last try a
 * failure is dead-lettered: recorded as failed, with the reason and the number of tries, where staff
 * see it (round progress, the API, the dashboard) — and not offered again by the sweep — then rethrown,
 * so the queue's dead-letter queue and its alarm have it too.
 */
export async function deliver(deps: DeliveryDeps, job: DeliveryJob, attempt?: DeliveryAttempt): Promise<boolean> {
  try {
    return await deliverOnce(deps, job);
  } catch (error) {
    if (attempt?.final) await deadLetter(deps, job, attempt, error);
    throw error;
  }
}

async function deadLetter(deps: DeliveryDeps, job: DeliveryJob, attempt: DeliveryAttempt, error: unknown): Promise<void> {
  const { projectId, roundId, contactKey } = job;
  const failure = `not sent after ${attempt.number} ${attempt.number === 1 ? 'try' : 'tries'}: ${reasonOf(error)}`;
  deps.logger.error('delivery.dead-letter', {
    type: job.type,
    channel: job.channel,
    attempts: attempt.number,
    error: error instanceof Error ? error.name : 'unknown',
  });
  const at = deps.clock.now().toISOString();
  try {
    if (job.type === 'feedback') {
      // Only a send that failed for now is known to have given its copy back unsent (deliverFeedback).
      if (error instanceof TransientDeliveryError) await deps.feedback.mark(projectId, roundId, contactKey, { status: 'failed', failure, at });
      return;
    }
    const invitation = await deps.participants.getInvitation(projectId, roundId, contactKey);
    if (!invitation) return;
    // Never over an invitation that went out meanwhile (another job for it, a retry that got through).
    if (job.type === 'invite' && (invitation.status === 'queued' || invitation.status === 'sending')) {
      await deps.participants.markInvitation(projectId, roundId, contactKey, { status: 'failed', failure });
    } else if (job.type === 'remind') {
      // Claimed and kept, so no later sweep tries it again (a claim held already: it went out meanwhile);
      // the invitation keeps its status.
      if (await deps.participants.claimReminder(projectId, roundId, contactKey, at)) {
        await deps.participants.markInvitation(projectId, roundId, contactKey, { status: invitation.status, failure: `reminder: ${failure}` });
      }
    }
  } catch (markError) {
    // The store itself may be what failed: then the job stays queued, and the next sweep offers it again.
    deps.logger.warn('delivery.dead-letter-unrecorded', { error: markError instanceof Error ? markError.name : 'unknown' });
  }
}

/** A failure in words staff can act on; never provider data (the messenger's reasons hold none). */
function reasonOf(error: unknown): string {
  if (error instanceof TransientDeliveryError) return error.reason;
  return `an error in Stem (${error instanceof Error ? error.name : 'unknown'})`;
}

async function deliverOnce(deps: DeliveryDeps, job: DeliveryJob): Promise<boolean> {
  if (job.type === 'feedback') return deliverFeedback(deps, job);
  const { projectId, roundId, contactKey } = job;
  const invitation = await deps.participants.getInvitation(projectId, roundId, contactKey);
  if (!invitation) return false;
  const now = deps.clock.now();
  const [project, round] = await Promise.all([
    deps.catalog.project(projectId),
    deps.catalog.rounds(projectId).then((rs) => rs.find((r) => r.roundId === roundId)),
  ]);
  if (!project || !round) return false;
  if (now.toISOString() >= round.closesAt) return false; // closed meanwhile: nothing more goes out
  if (isQuiet(quietHoursOf(project), now)) {
    // Quiet hours (a job queued just before them, a retry): nothing is claimed or written. The invitation
    // stays due in the sweep's index, whose next pass moves it to the end of the quiet hours (rounds/due.ts).
    deps.logger.info('delivery.quiet-hours', { type: job.type, channel: job.channel });
    return false;
  }

  if (job.type === 'invite' && !(await deps.participants.claimInvitation(projectId, roundId, contactKey, now.toISOString()))) return false;
  if (job.type === 'remind') {
    if (invitation.status !== 'invited' || invitation.progress === 'completed' || invitation.progress === 'declined' || invitation.progress === 'opted-out')
      return false;
    if (!(await deps.participants.claimReminder(projectId, roundId, contactKey, now.toISOString()))) return false;
  }
  try {
    return await send(deps, job, invitation, project, round, now);
  } catch (error) {
    // Give the claim back, so the queue's retry (or the next sweep) can send it.
    if (job.type === 'invite') await deps.participants.markInvitation(projectId, roundId, contactKey, { status: 'queued' });
    else await deps.participants.releaseReminder(projectId, roundId, contactKey);
    throw error;
  }
}

async function send(deps: DeliveryDeps, job: DeliveryJob, invitation: Invitation, project: Project, round: Round, now: Date): Promise<boolean> {
  const { projectId, roundId, contactKey } = job;
  const mark = (change: Parameters<ParticipantStore['markInvitation']>[3]) => deps.participants.markInvitation(projectId, roundId, contactKey, change);
  // A reminder's own failure is noted without undoing the invitation's "invited".
  const fail = (failure: string) =>
    job.type === 'invite' ? mark({ status: 'failed', failure }) : mark({ status: invitation.status, failure: `reminder: ${failure}` });

  const { contact, sessions } = await deps.store.loadParticipant(contactKey);
  if (!contact) return fail('the contact no longer exists').then(() => false);
  if (contact.optedOut) return mark({ status: 'opted-out', progress: 'opted-out' }).then(() => false);
  const person = { phoneSealed: contact.phoneSealed, language: contact.language ?? invitation.language };
  if (invitation.channel === 'voice') return call(deps, job, invitation, person, project, round, now, 'voice');

  const chain = languageChain(contact.language ?? invitation.language, project.fallbackLanguages);
  const preview = deps.texts.t(job.type === 'invite' ? 'invite.text' : 'invite.reminder', chain, { project: project.name });
  const to = deps.protector.open(contact.phoneSealed);
  // The provider's reports on this message (delivered, not delivered and why) come back with this ticket.
  const statusTicket = sealTicket(deps.protector, { projectId, roundId, contactKey, type: job.type });
  let message: Outbound = { channel: 'sms', to, text: preview, statusTicket };
  let reachedBy: ReachedBy = 'sms';
  if (invitation.channel === 'whatsapp') {
    const way = whatsappWay(contact, project, chain, now);
    switch (way.by) {
      case 'whatsapp':
        message = { channel: 'whatsapp', to, text: preview, statusTicket };
        break;
      case 'whatsapp-template':
        message = { channel: 'whatsapp', to, template: { contentSid: way.contentSid, variables: { '1': project.name } }, preview, statusTicket };
        break;
      case 'sms-instead':
        break; // the SMS above, from the project's SMS sender
      case 'voice-instead':
        return call(deps, job, invitation, person, project, round, now, 'voice-instead');
      case 'none':
        return fail(`no approved WhatsApp template for ${chain[0] ?? 'this language'}, and the project sends nothing else instead`).then(() => false);
    }
    reachedBy = way.by;
  }

  const result = await deps.messenger.send(message);
  if (!result.ok) {
    deps.logger.warn('delivery.failed', { type: job.type, channel: invitation.channel, permanent: result.permanent });
    if (result.permanent) return fail(result.reason).then(() => false);
    throw new TransientDeliveryError(result.reason);
  }
  if (job.type === 'invite') {
    await mark({ status: 'invited', invitedAt: now.toISOString(), reachedBy });
    // A reply to the invitation belongs to this project's survey, unless the person is in the middle of
    // another survey: then they finish that one first (or are asked which one they answer).
    const busy = await Promise.all(
      sessions
        .filter((s) => s.status === 'active' && s.projectId !== projectId && s.projectId === contact.activeProjectId)
        .map(async (s) => (await deps.catalog.openRound(s.projectId, now))?.roundId === s.roundId),
    );
    if (!busy.includes(true)) await deps.participants.setActiveProject(contactKey, projectId);
  }
  deps.logger.info('delivery.sent', { type: job.type, channel: invitation.channel });
  return true;
}

/** The invitation (or reminder) is the call itself: answered, it runs the survey at the voice webhook. */
async function call(
  deps: DeliveryDeps,
  job: DeliveryJob,
  invitation: Invitation,
  person: { phoneSealed: string; language: string | null },
  project: Project,
  round: Round,
  now: Date,
  reachedBy: 'voice' | 'voice-instead',
): Promise<boolean> {
  const { projectId, roundId, contactKey } = job;
  const mark = (change: Parameters<ParticipantStore['markInvitation']>[3]) => deps.participants.markInvitation(projectId, roundId, contactKey, change);
  const survey = await deps.catalog.survey(round.surveyId, round.surveyVersion);
  const scope = { organisationId: project.organisationId, surveyId: round.surveyId, surveyVersion: round.surveyVersion };
  if (person.language && survey && !(await callableLanguage(deps.prompts, scope, survey, person.language))) {
    // No voice for the language and its prompts not all recorded: the call waits (an hour, then the next sweep looks again).
    // Recorded prompts are the call's translation, also of a survey without texts in that language.
    const retryAfter = new Date(now.getTime() + 60 * 60_000).toISOString();
    if (job.type === 'invite') await mark({ status: 'queued', failure: `waiting for the phone prompts in ${person.language} to be recorded`, retryAfter });
    return false;
  }
  const phoneSealed = person.phoneSealed;
  if (!deps.dialer) {
    const failure = 'no phone line is set up for calls';
    return (job.type === 'invite' ? mark({ status: 'failed', failure }) : mark({ status: invitation.status, failure: `reminder: ${failure}` })).then(
      () => false,
    );
  }
  const result = await deps.dialer.call(deps.protector.open(phoneSealed), sealTicket(deps.protector, { projectId, roundId, contactKey, type: job.type }));
  if (!result.ok) {
    deps.logger.warn('delivery.failed', { type: job.type, channel: 'voice', permanent: result.permanent });
    if (!result.permanent) throw new TransientDeliveryError(result.reason);
    return (
      job.type === 'invite' ? mark({ status: 'failed', failure: result.reason }) : mark({ status: invitation.status, failure: `reminder: ${result.reason}` })
    ).then(() => false);
  }
  if (job.type === 'invite') {
    // Placed, not yet answered: the call's end (status callback) decides whether it is tried again.
    await mark({
      status: 'invited',
      invitedAt: now.toISOString(),
      callAttempts: (invitation.callAttempts ?? 0) + 1,
      retryAfter: null,
      failure: invitation.failure,
      reachedBy,
    });
    await deps.participants.setActiveProject(contactKey, projectId);
  }
  deps.logger.info('delivery.sent', { type: job.type, channel: 'voice' });
  return true;
}
