import type { Catalog } from '../conversation/catalog.js';
import type { Clock, ConversationStore, Logger, Protector } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import { languageChain, type Texts } from '../texts.js';
import type { DeliveryJob, Messenger, Outbound } from './ports.js';

export interface DeliveryDeps {
  participants: ParticipantStore;
  store: ConversationStore;
  catalog: Catalog;
  protector: Protector;
  texts: Texts;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
}

export class TransientDeliveryError extends Error {
  readonly code = 'DELIVERY_RETRY';
  constructor(reason: string) {
    super(`sending failed for now: ${reason}`);
    this.name = 'TransientDeliveryError';
  }
}

/**
 * Send one invitation or reminder. Idempotent: an invitation is sent only while it is queued, a reminder
 * only once (claimed first). Opted-out contacts are never messaged. A temporary failure throws so the
 * queue retries; a permanent one is recorded on the invitation in words staff can act on.
 */
export async function deliver(deps: DeliveryDeps, job: DeliveryJob): Promise<void> {
  const { projectId, roundId, contactKey } = job;
  const invitation = await deps.participants.getInvitation(projectId, roundId, contactKey);
  if (!invitation) return;
  const mark = (change: Parameters<ParticipantStore['markInvitation']>[3]) => deps.participants.markInvitation(projectId, roundId, contactKey, change);
  const now = deps.clock.now();
  const [project, round] = await Promise.all([deps.catalog.project(projectId), deps.catalog.rounds(projectId).then((rs) => rs.find((r) => r.roundId === roundId))]);
  if (!project || !round) return;
  if (now.toISOString() >= round.closesAt) return; // closed meanwhile: nothing more goes out

  if (job.type === 'invite' && !(await deps.participants.claimInvitation(projectId, roundId, contactKey))) return;
  if (job.type === 'remind') {
    if (invitation.status !== 'invited' || invitation.progress === 'completed' || invitation.progress === 'declined' || invitation.progress === 'opted-out') return;
    if (!(await deps.participants.claimReminder(projectId, roundId, contactKey, now.toISOString()))) return;
  }

  const { contact } = await deps.store.loadParticipant(contactKey);
  if (!contact) return mark({ status: 'failed', failure: 'the contact no longer exists' });
  if (contact.optedOut) return mark({ status: 'opted-out', progress: 'opted-out' });
  if (invitation.channel === 'voice') return mark({ status: 'failed', failure: 'invitations by phone call are not available yet' });

  const chain = languageChain(contact.language ?? invitation.language, project.fallbackLanguages);
  const preview = deps.texts.t(job.type === 'invite' ? 'invite.text' : 'invite.reminder', chain, { project: project.name });
  const to = deps.protector.open(contact.phoneSealed);
  let message: Outbound;
  if (invitation.channel === 'whatsapp') {
    const language = chain.find((l) => project.whatsappTemplates[l]);
    const contentSid = language ? project.whatsappTemplates[language] : undefined;
    if (!contentSid) return mark({ status: 'failed', failure: `no approved WhatsApp template for ${chain[0] ?? 'this language'}` });
    message = { channel: 'whatsapp', to, template: { contentSid, variables: { '1': project.name } }, preview };
  } else {
    message = { channel: 'sms', to, text: preview };
  }

  const result = await deps.messenger.send(message);
  if (!result.ok) {
    deps.logger.warn('delivery.failed', { type: job.type, channel: invitation.channel, permanent: result.permanent });
    if (result.permanent) return mark({ status: 'failed', failure: result.reason });
    if (job.type === 'invite') await mark({ status: 'queued' }); // back in line for the retry
    throw new TransientDeliveryError(result.reason);
  }
  if (job.type === 'invite') {
    await mark({ status: 'invited', invitedAt: now.toISOString() });
    // A reply to the invitation belongs to this project's survey.
    await deps.participants.setActiveProject(contactKey, projectId);
  }
  deps.logger.info('delivery.sent', { type: job.type, channel: invitation.channel });
}
