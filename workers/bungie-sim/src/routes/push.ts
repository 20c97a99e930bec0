import * as v from 'valibot';
import { PushRefusal } from '../push-service.ts';
import type { RouteModule } from './context.ts';

const subscribeBody = v.strictObject({
  applicationServerKey: v.optional(v.pipe(v.string(), v.regex(/^[\w-]{80,100}$/)))
});

/**
 * The simulated push service: `POST /push/:id` is where pushes to its subscriptions arrive (the
 * publisher reaches it through `SIM_PUSH_SERVICE_URL`), and `/__sim/push…` is the browser's side
 * for tests: make a subscription, expire one, read what was delivered, decrypted.
 */
export const pushRoutes: RouteModule = (app, world) => {
  app.post('/__sim/push/subscriptions', async (c) => {
    const parsed = v.safeParse(subscribeBody, await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: 'applicationServerKey must be base64url' }, 400);
    return c.json(await world.push.subscribe(parsed.output.applicationServerKey), 201);
  });

  app.post('/__sim/push/subscriptions/:id/expire', (c) =>
    world.push.expire(c.req.param('id'))
      ? c.json({ ok: true })
      : c.json({ error: 'No such subscription' }, 404)
  );

  app.get('/__sim/push', (c) => c.json(world.push.delivered));

  app.post('/push/:id', async (c) => {
    try {
      const delivered = await world.push.receive(
        c.req.param('id'),
        {
          authorization: c.req.header('authorization'),
          encoding: c.req.header('content-encoding'),
          ttl: c.req.header('ttl'),
          urgency: c.req.header('urgency'),
          topic: c.req.header('topic')
        },
        new Uint8Array(await c.req.arrayBuffer())
      );
      c.header('Location', `/push/${delivered.subscription}/${world.push.delivered.length}`);
      return c.body(null, 201);
    } catch (error) {
      if (error instanceof PushRefusal) return c.json({ reason: error.message }, error.status);
      throw error;
    }
  });
};
