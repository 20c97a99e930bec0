import { onReachability, serverReachable } from './api';

/** Every 2 minutes while the page is visible. */
export const REFRESH_EVERY_MS = 2 * 60_000;

/**
 * Calls `refresh` when the app comes back into view, regains focus or the network, and on a timer
 * while visible; never while hidden or offline. While the server cannot be reached with the browser
 * saying it is online (no 'online' event will come), it tries again from 5 s, doubling, up to 30 s,
 * and refreshes as soon as any call reaches it again. Returns a stop function.
 */
export function startAutoRefresh(refresh: () => void): () => void {
  const maybe = () => {
    if (document.visibilityState === 'visible' && navigator.onLine) refresh();
  };
  let probe: ReturnType<typeof setTimeout> | undefined;
  let probes = 0;
  // The server is back (any call reached it): refresh, as on the browser's 'online' event.
  const stopProbing = onReachability((reachable) => {
    clearTimeout(probe);
    probes = 0;
    if (reachable) maybe();
    else probeLater();
  });
  const probeLater = () => {
    probe = setTimeout(
      () => {
        probes++;
        maybe();
        if (!serverReachable()) probeLater();
      },
      Math.min(RETRY_FIRST_MS * 2 ** probes, PROBE_AT_MOST_MS)
    );
  };
  if (!serverReachable()) probeLater();
  const onVisibility = () => {
    if (document.visibilityState === 'visible') maybe();
  };
  addEventListener('focus', maybe);
  addEventListener('online', maybe);
  document.addEventListener('visibilitychange', onVisibility);
  const timer = setInterval(maybe, REFRESH_EVERY_MS);
  return () => {
    stopProbing();
    clearTimeout(probe);
    removeEventListener('focus', maybe);
    removeEventListener('online', maybe);
    document.removeEventListener('visibilitychange', onVisibility);
    clearInterval(timer);
  };
}

/** First wait after a refresh that failed on Bungie's side (maintenance, an outage, throttling). */
export const RETRY_FIRST_MS = 5_000;

/** The longest wait between tries while the server cannot be reached. */
const PROBE_AT_MOST_MS = 30_000;

/**
 * How long to wait before trying again after `failures` failed refreshes in a row: the server's
 * Retry-After when it gave one, else 5 s doubling, never longer than the regular 2-minute refresh.
 */
export function retryDelayMs(failures: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, REFRESH_EVERY_MS);
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1), REFRESH_EVERY_MS);
}

/** Failures that pass by themselves: Bungie or this server being down, slow or busy. */
export function passesByItself(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}
