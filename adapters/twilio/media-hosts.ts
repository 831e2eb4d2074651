import type { MediaUrlPolicy } from '../../core/conversation/media-urls.js';

/**
 * Twilio's REST API hosts, where media and recording URLs point and where the account's credentials may
 * go: `api.twilio.com`, and the regional form `api.<edge>.<region>.twilio.com` (e.g.
 * `api.dublin.ie1.twilio.com`, `api.sydney.au1.twilio.com`) — see Twilio's "Understanding Edge Locations"
 * and "Legacy Edge Location IDs" (the older `api.<region>.twilio.com` stopped working on 2026-04-28, so
 * it is not accepted). HTTPS on the default port, no user info: anything else gets no credentials.
 */
const TWILIO_API_HOST = /^api(\.[a-z][a-z-]*\.[a-z]{2}\d)?\.twilio\.com$/;

export interface MediaHostOptions {
  /**
   * URL prefixes this deployment already trusts with the credentials, read at each check: the local
   * media host (`http://127.0.0.1:<port>/dev/media/`, known once the server listens), or the REST API
   * base the voice worker is configured with (`TWILIO_API_BASE`). None by default.
   */
  extra?: () => readonly string[];
}

export function twilioMediaHosts(opts: MediaHostOptions = {}): MediaUrlPolicy {
  return {
    allows(url: string): boolean {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (parsed.username !== '' || parsed.password !== '') return false;
      if (parsed.protocol === 'https:' && parsed.port === '' && TWILIO_API_HOST.test(parsed.hostname)) return true;
      // A prefix matches on the parsed form, so "http://127.0.0.1:3000/dev/media/../x" cannot slip by.
      return (opts.extra?.() ?? []).some((prefix) => prefix !== '' && parsed.href.startsWith(prefix));
    },
  };
}

/** A media URL outside the allowed hosts: never fetched, never sent the credentials. */
export class MediaHostRefusedError extends Error {
  readonly code = 'MEDIA_HOST_REFUSED';
  constructor() {
    super('the media URL is not on a Twilio API host: not fetched');
    this.name = 'MediaHostRefusedError';
  }
}
