import type { MiddlewareHandler } from 'hono';
import { errorBody } from './errors';

/** API answers are JSON only: nothing in them may run, be framed or be sniffed as another type. */
export function apiHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    c.res.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    c.res.headers.set('X-Frame-Options', 'DENY');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests from another origin, or with no Origin at all (CSRF). `except`
 * names paths whose requests carry their own secret and come from elsewhere by design (a mail
 * client's one-click unsubscribe), so a forged one can do nothing.
 */
export function requireSameOrigin(except: string[] = []): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !except.includes(c.req.path)) {
      const origin = c.req.header('Origin');
      if (!origin || origin !== new URL(c.req.url).origin) {
        return c.json(
          errorBody('forbidden_origin', 'This request must come from the Vault Raider app itself.'),
          403
        );
      }
    }
    await next();
  };
}
