import { getDestinyManifest } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { describeFailure } from '../describe-failure';
import { ApiError } from '../errors';
import { callerAddressKey, servicesFor } from '../services';

/** `GET /api/health`: the API is up, and whether it reaches Bungie.net (or the simulator). */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const started = Date.now();
    const bungie = servicesFor(c.env).bungieClient(
      callerAddressKey(c.req.header('CF-Connecting-IP')),
      { timeoutMs: 5_000 }
    );
    try {
      const manifest = await getDestinyManifest(bungie);
      return c.json({
        status: 'ok',
        bungie: {
          reachable: true,
          baseUrl: c.env.BUNGIE_BASE_URL,
          manifestVersion: manifest.Response.version,
          latencyMs: Date.now() - started
        }
      });
    } catch (error) {
      // The app's own refusal (its Bungie quota) says nothing about Bungie: the caller waits, as anywhere.
      if (error instanceof ApiError) throw error;
      const failure = describeFailure(error);
      return c.json(
        {
          status: 'degraded',
          bungie: { reachable: false, baseUrl: c.env.BUNGIE_BASE_URL, error: failure }
        },
        503
      );
    }
  });
}
