import type { MiddlewareHandler } from 'hono';
import { SimError } from '../errors.ts';
import type { SimWorld } from '../world.ts';
import type { SimEnv } from './context.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every /Platform call goes through before its route: injected faults (latency, maintenance,
 * throttling, one-off failures, a random error rate), then Bungie's API key check.
 */
export function platformGuard(world: SimWorld): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const { faults } = world;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.maintenance) throw new SimError(5);
    if (faults.throttle > 0) throw new SimError(36, { throttleSeconds: faults.throttle });
    if (faults.failNext) {
      const { code } = faults.failNext;
      faults.failNext = null;
      throw new SimError(code);
    }
    if (world.chance(faults.errorRate)) throw new SimError(3);
    // The token endpoint authenticates the client itself and needs no API key.
    if (!c.req.path.startsWith('/Platform/App/OAuth/')) {
      const key = c.req.header('X-API-Key');
      if (!key) throw new SimError(2102);
      if (key !== world.options.apiKey) throw new SimError(2101);
    }
    await next();
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
