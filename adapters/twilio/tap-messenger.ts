import type { TapMessage, TapMessenger, TapSendResult } from '../../core/conversation/tap-delivery.js';
import type { TwilioContentApi } from './content-client.js';
import { contentRequest, requestHash, type ContentRequest } from './content-types.js';
import type { TwilioMessagesApi } from './twilio-messenger.js';

/** Where each template's Content SID is kept, by the template's content hash (adapters/dynamodb/content-sids.ts). */
export interface ContentSidStore {
  get(hash: string): Promise<string | null>;
  /** Keep `sid` for `hash` unless a SID is kept for it already; returns the SID kept (ours, or the one before it). */
  keep(hash: string, sid: string): Promise<string>;
  /** Drop `sid` for `hash` (only that SID: a newer one stays). */
  forget(hash: string, sid: string): Promise<void>;
}

/** Messages API error: the ContentSid is not (any longer) a template of this account (https://www.twilio.com/docs/api/errors/21655). */
const CONTENT_SID_INVALID = 21655;

const codeOf = (error: unknown): number | null =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number' ? error.code : null;
const describe = (error: unknown): string => {
  const code = codeOf(error);
  if (code !== null) return `Twilio error ${code}`;
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null;
  return status !== null ? `Twilio answered ${status}` : 'Twilio could not be reached';
};

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
  private readonly known = new Map<string, string>();

  constructor(
    private readonly rest: TwilioMessagesApi,
    private readonly content: TwilioContentApi,
    private readonly store: ContentSidStore,
    /** How many SIDs this container remembers (a survey's messages in its languages fit many times over). */
    private readonly remember = 2000,
  ) {}

  async send(message: TapMessage): Promise<TapSendResult> {
    const request = contentRequest(message.body, message.choices);
    if (!request) return { ok: false, reason: 'the choices do not fit a WhatsApp message' };
    const hash = requestHash(request);
    let sid: string;
    try {
      sid = await this.templateSid(hash, request);
    } catch (error) {
      return { ok: false, reason: `template: ${describe(error)}` };
    }
    try {
      await this.rest.messages.create({ to: `whatsapp:${message.to}`, from: `whatsapp:${message.from}`, contentSid: sid });
      return { ok: true };
    } catch (error) {
      if (codeOf(error) === CONTENT_SID_INVALID) {
        this.known.delete(hash);
        await this.store.forget(hash, sid).catch(() => undefined);
      }
      return { ok: false, reason: describe(error) };
    }
  }

  private async templateSid(hash: string, request: ContentRequest): Promise<string> {
    const cached = this.known.get(hash) ?? (await this.store.get(hash));
    if (cached) return this.note(hash, cached);
    const { sid } = await this.content.create(request);
    const kept = await this.store.keep(hash, sid);
    // Lost the race to another webhook: its template is the one in use; ours would only be a duplicate.
    if (kept !== sid) await this.content.remove(sid).catch(() => undefined);
    return this.note(hash, kept);
  }

  private note(hash: string, sid: string): string {
    if (this.known.size >= this.remember) this.known.delete(this.known.keys().next().value ?? '');
    this.known.set(hash, sid);
    return sid;
  }
}
