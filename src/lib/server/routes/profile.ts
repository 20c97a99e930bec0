import { getProfile } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import * as v from 'valibot';
import { PLACEMENT_COMPONENTS, PROFILE_COMPONENTS } from '../../bungie/components.ts';
import { slimItemDetails, type ItemDetailInput } from '../../domain/inventory/item-details.ts';
import { slimProfile, type ProfileInput } from '../../domain/inventory/slim-profile.ts';
import { MINTED_AT_HEADER } from '../../shared/api-shapes.ts';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { entityTag, ifNoneMatchHits } from '../conditional';
import { loadItemSlots } from '../../published/item-slots.ts';
import { parseInput } from '../validate';

/** `?details=none`: where every item is, without the item details (the move runner's reads). */
const profileQuery = v.object({ details: v.optional(v.picklist(['none'])) });

/**
 * `GET /api/profile`: the signed-in player's chosen membership, only what a vault needs.
 *
 * Conditional: the ETag digests the content apart from Bungie's mint time (which changes on every
 * call), so a device that sends the tag it holds gets `304` and a few header bytes when nothing in
 * the account changed. The mint time still comes along, in a header, for the device's ordering rule
 * (a slower, older answer never replaces a newer one). `no-store` stays: the account's contents stay
 * out of the browser's HTTP cache, and the device keeps the tag itself.
 *
 * `?details=none` leaves out the item details (sockets and plugs): Bungie is not asked for them, so
 * its answer is a fraction of the size, for a reader that only needs where things are.
 */
export function profileRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  // Named, as the stages it calls are: a CPU profile of the route reads by function.
  app.get('/', async function answerProfile(c) {
    const { details } = parseInput(profileQuery, c.req.query(), 'query');
    const withDetails = details === undefined;
    const player = c.get('player');
    const { membership } = player.record();
    const [response, slotOf] = await Promise.all([
      getProfile(player.bungie(), {
        membershipType: membership.membershipType,
        destinyMembershipId: membership.membershipId,
        components: withDetails ? PROFILE_COMPONENTS : PLACEMENT_COMPONENTS
      }),
      loadItemSlots(c.env.SHARDS)
    ]);
    const input = response.Response as unknown as ProfileInput & {
      itemComponents?: ItemDetailInput;
    };
    const { mintedAt, ...snapshot } = slimProfile(membership, input, slotOf);
    const content = withDetails
      ? { ...snapshot, itemDetails: slimItemDetails(input.itemComponents) }
      : snapshot;
    const contentJson = JSON.stringify(content);
    const etag = await entityTag(contentJson);
    const headers = { ETag: etag, [MINTED_AT_HEADER]: mintedAt };
    if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
    // The content was turned into JSON once, for the tag: the body is that JSON with the mint time put first.
    return c.body(`{"mintedAt":${JSON.stringify(mintedAt)},${contentJson.slice(1)}`, 200, {
      ...headers,
      'Content-Type': 'application/json'
    });
  });
  return app;
}
