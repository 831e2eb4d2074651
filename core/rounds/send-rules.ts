import type { Contact, Project } from '../model.js';
import type { LanguageChain } from '../texts.js';

/** What every sender shares: how a temporary failure is signalled, and how WhatsApp may be used. */

export class TransientDeliveryError extends Error {
  readonly code = 'DELIVERY_RETRY';
  /** In words staff can act on (a dead-letter records it); never provider data. */
  constructor(readonly reason: string) {
    super(`sending failed for now: ${reason}`);
    this.name = 'TransientDeliveryError';
  }
}

type WhatsappWay = { by: 'whatsapp' } | { by: 'whatsapp-template'; contentSid: string } | { by: 'sms-instead' } | { by: 'voice-instead' } | { by: 'none' };

/**
 * How to reach someone whose channel is WhatsApp: free text inside their 24-hour window (they wrote to us
 * less than a day ago), else the project's approved template in the first language of their chain that
 * has one, else what the project chose instead (SMS by default, a call, or nothing).
 */
export function whatsappWay(
  contact: Pick<Contact, 'whatsappWindowUntil'>,
  project: Pick<Project, 'whatsappTemplates' | 'whatsappFallback'>,
  chain: LanguageChain,
  now: Date,
): WhatsappWay {
  if (contact.whatsappWindowUntil && contact.whatsappWindowUntil > now.toISOString()) return { by: 'whatsapp' };
  const language = chain.find((l) => project.whatsappTemplates[l]);
  const contentSid = language ? project.whatsappTemplates[language] : undefined;
  if (contentSid) return { by: 'whatsapp-template', contentSid };
  const fallback = project.whatsappFallback ?? 'sms';
  return fallback === 'sms' ? { by: 'sms-instead' } : fallback === 'voice' ? { by: 'voice-instead' } : { by: 'none' };
}
