/**
 * Which attachment URLs (voice notes, photos, call recordings) may be fetched with the account's
 * credentials: the provider's API hosts, and in local mode the local media host. Configuration the
 * composition root injects (adapters/twilio/media-hosts.ts); core only asks. An attachment whose URL is
 * refused is kept as an "unsupported" record with the reason, and nothing is ever fetched from it.
 */
export interface MediaUrlPolicy {
  allows(url: string): boolean;
}
