import ExcelJS from 'exceljs';
import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cognitoIdTokenVerifier } from '../../adapters/cognito/cognito-authenticator.js';
import { generateProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import { DynamoDbSharing } from '../../adapters/dynamodb/sharing-store.js';
import { documentClient, ensureTable } from '../../adapters/dynamodb/table.js';
import { loadSecrets } from '../../functions/commons/env.js';
import { openApiDocument } from '../../http/api/openapi.js';
import { localDynamoDbClient } from '../../local/dynamodb-local.js';
import { DEMO_PROJECT, seedDemo } from '../../local/seed.js';
import { testUserPool, TEST_SUB } from '../support/cognito-idp.js';
import { CapturingLogger } from './support/harness.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-secrets-manager.js';
import { AUTHORING_PATHS } from '../../cdk/stack/staff-functions.js';

/**
 * The Lambda entry points `functions/api.ts` (staff API) and `functions/dashboard.ts` (the dashboard,
 * calling the API over HTTP — here straight into the API function's handler), invoked as API Gateway (HTTP API,
 * payload 2.0) invokes them, against DynamoDB Local, with secrets from a local Secrets Manager and SQS/S3
 * mocked. Cognito cannot run here: its tokens are RS256 JWTs signed with a key made in the test, whose
 * key set the verifier gets from `cacheJwks`, and the hosted UI's token endpoint is a fetch stub.
 */

const DOMAIN = 'abc123.execute-api.eu-west-1.amazonaws.com';
/** As deployed: browsers and Twilio reach Stem through CloudFront, which forwards to API Gateway under its own host name. */
const PUBLIC_URL = 'https://d1a2b3c4d5e6f7.cloudfront.net';
const COGNITO_DOMAIN = 'https://stem-xyz.auth.eu-west-1.amazoncognito.com';
const pool = testUserPool();
const tableName = `api${randomBytes(4).toString('hex')}`;
const client = localDynamoDbClient(inject('dynamoDbEndpoint'));
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
type Result = Exclude<APIGatewayProxyResultV2, string>;
/** The module's own `handler`, wired from the environment (its verifier would fetch keys from AWS: no tokens for it). */
let envHandler: Handler;
/** The same factory, with the test pool's keys cached and the token endpoint stubbed. */
let handler: Handler;
let authoringHandler: Handler;
/** The dashboard function: from the environment alone, and wired to the test's token endpoint and API handler. */
let dashboardEnvHandler: Handler;
let dashboardHandler: Handler;
let secrets: FakeSecretsManager;
const logger = new CapturingLogger();

/** What the stubbed token endpoint saw and will answer. */
const tokenRequests: URLSearchParams[] = [];
let tokenAnswer: () => Response = () => new Response('{}', { status: 500 });

interface Invocation {
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
}

function event(r: Invocation): APIGatewayProxyEventV2 {
  const method = r.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: r.path,
    rawQueryString: r.query ?? '',
    ...(r.cookies?.length ? { cookies: r.cookies } : {}),
    headers: {
      accept: 'text/html,application/json',
      host: DOMAIN,
      'user-agent': 'Mozilla/5.0',
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...r.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: DOMAIN,
      domainPrefix: 'abc123',
      http: { method, path: r.path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'Mozilla/5.0' },
      requestId: randomBytes(8).toString('hex'),
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795428000000,
    },
    ...(r.body === undefined ? {} : { body: Buffer.from(r.body).toString('base64') }),
    isBase64Encoded: r.body !== undefined,
  };
}

const context = { awsRequestId: 'req-1', functionName: 'api', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const invoke = async (h: Handler, r: Invocation) => (await h(event(r), context)) as Result;
const bodyOf = (result: Result): string => (result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? ''));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The `name=value` of a Set-Cookie, as a browser sends it back. */
const cookiePair = (setCookie: string): string => setCookie.split(';')[0] ?? '';
const setCookieNamed = (result: Result, name: string): string | undefined => (result.cookies ?? []).find((c) => c.startsWith(`${name}=`));
const hrefOf = (html: string, testId: string): string => {
  const match = new RegExp(`<a [^>]*href="([^"]+)"[^>]*data-testid="${testId}"`).exec(html);
  return (match?.[1] ?? '').replaceAll('&amp;', '&');
};

const staffToken = () => pool.idToken([`staff-${DEMO_PROJECT.organisationId}`]);
const coordinatorToken = () => pool.idToken(['coordinator']);

beforeAll(async () => {
  await ensureTable(client, tableName, { expireItems: false }); // the clock of these tests may stand in the past (ensureTable)
  const db = documentClient(client);
  await seedDemo(new DynamoDbDirectory(db, tableName), new Date());
  await new DynamoDbUsers(db, tableName).putOrganisation({ organisationId: DEMO_PROJECT.organisationId, name: 'OCMW Demo' });
  // The demo organisation shares the rows with the network: the coordinator downloads its CSV below.
  await new DynamoDbSharing(db, tableName).setSharing(DEMO_PROJECT.projectId, { level: 'rows', at: new Date().toISOString(), by: 'staff' });
  secrets = await startFakeSecretsManager({ twilioAuthToken: 'api-test-twilio-token-0123456789', ...generateProtectorKeys() });
  const queue = (channel: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/stem-delivery-${channel}`;
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    PUBLIC_URL,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
    COGNITO_DOMAIN,
    DELIVERY_QUEUE_URLS: JSON.stringify({ sms: queue('sms'), whatsapp: queue('whatsapp'), voice: queue('voice') }),
    VOICE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/stem-voice',
    AUDIO_BUCKET: 'stem-audio-test',
    MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    ...secrets.env,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
  });
  const mod = await import('../../functions/api.js');
  envHandler = mod.handler;
  const verifier = cognitoIdTokenVerifier({ userPoolId: pool.userPoolId, clientId: pool.clientId });
  verifier.cacheJwks(pool.jwks);
  const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => {
    expect(String(input)).toBe(`${COGNITO_DOMAIN}/oauth2/token`);
    tokenRequests.push(new URLSearchParams(String(init?.body)));
    return Promise.resolve(tokenAnswer());
  }) as typeof fetch;
  handler = mod.createApiHandler({ env: mod.readApiEnv(), secrets: await loadSecrets(), verifier, logger });
  // Authoring is a function of its own behind the same API (functions/authoring-api.ts).
  const authoring = await import('../../functions/authoring-api.js');
  authoringHandler = authoring.createAuthoringApiHandler({ env: authoring.readAuthoringApiEnv(), secrets: await loadSecrets(), verifier, logger });
  const authoringPath = (path: string) =>
    AUTHORING_PATHS.some((route) => path === route || (route.endsWith('/{proxy+}') && path.startsWith(route.slice(0, -'{proxy+}'.length))));
  const dashboard = await import('../../functions/dashboard.js');
  dashboardEnvHandler = dashboard.handler;
  // The dashboard's calls to the API go, as API Gateway would route them (cdk/stack/staff-functions.ts), to the
  // authoring function's handler or the staff API's.
  const apiFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    expect(url.origin).toBe(PUBLIC_URL);
    const body = init?.body === undefined || init.body === null ? undefined : await new Response(init.body).text();
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const result = await invoke(authoringPath(url.pathname) ? authoringHandler : handler, {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    return new Response([204, 304].includes(result.statusCode ?? 200) ? null : payload, {
      status: result.statusCode ?? 200,
      headers: result.headers as Record<string, string>,
    });
  }) as typeof fetch;
  dashboardHandler = dashboard.createDashboardHandler({ env: dashboard.readDashboardEnv(), fetchImpl, apiFetch, logger });
});

afterAll(async () => {
  client.destroy();
  sqs.restore();
  s3.restore();
  await secrets?.stop();
});

describe('Lambda functions/api.ts: the staff API with Cognito ID tokens', () => {
  it('GET /api/me with a Bearer ID token of staff-<org> → 200 with the principal', async () => {
    const result = await invoke(handler, { path: '/api/me', headers: bearer(staffToken()) });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(result))).toEqual({
      role: 'staff',
      userId: TEST_SUB,
      organisationId: DEMO_PROJECT.organisationId,
      organisation: { organisationId: DEMO_PROJECT.organisationId, name: 'OCMW Demo' },
    });
  });

  it('no token → 401 problem (the module handler, wired from the environment alone)', async () => {
    const result = await invoke(envHandler, { path: '/api/me' });
    expect(result.statusCode).toBe(401);
    expect(String(result.headers?.['content-type'])).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(bodyOf(result))).toMatchObject({ status: 401, errors: [{ field: 'Authorization' }] });
    // The OpenAPI description stays public: from source no file lies beside the module, so the function makes
    // it with the code that writes the deployed file (functions/commons/openapi-beside.ts).
    const openApi = await invoke(envHandler, { path: '/api/openapi.json' });
    expect(openApi.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(openApi))).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('an expired token, an access token, or a user without a role group → 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    for (const token of [pool.idToken(['staff-demo-ocmw'], { iat: past, exp: past + 3600 }), pool.accessToken(['staff-demo-ocmw']), pool.idToken([])]) {
      expect((await invoke(handler, { path: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
    }
  });

  it('authoring is its own function: the staff API no longer answers /api/surveys or /api/library; the authoring function does, and nothing else', async () => {
    for (const path of ['/api/surveys', '/api/templates', '/api/library']) {
      expect((await invoke(handler, { path, headers: bearer(staffToken()) })).statusCode, path).toBe(404);
      expect((await invoke(authoringHandler, { path, headers: bearer(staffToken()) })).statusCode, path).toBe(200);
    }
    expect((await invoke(authoringHandler, { path: '/api/projects', headers: bearer(staffToken()) })).statusCode).toBe(404);
    expect((await invoke(authoringHandler, { path: '/api/library' })).statusCode).toBe(401);
  });

  it('a coordinator cannot POST /api/projects (403); staff of the organisation can (201)', async () => {
    const project = { projectId: 'cognito-made', name: 'Made with Cognito', languages: ['nl'], joinCode: 'COGNITO' };
    const post = (token: string) =>
      invoke(handler, {
        method: 'POST',
        path: '/api/projects',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(project),
      });
    const refused = await post(coordinatorToken());
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(bodyOf(refused))).toMatchObject({ status: 403 });
    const created = await post(staffToken());
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(bodyOf(created))).toMatchObject({ project: { projectId: 'cognito-made', organisationId: DEMO_PROJECT.organisationId } });
  });

  it('a CSV download is stored in S3 (mocked: S3 cannot run here) and answered 303 to a five-minute link that downloads it', async () => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    const answer = await invoke(handler, {
      path: `/api/projects/${DEMO_PROJECT.projectId}/results.csv`,
      query: 'separator=semicolon',
      headers: bearer(coordinatorToken()),
    });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers?.['cache-control']).toBe('no-store');
    const put = s3.commandCalls(PutObjectCommand);
    expect(put).toHaveLength(1);
    const stored = put[0]?.args[0].input;
    expect(stored).toMatchObject({ Bucket: 'stem-audio-test', ServerSideEncryption: 'aws:kms', ContentType: 'text/csv; charset=utf-8' });
    expect(stored?.Key).toMatch(/^exports\/[0-9a-f-]{36}\.csv$/);
    // The same file the API gives locally: the BOM, then the header row with the chosen separator.
    expect(Buffer.from(stored?.Body as Uint8Array).toString('utf8')).toMatch(/^\uFEFF[a-z_]+;/);
    const link = new URL(String(answer.headers?.location));
    expect(link.hostname).toBe('stem-audio-test.s3.eu-west-1.amazonaws.com');
    expect(link.pathname).toBe(`/${stored?.Key ?? ''}`);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(link.searchParams.get('response-content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+-all-rounds-results\.csv"$/);
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an XLSX download through the Lambda handler: the workbook bytes stored in S3 (mocked) under .xlsx, answered 303 to its link', async () => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    const answer = await invoke(handler, { path: `/api/projects/${DEMO_PROJECT.projectId}/results.xlsx`, headers: bearer(staffToken()) });
    expect(answer.statusCode).toBe(303);
    const stored = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(stored).toMatchObject({ Bucket: 'stem-audio-test', ServerSideEncryption: 'aws:kms', ContentType: type });
    expect(stored?.Key).toMatch(/^exports\/[0-9a-f-]{36}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(stored?.Body as Uint8Array) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['answers', 'respondents', 'questions', 'codebook', 'codes']);
    const link = new URL(String(answer.headers?.location));
    expect(link.searchParams.get('response-content-type')).toBe(type);
    expect(link.searchParams.get('response-content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+-all-rounds-results\.xlsx"$/);
  });
});

describe('Lambda functions/dashboard.ts: the dashboard signs in through the Cognito hosted UI', () => {
  it('GET /dashboard/sign-in shows the organisation-account button (no token field); it goes to the hosted UI with client_id, redirect_uri, code, openid, state', async () => {
    const page = await invoke(dashboardEnvHandler, { path: '/dashboard/sign-in', query: 'next=%2Fdashboard%2Fprojects%2Fdemo&lang=en' });
    expect(page.statusCode).toBe(200);
    const html = bodyOf(page);
    expect(html).toContain('Sign in with your organisation account');
    expect(html).not.toContain('data-testid="token"');
    const start = new URL(hrefOf(html, 'sign-in-cognito'), PUBLIC_URL);
    expect(start.pathname).toBe('/dashboard/auth/start');
    expect(start.searchParams.get('next')).toBe('/dashboard/projects/demo');

    const redirect = await invoke(dashboardEnvHandler, { path: start.pathname, query: start.search.slice(1) });
    expect(redirect.statusCode).toBe(303);
    const hosted = new URL(String(redirect.headers?.location));
    expect(`${hosted.origin}${hosted.pathname}`).toBe(`${COGNITO_DOMAIN}/oauth2/authorize`);
    expect(hosted.searchParams.get('client_id')).toBe(pool.clientId);
    expect(hosted.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/dashboard/auth/callback`);
    expect(hosted.searchParams.get('response_type')).toBe('code');
    expect(hosted.searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(hosted.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hosted.searchParams.get('code_challenge_method')).toBe('S256');
    // The state waits in a short-lived cookie that only the callback path receives (Lax: it must come back from Cognito's site).
    const flow = setCookieNamed(redirect, 'stem_oauth') ?? '';
    expect(flow).toMatch(/HttpOnly/i);
    expect(flow).toMatch(/SameSite=Lax/i);
    expect(flow).toMatch(/Secure/i);
    expect(flow).toMatch(/Path=\/dashboard\/auth/);
    expect(flow).toMatch(/Max-Age=600/);
  });

  /** Start a sign-in; what the browser holds after being sent to the hosted UI. */
  async function startSignIn(next = '/dashboard'): Promise<{ state: string; challenge: string; flowCookie: string }> {
    const redirect = await invoke(dashboardHandler, { path: '/dashboard/auth/start', query: new URLSearchParams({ next }).toString() });
    const hosted = new URL(String(redirect.headers?.location));
    return {
      state: hosted.searchParams.get('state') ?? '',
      challenge: hosted.searchParams.get('code_challenge') ?? '',
      flowCookie: cookiePair(setCookieNamed(redirect, 'stem_oauth') ?? ''),
    };
  }

  it('the callback (Cognito token endpoint mocked) sets the session cookie with the ID token, and /dashboard then renders for that user', async () => {
    const idToken = staffToken();
    tokenAnswer = () =>
      new Response(
        JSON.stringify({
          id_token: idToken,
          access_token: pool.accessToken(['staff-demo-ocmw']),
          refresh_token: 'eyJjdHkiOiJKV1QifQ.a.b.c.d',
          expires_in: 3600,
          token_type: 'Bearer',
        }),
        {
          status: 200,
          headers: { 'content-type': 'application/json;charset=UTF-8' },
        },
      );
    const { state, challenge, flowCookie } = await startSignIn('/dashboard/projects/demo');
    const callback = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: new URLSearchParams({ code: 'c0de-from-cognito', state }).toString(),
      cookies: [flowCookie],
    });
    expect(callback.statusCode).toBe(200);

    // The code was exchanged with the PKCE verifier matching the challenge sent to the hosted UI.
    const exchange = tokenRequests.at(-1);
    expect(exchange?.get('grant_type')).toBe('authorization_code');
    expect(exchange?.get('code')).toBe('c0de-from-cognito');
    expect(exchange?.get('client_id')).toBe(pool.clientId);
    expect(exchange?.get('redirect_uri')).toBe(`${PUBLIC_URL}/dashboard/auth/callback`);
    expect(
      createHash('sha256')
        .update(exchange?.get('code_verifier') ?? '')
        .digest('base64url'),
    ).toBe(challenge);

    const session = setCookieNamed(callback, 'stem_token') ?? '';
    expect(cookiePair(session)).toBe(`stem_token=${idToken}`);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Secure/i);
    expect(session).toMatch(/SameSite=Strict/i);
    const maxAge = Number(/Max-Age=(\d+)/.exec(session)?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
    expect(setCookieNamed(callback, 'stem_oauth')).toMatch(/Max-Age=0/); // the state is single-use
    // A page of our own site moves on (a redirect would stay cross-site and lose the Strict cookie).
    expect(bodyOf(callback)).toContain('<meta http-equiv="refresh" content="0;url=/dashboard/projects/demo">');

    const dashboard = await invoke(dashboardHandler, { path: '/dashboard', query: 'lang=en', cookies: [cookiePair(session)] });
    expect(dashboard.statusCode).toBe(200);
    const html = bodyOf(dashboard);
    expect(html).toContain('Signed in as staff of OCMW Demo');
    expect(html).toContain(DEMO_PROJECT.name);
  });

  it('a state that does not match (or no flow cookie) → the sign-in page with a message in the UI language, nothing exchanged', async () => {
    const before = tokenRequests.length;
    const { flowCookie } = await startSignIn();
    const mismatch = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: 'code=x&state=forged-state-value-000000000000',
      cookies: [flowCookie],
      headers: { 'accept-language': 'nl-BE,nl;q=0.9' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect(bodyOf(mismatch)).toContain('Het aanmelden kon niet worden afgerond');
    expect(bodyOf(mismatch)).toContain('data-testid="sign-in-cognito"');
    expect(setCookieNamed(mismatch, 'stem_token')).toBeUndefined();
    const noCookie = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: 'code=x&state=whatever',
      headers: { 'accept-language': 'fr-BE' },
    });
    expect(noCookie.statusCode).toBe(400);
    expect(bodyOf(noCookie)).toContain('La connexion n’a pas pu aboutir');
    expect(tokenRequests.length).toBe(before);
  });

  it('a refused code (400 invalid_grant) or a cancelled sign-in → the sign-in page saying so, no session', async () => {
    tokenAnswer = () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } });
    const refused = await startSignIn();
    const result = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: new URLSearchParams({ code: 'used', state: refused.state }).toString(),
      cookies: [refused.flowCookie],
      headers: { 'accept-language': 'en' },
    });
    expect(result.statusCode).toBe(502);
    expect(bodyOf(result)).toContain('The sign-in did not succeed');
    // Logged for the operators: Cognito's reason and status, nothing of the code.
    expect(logger.lines.at(-1)).toBe(JSON.stringify({ level: 'warn', event: 'dashboard.sign-in.exchange-failed', reason: 'invalid_grant', status: 400 }));
    expect(setCookieNamed(result, 'stem_token')).toBeUndefined();

    const cancelled = await startSignIn();
    const back = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: new URLSearchParams({ error: 'access_denied', state: cancelled.state }).toString(),
      cookies: [cancelled.flowCookie],
    });
    expect(back.statusCode).toBe(400);
    expect(setCookieNamed(back, 'stem_token')).toBeUndefined();
  });

  it('a Cognito user in no role group gets no session: the page says to ask for a role', async () => {
    tokenAnswer = () =>
      new Response(JSON.stringify({ id_token: pool.idToken([]), access_token: 'a.b.c', expires_in: 3600, token_type: 'Bearer' }), { status: 200 });
    const { state, flowCookie } = await startSignIn();
    const result = await invoke(dashboardHandler, {
      path: '/dashboard/auth/callback',
      query: new URLSearchParams({ code: 'ok', state }).toString(),
      cookies: [flowCookie],
      headers: { 'accept-language': 'en' },
    });
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toContain('Your account has no role in Stem yet');
    expect(setCookieNamed(result, 'stem_token')).toBeUndefined();
  });

  it('sign-out clears the session and goes on to the hosted UI logout, which comes back to the sign-in page', async () => {
    const out = await invoke(dashboardHandler, {
      method: 'POST',
      path: '/dashboard/sign-out',
      cookies: [`stem_token=${staffToken()}`],
      headers: { origin: PUBLIC_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(out.statusCode).toBe(200);
    expect(setCookieNamed(out, 'stem_token')).toMatch(/Max-Age=0/);
    const logout = new URL(hrefOf(bodyOf(out), 'continue'));
    expect(`${logout.origin}${logout.pathname}`).toBe(`${COGNITO_DOMAIN}/logout`);
    expect(logout.searchParams.get('client_id')).toBe(pool.clientId);
    expect(logout.searchParams.get('logout_uri')).toBe(`${PUBLIC_URL}/dashboard/auth/signed-out`);
    const back = await invoke(dashboardHandler, { path: '/dashboard/auth/signed-out' });
    expect(back.statusCode).toBe(303);
    expect(back.headers?.location).toBe('/dashboard/sign-in?reason=signed-out');
  });

  it('behind CloudFront (the function sees API Gateway host name): a form from the public origin is accepted, from anywhere else refused in the UI language', async () => {
    const post = (headers: Record<string, string>) =>
      invoke(dashboardHandler, {
        method: 'POST',
        path: '/dashboard/sign-out',
        cookies: [`stem_token=${staffToken()}`],
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr-BE,fr;q=0.9', ...headers },
        body: '',
      });
    expect((await post({ origin: PUBLIC_URL })).statusCode).toBe(200);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    const elsewhere: Array<Record<string, string>> = [
      { origin: `https://${DOMAIN}`, 'sec-fetch-site': 'cross-site' }, // the API Gateway name, around CloudFront and its WAF
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of elsewhere) {
      const refused = await post(headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(bodyOf(refused)).toContain('<html lang="fr"');
      expect(setCookieNamed(refused, 'stem_token')).toBeUndefined();
    }
  });

  it('every dashboard answer carries the security headers, refusals and unknown pages included', async () => {
    const pages = [
      await invoke(dashboardHandler, { path: '/dashboard/sign-in' }),
      await invoke(dashboardHandler, { path: '/dashboard/no-such-page', cookies: [`stem_token=${staffToken()}`] }),
      await invoke(dashboardHandler, { method: 'POST', path: '/dashboard/sign-out', headers: { origin: 'https://evil.example' }, body: '' }),
    ];
    expect(pages.map((p) => p.statusCode)).toEqual([200, 404, 403]);
    for (const page of pages) {
      const h = Object.fromEntries(Object.entries(page.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
      const csp = Object.fromEntries(
        (h['content-security-policy'] ?? '')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k = '', ...v]) => [k, v]),
      );
      expect(csp['default-src']).toEqual(["'none'"]);
      expect(csp['script-src']).toBeUndefined(); // no script at all: default-src 'none' governs
      expect(csp['style-src']?.[0]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['form-action']).toEqual(["'self'"]);
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('same-origin');
      expect(h['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(h['cache-control']).toBe('no-store');
    }
  });

  it('the UI language: ?lang= (remembered), else the remembered one, else Accept-Language by weight, else English', async () => {
    const langOf = async (r: Omit<Invocation, 'path'>) => {
      const page = await invoke(dashboardHandler, { path: '/dashboard/sign-in', ...r });
      return { lang: /<html lang="([a-z]+)"/.exec(bodyOf(page))?.[1], remembered: setCookieNamed(page, 'stem_lang') };
    };
    expect(await langOf({ headers: { 'accept-language': 'de-DE, nl-BE;q=0.5, fr;q=0.8' } })).toEqual({ lang: 'fr', remembered: undefined });
    expect((await langOf({ headers: { 'accept-language': 'nl-BE' } })).lang).toBe('nl');
    expect((await langOf({ headers: { 'accept-language': 'fr;q=0, de' } })).lang).toBe('en');
    expect((await langOf({})).lang).toBe('en');
    expect((await langOf({ headers: { 'accept-language': 'fr' }, cookies: ['stem_lang=nl'] })).lang).toBe('nl');
    expect((await langOf({ headers: { 'accept-language': 'fr' }, cookies: ['stem_lang=xx'] })).lang).toBe('fr');
    const asked = await langOf({ query: 'lang=nl', headers: { 'accept-language': 'fr' }, cookies: ['stem_lang=en'] });
    expect(asked.lang).toBe('nl');
    expect(asked.remembered).toMatch(/^stem_lang=nl;/);
    expect(asked.remembered).toMatch(/Path=\/dashboard/);
    expect(asked.remembered).toMatch(/HttpOnly/);
    expect((await langOf({ query: 'lang=de' })).remembered).toBeUndefined();
  });
});
