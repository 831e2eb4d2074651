import { sealTicket } from '../calls/outbound.js';
import { canSay } from '../calls/voices.js';
import type { Catalog } from '../conversation/catalog.js';
import type { ReachedBy } from '../model.js';
import type { Clock, ConversationStore, Logger, Protector } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import { TransientDeliveryError, whatsappWay } from '../rounds/send-rules.js';
import type { DeliveryJob, Dialer, Messenger, Outbound } from '../rounds/ports.js';
import { languageChain } from '../texts.js';
import type { FeedbackHold, FeedbackStore } from './ports.js';
import { isQuiet, nextAllowed, quietHoursOf } from '../quiet-hours.js';
import { feedbackLanguage } from './send-feedback.js';

export interface FeedbackDeliveryDeps {
  feedback: FeedbackStore;
  participants: ParticipantStore;
  store: ConversationStore;
  catalog: Catalog;
  protector: Protector;
  messenger: Messenger;
  dialer: Dialer | null;
  clock: Clock;
  logger: Logger;
  /** Where the round's hold is kept when quiet hours stop a copy (the directory); without one, the copy waits for the queue's retry. */
  directory?: FeedbackHold | undefined;
}

/** A "sending" claim older than this was left by a crash: the queue's retry may take it over. */
const CLAIM_EXPIRES_MS = 5 * 60 * 1000;

/**
 * Send one person's copy of the round's message, in their language and on their channel: a text over
 * SMS or WhatsApp (outside WhatsApp's 24-hour window, what the project chose instead: an SMS by default),
 * a call over the phone that reads it (or plays the recording staff made). True when it went out.
 * Claimed first, so a duplicate job sends nothing; a temporary failure gives the claim back and throws.
 */
export async function deliverFeedback(deps: FeedbackDeliveryDeps, job: DeliveryJob): Promise<boolean> {
  const { projectId, roundId, contactKey } = job;
  const now = deps.clock.now();
  const at = now.toISOString();
  const [feedback, project] = await Promise.all([deps.feedback.get(projectId, roundId), deps.catalog.project(projectId)]);
  if (!feedback?.sentAt || !project) return false;
  const quiet = quietHoursOf(project);
  if (isQuiet(quiet, now)) {
    // Left queued, unclaimed: the scheduler hands the round's queued copies on at the next allowed time.
    await deps.directory?.holdFeedback(projectId, roundId, nextAllowed(quiet, now).toISOString());
    deps.logger.info('feedback.quiet-hours', { channel: job.channel });
    return false;
  }
  if (!(await deps.feedback.claim(projectId, roundId, contactKey, at, new Date(now.getTime() - CLAIM_EXPIRES_MS).toISOString()))) return false;
  const done = (reachedBy: ReachedBy, status: 'sent' | 'calling' = 'sent') =>
    deps.feedback.mark(projectId, roundId, contactKey, { status, reachedBy, failure: null, at }).then(() => true);
  const fail = (failure: string) => deps.feedback.mark(projectId, roundId, contactKey, { status: 'failed', failure, at }).then(() => false);

  try {
    const { contact } = await deps.store.loadParticipant(contactKey);
    if (!contact) return await fail('the contact no longer exists');
    if (contact.optedOut) return await fail('opted out since');
    const invitation = await deps.participants.getInvitation(projectId, roundId, contactKey);
    const language = feedbackLanguage(feedback, contact.language ?? invitation?.language ?? null, project);
    const text = language ? feedback.texts[language] : undefined;
    if (!language || !text) return await fail(`no message in ${contact.language ?? 'their language'} or a fallback language`);
    const to = deps.protector.open(contact.phoneSealed);
    const channel = invitation?.channel ?? job.channel;

    // A call reads the message in the person's language, or plays the recording made for it.
    const callable = language in feedback.audio || canSay(language);
    const placeCall = async (reachedBy: 'voice' | 'voice-instead'): Promise<boolean> => {
      if (!deps.dialer) return fail('no phone line is set up for calls');
      const result = await deps.dialer.call(to, sealTicket(deps.protector, { projectId, roundId, contactKey, type: 'feedback', language }), 'message');
      if (!result.ok) return settle(result);
      // Whether it was heard, the call's end says (its status callback).
      return done(reachedBy, 'calling');
    };
    const settle = async (result: { ok: false; permanent: boolean; reason: string }): Promise<boolean> => {
      deps.logger.warn('feedback.failed', { channel, permanent: result.permanent });
      if (result.permanent) return fail(result.reason);
      throw new TransientDeliveryError(result.reason);
    };
    // The provider's reports on the copy (delivered, not delivered and why) come back with this ticket.
    const statusTicket = sealTicket(deps.protector, { projectId, roundId, contactKey, type: 'feedback' });
    const send = async (message: Outbound, reachedBy: ReachedBy): Promise<boolean> => {
      const result = await deps.messenger.send({ ...message, statusTicket });
      return result.ok ? done(reachedBy) : settle(result);
    };

    if (channel === 'voice') return callable ? await placeCall('voice') : await send({ channel: 'sms', to, text }, 'sms-instead');
    if (channel === 'sms') return await send({ channel: 'sms', to, text }, 'sms');
    // WhatsApp: free text only inside the window; a template is approved for invitations, not for this message.
    const way = whatsappWay(contact, { whatsappTemplates: {}, whatsappFallback: project.whatsappFallback }, languageChain(language, []), now);
    switch (way.by) {
      case 'whatsapp':
        return await send({ channel: 'whatsapp', to, text }, 'whatsapp');
      case 'voice-instead':
        return callable ? await placeCall('voice-instead') : await send({ channel: 'sms', to, text }, 'sms-instead');
      case 'none':
        return await fail("outside WhatsApp's 24-hour window, and the project sends nothing else instead");
      default:
        return await send({ channel: 'sms', to, text }, 'sms-instead');
    }
  } catch (error) {
    // Give the claim back, so the queue's retry sends it.
    await deps.feedback.mark(projectId, roundId, contactKey, { status: 'queued', at });
    throw error;
  }
}
