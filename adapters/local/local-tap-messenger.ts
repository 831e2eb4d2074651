import type { LeadMessage, TapMessage, TapMessenger, TapSendResult } from '../../core/conversation/tap-delivery.js';
import { contentRequest, type ContentRequest } from '../twilio/content-types.js';
import type { LocalOutbox, OutboxTaps } from './local-outbox.js';

/** The template's buttons or list as WhatsApp shows them: the titles as Twilio's adapter fitted them. */
export function tapsOf(request: ContentRequest): OutboxTaps {
  const { types, language } = request;
  if ('twilio/quick-reply' in types) {
    return { kind: 'buttons', language, buttons: types['twilio/quick-reply'].actions.map((a) => ({ id: a.id, title: a.title })) };
  }
  const list = types['twilio/list-picker'];
  return {
    kind: 'list',
    language,
    button: list.button,
    items: list.items.map((i) => ({ id: i.id, title: i.item, ...(i.description === undefined ? {} : { description: i.description }) })),
  };
}

/**
 * The local stand-in for Twilio's REST path of a turn with answers to tap (core/conversation/tap-delivery.ts):
 * each message goes into the local outbox, where the simulator shows it — the texts before a question,
 * its voice note or picture (the signed URL Twilio would fetch), then the text with its buttons or list, decided and
 * fitted by the same code as the Twilio adapter (adapters/twilio/content-types.ts), so the simulator shows
 * what WhatsApp would. Nothing waits: here a voice note is "handed on" when it is kept. Numbers stay in memory.
 */
export class LocalTapMessenger implements TapMessenger {
  constructor(private readonly outbox: LocalOutbox) {}

  async sendLead(message: LeadMessage): Promise<TapSendResult> {
    const reply =
      'body' in message
        ? { text: message.body }
        : message.medium === 'picture'
          ? { text: '', picture: message.mediaUrl }
          : { text: '', voiceNote: message.mediaUrl };
    this.outbox.keepReply(message.to, reply);
    return { ok: true };
  }

  async send(message: TapMessage): Promise<TapSendResult> {
    const request = contentRequest(message.body, message.choices);
    // As the Twilio adapter: what cannot be a template goes as numbered text (TwiML).
    if (!request) return { ok: false, reason: 'the choices do not fit a WhatsApp message' };
    this.outbox.keepReply(message.to, { text: message.body, taps: tapsOf(request) });
    return { ok: true };
  }
}
