import * as z from '../../../kernel/zod.js';
import { Problem } from './api-shapes.js';

/** The JSON API as the dashboard sees it: `apiApp(deps)` in-process (Hono's `request`), or anything that answers alike. */
export interface ApiHandler {
  request: (input: string, init?: RequestInit) => Response | Promise<Response>;
}

export type ApiOutcome<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem };

/** The API answered something the dashboard does not understand: a bug on one side, never the user's fault. */
export class ApiShapeError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    cause: unknown,
  ) {
    super(`unexpected answer from the API: ${status} on ${path}`, { cause });
    this.name = 'ApiShapeError';
  }
}

export type ApiBody = { json: unknown } | { form: FormData } | { text: string; type: string } | { bytes: ArrayBuffer; type: string };

export interface ApiClient {
  get<T>(path: string, schema: z.ZodMiniType<T>): Promise<ApiOutcome<T>>;
  /** `alsoData`: non-2xx statuses whose body is data rather than a problem (e.g. 422 import report). */
  post<T>(path: string, schema: z.ZodMiniType<T>, body?: ApiBody, alsoData?: readonly number[]): Promise<ApiOutcome<T>>;
  /** A GET whose answer is not JSON (audio): the response as it is when it is 2xx, else the API's problem. */
  bytes(path: string): Promise<{ ok: true; response: Response } | { ok: false; status: number; problem: Problem }>;
  put<T>(path: string, schema: z.ZodMiniType<T>, body: ApiBody): Promise<ApiOutcome<T>>;
  /** A DELETE: its 2xx answer has no body worth reading. */
  delete(path: string): Promise<ApiOutcome<null>>;
}

const NoBody = z.pipe(
  z.unknown(),
  z.transform((): null => null),
);

function init(method: string, token: string, body: ApiBody | undefined): RequestInit {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (!body) return { method, headers };
  if ('json' in body) return { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body.json) };
  if ('form' in body) return { method, headers, body: body.form }; // multipart boundary set by the Request
  if ('bytes' in body) return { method, headers: { ...headers, 'content-type': body.type }, body: body.bytes };
  return { method, headers: { ...headers, 'content-type': body.type }, body: body.text };
}

/** Calls the API with the signed-in user's token, so authorization and validation are exactly the API's. */
export function apiClient(api: ApiHandler, token: string): ApiClient {
  async function call<T>(method: string, path: string, schema: z.ZodMiniType<T>, body?: ApiBody, alsoData: readonly number[] = []): Promise<ApiOutcome<T>> {
    const response = await api.request(path, init(method, token, body));
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok || alsoData.includes(response.status)) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new ApiShapeError(path, response.status, parsed.error);
      return { ok: true, status: response.status, data: parsed.data };
    }
    const problem = Problem.safeParse(json);
    if (!problem.success) throw new ApiShapeError(path, response.status, problem.error);
    return { ok: false, status: response.status, problem: problem.data };
  }
  async function bytes(path: string): Promise<{ ok: true; response: Response } | { ok: false; status: number; problem: Problem }> {
    const response = await api.request(path, { method: 'GET', headers: { authorization: `Bearer ${token}`, accept: '*/*' } });
    if (response.ok) return { ok: true, response };
    const json: unknown = await response.json().catch(() => undefined);
    const problem = Problem.safeParse(json);
    if (!problem.success) throw new ApiShapeError(path, response.status, problem.error);
    return { ok: false, status: response.status, problem: problem.data };
  }
  return {
    get: (path, schema) => call('GET', path, schema),
    post: (path, schema, body, alsoData) => call('POST', path, schema, body, alsoData),
    bytes,
    put: (path, schema, body) => call('PUT', path, schema, body),
    delete: (path) => call('DELETE', path, NoBody),
  };
}

/** Path segments from users (ids in URLs) always go through this. */
export const seg = (value: string): string => encodeURIComponent(value);
