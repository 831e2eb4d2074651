import type { Hono } from 'hono';
import type { VoiceDisguiser } from '../../core/voice/ports.js';
import type { ApiEnv } from './context.js';
import type { ApiDeps } from './deps.js';
import { voiceRoutes } from './transcription-queue-routes.js';

/**
 * The human transcription queue (/api/voice, /api/interpreters): its own function in AWS, since
 * disguising voices (libopus in WebAssembly) and redacting transcripts weigh more than the rest of the API.
 */
export function mountVoiceRoutes(
  app: Hono<ApiEnv>,
  deps: Pick<ApiDeps, 'voice' | 'users' | 'interpreters' | 'authenticator'>,
  disguiser: VoiceDisguiser,
): Hono<ApiEnv> {
  const interpreters = deps.interpreters ?? (deps.authenticator ? null : deps.users);
  app.route('/', voiceRoutes({ ...deps.voice, settings: deps.users, disguiser }, interpreters));
  return app;
}
