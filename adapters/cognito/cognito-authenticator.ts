import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError } from 'aws-jwt-verify/error';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import type { Authenticator, Principal } from '../../core/access/principal.js';
import * as z from '../../kernel/zod.js';

/**
 * Staff, interpreters and coordinators in the cloud: Amazon Cognito ID tokens (the dashboard's session
 * cookie, or `Authorization: Bearer` on the API). The role comes from the user pool's groups:
 * `coordinator`, `staff-<organisationId>`, `interpreter-<organisationId>`, or `interpreter` (an
 * independent interpreter of the network, whom coordinators manage), exactly one of them. An
 * interpreter's languages, when the account lists them, are its `custom:languages` attribute ("ti,ar").
 */

/** What the authenticator needs of a verifier: the claims of a valid token; a rejection otherwise. */
export interface IdTokenVerifier {
  verify(token: string): Promise<unknown>;
}

export interface UserPool {
  userPoolId: string;
  /** The app client the dashboard signs in with: an ID token's `aud`. */
  clientId: string;
}

/**
 * The verifier of the pool's ID tokens (signature against the pool's JWKS, issuer, `aud` = the client,
 * `token_use` = id, `exp`). It fetches the JWKS once from Cognito; tests call `cacheJwks` instead.
 */
export function cognitoIdTokenVerifier(pool: UserPool) {
  return CognitoJwtVerifier.create({ userPoolId: pool.userPoolId, tokenUse: 'id', clientId: pool.clientId });
}

export const ORGANISATION_ID = /^[a-z0-9-]{2,40}$/;

const Claims = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  'cognito:groups': z.optional(z.array(z.string())),
  'custom:languages': z.optional(z.string().check(z.maxLength(200))),
});

/** Groups that look like roles. Others (e.g. the `<pool>_Google` group Cognito adds for federated users) are ignored. */
const ROLE_GROUP = /^(?:coordinator$|interpreter$|staff-|interpreter-)/;

/**
 * The principal of a set of Cognito groups, or null: no role group, several, or a malformed (or
 * reserved) organisation id. Being in two roles is a mistake of whoever manages the pool, never a
 * reason to pick one.
 */
export function principalOfGroups(userId: string, groups: readonly string[], languages?: string): Principal | null {
  const roles = [...new Set(groups.filter((g) => ROLE_GROUP.test(g)))];
  if (roles.length !== 1) return null;
  const [group = ''] = roles;
  if (group === 'coordinator') return { role: 'coordinator', userId };
  const covered = languages
    ?.split(',')
    .map((l) => l.trim())
    .filter((l) => /^[a-z]{2,3}$/.test(l));
  const only = covered?.length ? { languages: covered } : {};
  if (group === 'interpreter') return { role: 'interpreter', userId, organisationId: null, ...only };
  const dash = group.indexOf('-');
  const role = group.slice(0, dash);
  const organisationId = group.slice(dash + 1);
  // "template" owns the shared survey templates: no organisation may be called that.
  if (!ORGANISATION_ID.test(organisationId) || organisationId === TEMPLATE_OWNER) return null;
  return role === 'staff' ? { role: 'staff', userId, organisationId } : { role: 'interpreter', userId, organisationId, ...only };
}

export class CognitoAuthenticator implements Authenticator {
  constructor(private readonly verifier: IdTokenVerifier) {}

  static forPool(pool: UserPool): CognitoAuthenticator {
    return new CognitoAuthenticator(cognitoIdTokenVerifier(pool));
  }

  /**
   * Null for anything but a valid ID token of this pool and client with one role group; never throws for
   * a bad token. Only Cognito's key set being out of reach throws: a failure of ours, not a sign-out.
   */
  async authenticate(token: string): Promise<Principal | null> {
    // A Cognito ID token is a few kB; anything far larger is not one (and not worth parsing).
    if (token.length < 20 || token.length > 8192) return null;
    let payload: unknown;
    try {
      payload = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      return null;
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) return null;
    return principalOfGroups(claims.data.sub, claims.data['cognito:groups'] ?? [], claims.data['custom:languages']);
  }
}
