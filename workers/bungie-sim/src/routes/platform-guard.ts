import type { MiddlewareHandler } from 'hono';
import { SimError } from '../errors.ts';
import type { SimWorld } from '../world.ts';
import type { SimEnv } from './context.ts';

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Bungie.net - Maintenance</title></head><body><h1>Bungie.net is down for maintenance</h1><p>We will be back shortly.</p></body></html>';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every /Platform call goes through before its route: injected faults (latency, maintenance in
 * its three shapes, throttling, one-off failures, a random error rate, answers cut short), then
 * Bungie's API key check.
 */
export function platformGuard(world: SimWorld): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const { faults } = world;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.maintenance === 'envelope') throw new SimError(5);
    if (faults.maintenance === 'oauth')
      return c.json({ error: 'server_error', error_description: 'SystemDisabled' }, 503);
    if (faults.maintenance === 'html')
      return c.html(MAINTENANCE_PAGE, 503, { 'Retry-After': '300' });
    if (faults.throttle > 0) throw new SimError(36, { throttleSeconds: faults.throttle });
    if (faults.failNext) {
      const { code, throttleSeconds } = faults.failNext;
      faults.failNext = null;
      throw new SimError(code, { throttleSeconds });
    }
    if (world.chance(faults.errorRate)) throw new SimError(3);
    // The token endpoint authenticates the client itself and needs no API key.
    if (!c.req.path.startsWith('/Platform/App/OAuth/')) {
      const key = c.req.header('X-API-Key');
      if (!key) throw new SimError(2102);
      if (key !== world.options.apiKey) throw new SimError(2101);
    }
    await next();
    if (faults.truncateJson && c.res.headers.get('content-type')?.includes('json')) {
      const text = await c.res.text();
      c.res = new Response(text.slice(0, Math.floor(text.length / 2)), c.res);
    }
  };
}

/** Routes that act for a player: a valid, unexpired bearer token is required (99, 2111). */
export function requireBearer(world: SimWorld): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const check = world.oauth.checkBearer(c.req.header('Authorization'));
    if (!check.ok) throw new SimError(check.code);
    c.set('bungieNetId', check.bungieNetId);
    await next();
  };
}
