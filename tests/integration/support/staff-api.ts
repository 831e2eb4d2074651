import type { Principal } from '../../../core/access/principal.js';
import { DEMO_PROJECT, EXEMPLE_PROJECT } from '../../../local/seed.js';
import type { Harness } from './harness.js';

/**
 * The staff API as the attack tests call it: one account per role, tokens issued by the real local
 * authenticator, and requests made in-process on the Hono app (`apiApp(deps)`), which runs the same
 * middleware and routes as over HTTP.
 */

/**
 * Staff of the organisation owning the demo project, staff of another one, its interpreter, the network's
 * coordinator, an interpreter of the other organisation, and an independent interpreter of the network.
 */
export const ROLES = ['owner', 'otherStaff', 'interpreter', 'coordinator', 'networkInterpreter', 'independentInterpreter'] as const;
export type Role = (typeof ROLES)[number];

export const PRINCIPALS: Record<Role, Principal> = {
  owner: { role: 'staff', userId: 'attack-owner', organisationId: DEMO_PROJECT.organisationId },
  otherStaff: { role: 'staff', userId: 'attack-other', organisationId: EXEMPLE_PROJECT.organisationId },
  interpreter: { role: 'interpreter', userId: 'attack-interpreter', organisationId: DEMO_PROJECT.organisationId },
  coordinator: { role: 'coordinator', userId: 'attack-coordinator' },
  networkInterpreter: { role: 'interpreter', userId: 'attack-network-interpreter', organisationId: EXEMPLE_PROJECT.organisationId },
  independentInterpreter: { role: 'interpreter', userId: 'attack-independent', organisationId: null },
};

/** Both organisations (for /api/me) and a token per role. */
export async function issueRoleTokens(h: Harness): Promise<Record<Role, string>> {
  await h.deps.users.putOrganisation({ organisationId: DEMO_PROJECT.organisationId, name: 'OCMW Demo' });
  await h.deps.users.putOrganisation({ organisationId: EXEMPLE_PROJECT.organisationId, name: 'CPAS Exemple' });
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ROLES) tokens[role] = await h.deps.users.issueToken(PRINCIPALS[role]);
  return tokens as Record<Role, string>;
}

export interface ApiAnswer {
  status: number;
  type: string;
  text: string;
  /** The body as JSON, or null when it is not JSON. */
  json: (Record<string, unknown> & { errors?: Array<{ field: string; message: string }> }) | null;
}

export type Body = string | Uint8Array | Record<string, unknown> | unknown[];

/** A request to an in-process app: JSON bodies are serialized, others sent as they are. */
export async function callApi(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  token: string | null,
  method: string,
  path: string,
  body?: Body,
  type = 'application/json',
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...(body === undefined ? {} : { 'content-type': type }),
  };
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  const response = await app.request(path, init);
  const text = await response.text();
  let json: ApiAnswer['json'] = null;
  try {
    const parsed: unknown = JSON.parse(text);
    json = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ApiAnswer['json']) : null;
  } catch {
    json = null;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json };
}
