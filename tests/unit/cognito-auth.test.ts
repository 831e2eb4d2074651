import { createHash, generateKeyPairSync } from 'node:crypto';
import { FetchError } from 'aws-jwt-verify/error';
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoAuthenticator, cognitoIdTokenVerifier, principalOfGroups } from '../../adapters/cognito/cognito-authenticator.js';
import { authorizeUrl, exchangeCode, HostedUiError, logoutUrl, newPkce } from '../../adapters/cognito/hosted-ui.js';
import { testUserPool, TEST_SUB } from '../support/cognito-idp.js';

/**
 * Cognito ID tokens → principals, with real RS256 tokens signed by a key made here; the verifier
 * (aws-jwt-verify, as in production) gets the key set from `cacheJwks`, so nothing goes to AWS. And
 * the hosted UI's authorization-code flow, with the token endpoint mocked.
 */

const pool = testUserPool();
let auth: CognitoAuthenticator;

beforeAll(() => {
  const verifier = cognitoIdTokenVerifier({ userPoolId: pool.userPoolId, clientId: pool.clientId });
  verifier.cacheJwks(pool.jwks);
  auth = new CognitoAuthenticator(verifier);
});

describe('CognitoAuthenticator: a valid ID token and its one role group', () => {
  it('staff-<org> is staff of that organisation; userId is the token sub', async () => {
    expect(await auth.authenticate(pool.idToken(['staff-demo']))).toEqual({ role: 'staff', userId: TEST_SUB, organisationId: 'demo' });
  });

  it('interpreter-<org> is an interpreter for that organisation', async () => {
    expect(await auth.authenticate(pool.idToken(['interpreter-ocmw-gent']))).toEqual({ role: 'interpreter', userId: TEST_SUB, organisationId: 'ocmw-gent' });
  });

  it('interpreter (no organisation) is an independent interpreter of the network; custom:languages limits what it hears', async () => {
    expect(await auth.authenticate(pool.idToken(['interpreter']))).toEqual({ role: 'interpreter', userId: TEST_SUB, organisationId: null });
    expect(await auth.authenticate(pool.idToken(['interpreter'], { 'custom:languages': 'ti, ar,<script>' }))).toEqual({
      role: 'interpreter',
      userId: TEST_SUB,
      organisationId: null,
      languages: ['ti', 'ar'],
    });
    expect(await auth.authenticate(pool.idToken(['interpreter-ocmw-gent'], { 'custom:languages': 'fa' }))).toEqual({
      role: 'interpreter',
      userId: TEST_SUB,
      organisationId: 'ocmw-gent',
      languages: ['fa'],
    });
    // One role only: independent and of an organisation at once is a mistake, not a choice.
    expect(await auth.authenticate(pool.idToken(['interpreter', 'interpreter-ocmw-gent']))).toBeNull();
  });

  it('coordinator is the coordinator', async () => {
    expect(await auth.authenticate(pool.idToken(['coordinator']))).toEqual({ role: 'coordinator', userId: TEST_SUB });
  });

  it('groups that are not roles (the group Cognito adds for federated users) are ignored', async () => {
    expect(await auth.authenticate(pool.idToken([`${pool.userPoolId}_Google`, 'staff-demo']))).toEqual({
      role: 'staff',
      userId: TEST_SUB,
      organisationId: 'demo',
    });
  });
});

describe('CognitoAuthenticator: anything else is null (unauthorized), never an exception', () => {
  it('an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    expect(await auth.authenticate(pool.idToken(['staff-demo'], { iat: past, auth_time: past, exp: past + 3600 }))).toBeNull();
  });

  it('a token for another app client (wrong audience)', async () => {
    expect(await auth.authenticate(pool.idToken(['staff-demo'], { aud: 'an0th3rcl13nt' }))).toBeNull();
  });

  it('an access token (token_use "access") instead of an ID token', async () => {
    expect(await auth.authenticate(pool.accessToken(['staff-demo']))).toBeNull();
  });

  it('a token of another user pool (issuer)', async () => {
    expect(await auth.authenticate(pool.idToken(['staff-demo'], { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_0ther' }))).toBeNull();
  });

  it('a tampered token: another group in the payload under the original signature, or a changed signature', async () => {
    const [header = '', payload = '', signature = ''] = pool.idToken(['staff-demo']).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['staff-other'] })).toString('base64url');
    expect(await auth.authenticate(`${header}.${forged}.${signature}`)).toBeNull();
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] = (flipped[10] ?? 0) ^ 0xff;
    expect(await auth.authenticate(`${header}.${payload}.${flipped.toString('base64url')}`)).toBeNull();
  });

  it('a token signed by another key under the same key id, and an unsigned one (alg none)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const good = JSON.parse(Buffer.from(pool.idToken(['staff-demo']).split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(await auth.authenticate(pool.signJwt({ kid: 'test-key-1', alg: 'RS256' }, good, privateKey))).toBeNull();
    const none = `${Buffer.from(JSON.stringify({ kid: 'test-key-1', alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`;
    expect(await auth.authenticate(none)).toBeNull();
  });

  it('no role group: no groups claim, an empty list, only other groups', async () => {
    expect(await auth.authenticate(pool.idToken(undefined))).toBeNull();
    expect(await auth.authenticate(pool.idToken([]))).toBeNull();
    expect(await auth.authenticate(pool.idToken(['admins', 'eu-west-1_StemTest1_Google']))).toBeNull();
  });

  it('two role groups: never pick one', async () => {
    expect(await auth.authenticate(pool.idToken(['staff-demo', 'interpreter-demo']))).toBeNull();
    expect(await auth.authenticate(pool.idToken(['staff-demo', 'staff-other']))).toBeNull();
    expect(await auth.authenticate(pool.idToken(['coordinator', 'staff-demo']))).toBeNull();
  });

  it('a malformed or reserved organisation id', async () => {
    for (const group of [
      'staff-',
      'staff-x',
      'staff-Demo',
      'staff-demo_1',
      'staff-a/b',
      `staff-${'a'.repeat(41)}`,
      'interpreter-ocmw gent',
      'staff-template',
      'coordinators',
    ]) {
      expect(await auth.authenticate(pool.idToken([group])), group).toBeNull();
    }
  });

  it('garbage and a token without sub', async () => {
    expect(await auth.authenticate('not-a-jwt-at-all-but-long-enough')).toBeNull();
    expect(await auth.authenticate('')).toBeNull();
    expect(await auth.authenticate(pool.idToken(['staff-demo'], { sub: undefined }))).toBeNull();
  });

  it('Cognito key set out of reach is an error of ours (500), not a sign-out', async () => {
    const unreachable = new CognitoAuthenticator({
      verify: () => Promise.reject(new FetchError('https://cognito-idp.eu-west-1.amazonaws.com/x/.well-known/jwks.json', 'connect ETIMEDOUT')),
    });
    await expect(unreachable.authenticate(pool.idToken(['staff-demo']))).rejects.toBeInstanceOf(FetchError);
  });

  it('principalOfGroups is the mapping alone', () => {
    expect(principalOfGroups('u1', ['staff-ab'])).toEqual({ role: 'staff', userId: 'u1', organisationId: 'ab' });
    expect(principalOfGroups('u1', ['staff-ab', 'staff-ab'])).toEqual({ role: 'staff', userId: 'u1', organisationId: 'ab' });
    expect(principalOfGroups('u1', ['interpreter-a'])).toBeNull();
  });
});

describe('Cognito hosted UI: authorization-code flow', () => {
  const hostedUi = {
    domain: 'https://stem-xyz.auth.eu-west-1.amazoncognito.com',
    clientId: pool.clientId,
    redirectUri: 'https://api.stem.example/dashboard/auth/callback',
  };

  it('the authorize URL asks for a code, openid, with state and the PKCE challenge', () => {
    const pkce = newPkce();
    expect(pkce.challenge).toBe(createHash('sha256').update(pkce.verifier).digest('base64url'));
    const url = new URL(authorizeUrl({ ...hostedUi, state: 'st4te', codeChallenge: pkce.challenge, lang: 'nl' }));
    expect(url.origin + url.pathname).toBe('https://stem-xyz.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: pool.clientId,
      redirect_uri: hostedUi.redirectUri,
      scope: 'openid',
      state: 'st4te',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      lang: 'nl',
    });
  });

  it('the logout URL names the client and where to come back', () => {
    const url = new URL(logoutUrl({ domain: hostedUi.domain, clientId: pool.clientId, logoutUri: 'https://api.stem.example/dashboard/auth/signed-out' }));
    expect(url.pathname).toBe('/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: pool.clientId, logout_uri: 'https://api.stem.example/dashboard/auth/signed-out' });
  });

  it('exchanges a code for the ID token (Cognito token endpoint mocked, recorded response shape)', async () => {
    const idToken = pool.idToken(['staff-demo']);
    const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(input), init });
      // As Cognito answers: the three tokens, their life in seconds, Bearer.
      return Promise.resolve(
        new Response(
          JSON.stringify({
            id_token: idToken,
            access_token: pool.accessToken(['staff-demo']),
            refresh_token: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.c2VhbGVk.aXY.Y2lwaGVy.dGFn',
            expires_in: 3600,
            token_type: 'Bearer',
          }),
          {
            status: 200,
            headers: { 'content-type': 'application/json;charset=UTF-8' },
          },
        ),
      );
    }) as typeof fetch;
    expect(await exchangeCode({ ...hostedUi, code: 'c0de-from-cognito', codeVerifier: 'v3rifier', fetchImpl })).toBe(idToken);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe('https://stem-xyz.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(request?.init?.method).toBe('POST');
    const headers = new Headers(request?.init?.headers);
    expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(headers.has('authorization')).toBe(false); // a public client: no secret
    expect(Object.fromEntries(new URLSearchParams(String(request?.init?.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: pool.clientId,
      code: 'c0de-from-cognito',
      redirect_uri: hostedUi.redirectUri,
      code_verifier: 'v3rifier',
    });
  });

  it('a refused code (400 invalid_grant, Cognito token endpoint mocked) is a HostedUiError with the reason', async () => {
    const fetchImpl = (() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } }),
      )) as typeof fetch;
    const refused = exchangeCode({ ...hostedUi, code: 'used-code', fetchImpl });
    await expect(refused).rejects.toBeInstanceOf(HostedUiError);
    await expect(refused).rejects.toMatchObject({ reason: 'invalid_grant', status: 400 });
  });

  it('an answer without an ID token, or no answer, is a HostedUiError too', async () => {
    const noIdToken = (() => Promise.resolve(new Response(JSON.stringify({ access_token: 'x', token_type: 'Bearer' }), { status: 200 }))) as typeof fetch;
    await expect(exchangeCode({ ...hostedUi, code: 'c', fetchImpl: noIdToken })).rejects.toMatchObject({ reason: 'unexpected response' });
    const down = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    await expect(exchangeCode({ ...hostedUi, code: 'c', fetchImpl: down })).rejects.toMatchObject({ reason: 'unreachable', status: null });
  });
});
