/** Latency figures of a batch of timed calls, in milliseconds. */
export interface LoadFigures {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `rounds` waves of `concurrency` simultaneous calls; a call that throws or answers other
 * than 2xx (or than `expectedStatus`, when given: one status or a list) counts as an error.
 */
export async function load(
  call: () => Promise<Response>,
  concurrency: number,
  rounds: number,
  expectedStatus?: number | readonly number[]
): Promise<LoadFigures> {
  const expected = (status: number) =>
    expectedStatus === undefined
      ? status >= 200 && status < 300
      : typeof expectedStatus === 'number'
        ? status === expectedStatus
        : expectedStatus.includes(status);
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const t0 = performance.now();
        try {
          const response = await call();
          await response.arrayBuffer();
          if (!expected(response.status)) errors++;
        } catch {
          errors++;
        }
        times.push(performance.now() - t0);
      })
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = times.sort((a, b) => a - b);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: times.length,
    errors,
    requestsPerSecond: round1(times.length / seconds),
    p50Ms: round1(percentile(sorted, 50)),
    p99Ms: round1(percentile(sorted, 99)),
    maxMs: round1(sorted.at(-1) ?? 0)
  };
}
