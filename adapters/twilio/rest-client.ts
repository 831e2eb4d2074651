import type { TwilioCreateMessage, TwilioMessagesApi } from './twilio-messenger.js';

/** Twilio's error body: `{ code, message, more_info, status }`. */
export class TwilioRestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
  ) {
    super(`Twilio REST answered ${status}${code === null ? '' : ` (error ${code})`}`);
    this.name = 'TwilioRestError';
  }
}

const FIELD: Record<keyof TwilioCreateMessage, string> = {
  to: 'To',
  from: 'From',
  messagingServiceSid: 'MessagingServiceSid',
  body: 'Body',
  contentSid: 'ContentSid',
  contentVariables: 'ContentVariables',
};

/**
 * The one Twilio REST call Stem makes (Messages.create), over fetch: the full `twilio` client would
 * add megabytes to a Lambda bundle for this. Same parameters and error codes as the official client.
 */
export function twilioRestClient(accountSid: string, authToken: string, baseUrl = 'https://api.twilio.com', fetchImpl: typeof fetch = fetch): TwilioMessagesApi {
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  return {
    messages: {
      async create(params) {
        const form = new URLSearchParams();
        for (const [key, value] of Object.entries(params) as Array<[keyof TwilioCreateMessage, string | undefined]>) {
          if (value !== undefined) form.set(FIELD[key], value);
        }
        const response = await fetchImpl(`${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          signal: AbortSignal.timeout(10_000),
        });
        const body: unknown = await response.json().catch(() => null);
        const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        if (!response.ok) throw new TwilioRestError(response.status, typeof record.code === 'number' ? record.code : null);
        return { sid: typeof record.sid === 'string' ? record.sid : '' };
      },
    },
  };
}
