/** Every 2 minutes while the page is visible. */
export const REFRESH_EVERY_MS = 2 * 60_000;

/**
 * Calls `refresh` when the app comes back into view, regains focus or the network, and on a timer
 * while visible; never while hidden or offline. Returns a stop function.
 */
export function startAutoRefresh(refresh: () => void): () => void {
  const maybe = () => {
    if (document.visibilityState === 'visible' && navigator.onLine) refresh();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') maybe();
  };
  addEventListener('focus', maybe);
  addEventListener('online', maybe);
  document.addEventListener('visibilitychange', onVisibility);
  const timer = setInterval(maybe, REFRESH_EVERY_MS);
  return () => {
    removeEventListener('focus', maybe);
    removeEventListener('online', maybe);
    document.removeEventListener('visibilitychange', onVisibility);
    clearInterval(timer);
  };
}
