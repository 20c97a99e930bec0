import { Hono } from 'hono';
import type { ConfigResponse } from '../../shared/api-shapes';
import type { AppEnv } from '../context';

/** `GET /api/config`: what the browser needs to know about this deployment (nothing secret). */
export function configRoutes() {
  return new Hono<AppEnv>().get('/', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json<ConfigResponse>({
      imageOrigin: new URL(c.env.BUNGIE_BASE_URL).origin,
      // The key browsers subscribe to push notices with; null when this deployment sends none.
      pushKey: c.env.VAPID_PUBLIC_KEY || null
    });
  });
}
