import { createHash, randomBytes } from 'node:crypto';
import * as z from '../../kernel/zod.js';

/**
 * Sign-in through the Cognito hosted UI (managed login): the OAuth 2.0 authorization-code flow with PKCE
 * for a public app client (no client secret). The dashboard sends the browser to `authorizeUrl`, Cognito
 * sends it back to `redirectUri` with a code, and `exchangeCode` trades the code for the ID token.
 */
export interface HostedUi {
  /** The pool's domain, e.g. https://stem-xyz.auth.eu-west-1.amazoncognito.com */
  domain: string;
  clientId: string;
  /** Registered as a callback URL of the app client; must match exactly. */
  redirectUri: string;
}

/** The scopes asked for: an ID token (with `sub` and `cognito:groups`) is all the dashboard needs. */
export const SCOPE = 'openid';

export class HostedUiError extends Error {
  readonly code = 'HOSTED_UI';
  constructor(
    /** The OAuth error (`invalid_grant`, …) when Cognito said one; else what went wrong on our side. */
    readonly reason: string,
    readonly status: number | null,
  ) {
    super(`Cognito token endpoint: ${reason}${status === null ? '' : ` (HTTP ${status})`}`);
    this.name = 'HostedUiError';
  }
}

const endpoint = (domain: string, path: string): URL => {
  const base = new URL(domain);
  if (base.protocol !== 'https:' && base.hostname !== 'localhost') throw new Error('the Cognito domain must be https');
  return new URL(path, base.origin);
};

/** A PKCE pair (RFC 7636, S256): the verifier stays with us, the challenge goes to the authorize URL. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Where the browser goes to sign in. `lang` asks managed login for the page's language (the classic UI ignores it). */
export function authorizeUrl(p: HostedUi & { state: string; codeChallenge?: string; lang?: string }): string {
  const url = endpoint(p.domain, '/oauth2/authorize');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', SCOPE);
  url.searchParams.set('state', p.state);
  if (p.codeChallenge) {
    url.searchParams.set('code_challenge', p.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (p.lang) url.searchParams.set('lang', p.lang);
  return url.toString();
}

/** Ends the Cognito session too (else the next sign-in skips the password). `logoutUri` must be a registered sign-out URL. */
export function logoutUrl(p: { domain: string; clientId: string; logoutUri: string }): string {
  const url = endpoint(p.domain, '/logout');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('logout_uri', p.logoutUri);
  return url.toString();
}

const TokenResponse = z.object({
  id_token: z.string().check(z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)),
  token_type: z.optional(z.string()),
  expires_in: z.optional(z.number()),
});
const ErrorResponse = z.object({ error: z.string().check(z.regex(/^[a-z_]{1,64}$/)) });

/**
 * The ID token for an authorization code (`POST {domain}/oauth2/token`). A refused code (used, expired,
 * another redirect URI or verifier) is a HostedUiError with Cognito's reason, e.g. `invalid_grant`.
 * Access and refresh tokens are not kept: the dashboard needs who the user is, not their Cognito API rights.
 */
export async function exchangeCode(p: HostedUi & { code: string; codeVerifier?: string; fetchImpl?: typeof fetch; timeoutMs?: number }): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: p.clientId, code: p.code, redirect_uri: p.redirectUri });
  if (p.codeVerifier) form.set('code_verifier', p.codeVerifier);
  let response: Response;
  try {
    response = await (p.fetchImpl ?? fetch)(endpoint(p.domain, '/oauth2/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(p.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new HostedUiError(error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable', null);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const refused = ErrorResponse.safeParse(body);
    throw new HostedUiError(refused.success ? refused.data.error : 'refused', response.status);
  }
  const tokens = TokenResponse.safeParse(body);
  if (!tokens.success) throw new HostedUiError('unexpected response', response.status);
  return tokens.data.id_token;
}
