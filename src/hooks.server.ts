import type { Handle } from '@sveltejs/kit';

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
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
};
