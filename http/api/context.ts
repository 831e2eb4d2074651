import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authorize, type Action, type OwnedResource } from '../../core/access/authorize.js';
import type { Authenticator, Principal } from '../../core/access/principal.js';
import type { SharingStore } from '../../core/access/sharing.js';
import type { Project } from '../../core/model.js';
import type { Directory, Logger } from '../../core/ports.js';
import { fieldIssues, type FieldIssue } from '../../kernel/validation.js';
import type * as z from '../../kernel/zod.js';

/**
 * Hono environment of the staff API: the authenticated principal, and where each project's sharing with
 * the network is read (set by `mountStaffRoutes`; where it is not set, coordinators see no project).
 */
export type ApiEnv = { Variables: { principal: Principal; sharing?: Pick<SharingStore, 'sharingOf'> } };
export type ApiContext = Context<ApiEnv>;

export const SESSION_COOKIE = 'stem_token';

/** An expected failure of an API request, mapped to an RFC 9457 problem body by `onApiError`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldIssue[] = [],
    /** RFC 9457 extension members: more the caller can act on (e.g. the missing languages of a launch). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

export const notFound = (what: string): ApiProblem => new ApiProblem(404, 'Not found', `no ${what} here`);

/** Bearer token (API) or the dashboard's HttpOnly cookie → principal; 401 otherwise. */
export function authenticate(authenticator: Authenticator): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? getCookie(c, SESSION_COOKIE);
    // A cookie rides along with any cross-site request: writes by cookie must come from our own pages.
    if (!bearer && token && !['GET', 'HEAD'].includes(c.req.method) && !sameOrigin(c)) {
      throw new ApiProblem(403, 'Forbidden', 'a request authenticated by cookie must come from this site', [
        { field: 'Origin', message: 'another site or missing' },
      ]);
    }
    const principal = token ? await authenticator.authenticate(token) : null;
    if (!principal)
      throw new ApiProblem(401, 'Unauthorized', 'send a valid token as "Authorization: Bearer <token>"', [
        { field: 'Authorization', message: 'missing or unknown token' },
      ]);
    c.set('principal', principal);
    await next();
  };
}

function sameOrigin(c: Context): boolean {
  const source = c.req.header('origin') ?? c.req.header('referer');
  if (!source) return false;
  try {
    return new URL(source).host === c.req.header('host');
  } catch {
    return false;
  }
}

/** Makes each project's sharing with the network known to `projectFor` (before the routes; see `ApiEnv`). */
export function withSharing(sharing: Pick<SharingStore, 'sharingOf'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('sharing', sharing);
    await next();
  };
}

/**
 * A project as `authorize` judges it: for a coordinator with what its organisation shares with the
 * network (read only for them); for anyone else its owner is all that counts.
 */
export async function asResource(c: ApiContext, project: Project): Promise<OwnedResource> {
  if (c.get('principal').role !== 'coordinator') return { organisationId: project.organisationId };
  const sharing = c.get('sharing');
  if (!sharing) return { organisationId: project.organisationId }; // not known: refused (core/access/authorize.ts)
  return { organisationId: project.organisationId, sharing: (await sharing.sharingOf(project.projectId)).level };
}

/** May the caller do `action` on this project? (The one question every project route asks.) */
export async function mayDo(c: ApiContext, project: Project, action: Action): Promise<boolean> {
  return authorize(c.get('principal'), action, await asResource(c, project));
}

/**
 * The project, if this principal may do `action` on it. A project of another organisation, or one its
 * organisation does not share that far with the network, is reported exactly like a missing one (404), so
 * ids cannot be probed and a coordinator cannot tell a project kept to itself from one that never was.
 */
export async function projectFor(c: ApiContext, directory: Directory, projectId: string, action: Action): Promise<Project> {
  const project = await directory.getProject(projectId);
  if (!project || !(await mayDo(c, project, action))) throw notFound(`project "${projectId}"`);
  return project;
}

/** Parse a JSON body with a schema; a 400 problem naming each bad field otherwise. */
export async function jsonBody<T>(c: ApiContext, schema: z.ZodMiniType<T>): Promise<T> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
    throw new ApiProblem(415, 'Unsupported media type', 'send application/json', [{ field: 'content-type', message: 'must be application/json' }]);
  }
  const text = strictUtf8(await c.req.arrayBuffer(), '(body)');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiProblem(400, 'Bad request', 'the body is not valid JSON', [{ field: '(body)', message: 'not JSON' }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiProblem(400, 'Bad request', 'the body does not match the expected shape', fieldIssues(parsed.error));
  return parsed.data;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text of a body or upload, refused when it is not UTF-8: a lenient decoder would silently store U+FFFD in place
 * of a name or a language (e.g. a CSV saved as Latin-1), and nobody would notice until the invitations went out.
 */
export function strictUtf8(bytes: ArrayBuffer, field: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ApiProblem(400, 'Bad request', 'the text is not valid UTF-8 (save the file as UTF-8 and send it again)', [{ field, message: 'not UTF-8' }]);
  }
}

/** Parse query parameters with a schema; a 400 problem naming each bad parameter otherwise. */
export function queryParams<T>(c: ApiContext, schema: z.ZodMiniType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiProblem(400, 'Bad request', 'bad query parameters', fieldIssues(parsed.error));
  return parsed.data;
}

/** Map errors to problem bodies; unknown errors are logged by kind only and answered 500. */
export function onApiError(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiProblem) {
      return c.json(
        {
          ...error.extensions,
          type: 'about:blank',
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...(error.errors.length ? { errors: error.errors } : {}),
        },
        error.status,
        {
          'Content-Type': 'application/problem+json',
        },
      );
    }
    logger.error('api.failed', { error: error.name });
    return c.json({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'something went wrong; nothing was half-done' }, 500, {
      'Content-Type': 'application/problem+json',
    });
  };
}
