import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import type { Logger } from '../core/ports.js';
import * as z from '../kernel/zod.js';
import type { ApiHandler } from '../web/dashboard/api/api-client.js';
import { dashboardRoutes } from '../web/dashboard/routes.js';
import { dashboardScriptBeside } from './commons/dashboard-script-beside.js';
import { readEnv } from './commons/env.js';

/**
 * Lambda entry point of the dashboard (/dashboard) behind API Gateway (HTTP API, payload v2). Staff sign in
 * through the Cognito hosted UI; every page is made from the staff API, called over HTTPS with the
 * person's own ID token, so this function holds no keys and no table access: it can only do what the
 * API lets that person do. (The local stack serves the same dashboard over the API in-process.)
 */

const DashboardFunctionEnv = z.object({
  /** The public address (https://…) the API and the dashboard share behind API Gateway. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }),
  USER_POOL_CLIENT_ID: z.string().check(z.regex(/^[0-9a-z]{1,128}$/, 'an app client id')),
  /** The hosted UI's domain, e.g. https://stem-xyz.auth.eu-west-1.amazoncognito.com */
  COGNITO_DOMAIN: z.url({ protocol: /^https$/ }),
});
export type DashboardFunctionEnv = z.infer<typeof DashboardFunctionEnv>;

export const readDashboardEnv = (env: NodeJS.ProcessEnv = process.env): DashboardFunctionEnv => readEnv(DashboardFunctionEnv, env);

export interface DashboardWiring {
  env: DashboardFunctionEnv;
  /** How the staff API is reached: HTTPS to PUBLIC_URL/api by default. */
  apiFetch?: typeof fetch;
  /** The hosted UI's token endpoint client; the global fetch otherwise. */
  fetchImpl?: typeof fetch;
  logger?: Logger;
}

/** The staff API over HTTP, as the dashboard's ApiHandler: same paths, the caller's bearer token forwarded. */
export function httpApi(publicUrl: string, apiFetch: typeof fetch = fetch): ApiHandler {
  const base = publicUrl.replace(/\/+$/, '');
  return { request: (path, init) => apiFetch(`${base}${path}`, init) };
}

export function createDashboardApp(w: DashboardWiring): ReturnType<typeof dashboardRoutes> {
  const publicUrl = w.env.PUBLIC_URL.replace(/\/+$/, '');
  const logger = w.logger ?? new JsonLogger(undefined, { fn: 'dashboard' });
  return dashboardRoutes(httpApi(publicUrl, w.apiFetch), {
    timeZone: 'Europe/Brussels',
    // Behind CloudFront the function sees API Gateway's host name; browsers post from this origin.
    publicOrigin: new URL(publicUrl).origin,
    // The progress bars refresh themselves with the script shipped beside the bundle (cdk/dashboard-script.ts).
    script: dashboardScriptBeside(),
    cognito: {
      domain: w.env.COGNITO_DOMAIN,
      clientId: w.env.USER_POOL_CLIENT_ID,
      // Both must be registered on the app client (callback URL and sign-out URL), exactly so.
      redirectUri: `${publicUrl}/dashboard/auth/callback`,
      logoutUri: `${publicUrl}/dashboard/auth/signed-out`,
      ...(w.fetchImpl ? { fetchImpl: w.fetchImpl } : {}),
      logger,
    },
  });
}

export type DashboardHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export function createDashboardHandler(w: DashboardWiring): DashboardHandler {
  return handle(createDashboardApp(w)) as DashboardHandler;
}

export const handler: DashboardHandler = createDashboardHandler({ env: readDashboardEnv() });
