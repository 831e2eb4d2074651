import type { LeadMessage, TapMessage, TapMessenger, TapSendResult } from '../../core/conversation/tap-delivery.js';
import { contentRequest, requestHash, type ContentRequest } from './content-types.js';
import { TwilioRestError } from './rest-error.js';
import type { TwilioTapApi } from './tap-rest.js';

/** Where each template's Content SID is kept, by the template's content hash (adapters/dynamodb/content-sids.ts). */
export interface ContentSidStore {
  get(hash: string): Promise<string | null>;
  /** Keep `sid` for `hash` unless a SID is kept for it already; returns the SID kept (ours, or the one before it). */
  keep(hash: string, sid: string): Promise<string>;
  /** Drop the SID kept for `hash` (its template is gone at Twilio). */
  forget(hash: string): Promise<void>;
}

/** Messages API error: the ContentSid is not (any longer) a template of this account (https://www.twilio.com/docs/api/errors/21655). */
const CONTENT_SID_INVALID = 21655;

/**
 * A Message's statuses once Twilio has handed it to WhatsApp (sent) or further; and those where it never
 * will (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). Queued,
 * accepted, sending and scheduled are still on their way.
 */
const HANDED_ON = new Set(['sent', 'delivered', 'read', 'partially_delivered']);
const NEVER = new Set(['failed', 'undelivered', 'canceled']);

/** How long a voice note may take to be handed on before what follows is sent anyway, and how often it is asked. */
export interface LeadWait {
  maxMs: number;
  everyMs: number;
}
/** Twilio waits 15 s for the webhook; the template and the sends take up to 3 s each (tap-rest.ts). */
const LEAD_WAIT: LeadWait = { maxMs: 4000, everyMs: 300 };

/** What went wrong, in codes only (it is logged): never a number or a text. */
const reason = (error: unknown): string =>
  error instanceof TwilioRestError ? (error.code === null ? `Twilio answered ${error.status}` : `Twilio error ${error.code}`) : 'Twilio could not be reached';

/**
 * Messages to tap over Twilio: the template for the message's exact content, made once and then found by
 * its hash (here in memory, else in the store, else created), then sent by the Messages API with its
 * ContentSid — which WhatsApp takes without approval inside the 24-hour window that the person's message
 * just opened (https://www.twilio.com/docs/content/send-templates-created-with-the-content-template-builder).
 * Two webhooks making the same new template at once both create one; the store keeps the first SID, and
 * the other webhook sends with it and deletes its own — one duplicate, once, never a second template in use.
 * A template deleted at Twilio (error 21655) is forgotten, so the next message makes it again.
 */
export class TwilioTapMessenger implements TapMessenger {
  /** SIDs this container has used, by hash: a survey's messages in all its languages are a few hundred. */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly twilio: TwilioTapApi,
    private readonly store: ContentSidStore,
    private readonly wait: LeadWait = LEAD_WAIT,
  ) {}

  /**
   * A text goes and is done: texts without media are handed on in the order they were made. A voice note
   * is fetched by Twilio from its URL first, so a message made just after it may overtake it (Twilio
   * guarantees no order between messages): its status is read until it is sent, and only then does this
   * return — at most `wait.maxMs` and `waitMs`, then `late` (what follows goes anyway: the
   * question must be asked).
   */
  async sendLead(message: LeadMessage, waitMs: number): Promise<TapSendResult> {
    const to = `whatsapp:${message.to}`;
    const from = `whatsapp:${message.from}`;
    let sid: string;
    try {
      sid = await this.twilio.sendMessage(to, from, 'body' in message ? { Body: message.body } : { MediaUrl: message.mediaUrl });
    } catch (error) {
      return { ok: false, reason: reason(error) };
    }
    if ('body' in message) return { ok: true };
    const until = Date.now() + Math.min(this.wait.maxMs, waitMs);
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, this.wait.everyMs));
      const status = await this.twilio.messageStatus(sid).catch(() => null);
      if (status !== null && HANDED_ON.has(status)) return { ok: true };
      // Sent and then failed (the note could not be fetched, the window closed): the question goes in writing.
      if (status !== null && NEVER.has(status)) return { ok: false, reason: `Twilio status ${status}` };
    }
    return { ok: true, late: true };
  }

  async send(message: TapMessage): Promise<TapSendResult> {
    const request = contentRequest(message.body, message.choices);
    if (!request) return { ok: false, reason: 'the choices do not fit a WhatsApp message' };
    const hash = requestHash(request);
    let sid: string;
    try {
      sid = await this.templateSid(hash, request);
    } catch (error) {
      return { ok: false, reason: `template: ${reason(error)}` };
    }
    try {
      await this.twilio.sendMessage(`whatsapp:${message.to}`, `whatsapp:${message.from}`, { ContentSid: sid });
      return { ok: true };
    } catch (error) {
      if (error instanceof TwilioRestError && error.code === CONTENT_SID_INVALID) {
        this.known.delete(hash);
        await this.store.forget(hash).catch(() => undefined);
      }
      return { ok: false, reason: reason(error) };
    }
  }

  private async templateSid(hash: string, request: ContentRequest): Promise<string> {
    let sid = this.known.get(hash) ?? (await this.store.get(hash));
    if (!sid) {
      const made = await this.twilio.createContent(request);
      sid = await this.store.keep(hash, made);
      // Lost the race to another webhook: its template is the one in use; ours would only be a duplicate.
      if (sid !== made) await this.twilio.deleteContent(made).catch(() => undefined);
    }
    this.known.set(hash, sid);
    return sid;
  }
}
