import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { servicesFor } from '../services';
import { clearSessionCookie, readSessionCookie } from './cookies';
import { createPlayerSession } from './player-session';
import { signedOut } from './token-refresh';

/** Routes behind this know who the player is; without a live session they answer 401 signed_out. */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const services = servicesFor(c.env);
    const stored = await services.store.read(readSessionCookie(c));
    if (!stored) {
      clearSessionCookie(c);
      throw signedOut();
    }
    c.set('player', createPlayerSession(stored, services));
    await next();
  };
}
