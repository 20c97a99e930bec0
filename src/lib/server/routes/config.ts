import { Hono } from 'hono';
import type { AppEnv } from '../context';

/** `GET /api/config`: what the browser needs to know about this deployment (nothing secret). */
export function configRoutes() {
  return new Hono<AppEnv>().get('/', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ imageOrigin: new URL(c.env.BUNGIE_BASE_URL).origin });
  });
}
