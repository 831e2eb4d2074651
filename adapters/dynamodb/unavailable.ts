/**
 * Is this error the store being unreachable or overloaded for a while (so "try again in a moment" is the
 * true answer), rather than a fault in the request or in our code? DynamoDB's own transient errors (see
 * "Error handling with DynamoDB" in the developer guide: throttling, 500 and 503) and the network errors
 * Node raises when the endpoint does not answer (DynamoDB Local down, a timeout). The SDK has already
 * retried these (maxAttempts) before we see them.
 */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = 'code' in e ? e.code : undefined;
    if (TRANSIENT_NAMES.has(e.name) || (typeof code === 'string' && NETWORK_CODES.has(code))) return true;
  }
  return false;
}
