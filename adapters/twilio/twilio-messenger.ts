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
  /** Where Twilio reports the message's status (queued … delivered, undelivered, failed, read). */
  statusCallback?: string;
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
  /**
   * `pictureUrl` signs a picture's URL (http/picture-urls.ts); without it pictures are left out.
   * `statusCallback` turns a message's sealed ticket into the status callback URL (http/
   * message-status-routes.ts); without it Twilio reports nothing back.
   */
  constructor(
    private readonly client: TwilioMessagesApi,
    private readonly from: TwilioSenders,
    private readonly pictureUrl?: (picture: PictureRef) => string,
    private readonly statusCallback?: (ticket: string) => string,
  ) {}

  async send(message: OutboundWithPicture): Promise<SendResult> {
    const sender = message.channel === 'whatsapp' ? this.from.whatsapp : this.from.sms;
    const to = message.channel === 'whatsapp' ? `whatsapp:${message.to}` : message.to;
    const callback = message.statusTicket && this.statusCallback ? { statusCallback: this.statusCallback(message.statusTicket) } : {};
    const bare: TwilioCreateMessage = { to, ...(sender.startsWith('MG') ? { messagingServiceSid: sender } : { from: sender }) };
    const route: TwilioCreateMessage = { ...bare, ...callback };
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
        // Its delivery is not reported: the text's is the invitation's.
        await this.client.messages.create({ ...bare, mediaUrl: [picture] }).catch(() => undefined);
      }
      return { ok: true };
    } catch (error) {
      const { code, status } = errorOf(error);
      const known = code === null ? undefined : PERMANENT[code];
      if (known) return { ok: false, permanent: true, reason: known };
      // 429 and 5xx will pass; other 4xx will not.
      const permanent = status !== null && status >= 400 && status < 500 && status !== 429;
      if (status === null) return { ok: false, permanent, reason: code === null ? 'Twilio could not be reached' : `Twilio error ${code}` };
      return { ok: false, permanent, reason: `Twilio answered ${status}${code === null ? '' : ` (error ${code})`}` };
    }
  }
}

export interface TwilioRetryOptions {
  /** Requests in all, the first included. */
  attempts?: number;
  /** The backoff's first step; each next one doubles, and a random part of it is waited (jitter). */
  baseMs?: number;
  /** A wait longer than this (a long Retry-After) is not waited here: the queue retries later instead. */
  maxWaitMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `fetch` for the Twilio REST client that waits and asks again when Twilio answers 429 Too Many Requests
 * (as the official client's autoRetry does): after Retry-After when Twilio gives one, else after an
 * exponential backoff with full jitter, so workers throttled together do not come back together. A 429
 * means the request was not taken, so asking again cannot send twice. 5xx is not retried here — the
 * message may have been created — but left to the queue, whose retry finds the invitation's claim.
 * Bounded: a few tries, none after a wait longer than `maxWaitMs`; then the 429 goes up as it came.
 */
export function retryingTwilioFetch(fetchImpl: typeof fetch = fetch, options: TwilioRetryOptions = {}): typeof fetch {
  const attempts = options.attempts ?? 3;
  const baseMs = options.baseMs ?? 250;
  const maxWaitMs = options.maxWaitMs ?? 5000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      const response = await fetchImpl(input, init);
      if (response.status !== 429 || attempt >= attempts) return response;
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? Math.round(random() * baseMs * 2 ** (attempt - 1));
      if (wait > maxWaitMs) return response;
      await response.body?.cancel(); // free the connection for the next try
      await sleep(wait);
    }
  };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
