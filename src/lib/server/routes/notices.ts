import { Hono } from 'hono';
import {
  pushEndpointSchema,
  pushSubscriptionSchema
} from '../../domain/notices/push-subscription.ts';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { pushRegistry } from '../notices/push-registry';
import { parseInput, readJsonBody } from '../validate';

/**
 * `/api/notices/xur/push`: this device's wish to hear of Xûr's arrival. `PUT` stores (or renews)
 * the browser's push subscription under the signed-in player; `DELETE` with its endpoint forgets
 * it. The cron Worker reads them when he arrives. A deployment without VAPID keys offers no push
 * notices, and says so.
 */
export function noticeRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  const registryOf = (c: { env: AppEnv['Bindings'] }) => {
    if (!c.env.VAPID_PUBLIC_KEY)
      throw new ApiError(
        501,
        'push_unavailable',
        'This server does not send push notices (it has no VAPID key).'
      );
    return pushRegistry(c.env.NOTICES);
  };

  app.put('/xur/push', async (c) => {
    const registry = registryOf(c);
    const subscription = parseInput(
      pushSubscriptionSchema,
      await readJsonBody(c.req.raw, 4096),
      'subscription'
    );
    const { membershipId } = c.get('player').record().membership;
    await registry.save(membershipId, subscription, new Date());
    return c.json({ push: true });
  });

  app.delete('/xur/push', async (c) => {
    const registry = registryOf(c);
    const { endpoint } = parseInput(
      pushEndpointSchema,
      await readJsonBody(c.req.raw, 4096),
      'body'
    );
    await registry.remove(c.get('player').record().membership.membershipId, endpoint);
    return c.json({ push: false });
  });
  return app;
}
