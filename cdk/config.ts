/**
 * Deployment settings read from CDK context (`cdk.json`, or `-c key=value` on the command line).
 * Context holds no secrets: secret values live in Secrets Manager (see `constructs/secrets.ts`).
 */
export interface StemConfig {
  /**
   * The public base URL Twilio calls (e.g. `https://stem.example.be`), without the webhook path.
   * Twilio signs requests over the exact URL it calls, so this must be what is configured in Twilio.
   * Undefined: the HTTP API's own `execute-api` endpoint.
   */
  readonly publicUrl?: string;
  /**
   * Bump after changing a secret value (`-c secretsRevision=2`): a configuration change makes Lambda
   * start fresh containers, which read the secrets again at their cold start.
   */
  readonly secretsRevision: string;
  /** Organisations whose Cognito groups exist from the start (`-c organisations=ocmw-gent,cpas-liege`). */
  readonly organisations?: readonly string[];
  /** The Cognito hosted UI's domain prefix; unique in the region (`-c authDomainPrefix=stem-gent`). */
  readonly authDomainPrefix?: string;
  /** The Twilio account (`AC…`; not a secret) and numbers, for outbound messages, calls and media. */
  readonly twilio?: { accountSid: string; smsFrom: string; whatsappFrom: string; voiceFrom: string };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type ContextReader = (key: string) => unknown;

export function readConfig(context: ContextReader): StemConfig {
  const publicUrl = optionalString(context('publicUrl'), 'publicUrl');
  const secretsRevision = optionalString(context('secretsRevision'), 'secretsRevision') ?? '1';
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(secretsRevision)) throw new ConfigError('context secretsRevision: 1–32 characters of A–Z, a–z, 0–9, ".", "_", "-"');
  const organisations = optionalString(context('organisations'), 'organisations')?.split(',').map((o) => o.trim()).filter(Boolean);
  for (const org of organisations ?? []) if (!/^[a-z0-9-]{2,40}$/.test(org)) throw new ConfigError(`context organisations: "${org}" is not an organisation id (a–z, 0–9, "-")`);
  const authDomainPrefix = optionalString(context('authDomainPrefix'), 'authDomainPrefix');
  if (authDomainPrefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix)) throw new ConfigError('context authDomainPrefix: lowercase letters, digits and "-"');
  const accountSid = optionalString(context('twilioAccountSid'), 'twilioAccountSid');
  if (accountSid !== undefined && !/^AC[0-9a-f]{32}$/.test(accountSid)) throw new ConfigError('context twilioAccountSid: an Account SID (AC…)');
  const number = (key: string) => {
    const value = optionalString(context(key), key);
    if (value !== undefined && !/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(value)) throw new ConfigError(`context ${key}: an E.164 number (whatsapp: prefix allowed)`);
    return value;
  };
  const smsFrom = number('twilioSmsFrom');
  const twilio = accountSid && smsFrom ? { accountSid, smsFrom, whatsappFrom: number('twilioWhatsappFrom') ?? `whatsapp:${smsFrom}`, voiceFrom: number('twilioVoiceFrom') ?? smsFrom } : undefined;
  return {
    secretsRevision,
    ...(publicUrl !== undefined ? { publicUrl: normalizePublicUrl(publicUrl) } : {}),
    ...(organisations ? { organisations } : {}),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    ...(twilio ? { twilio } : {}),
  };
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new ConfigError(`context ${key}: expected a string`);
  return value;
}

/** An https origin (optionally with a base path), no query or fragment, no trailing slash. */
export function normalizePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigError(`context publicUrl: not a URL: "${value}"`, { cause });
  }
  if (url.protocol !== 'https:') throw new ConfigError('context publicUrl: must be https (Twilio signs the exact URL it calls)');
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError('context publicUrl: no query, fragment or credentials; give the base URL only');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
