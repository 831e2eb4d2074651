import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';

/**
 * A stand-in for a Cognito user pool's signing side: an RSA key pair made here, its public half as the
 * pool's JWKS (to hand to `verifier.cacheJwks`, so nothing is fetched from AWS), and RS256 tokens shaped
 * like the ones Cognito issues (claims as in a real ID or access token).
 */
export interface TestUserPool {
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwks: Jwks;
  /** An ID token for these groups; `claims` override or add claims. */
  idToken(groups: string[] | undefined, claims?: Record<string, unknown>): string;
  /** An access token of the same user (token_use "access", client_id instead of aud). */
  accessToken(groups: string[]): string;
  /** Sign any header and payload with the pool's key (or another). */
  signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key?: KeyObject): string;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function testUserPool(opts: { userPoolId?: string; clientId?: string; kid?: string } = {}): TestUserPool {
  const userPoolId = opts.userPoolId ?? 'eu-west-1_StemTest1';
  const clientId = opts.clientId ?? '4s0m3cl13nt1dv4lu3f0rt3st';
  const kid = opts.kid ?? 'test-key-1';
  const region = userPoolId.split('_')[0] ?? 'eu-west-1';
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n = '', e = '' } = publicKey.export({ format: 'jwk' });
  // As Cognito publishes it at /.well-known/jwks.json.
  const jwks: Jwks = { keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e }] };

  const signJwt = (header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject = privateKey): string => {
    const input = `${b64url(header)}.${b64url(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const sub = '5a1c2e34-70b1-4f0e-9d6a-2f0c8e4b7a11';

  return {
    userPoolId,
    clientId,
    issuer,
    jwks,
    signJwt,
    idToken(groups, claims = {}) {
      const t = now();
      return signJwt(
        { kid, alg: 'RS256' },
        {
          sub,
          ...(groups ? { 'cognito:groups': groups } : {}),
          email_verified: true,
          iss: issuer,
          'cognito:username': sub,
          origin_jti: randomUUID(),
          aud: clientId,
          event_id: randomUUID(),
          token_use: 'id',
          auth_time: t,
          exp: t + 3600,
          iat: t,
          jti: randomUUID(),
          email: 'an.medewerker@ocmw.example',
          ...claims,
        },
      );
    },
    accessToken(groups) {
      const t = now();
      return signJwt(
        { kid, alg: 'RS256' },
        {
          sub,
          'cognito:groups': groups,
          iss: issuer,
          client_id: clientId,
          origin_jti: randomUUID(),
          event_id: randomUUID(),
          token_use: 'access',
          scope: 'openid',
          auth_time: t,
          exp: t + 3600,
          iat: t,
          jti: randomUUID(),
          username: sub,
        },
      );
    },
  };
}

export const TEST_SUB = '5a1c2e34-70b1-4f0e-9d6a-2f0c8e4b7a11';
