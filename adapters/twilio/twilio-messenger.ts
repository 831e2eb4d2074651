import type { PictureRef } from '../../core/model.js';
import type { Messenger, Outbound, SendResult } from '../../core/rounds/ports.js';
import { WHATSAPP_CAPTION_MAX } from './twiml.js';

/** The part of the `twilio` client this adapter uses (`twilio(accountSid, authToken)` satisfies it). */
export interface TwilioCreateMessage {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  mediaUrl?: string[];
}

/** An outbound text that may carry a generated picture (a WhatsApp triad), sent as its media. */
export type OutboundWithPicture = Outbound & { picture?: PictureRef | undefined };

export interface TwilioMessagesApi {
  messages: { create(params: TwilioCreateMessage): Promise<{ sid: string }> };
}

export interface TwilioSenders {
  /** E.164 number (or a Messaging Service SID, `MG…`) for SMS. */
  sms: string;
  /** WhatsApp sender, e.g. `whatsapp:+3225550100` (or a Messaging Service SID). */
  whatsapp: string;
}

/** Twilio error codes that no retry will fix: recorded on the invitation in plain words. */
const PERMANENT: Record<number, string> = {
  21211: 'the phone number is not valid',
  21408: 'sending to this country is not enabled on the Twilio account',
  21610: 'the person unsubscribed at the carrier (STOP)',
  21612: 'this number cannot receive messages from our number',
  21614: 'the number is not a mobile number',
  63016: 'WhatsApp: outside the 24-hour window a template is needed',
  63024: 'WhatsApp: the recipient cannot be reached',
  63032: 'WhatsApp: the recipient has blocked or not opted in',
};

function errorOf(error: unknown): { code: number | null; status: number | null } {
  if (typeof error !== 'object' || error === null) return { code: null, status: null };
  const code = 'code' in error && typeof error.code === 'number' ? error.code : null;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : null;
  return { code, status };
}

/** Outbound SMS and WhatsApp through Twilio's REST API. Numbers are never logged or kept here. */
export class TwilioMessenger implements Messenger {
  /** `pictureUrl` signs a picture's URL (functions/http/picture-urls.ts); without it pictures are left out. */
  constructor(
    private readonly client: TwilioMessagesApi,
    private readonly from: TwilioSenders,
    private readonly pictureUrl?: (picture: PictureRef) => string,
  ) {}

  async send(message: OutboundWithPicture): Promise<SendResult> {
    const sender = message.channel === 'whatsapp' ? this.from.whatsapp : this.from.sms;
    const to = message.channel === 'whatsapp' ? `whatsapp:${message.to}` : message.to;
    const route: TwilioCreateMessage = { to, ...(sender.startsWith('MG') ? { messagingServiceSid: sender } : { from: sender }) };
    try {
      if ('template' in message) {
        await this.client.messages.create({ ...route, contentSid: message.template.contentSid, contentVariables: JSON.stringify(message.template.variables) });
        return { ok: true };
      }
      // Pictures only over WhatsApp (an MMS costs more, and Belgian carriers hardly deliver them).
      const picture = message.channel === 'whatsapp' && message.picture && this.pictureUrl ? this.pictureUrl(message.picture) : null;
      if (!picture) {
        await this.client.messages.create({ ...route, body: message.text });
      } else if ([...message.text].length <= WHATSAPP_CAPTION_MAX) {
        await this.client.messages.create({ ...route, body: message.text, mediaUrl: [picture] });
      } else {
        // Too long for a caption: the text, then the picture on its own (best effort: the text carries the question).
        await this.client.messages.create({ ...route, body: message.text });
        await this.client.messages.create({ ...route, mediaUrl: [picture] }).catch(() => undefined);
      }
      return { ok: true };
    } catch (error) {
      const { code, status } = errorOf(error);
      const known = code === null ? undefined : PERMANENT[code];
      if (known) return { ok: false, permanent: true, reason: known };
      // 429 and 5xx will pass; other 4xx will not.
      const permanent = status !== null && status >= 400 && status < 500 && status !== 429;
      return { ok: false, permanent, reason: code === null ? `Twilio answered ${status ?? 'without a status'}` : `Twilio error ${code}` };
    }
  }
}
