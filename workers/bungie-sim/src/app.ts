import { Hono } from 'hono';
import { SimError } from './errors.ts';
import { actionRoutes } from './routes/actions.ts';
import { contentRoutes } from './routes/content.ts';
import type { SimEnv } from './routes/context.ts';
import { controlRoutes } from './routes/control.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { platformGuard } from './routes/platform-guard.ts';
import { mailRoutes } from './routes/mail.ts';
import { profileRoutes } from './routes/profile.ts';
import { pushRoutes } from './routes/push.ts';
import { vendorRoutes } from './routes/vendors.ts';
import { SimWorld, type SimOptions } from './world.ts';

/**
 * A Bungie.net platform simulator: Bungie's paths, envelopes, error codes and game rules, over one
 * simulated account. `app.fetch` can be called in-process or served over HTTP (serve.ts).
 */
export function createSim(options: Partial<SimOptions> = {}, now: () => number = Date.now) {
  const world = new SimWorld(options, now);
  // Bungie's paths end in "/"; requests without it are accepted too.
  const app = new Hono<SimEnv>({ strict: false });

  app.use('/Platform/*', platformGuard(world));
  for (const routes of [
    oauthRoutes,
    profileRoutes,
    actionRoutes,
    vendorRoutes,
    contentRoutes,
    controlRoutes,
    pushRoutes,
    mailRoutes
  ]) {
    routes(app, world);
  }

  app.notFound((c) => c.json({ error: 'not found', path: c.req.path }, 404));
  app.onError((error, c) => {
    if (error instanceof SimError) {
      const isAction =
        c.req.method === 'POST' && c.req.path.startsWith('/Platform/Destiny2/Actions/');
      return c.json(error.toEnvelope(isAction), error.status as 401);
    }
    console.error(error);
    return c.json(new SimError(3).toEnvelope(false), 500);
  });

  return { app, world };
}

export type Sim = ReturnType<typeof createSim>;
