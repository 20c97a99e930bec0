import { getProfile } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import { slimProfile, type ProfileInput } from '../../domain/inventory/slim-profile.ts';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { loadItemSlots } from '../item-slots';

// DestinyComponentType: characters, their inventories and equipment, the vault, item instances (power).
const COMPONENTS = [200, 201, 205, 102, 300];

/** `GET /api/profile`: the signed-in player's chosen membership, only what a vault needs. */
export function profileRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  app.get('/', async (c) => {
    const player = c.get('player');
    const { membership } = player.record();
    const [response, slotOf] = await Promise.all([
      getProfile(player.bungie(), { membershipType: membership.membershipType as never, destinyMembershipId: membership.membershipId, components: COMPONENTS as never }),
      loadItemSlots(c.env.SHARDS)
    ]);
    return c.json(slimProfile(membership, response.Response as unknown as ProfileInput, slotOf));
  });
  return app;
}
