/**
 * `fn` over `items` with at most `concurrency` calls in flight, results in input order. Reading
 * thousands of entities' files one by one takes minutes; all at once would open thousands of
 * connections to the git host (and trip its rate limits).
 *
 * @public
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}
