/**
 * Runs `work` on each of `items`, at most `limit` at a time, started in their order. After a
 * failure it starts nothing more, waits for the work already under way (so nothing is still
 * writing when it returns), and throws the first failure.
 */
export async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>
): Promise<void> {
  if (!(limit >= 1)) throw new RangeError(`At most ${limit} at a time: nothing could run`);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}
