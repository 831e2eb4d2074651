import * as z from '../../kernel/zod.js';
import type { ContentRequest } from './content-types.js';
import { TwilioRestError } from './rest-error.js';

/** The Content API calls Stem makes: create a template, delete one (https://www.twilio.com/docs/content/content-api-resources). */
export interface TwilioContentApi {
  create(request: ContentRequest): Promise<{ sid: string }>;
  remove(sid: string): Promise<void>;
}

/** What Stem reads of the created Content resource: its SID (`HX` + 32 hex digits). */
const Created = z.object({ sid: z.string().check(z.regex(/^HX[0-9a-fA-F]{32}$/)) });

/**
 * The Content API over fetch, as the REST client does the Messages API (rest-client.ts): JSON in and out,
 * Basic auth with the account's credentials. Content templates are not offered in Twilio's IE1 region
 * (error 21671), so this is US1's host unless a stand-in is given.
 */
export function twilioContentClient(
  accountSid: string,
  authToken: string,
  baseUrl = 'https://content.twilio.com',
  fetchImpl: typeof fetch = fetch,
): TwilioContentApi {
  const headers = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, accept: 'application/json' };
  const failed = async (response: Response): Promise<TwilioRestError> => {
    const body: unknown = await response.json().catch(() => null);
    const code = typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'number' ? body.code : null;
    return new TwilioRestError(response.status, code);
  };
  return {
    async create(request) {
      const response = await fetchImpl(`${baseUrl}/v1/Content`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw await failed(response);
      const created = Created.safeParse(await response.json().catch(() => null));
      if (!created.success) throw new TwilioRestError(response.status, null);
      return { sid: created.data.sid };
    },
    async remove(sid) {
      const response = await fetchImpl(`${baseUrl}/v1/Content/${encodeURIComponent(sid)}`, { method: 'DELETE', headers });
      if (!response.ok && response.status !== 404) throw await failed(response);
    },
  };
}

/**
 * `fetch` that gives up after `ms`: the webhook waits for these calls, and Twilio waits 15 s for the
 * webhook; a slow answer turns into the text fallback, not into Twilio's retry.
 */
export function fetchWithin(ms: number, fetchImpl: typeof fetch = fetch): typeof fetch {
  return (input, init) =>
    fetchImpl(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms) });
}
