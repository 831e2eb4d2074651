import webhooks from 'twilio/lib/webhooks/webhooks.js';

/**
 * Twilio's request signature: HMAC-SHA1 over the exact public URL and every POST parameter, with the auth
 * token. Uses the `twilio` helper itself (only its webhooks module, to keep the Lambda bundle small).
 */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return webhooks.validateRequest(authToken, signature, url, params);
}

/** The signature Twilio would send: for the participant simulator and tests. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return webhooks.getExpectedTwilioSignature(authToken, url, params);
}
