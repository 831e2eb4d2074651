import { bodyLimit } from 'hono/body-limit';
import { problem } from './problem.js';

/** Twilio's webhook forms are a few KB; anything larger is refused before its signature is computed over it. */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

/** Middleware for every Twilio webhook route (also bodies sent chunked, without a Content-Length). */
export const webhookBodyLimit = bodyLimit({
  maxSize: WEBHOOK_MAX_BYTES,
  onError: (c) => problem(c, 413, 'Too large', 'a Twilio webhook body is at most 64 KB', [{ field: '(body)', message: 'too large' }]),
});
