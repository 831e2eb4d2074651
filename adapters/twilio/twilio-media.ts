import type { MediaUrlPolicy } from '../../core/conversation/media-urls.js';
import type { MediaSource } from '../../core/voice/ports.js';
import { MediaHostRefusedError } from './media-hosts.js';

/**
 * Twilio media: fetched with HTTP Basic auth (Twilio redirects to storage; fetch drops the credentials
 * on that cross-origin redirect), deleted after we copied it — Twilio keeps media until told otherwise.
 * The credentials go only to the hosts `hosts` allows (Twilio's API, and the local media host locally):
 * a URL elsewhere is refused before any request is made.
 */
export class TwilioMediaSource implements MediaSource {
  private readonly auth: string;

  constructor(
    accountSid: string,
    authToken: string,
    private readonly hosts: MediaUrlPolicy,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  }

  async fetch(url: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string } | { missing: true } | { tooLarge: true }> {
    if (!this.hosts.allows(url)) throw new MediaHostRefusedError();
    const response = await this.fetchImpl(url, { headers: { authorization: this.auth }, signal: AbortSignal.timeout(30_000) });
    if (response.status === 404 || response.status === 410) return { missing: true };
    if (!response.ok) throw new Error(`media fetch answered ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) return { tooLarge: true };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxBytes) return { tooLarge: true };
    return { bytes, contentType: response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream' };
  }

  async remove(url: string): Promise<void> {
    if (!this.hosts.allows(url)) throw new MediaHostRefusedError();
    const response = await this.fetchImpl(url, { method: 'DELETE', headers: { authorization: this.auth }, signal: AbortSignal.timeout(15_000) });
    if (!response.ok && response.status !== 404) throw new Error(`media delete answered ${response.status}`);
  }
}
