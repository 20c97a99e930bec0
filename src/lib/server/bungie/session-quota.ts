import { ApiError } from '../errors';
import type { Fetch } from '../../bungie/client/http';

/**
 * The Workers Rate Limiting binding (wrangler.toml `[[ratelimits]]`): a counter per key over a fixed
 * window, shared by the isolates of a location.
 */
export interface RateLimit {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * One session's share of the app's Bungie quota: Bungie allows about 25 requests/s per IP, and
 * every player of this app calls from the same few Cloudflare addresses. 60 calls per 10 s (the
 * binding's `simple` setting in wrangler.toml) is 6/s on average, more than a player moving items
 * by hand needs, and keeps one runaway client well under Bungie's limit.
 */
export const QUOTA_PERIOD_SECONDS = 10;

/**
 * Seconds until the limiter's window ends, for Retry-After. The local runtime aligns windows to the
 * clock (epoch seconds divided by the period); Cloudflare does not promise an alignment, so there
 * it is an estimate within one period, and a caller told too little simply hears 429 once more.
 */
export function secondsLeftInWindow(nowMs: number, periodSeconds = QUOTA_PERIOD_SECONDS): number {
  const intoWindow = (nowMs / 1000) % periodSeconds;
  return Math.max(1, Math.ceil(periodSeconds - intoWindow));
}

/**
 * Counts each request that would reach Bungie against the session's quota; over it, the request is
 * not sent and the caller hears 429 with Retry-After. Junk input never gets here: routes validate
 * before they call Bungie, so it costs no quota.
 */
export function withSessionQuota(
  fetch: Fetch,
  limiter: RateLimit,
  key: string,
  now: () => number = Date.now
): Fetch {
  return async (request) => {
    const { success } = await limiter.limit({ key });
    if (!success) {
      const wait = secondsLeftInWindow(now());
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests to Bungie.net from this session; trying again in ${wait} s.`,
        wait
      );
    }
    return fetch(request);
  };
}

/** The quota as a Bungie client's gate, for the caller named by `key`; none without a limiter (no count). */
export function quotaGate(
  limiter: RateLimit | undefined,
  key: string
): ((fetch: Fetch) => Fetch) | undefined {
  return limiter ? (fetch) => withSessionQuota(fetch, limiter, key) : undefined;
}
