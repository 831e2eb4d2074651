import type { TwilioCallsApi, TwilioCreateCall } from './twilio-dialer.js';
import { TwilioRestError } from './rest-error.js';

export { TwilioRestError } from './rest-error.js';
import type { TwilioCreateMessage, TwilioMessagesApi } from './twilio-messenger.js';

/** Twilio's error body: `{ code, message, more_info, status }`. */

const FIELD: Record<keyof TwilioCreateMessage, string> = {
  to: 'To',
  from: 'From',
  messagingServiceSid: 'MessagingServiceSid',
  body: 'Body',
  contentSid: 'ContentSid',
  contentVariables: 'ContentVariables',
  mediaUrl: 'MediaUrl',
  statusCallback: 'StatusCallback',
};

/**
 * The two Twilio REST calls Stem makes (Messages.create, Calls.create), over fetch: the full `twilio`
 * client would add megabytes to a Lambda bundle for this. Same parameters and error codes as the official client.
 */
export function twilioRestClient(
  accountSid: string,
  authToken: string,
  baseUrl = 'https://api.twilio.com',
  fetchImpl: typeof fetch = fetch,
): TwilioMessagesApi & TwilioCallsApi {
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const post = async (resource: 'Messages' | 'Calls', form: URLSearchParams): Promise<{ sid: string }> => {
    const response = await fetchImpl(`${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(10_000),
    });
    const body: unknown = await response.json().catch(() => null);
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (!response.ok) throw new TwilioRestError(response.status, typeof record.code === 'number' ? record.code : null);
    return { sid: typeof record.sid === 'string' ? record.sid : '' };
  };
  return {
    messages: {
      create(params) {
        const form = new URLSearchParams();
        for (const [key, value] of Object.entries(params) as Array<[keyof TwilioCreateMessage, string | string[] | undefined]>) {
          // A list (MediaUrl) is the parameter repeated, as the official client sends it.
          for (const one of value === undefined ? [] : Array.isArray(value) ? value : [value]) form.append(FIELD[key], one);
        }
        return post('Messages', form);
      },
    },
    calls: {
      create(params: TwilioCreateCall) {
        return post('Calls', new URLSearchParams({ ...params }));
      },
    },
  };
}
