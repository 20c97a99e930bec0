import type { Handle } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/cookies.ts';

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
  // A signed-in page's pictures (icons, the characters' emblems, its largest paint) come from
  // Bungie's origin: opening that connection while the page's code loads takes its handshake off
  // the first screen (DNS, TCP and TLS: several round trips on a phone network).
  if (bungieOrigin && event.cookies.get(SESSION_COOKIE))
    response.headers.append('Link', `<${bungieOrigin}>; rel=preconnect`);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
};
