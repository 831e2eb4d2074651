import type { Context } from 'hono';
import { isStoreUnavailable } from '../adapters/dynamodb/unavailable.js';
import { problem } from './problem.js';

/** How long Twilio (or anyone) should wait before sending again when the store is away. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The answer to a webhook that could not be processed, saying only what is true: whether the message was
 * kept is not known (the failure may have come before or after the ledger write), but a repeat of the
 * same request is applied once. A store that does not answer is 503 with `Retry-After`; anything else 500.
 * `what` names the thing in the sentence ("message", "call turn").
 */
export function unprocessed(c: Context, error: unknown, what: string, retryAfterSeconds = STORE_RETRY_AFTER_SECONDS): Response {
  if (isStoreUnavailable(error)) {
    c.header('Retry-After', String(retryAfterSeconds));
    return problem(c, 503, 'Service unavailable', `the store did not answer: this ${what} may not have been kept; send it again (a repeat is applied once)`);
  }
  return problem(c, 500, 'Internal error', `this ${what} was not processed completely; send it again (a repeat is applied once)`);
}

/** Said when the local stack knows its store is down and does not even try. */
export function storeRestarting(c: Context, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds));
  return problem(c, 503, 'Service unavailable', 'the store is restarting: nothing was kept or answered; send it again later');
}
