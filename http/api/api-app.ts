import type { Hono } from 'hono';
import type { VoiceDisguiser } from '../../core/voice/ports.js';
import { apiBase, withNotFound } from './api-base.js';
import type { ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { mountStaffRoutes } from './staff-api-app.js';
import { mountAuthoringRoutes } from './authoring-api-app.js';
import { mountVoiceRoutes } from './voice-api-app.js';

/**
 * The whole staff and coordinator API under /api, as one app (locally and in tests): one authentication,
 * one authorization, problem bodies: every part mounted once. In AWS the voice queue (functions/voice-api.ts)
 * and authoring (functions/authoring-api.ts) are functions of their own.
 * `disguiser` disguises every voice a person hears in the transcription queue; the caller picks it (the
 * local runtime: ffmpeg on the PATH, which its whisper path needs anyway).
 */
export function apiApp(deps: ApiDeps & { disguiser: VoiceDisguiser }): Hono<ApiEnv> {
  // The OpenAPI document made at run time; the staff API's Lambda reads the same one from a file made at synth (cdk/openapi-file.ts).
  const openApi = () => Promise.resolve(openApiDocument());
  const app = mountAuthoringRoutes(mountStaffRoutes(apiBase(deps, openApi), deps), deps);
  return withNotFound(mountVoiceRoutes(app, deps, deps.disguiser));
}
