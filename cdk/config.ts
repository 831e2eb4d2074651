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
   * Bump after changing a secret value (`-c secretsRevision=2`): CloudFormation resolves
   * `{{resolve:secretsmanager:…}}` references only when the resource that holds them is updated.
   */
  readonly secretsRevision: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type ContextReader = (key: string) => unknown;

export function readConfig(context: ContextReader): StemConfig {
  const publicUrl = optionalString(context('publicUrl'), 'publicUrl');
  const secretsRevision = optionalString(context('secretsRevision'), 'secretsRevision') ?? '1';
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(secretsRevision)) throw new ConfigError('context secretsRevision: 1–32 characters of A–Z, a–z, 0–9, ".", "_", "-"');
  return publicUrl === undefined ? { secretsRevision } : { publicUrl: normalizePublicUrl(publicUrl), secretsRevision };
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
