import type { ContentRequest } from './content-types.js';
import { TwilioRestError } from './rest-error.js';

/** The REST calls answers to tap need: make a template, delete one, send a message (with one, a text or a medium), read a message's status. */
export interface TwilioTapApi {
  /** POST https://content.twilio.com/v1/Content (JSON): the new template's SID. */
  createContent(request: ContentRequest): Promise<string>;
  /** DELETE https://content.twilio.com/v1/Content/{sid}. */
  deleteContent(sid: string): Promise<void>;
  /**
   * POST /2010-04-01/Accounts/{sid}/Messages.json with To, From and one of ContentSid (no Body: the
   * template is the message), Body or MediaUrl: the new Message's SID (SM… or MM…).
   */
  sendMessage(to: string, from: string, content: { ContentSid: string } | { Body: string } | { MediaUrl: string }): Promise<string>;
  /** GET /2010-04-01/Accounts/{sid}/Messages/{MessageSid}.json: the Message's `status` (queued, sending, sent, delivered, read, failed…). */
  messageStatus(messageSid: string): Promise<string>;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/** A field of a JSON answer, as a string (or null). */
const field = (json: unknown, name: string): string | null => {
  const value = typeof json === 'object' && json !== null && name in json ? (json as Record<string, unknown>)[name] : null;
  return typeof value === 'string' ? value : null;
};

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
  const messages = `${bases.api}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages`;
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
    async sendMessage(to, from, content) {
      const form = new URLSearchParams({ To: to, From: from, ...content });
      const sent = await call(`${messages}.json`, 'POST', { type: 'application/x-www-form-urlencoded', text: form.toString() });
      const sid = field(sent, 'sid');
      // Only a Message SID is taken from the answer: it goes into the next URL.
      if (sid === null || !MESSAGE_SID.test(sid)) throw new TwilioRestError(201, null);
      return sid;
    },
    async messageStatus(messageSid) {
      if (!MESSAGE_SID.test(messageSid)) throw new TwilioRestError(400, null);
      const status = field(await call(`${messages}/${messageSid}.json`, 'GET'), 'status');
      if (status === null) throw new TwilioRestError(200, null);
      return status;
    },
  };
}
