import type { Cookies, Handle } from '@sveltejs/kit';
import { PRIMED_COOKIE, SESSION_COOKIE } from '$lib/server/auth/cookies.ts';
import { FIRST_VISIT_PROFILE_PATH } from '$lib/shared/api-shapes.ts';

/**
 * Security headers on every page. Kit writes the CSP (with hashes of its inline script); icons may
 * come from the configured Bungie origin (the simulator locally), so that origin joins `img-src`.
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
  const signedIn = event.cookies.get(SESSION_COOKIE) !== undefined;
  // A signed-in page's pictures (icons, the characters' emblems, its largest paint) come from
  // Bungie's origin: opening that connection while the page's code loads takes its handshake off
  // the first screen (DNS, TCP and TLS: several round trips on a phone network).
  if (bungieOrigin && signedIn)
    response.headers.append('Link', `<${bungieOrigin}>; rel=preconnect`);
  if (signedIn && isFirstVisitTo(event.request, event.url.pathname, event.cookies)) {
    response.headers.append(
      'Link',
      `<${FIRST_VISIT_PROFILE_PATH}>; rel=preload; as=fetch; crossorigin`
    );
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

/** The pages whose first screen is drawn from the profile: the vault and a character's. */
const PROFILE_PAGES = /^\/(?:vault|characters\/[^/]+)$/;

/**
 * A first visit's page load: the browser's own navigation (a service worker's copy of the page, made
 * for later starts, must not carry it), to a page drawn from the profile, by a browser that has not
 * been sent a first visit's profile. Its answer then asks the browser to fetch that profile beside
 * the page's code (`rel=preload`), which the page's own request for it then takes: on a phone
 * network the profile no longer waits for the code to arrive and run. Later starts are answered by
 * the service worker, which never reaches here; so is a first visit whose worker installed before
 * the sign-in (a player who stayed on the welcome page), which then asks once its code has run.
 */
function isFirstVisitTo(request: Request, pathname: string, cookies: Cookies): boolean {
  return (
    request.headers.get('sec-fetch-mode') === 'navigate' &&
    PROFILE_PAGES.test(pathname) &&
    cookies.get(PRIMED_COOKIE) === undefined
  );
}
