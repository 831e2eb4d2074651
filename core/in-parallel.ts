/**
 * `work` over `items` with at most `limit` running at once; the results in the items' order. The first
 * failure rejects the returned promise while the other workers go on through the remaining items: a
 * caller that needs every outcome catches inside `work`.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
