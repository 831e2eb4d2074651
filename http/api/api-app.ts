import type { Hono } from 'hono';
import { FfmpegVoiceDisguiser } from '../../adapters/audio/ffmpeg-voice-disguiser.js';
import { apiBase, withNotFound } from './api-base.js';
import type { ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { mountStaffRoutes } from './staff-api-app.js';
import { mountVoiceRoutes } from './voice-api-app.js';

/**
 * The whole staff and coordinator API under /api, as one app (locally and in tests): one authentication,
 * one authorization, problem bodies. In AWS the voice queue is its own function (functions/voice-api.ts).
 */
export function apiApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = mountStaffRoutes(apiBase(deps), deps);
  return withNotFound(mountVoiceRoutes(app, deps, deps.disguiser ?? new FfmpegVoiceDisguiser()));
}
