import { getDestinyManifest } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import { createBungieClient } from '../bungie/http';
import { describeFailure } from '../describe-failure';
import type { AppEnv } from '../context';

/** `GET /api/health`: the API is up, and whether it reaches Bungie.net (or the simulator). */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const started = Date.now();
    const bungie = createBungieClient({ fetch: (r) => fetch(r), baseUrl: c.env.BUNGIE_BASE_URL, apiKey: c.env.BUNGIE_API_KEY, timeoutMs: 5_000 });
    try {
      const manifest = await getDestinyManifest(bungie);
      return c.json({ status: 'ok', bungie: { reachable: true, baseUrl: c.env.BUNGIE_BASE_URL, manifestVersion: manifest.Response.version, latencyMs: Date.now() - started } });
    } catch (error) {
      const failure = describeFailure(error);
      return c.json({ status: 'degraded', bungie: { reachable: false, baseUrl: c.env.BUNGIE_BASE_URL, error: failure } }, 503);
    }
  });
}
