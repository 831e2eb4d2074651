/**
 * An AWS SDK client, or how to make one on first use. Each SDK package costs tens of milliseconds to
 * load at a Lambda's cold start (aws/sdk.ts); a function whose requests rarely need one (the webhook
 * serving a recorded prompt, the API launching a round) takes it lazily, so its cold start pays only
 * for what every request uses.
 */
export type ClientSource<T> = T | (() => Promise<T>);

export function clientOf<T extends object>(source: ClientSource<T>): () => Promise<T> {
  if (typeof source !== 'function') return () => Promise.resolve(source);
  let made: Promise<T> | undefined;
  return () => (made ??= (source as () => Promise<T>)());
}
