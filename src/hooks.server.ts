import type { Handle } from '@sveltejs/kit';
import { PRIMED_COOKIE, SESSION_COOKIE } from '$lib/server/auth/cookies.ts';
import { isFirstVisit, pageHints, type PageRequest } from '$lib/server/page-hints.ts';

/**
 * Security headers on every page. Kit writes the CSP (with hashes of its inline script); icons may
 * come from the configured Bungie origin (the simulator locally), so that origin joins `img-src`.
 * Then what the page asks the browser to start before its code loads (`$lib/server/page-hints.ts`).
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (event.url.pathname.startsWith('/api/')) return response;
  const bungieOrigin = event.platform?.env.BUNGIE_BASE_URL
    ? new URL(event.platform.env.BUNGIE_BASE_URL).origin
    : undefined;
  const csp = response.headers.get('content-security-policy');
  if (csp) {
    const withImages = bungieOrigin
      ? csp.replace(/img-src ([^;]*)/, `img-src $1 ${bungieOrigin}`)
      : csp;
    response.headers.set('content-security-policy', `${withImages}; frame-ancestors 'none'`);
  }
  const page: PageRequest = {
    pathname: event.url.pathname,
    fetchMode: event.request.headers.get('sec-fetch-mode'),
    signedIn: event.cookies.get(SESSION_COOKIE) !== undefined,
    primed: event.cookies.get(PRIMED_COOKIE) !== undefined
  };
  for (const hint of pageHints(page, bungieOrigin)) response.headers.append('Link', hint);
  if (isFirstVisit(page)) {
    // Not kept in the browser's cache: the service worker's copy of this page, revalidated against
    // it (a 304 keeps the stored headers), would carry the preload into every later start. And no
    // tag: a copy cached before (a visit signed out) would turn this answer into a 304 without it.
    response.headers.set('Cache-Control', 'no-store');
    response.headers.delete('ETag');
  }
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
};
