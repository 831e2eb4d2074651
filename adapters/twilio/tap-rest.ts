import type { ContentRequest } from './content-types.js';
import { TwilioRestError } from './rest-error.js';

/** The three REST calls answers to tap need: make a template, delete one, send a message with one. */
export interface TwilioTapApi {
  /** POST https://content.twilio.com/v1/Content (JSON): the new template's SID. */
  createContent(request: ContentRequest): Promise<string>;
  /** DELETE https://content.twilio.com/v1/Content/{sid}. */
  deleteContent(sid: string): Promise<void>;
  /** POST /2010-04-01/Accounts/{sid}/Messages.json with To, From and ContentSid (no Body: the template is the message). */
  sendContent(to: string, from: string, contentSid: string): Promise<void>;
}

/**
 * Twilio's Content API (https://www.twilio.com/docs/content/content-api-resources) and Messages API over
 * fetch, Basic auth with the account's credentials, errors as Twilio's `{ code, status }` — as small as
 * the webhook's bundle needs (rest-client.ts is the delivery worker's). Each call gives up after
 * `timeoutMs`: the webhook waits for them, and Twilio waits 15 s for the webhook, so a slow Twilio means
 * numbered text instead, not Twilio's retry.
 */
export function twilioTapApi(
  accountSid: string,
  authToken: string,
  bases: { api: string; content: string },
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 3000,
): TwilioTapApi {
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const call = async (url: string, method: string, body?: { type: string; text: string }): Promise<unknown> => {
    const response = await fetchImpl(url, {
      method,
      headers: { authorization, accept: 'application/json', ...(body && { 'content-type': body.type }) },
      ...(body && { body: body.text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const code = typeof json === 'object' && json !== null && 'code' in json && typeof json.code === 'number' ? json.code : null;
      throw new TwilioRestError(response.status, code);
    }
    return json;
  };
  return {
    async createContent(request) {
      const created = await call(`${bases.content}/v1/Content`, 'POST', { type: 'application/json', text: JSON.stringify(request) });
      const sid = typeof created === 'object' && created !== null && 'sid' in created ? created.sid : null;
      // Only a Content SID is taken from the answer (HX + 32 hex digits).
      if (typeof sid !== 'string' || !/^HX[0-9a-fA-F]{32}$/.test(sid)) throw new TwilioRestError(201, null);
      return sid;
    },
    async deleteContent(sid) {
      await call(`${bases.content}/v1/Content/${encodeURIComponent(sid)}`, 'DELETE');
    },
    async sendContent(to, from, contentSid) {
      const form = new URLSearchParams({ To: to, From: from, ContentSid: contentSid });
      await call(`${bases.api}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, 'POST', {
        type: 'application/x-www-form-urlencoded',
        text: form.toString(),
      });
    },
  };
}
